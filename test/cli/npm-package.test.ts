/**
 * The npm package: `npm pack` gives a tarball that runs with `npx ./scaleout-lint-<version>.tgz
 * check .` on a machine with only Node. The tarball holds the two self-contained bundles (CLI and
 * language server) and no dependencies, so npm runs here offline with an empty cache and home.
 * Packs with --ignore-scripts: `npm test` has just built dist/ (the prepack build would rewrite
 * the bundles under the feet of the other CLI tests running in parallel).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./cli-harness";
import { badCompose, goodCompose, offlineNpmEnv } from "./package-fixtures";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
const tarballName = `scaleout-lint-${version}.tgz`;

let work = "";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-npm-")));
  mkdirSync(join(work, "home"));
});
after(() => rmSync(work, { recursive: true, force: true }));

test("npm pack holds the two bundles, the manifest, README and LICENSE, and no dependencies", () => {
  const env = offlineNpmEnv(join(work, "home"));
  const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], repoRoot, env);
  assert.equal(packed.code, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  assert.equal(info.filename, tarballName);
  assert.deepEqual(info.files.map((f) => f.path).sort(), ["LICENSE", "README.md", "dist/cli.js", "dist/server.js", "package.json"]);
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(manifest.dependencies, undefined, "a runtime dependency would have to be fetched: bundle it instead");
  assert.deepEqual(manifest.bin, { "scaleout-lint": "dist/cli.js", "scaleout-lint-server": "dist/server.js" });
  for (const bundle of ["dist/cli.js", "dist/server.js"]) {
    const text = readFileSync(join(repoRoot, bundle), "utf8");
    assert.ok(text.startsWith("#!/usr/bin/env node\n"), `${bundle} starts with a shebang`);
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    const external = required.filter((name) => !name.startsWith("node:") && !builtinModules.includes(name));
    assert.deepEqual([...new Set(external)], [], `${bundle} requires only Node's own modules`);
  }
});

test("npx ./scaleout-lint-<version>.tgz check . runs offline: a bad stack exits 1 with its findings, a good one 0", () => {
  const env = offlineNpmEnv(join(work, "home"));
  const bad = join(work, "bad");
  const good = join(work, "good");
  for (const [dir, text] of [
    [bad, badCompose],
    [good, goodCompose],
  ]) {
    mkdirSync(dir);
    writeFileSync(join(dir, "compose.yaml"), text);
    copyFileSync(join(work, tarballName), join(dir, tarballName));
  }
  const failing = run("npx", ["--yes", `./${tarballName}`, "check", ".", "--no-color"], bad, env);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stdout, /^compose\.yaml:2:3 error cron\/multiple-runners owncloud starts a cron daemon/m);
  assert.match(failing.stdout, /^[1-9]\d* errors, \d+ warnings, \d+ infos in 1 file$/m);

  const passing = run("npx", ["--yes", `./${tarballName}`, "check", ".", "--no-color"], good, env);
  assert.equal(passing.code, 0, passing.stderr + passing.stdout);
  assert.equal(passing.stdout.trim(), "0 errors, 0 warnings, 0 infos in 1 file");

  const versionOut = run("npx", ["--yes", `./${tarballName}`, "--version"], good, env);
  assert.equal(versionOut.code, 0, versionOut.stderr);
  assert.match(versionOut.stdout, new RegExp(version.replace(/\./g, "\\.")));
});

test("npm install -g of the tarball gives both commands; scaleout-lint-server answers initialize over stdio", async () => {
  const env = offlineNpmEnv(join(work, "home"));
  const prefix = join(work, "global");
  const installed = run("npm", ["install", "-g", "--prefix", prefix, join(work, tarballName)], work, env);
  assert.equal(installed.code, 0, installed.stderr);
  for (const bin of ["scaleout-lint", "scaleout-lint-server"]) {
    const link = join(prefix, "bin", bin);
    assert.ok(lstatSync(link).isSymbolicLink() || lstatSync(link).isFile(), `${bin} installed`);
  }
  const cli = run(join(prefix, "bin", "scaleout-lint"), ["rules"], work, env);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^cron\/multiple-runners\s/m);

  const server = spawn(join(prefix, "bin", "scaleout-lint-server"), ["--stdio"], { env, stdio: ["pipe", "pipe", "pipe"] });
  try {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
    const answer = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no answer to initialize: ${out}`)), 20_000);
      server.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (/"id":1/.test(out) && /"capabilities"/.test(out)) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      server.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    assert.match(answer, new RegExp(`"version":"${version.replace(/\./g, "\\.")}"`));
  } finally {
    server.kill();
  }
});
