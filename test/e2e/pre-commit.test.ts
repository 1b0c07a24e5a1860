// The pre-commit hook with Debian's real `pre-commit` (installed by scripts/install-e2e.sh) on
// temporary git repositories: a bad compose file blocks the commit and shows the finding, a good
// one is committed. Two ways, both offline:
//   - this repository's .pre-commit-hooks.yaml (`language: system`), with the CLI installed from
//     the `npm pack` tarball into a prefix on PATH;
//   - a `repo: local` hook with `language: node` and the tarball in additional_dependencies,
//     which pre-commit installs into its own environment (nothing on PATH).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { badCompose, goodCompose, offlineNpmEnv } from "../cli/package-fixtures";
import { repoRoot } from "./support/paths";

const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
const hookFiles = String.raw`(\.ya?ml|\.env|(^|/)\.env\.[^/]*|\.(j2|jinja|jinja2|tpl|tmpl|gotmpl))$`;

let work = "";
let tarball = "";
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 300_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

function ok(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, extraEnv);
  assert.equal(result.code, 0, `${command} ${args.join(" ")}:\n${result.output}`);
  return result.output;
}

function gitRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  ok("git", ["init", "-q", "-b", "main"], dir);
}

/** Writes compose.yaml, stages everything and commits through the installed pre-commit hook. */
function commit(dir: string, compose: string, extraEnv: NodeJS.ProcessEnv = {}) {
  writeFileSync(path.join(dir, "compose.yaml"), compose);
  ok("git", ["add", "-A"], dir);
  return run("git", ["commit", "-m", "deployment"], dir, extraEnv);
}

before(() => {
  const which = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  assert.equal(which.status, 0, "pre-commit is missing: run scripts/install-e2e.sh (it installs Debian's pre-commit)");
  work = realpathSync(mkdtempSync(path.join(tmpdir(), "scaleout-pre-commit-")));
  const home = path.join(work, "home");
  mkdirSync(home);
  env = {
    ...offlineNpmEnv(home),
    PRE_COMMIT_HOME: path.join(work, "pre-commit-cache"),
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.invalid",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.invalid",
    GIT_CONFIG_NOSYSTEM: "1",
    NO_COLOR: "1",
  };
  ok("npm", ["pack", "--ignore-scripts", "--pack-destination", work], repoRoot);
  tarball = path.join(work, `scaleout-lint-${version}.tgz`);
});
after(() => rmSync(work, { recursive: true, force: true }));

test(".pre-commit-hooks.yaml (language: system, CLI installed from the tarball): a bad compose file blocks the commit, a good one passes", () => {
  const prefix = path.join(work, "global");
  ok("npm", ["install", "-g", "--prefix", prefix, tarball], work);
  const withCli = { PATH: `${path.join(prefix, "bin")}${path.delimiter}${env.PATH}` };

  // the hook repository: this repository's hook definition, committed (pre-commit clones a rev)
  const hooks = path.join(work, "hooks");
  gitRepo(hooks);
  copyFileSync(path.join(repoRoot, ".pre-commit-hooks.yaml"), path.join(hooks, ".pre-commit-hooks.yaml"));
  ok("git", ["add", "-A"], hooks);
  ok("git", ["commit", "-q", "-m", "hooks"], hooks);
  const rev = ok("git", ["rev-parse", "HEAD"], hooks).trim();

  const user = path.join(work, "user-system");
  gitRepo(user);
  writeFileSync(path.join(user, ".pre-commit-config.yaml"), ["repos:", `  - repo: ${hooks}`, `    rev: ${rev}`, "    hooks:", "      - id: scaleout-lint", ""].join("\n"));
  ok("pre-commit", ["install"], user, withCli);

  const blocked = commit(user, badCompose, withCli);
  assert.notEqual(blocked.code, 0, blocked.output);
  assert.match(blocked.output, /Scale-out Lint\.+Failed/);
  assert.match(blocked.output, /- exit code: 1/);
  assert.match(blocked.output, /^compose\.yaml:2:3 error cron\/multiple-runners owncloud starts a cron daemon/m);
  assert.equal(run("git", ["rev-parse", "--verify", "-q", "HEAD"], user).code, 1, "nothing was committed");

  const passed = commit(user, goodCompose, withCli);
  assert.equal(passed.code, 0, passed.output);
  assert.match(passed.output, /Scale-out Lint\.+Passed/);
  assert.equal(ok("git", ["log", "--format=%s"], user).trim(), "deployment");

  // without the CLI on PATH the hook fails, it does not pass silently (PATH: git and pre-commit only,
  // so that a scaleout-lint installed on this machine is not found)
  const bare = path.join(work, "bare-bin");
  mkdirSync(bare);
  for (const tool of ["git", "pre-commit"]) symlinkSync(ok("sh", ["-c", `command -v ${tool}`], work).trim(), path.join(bare, tool));
  writeFileSync(path.join(user, "compose.yaml"), badCompose);
  ok("git", ["add", "-A"], user);
  const missing = run("pre-commit", ["run"], user, { PATH: bare });
  assert.notEqual(missing.code, 0, missing.output);
  assert.match(missing.output, /Executable `scaleout-lint` not found/);
});

test("a repo: local hook with language: node installs the tarball itself: a bad compose file blocks the commit, a good one passes", () => {
  const user = path.join(work, "user-node");
  gitRepo(user);
  const config = [
    "repos:",
    "  - repo: local",
    "    hooks:",
    "      - id: scaleout-lint",
    "        name: Scale-out Lint",
    "        entry: scaleout-lint check",
    "        language: node",
    `        additional_dependencies: ["${tarball}"]`,
    "        pass_filenames: false",
    "        require_serial: true",
    `        files: '${hookFiles}'`,
    "",
  ].join("\n");
  writeFileSync(path.join(user, ".pre-commit-config.yaml"), config);
  ok("pre-commit", ["install"], user);

  const blocked = commit(user, badCompose);
  assert.notEqual(blocked.code, 0, blocked.output);
  assert.match(blocked.output, /Scale-out Lint\.+Failed/);
  assert.match(blocked.output, /^compose\.yaml:2:3 error cron\/multiple-runners /m);

  const passed = commit(user, goodCompose);
  assert.equal(passed.code, 0, passed.output);
  assert.match(passed.output, /Scale-out Lint\.+Passed/);
});

test("the hook's files pattern is the one documented and matches the file kinds the CLI lints", () => {
  const hooksYaml = readFileSync(path.join(repoRoot, ".pre-commit-hooks.yaml"), "utf8");
  assert.ok(hooksYaml.includes(`files: '${hookFiles}'`), "files pattern");
  const pattern = new RegExp(hookFiles);
  for (const name of ["compose.yaml", "deploy/docker-compose.prod.yml", "values.yaml", ".env", "stack/.env.production", "app.env", "docker-compose.yml.j2", "values.yaml.tpl"]) {
    assert.match(name, pattern, name);
  }
  for (const name of ["README.md", "Dockerfile", "package.json", "src/environment.ts"]) assert.doesNotMatch(name, pattern, name);
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  assert.ok(readme.includes(`files: '${hookFiles}'`), "README's local hook uses the same pattern");
});
