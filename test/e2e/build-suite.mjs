// Prepares the extension API suite: bundles test/e2e/vscode/suite/*.test.ts to
// out/e2e/vscode/suite/*.test.js (CommonJS, as the extension host loads it; `vscode` and `mocha`
// come from the host) and lays a fresh scratch copy of examples/ at out/e2e/workspace/examples.
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const suiteDir = path.join(root, "test/e2e/vscode/suite");
const outDir = path.join(root, "out/e2e/vscode/suite");
rmSync(outDir, { recursive: true, force: true });
const entryPoints = readdirSync(suiteDir).filter((f) => f.endsWith(".test.ts")).map((f) => path.join(suiteDir, f));
await esbuild.build({
  entryPoints,
  outdir: outDir,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode", "mocha"],
  sourcemap: "inline",
  logLevel: "warning",
});

const workspace = path.join(root, "out/e2e/workspace/examples");
rmSync(path.dirname(workspace), { recursive: true, force: true });
const examples = path.join(root, "examples");
if (existsSync(examples)) cpSync(examples, workspace, { recursive: true });
console.log(`e2e suite: ${entryPoints.length} test files → ${path.relative(root, outDir)}; workspace ${path.relative(root, workspace)}`);
