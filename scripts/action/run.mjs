#!/usr/bin/env node
// The GitHub Action's lint step (action.yml): runs the CLI once with --format sarif into a file,
// prints the findings to the log, and writes the step's outputs to $GITHUB_OUTPUT:
//   sarif-file  the SARIF path (relative to the workspace), for github/codeql-action/upload-sarif
//   errors, warnings, notes   counts by SARIF level (info and hint findings are notes)
//   exit-code   0 pass; 1 findings at or above `fail-on`; 2 the CLI could not lint (usage error,
//               nothing to lint, an unreadable or skipped file) or wrote no SARIF
// It exits with exit-code too. action.yml runs it with `|| true` so that the SARIF is uploaded
// first, and fails the job in its last step.
// Environment (set by action.yml from the inputs): SCALEOUT_CLI (dist/cli.js), INPUT_PATHS
// (whitespace-separated, default "."), INPUT_SEVERITY (error|warning|info|hint, default hint),
// INPUT_FAIL_ON (error|warning|never, default error), INPUT_CONFIG, INPUT_SARIF_FILE (default
// scaleout-lint.sarif); GITHUB_WORKSPACE (working directory), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
// Plain Node, no dependencies: the action runs it before anything is installed.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";

const SEVERITIES = ["error", "warning", "info", "hint"];
const FAIL_ON = ["error", "warning", "never"];

function input(name, fallback = "") {
  const value = process.env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`];
  return value === undefined || value.trim() === "" ? fallback : value.trim();
}

/** One `name=value` line per output; a value never holds a newline here. */
function setOutputs(outputs) {
  const lines = Object.entries(outputs).map(([name, value]) => `${name}=${String(value).replace(/[\r\n]+/g, " ")}\n`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines.join(""));
  else process.stdout.write(lines.join(""));
}

/**
 * Text from the linted files (service names, file names, values in messages) on one log line: the
 * runner reads a line that starts with `::` as a workflow command, and control characters
 * would reach the log raw, so line breaks and every other control character become spaces.
 */
function oneLine(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}

/** A workflow command's data: %, CR and LF escaped as the runner expects. */
function escapeData(text) {
  return String(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function fail(message, outputs = {}) {
  process.stdout.write(`::error title=Scale-out Lint::${escapeData(message)}\n`);
  setOutputs({ "sarif-file": "", errors: 0, warnings: 0, notes: 0, ...outputs, "exit-code": 2 });
  process.exit(2);
}

const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
const cli = process.env.SCALEOUT_CLI;
if (!cli || !existsSync(cli)) fail(`the CLI bundle was not found (SCALEOUT_CLI=${cli ?? ""})`);

const severity = input("severity", "hint");
const failOn = input("fail-on", "error");
if (!SEVERITIES.includes(severity)) fail(`severity must be one of ${SEVERITIES.join(", ")}, not "${severity}"`);
if (!FAIL_ON.includes(failOn)) fail(`fail-on must be one of ${FAIL_ON.join(", ")}, not "${failOn}"`);
const paths = input("paths", ".").split(/\s+/).filter(Boolean);
const config = input("config");
const sarifPath = resolve(workspace, input("sarif-file", "scaleout-lint.sarif"));
const sarifOutput = isAbsolute(input("sarif-file", "scaleout-lint.sarif")) ? sarifPath : relative(workspace, sarifPath);

mkdirSync(dirname(sarifPath), { recursive: true });
const args = [cli, "check", ...(config ? ["--config", config] : []), "--format", "sarif", "--output", sarifPath, "--severity", severity, "--no-color", "--", ...paths];
console.log(`scaleout-lint check ${paths.join(" ")} --severity ${severity} (fail on: ${failOn})`);
const run = spawnSync(process.execPath, args, { cwd: workspace, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
const cliCode = run.status ?? 2;

let sarif;
try {
  sarif = JSON.parse(readFileSync(sarifPath, "utf8"));
} catch {
  fail(`scaleout-lint exited with ${cliCode} and wrote no SARIF to ${sarifOutput}`);
}

const counts = { error: 0, warning: 0, note: 0 };
for (const sarifRun of sarif.runs ?? []) {
  for (const result of sarifRun.results ?? []) {
    // SARIF: a result without a level is a warning
    const level = result.level ?? "warning";
    if (level in counts) counts[level]++;
    const where = result.locations?.[0]?.physicalLocation;
    const file = where?.artifactLocation?.uri ?? "";
    const line = where?.region?.startLine ?? 1;
    const column = where?.region?.startColumn ?? 1;
    console.log(oneLine(`${file || "(no file)"}:${line}:${column} ${level} ${result.ruleId ?? ""} ${result.message?.text ?? ""}`));
  }
}

let exitCode = 0;
if (cliCode !== 0 && cliCode !== 1) exitCode = 2;
else if (failOn === "error" && counts.error > 0) exitCode = 1;
else if (failOn === "warning" && counts.error + counts.warning > 0) exitCode = 1;

const summary = `${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes`;
console.log(`${summary} (SARIF: ${sarifOutput})`);
if (exitCode === 2) process.stdout.write(`::error title=Scale-out Lint::${escapeData(`scaleout-lint could not lint everything (exit code ${cliCode}): see the log above`)}\n`);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### Scale-out Lint\n\n${summary} in \`${paths.join(" ")}\` (fail on: ${failOn}).\n`);
setOutputs({ "sarif-file": sarifOutput, errors: counts.error, warnings: counts.warning, notes: counts.note, "exit-code": exitCode });
process.exit(exitCode);
