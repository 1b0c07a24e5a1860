// Neovim 0.7 (Debian) as an LSP client of `dist/server.js --stdio`, configured by nvim/scaleout.lua —
// the configuration the README shows — and driven headless by nvim/e2e.lua.
import { editorSuite } from "./support/editor-suite";
import { runNeovim } from "./support/editors";

editorSuite("Neovim", "nvim", runNeovim);
