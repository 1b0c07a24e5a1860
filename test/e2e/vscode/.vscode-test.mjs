// @vscode/test-cli configuration for the extension API suite (test/e2e/vscode/suite/*.test.ts,
// bundled to out/e2e/vscode/suite/ by test/e2e/build-suite.mjs).
//   offline (default): VS Code is the VS Code server inside the code-server npm package plus
//     headless Chromium, started by the `vscodeExecutablePath` shim test/e2e/vscode/code-shim.
//   desktop: SCALEOUT_E2E_DESKTOP=1 lets @vscode/test-electron download VS Code (needs internet),
//     VSCODE_VERSION picks the version (default: stable).
// Run: npx vscode-test --config test/e2e/vscode/.vscode-test.mjs
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@vscode/test-cli";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const desktop = process.env.SCALEOUT_E2E_DESKTOP === "1";

export default defineConfig({
  label: "extension-api",
  // relative to this file: test-cli globs relative paths only
  files: "../../../out/e2e/vscode/suite/**/*.test.js",
  extensionDevelopmentPath: process.env.SCALEOUT_E2E_EXTENSION_PATH ?? root,
  // a scratch copy of examples/: the suite applies fixes and edits files
  workspaceFolder: process.env.SCALEOUT_E2E_WORKSPACE ?? path.join(root, "out/e2e/workspace/examples"),
  ...(desktop
    ? { version: process.env.VSCODE_VERSION ?? "stable", launchArgs: ["--disable-extensions", "--disable-gpu"] }
    : { useInstallation: { fromPath: process.env.VSCODE_EXECUTABLE ?? path.join(root, "test/e2e/vscode/code-shim") } }),
  mocha: { ui: "tdd", timeout: 60_000, color: false },
});
