// The standard @vscode/test-cli / @vscode/test-electron Mocha suite (test/e2e/vscode/suite/) in a
// real VS Code extension host. Offline it runs through the `vscodeExecutablePath` shim
// (test/e2e/vscode/code-shim: the VS Code server from the code-server package + headless Chromium);
// with SCALEOUT_E2E_DESKTOP=1 @vscode/test-electron downloads desktop VS Code instead.
// test/e2e/build-suite.mjs (run by npm run test:e2e) bundles the suite and copies examples/ first.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { missingTools, paths, repoRoot } from "./support/paths";

test("extension API suite passes inside VS Code (@vscode/test-cli)", { timeout: 600_000 }, async () => {
  if (process.env.SCALEOUT_E2E_DESKTOP !== "1") assert.equal(missingTools("node24", "vscodeServerMain", "chromium"), undefined);
  assert.ok(existsSync(path.join(paths.suiteOut, "suite")), "run node test/e2e/build-suite.mjs first");
  assert.ok(existsSync(paths.serverBundle), "run npm run build first");
  const cli = path.join(repoRoot, "node_modules/.bin/vscode-test");
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(cli, ["--config", "test/e2e/vscode/.vscode-test.mjs"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: string[] = [];
    child.stdout.on("data", (d: Buffer) => chunks.push(d.toString()));
    child.stderr.on("data", (d: Buffer) => chunks.push(d.toString()));
    child.on("close", (exitCode) => resolve({ code: exitCode, output: chunks.join("") }));
  });
  mkdirSync(paths.results, { recursive: true });
  writeFileSync(path.join(paths.results, "extension-api.log"), output);
  // the Mocha report, without the workbench's own noise
  const report = output.split("\n").filter((line) => /^\s+(✔|\d+\)|[A-Za-z].*|\s*activate\(\))/.test(line) && !/^\s+at /.test(line));
  console.log(report.join("\n"));
  console.log(`  extension API suite: ${((Date.now() - started) / 1000).toFixed(1)} s (log: test-results/extension-api.log)`);
  const passing = /(\d+) passing/.exec(output);
  assert.ok(passing && Number(passing[1]) > 0, "Mocha ran tests");
  assert.doesNotMatch(output, /\d+ failing/);
  assert.equal(code, 0);
});
