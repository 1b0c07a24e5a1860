// Emacs 28 with eglot 1.9 (Debian) as an LSP client of `dist/server.js --stdio`, configured by
// emacs/scaleout-eglot.el — the configuration the README shows — and driven by emacs/e2e.el.
import { editorSuite } from "./support/editor-suite";
import { runEmacs } from "./support/editors";

editorSuite("Emacs + eglot", "emacs", runEmacs);
