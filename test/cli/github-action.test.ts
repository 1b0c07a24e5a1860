/**
 * The GitHub Action (action.yml): its scripts run here as the runner would run them, with a fake
 * GITHUB_* environment (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH,
 * RUNNER_TEMP): the outputs written to $GITHUB_OUTPUT, the SARIF file, the exit codes; the CLI
 * built from the action's source and installed from an `npm pack` tarball (offline); and the
 * wiring of action.yml (inputs → environment → scripts → upload-sarif).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { cliPath, repoRoot, runCli } from "./cli-harness";
import { badCompose, goodCompose, offlineNpmEnv } from "./package-fixtures";

const runScript = join(repoRoot, "scripts/action/run.mjs");
const installScript = join(repoRoot, "scripts/action/install-cli.sh");
const finishScript = join(repoRoot, "scripts/action/finish.sh");

let work = "";
before(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-action-")));
});
after(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
/** A fresh workspace with `files`, and the runner's files beside it. */
function runner(files: Record<string, string>) {
  const root = join(work, `run-${++counter}`);
  const workspace = join(root, "workspace");
  mkdirSync(join(root, "temp"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(workspace, name, ".."), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  mkdirSync(workspace, { recursive: true });
  const output = join(root, "github_output");
  const summary = join(root, "step_summary");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const env: NodeJS.ProcessEnv = {
    ...offlineNpmEnv(join(root, "home")),
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: join(root, "temp"),
  };
  return {
    workspace,
    env,
    /** The name=value lines the step appended to $GITHUB_OUTPUT. */
    outputs(): Record<string, string> {
      const lines = readFileSync(output, "utf8").split("\n").filter(Boolean);
      return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    },
    summary: () => readFileSync(summary, "utf8"),
  };
}

/** The counts the CLI's JSON report gives for the same files: the oracle for the SARIF counts. */
function jsonCounts(dir: string, args: string[] = []): { errors: string; warnings: string; notes: string } {
  const out = runCli(["check", "--format", "json", ...args], dir);
  const { summary } = JSON.parse(out.stdout) as { summary: { errors: number; warnings: number; infos: number; hints: number } };
  assert.ok(summary.errors > 0 || args.length > 0, "the bad stack has errors");
  return { errors: String(summary.errors), warnings: String(summary.warnings), notes: String(summary.infos + summary.hints) };
}

function lint(r: ReturnType<typeof runner>, inputs: Record<string, string>, cli = cliPath) {
  const env: NodeJS.ProcessEnv = { ...r.env, SCALEOUT_CLI: cli };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] = value;
  const result = spawnSync(process.execPath, [runScript], { cwd: r.workspace, env, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test("run.mjs: errors fail with exit code 1, the SARIF is written and the outputs count by level", () => {
  const r = runner({ "deploy/compose.yaml": badCompose });
  const expected = jsonCounts(r.workspace);
  assert.ok(Number(expected.warnings) > 0, "the bad stack has warnings too");
  const out = lint(r, { paths: "deploy", "fail-on": "error" });
  assert.equal(out.code, 1, out.stderr);
  assert.deepEqual(r.outputs(), { "sarif-file": "scaleout-lint.sarif", ...expected, "exit-code": "1" });
  const sarif = JSON.parse(readFileSync(join(r.workspace, "scaleout-lint.sarif"), "utf8")) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(sarif.version, "2.1.0");
  const results = sarif.runs[0].results;
  assert.equal(results.length, Number(expected.errors) + Number(expected.warnings) + Number(expected.notes));
  assert.ok(results.some((x) => x.ruleId === "cron/multiple-runners" && x.locations[0].physicalLocation.artifactLocation.uri === "deploy/compose.yaml"));
  assert.match(out.stdout, /^deploy\/compose\.yaml:2:3 error cron\/multiple-runners owncloud starts a cron daemon/m);
  const counts = `${expected.errors} errors, ${expected.warnings} warnings, ${expected.notes} notes`;
  assert.ok(out.stdout.split("\n").includes(`${counts} (SARIF: scaleout-lint.sarif)`), out.stdout);
  assert.ok(r.summary().includes(`${counts} in \`deploy\` (fail on: error).`), r.summary());
});

test("run.mjs: fail-on never reports without failing; fail-on warning fails on warnings alone; severity filters the report", () => {
  const bad = runner({ "compose.yaml": badCompose });
  const expected = jsonCounts(bad.workspace);
  const never = lint(bad, { "fail-on": "never", "sarif-file": "out/lint.sarif" });
  assert.equal(never.code, 0, never.stderr);
  assert.deepEqual(bad.outputs(), { "sarif-file": "out/lint.sarif", ...expected, "exit-code": "0" });
  assert.ok(existsSync(join(bad.workspace, "out/lint.sarif")));

  // warnings alone: the rules that report errors on the bad stack turned off in its .scaleout.yaml
  const warningsOnly = runner({ "compose.yaml": badCompose });
  const { findings } = JSON.parse(runCli(["check", "--format", "json"], warningsOnly.workspace).stdout) as { findings: { ruleId: string; severity: string }[] };
  const errorRules = [...new Set(findings.filter((f) => f.severity === "error").map((f) => f.ruleId))];
  writeFileSync(join(warningsOnly.workspace, ".scaleout.yaml"), `rules:\n${errorRules.map((id) => `  ${id}: off\n`).join("")}`);
  assert.equal(lint(warningsOnly, { "fail-on": "error" }).code, 0);
  assert.equal(warningsOnly.outputs().errors, "0");
  assert.ok(Number(warningsOnly.outputs().warnings) > 0);
  assert.equal(lint(warningsOnly, { "fail-on": "warning" }).code, 1);
  assert.match(readFileSync(join(warningsOnly.workspace, "..", "github_output"), "utf8"), /exit-code=0\n[\s\S]*exit-code=1\n$/);

  const errorsOnly = runner({ "compose.yaml": badCompose });
  assert.equal(lint(errorsOnly, { severity: "error", "fail-on": "warning" }).code, 1);
  assert.equal(errorsOnly.outputs().warnings, "0");
  assert.equal(errorsOnly.outputs().errors, expected.errors);

  const good = runner({ "compose.yaml": goodCompose });
  const clean = lint(good, {});
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.deepEqual(good.outputs(), { "sarif-file": "scaleout-lint.sarif", errors: "0", warnings: "0", notes: "0", "exit-code": "0" });
});

test("run.mjs: nothing to lint, a missing path or a bad input exits 2 with an ::error, never passes", () => {
  const empty = runner({ "README.md": "# nothing to lint\n" });
  const nothing = lint(empty, {});
  assert.equal(nothing.code, 2);
  assert.equal(empty.outputs()["exit-code"], "2");
  assert.match(nothing.stdout, /^::error title=Scale-out Lint::/m);

  const missing = runner({ "compose.yaml": goodCompose });
  assert.equal(lint(missing, { paths: "compose.yaml no-such-dir" }).code, 2);
  assert.equal(missing.outputs()["exit-code"], "2");

  const badInput = runner({ "compose.yaml": goodCompose });
  const wrong = lint(badInput, { "fail-on": "sometimes" });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stdout, /::error title=Scale-out Lint::fail-on must be one of error, warning, never, not "sometimes"/);
  assert.equal(badInput.outputs()["exit-code"], "2");

  const noCli = runner({ "compose.yaml": goodCompose });
  assert.equal(lint(noCli, {}, join(work, "missing-cli.js")).code, 2);
  assert.equal(noCli.outputs()["exit-code"], "2");
});

test("run.mjs: config input is used for every file", () => {
  const r = runner({ "compose.yaml": badCompose, "ci/lint.yaml": "rules:\n  cron/multiple-runners: off\n" });
  const all = jsonCounts(r.workspace);
  const out = lint(r, { config: "ci/lint.yaml" });
  assert.equal(out.code, 1, out.stderr);
  assert.equal(r.outputs().errors, String(Number(all.errors) - 1));
  assert.doesNotMatch(out.stdout, /cron\/multiple-runners/);
});

test("run.mjs: text from the linted files cannot start a workflow command or put control characters in the log", () => {
  // a stand-in CLI writing the SARIF a hostile repository could produce: a file name and a
  // message with line breaks followed by workflow commands, and an escape sequence
  const fakeCli = join(work, "fake-cli.cjs");
  const result = {
    ruleId: "cron/multiple-runners",
    level: "error",
    message: { text: "service a\n::add-mask::x\r\n::error::injected\u001b[31m\u2028::stop-commands::t" },
    locations: [{ physicalLocation: { artifactLocation: { uri: "dir\n::warning::name/compose.yaml" }, region: { startLine: 2, startColumn: 3 } } }],
  };
  const sarif = JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "scaleout-lint" } }, results: [result] }] });
  writeFileSync(fakeCli, `const o = process.argv.indexOf("--output"); require("node:fs").writeFileSync(process.argv[o + 1], ${JSON.stringify(sarif)}); process.exit(1);\n`);
  const r = runner({ "compose.yaml": goodCompose });
  const out = lint(r, {}, fakeCli);
  assert.equal(out.code, 1);
  const lines = out.stdout.split("\n");
  assert.deepEqual(lines.filter((line) => line.startsWith("::")), [], out.stdout);
  assert.doesNotMatch(out.stdout, /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/);
  assert.ok(lines.includes("dir ::warning::name/compose.yaml:2:3 error cron/multiple-runners service a ::add-mask::x  ::error::injected [31m ::stop-commands::t"), out.stdout);
  assert.equal(r.outputs().errors, "1");
});

test("finish.sh fails the job with the lint step's exit code; a missing one fails too", () => {
  const finish = (code: string | undefined) => spawnSync("bash", [finishScript], { env: { PATH: process.env.PATH, ...(code === undefined ? {} : { EXIT_CODE: code }) }, encoding: "utf8" }).status;
  assert.equal(finish("0"), 0);
  assert.equal(finish("1"), 1);
  assert.equal(finish("2"), 2);
  assert.equal(finish(""), 2);
  assert.equal(finish(undefined), 2);
});

test("install-cli.sh builds the CLI from the action's source, or installs a packed tarball offline", () => {
  // the action's checkout: the sources the build reads, with this repository's node_modules
  const action = join(work, "action");
  for (const entry of ["package.json", "esbuild.mjs", "tsconfig.json", "client/src", "server/src", "scripts/action"]) {
    cpSync(join(repoRoot, entry), join(action, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, "node_modules"), join(action, "node_modules"));
  const fromSource = runner({ "compose.yaml": badCompose });
  const built = spawnSync("bash", [join(action, "scripts/action/install-cli.sh")], { cwd: fromSource.workspace, env: { ...fromSource.env, GITHUB_ACTION_PATH: action, INPUT_PACKAGE: "" }, encoding: "utf8", timeout: 120_000 });
  assert.equal(built.status, 0, built.stderr + built.stdout);
  assert.deepEqual(fromSource.outputs(), { cli: join(action, "dist/cli.js") });
  assert.equal(lint(fromSource, {}, fromSource.outputs().cli).code, 1);

  // npm pack's tarball in the user's repository, named relative to the workspace
  const fromPackage = runner({ "compose.yaml": badCompose });
  mkdirSync(join(fromPackage.workspace, "tools"));
  const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", join(fromPackage.workspace, "tools")], { cwd: repoRoot, env: fromPackage.env, encoding: "utf8" });
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = `./tools/${packed.stdout.trim()}`;
  const installed = spawnSync("bash", [installScript], { cwd: fromPackage.workspace, env: { ...fromPackage.env, GITHUB_ACTION_PATH: repoRoot, INPUT_PACKAGE: tarball }, encoding: "utf8", timeout: 120_000 });
  assert.equal(installed.status, 0, installed.stderr + installed.stdout);
  const cli = fromPackage.outputs().cli;
  assert.equal(cli, join(fromPackage.env.RUNNER_TEMP!, "scaleout-lint-cli/lib/node_modules/scaleout-lint/dist/cli.js"));
  assert.equal(lint(fromPackage, { paths: "compose.yaml" }, cli).code, 1);
  assert.equal(fromPackage.outputs().errors, jsonCounts(fromPackage.workspace).errors);
});

test("action.yml passes every input to the scripts and uploads the SARIF before failing", () => {
  const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; if?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
  };
  assert.equal(action.runs.using, "composite");
  assert.deepEqual(Object.keys(action.inputs).sort(), ["category", "config", "fail-on", "package", "paths", "sarif-file", "severity", "upload"]);
  const [install, lintStep, upload, finish] = action.runs.steps;
  assert.match(install.run ?? "", /scripts\/action\/install-cli\.sh/);
  assert.equal(install.env?.INPUT_PACKAGE, "${{ inputs.package }}");
  assert.equal(lintStep.id, "lint");
  assert.match(lintStep.run ?? "", /scripts\/action\/run\.mjs" \|\| true$/);
  assert.equal(lintStep.env?.SCALEOUT_CLI, "${{ steps.cli.outputs.cli }}");
  for (const name of ["paths", "severity", "fail-on", "config", "sarif-file"]) {
    assert.equal(lintStep.env?.[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`], `\${{ inputs.${name} }}`, name);
  }
  assert.equal(upload.uses, "github/codeql-action/upload-sarif@v3");
  assert.equal(upload.with?.sarif_file, "${{ steps.lint.outputs.sarif-file }}");
  assert.equal(upload.if, "inputs.upload == 'true' && steps.lint.outputs.sarif-file != ''");
  assert.match(finish.run ?? "", /scripts\/action\/finish\.sh/);
  assert.equal(finish.env?.EXIT_CODE, "${{ steps.lint.outputs.exit-code }}");
  for (const name of ["sarif-file", "errors", "warnings", "notes", "exit-code"]) assert.equal(action.outputs[name].value, `\${{ steps.lint.outputs.${name} }}`);
  // the README's example workflow uses the inputs that exist
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const example = /```yaml\n(name: Scale-out Lint[\s\S]*?)```/.exec(readme);
  assert.ok(example, "README has the example workflow");
  const workflow = parse(example[1]) as { jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, string> }[] }> };
  const job = Object.values(workflow.jobs)[0];
  assert.equal(job.permissions["security-events"], "write");
  const step = job.steps.find((s) => s.with !== undefined && Object.keys(s.with).some((k) => k in action.inputs));
  assert.ok(step, "a step uses the action");
  for (const key of Object.keys(step.with ?? {})) assert.ok(key in action.inputs, `input ${key}`);
});
