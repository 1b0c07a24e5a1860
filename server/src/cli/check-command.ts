import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Severity } from "../engine/findings";
import type { DeployCommand } from "../engine/lint-api";
import { type CliIo, EXIT_FINDINGS, EXIT_NOT_LINTED, EXIT_OK } from "./cli-io";
import { colorsFor } from "./colors";
import { formatGithub } from "./format-github";
import { formatJsonChunks } from "./format-json";
import { formatSarifChunks } from "./format-sarif";
import { formatTextChunks, summaryLine } from "./format-text";
import { writeChunks } from "./json-stream";
import type { LintReport } from "./lint-report";
import { ConfigResolver } from "./load-config";
import { type OptionSpec, type ParsedArgs, parseArgs } from "./parse-args";
import type { LintRequest } from "./run-lint";
import { runLint } from "./run-lint";
import { UsageError } from "./usage-error";
import { toolVersion } from "./version";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];

/** Options `check` and `fix` share. */
export const LINT_OPTION_SPECS: readonly OptionSpec[] = [
  { name: "config", takesValue: true },
  { name: "assume-cluster", takesValue: false },
  { name: "deploy", takesValue: true, choices: ["compose", "stack"] },
  { name: "values", takesValue: true, repeatable: true },
  { name: "file", takesValue: true, repeatable: true },
  { name: "env-file", takesValue: true, repeatable: true },
  { name: "no-ignore", takesValue: false },
  { name: "stdin", takesValue: false },
  { name: "stdin-filename", takesValue: true },
  { name: "no-color", takesValue: false },
  { name: "no-fail-on-skip", takesValue: false },
];

const CHECK_OPTIONS: readonly OptionSpec[] = [
  ...LINT_OPTION_SPECS,
  { name: "format", short: "f", takesValue: true, choices: ["text", "json", "sarif", "github"] },
  { name: "severity", takesValue: true, choices: SEVERITIES },
  { name: "quiet", takesValue: false },
  { name: "max-warnings", takesValue: true },
  { name: "output", short: "o", takesValue: true },
];

/** Standard input, read once, synchronously (the CLI is synchronous throughout). */
export type StdinReader = () => string;

export const readProcessStdin: StdinReader = () => readFileSync(0, "utf8");

/** The lint request the shared options describe (`check` and `fix`). */
export function lintRequestOf(args: ParsedArgs, io: CliIo, minimumSeverity: Severity): LintRequest {
  const { positionals, options } = args;
  const stdinFilename = options.get("stdin-filename");
  if (stdinFilename !== undefined && !options.has("stdin")) throw new UsageError("--stdin-filename goes with --stdin");
  if (stdinFilename === "") throw new UsageError("--stdin-filename needs a file name");
  let stdin: LintRequest["stdin"];
  if (options.has("stdin")) {
    // The name decides the kind of file, its project and its config: without it there is none.
    if (stdinFilename === undefined) throw new UsageError("--stdin needs --stdin-filename FILE: the file the text stands for (its name decides the file kind and its project)");
    stdin = { filename: stdinFilename, text: (io.readStdin ?? readProcessStdin)() };
  }
  // `--values a.yaml --values b.yaml`: one release, as `helm install -f a.yaml -f b.yaml` layers them.
  const values = args.lists.get("values") ?? [];
  for (const path of values) if (!existsSync(resolve(io.cwd, path)) || !statSync(resolve(io.cwd, path)).isFile()) throw new UsageError(`--values ${path}: no such file`);
  // `--file a.yaml --file b.yaml` is one Compose file set, `--env-file` its env files, as `docker compose` takes them.
  const composeFiles = (args.lists.get("file") ?? []).map((file) => {
    if (file === "") throw new UsageError("--file needs a Compose file");
    const absolute = resolve(io.cwd, file);
    if (!existsSync(absolute)) throw new UsageError(`--file ${file}: no such file`);
    return absolute;
  });
  const envFiles = (args.lists.get("env-file") ?? []).map((file) => {
    if (file === "") throw new UsageError("--env-file needs an env file");
    return resolve(io.cwd, file);
  });
  return {
    // With --file and no paths, the set itself is what is linted.
    paths: positionals.length === 0 && composeFiles.length > 0 && stdin === undefined ? composeFiles.map((file) => relative(io.cwd, file) || ".") : positionals,
    ...(composeFiles.length > 0 ? { composeFiles } : {}),
    ...(envFiles.length > 0 ? { envFiles } : {}),
    ...(values.length > 0 ? { values: values.map((path) => resolve(io.cwd, path)) } : {}),
    configs: ConfigResolver.create(io.cwd, options.get("config")),
    assumeCluster: options.has("assume-cluster"),
    ...(options.has("deploy") ? { deploy: options.get("deploy") as DeployCommand } : {}),
    respectGitignore: !options.has("no-ignore"),
    minimumSeverity,
    stdin,
  };
}

function maxWarningsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number of 0 or more, not "${value}"`);
  return Number(value);
}

export function checkCommand(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, CHECK_OPTIONS);
  const { options } = args;
  const format = options.get("format") ?? "text";
  const output = options.get("output");
  if (output === "") throw new UsageError("--output needs a file name");
  const maxWarnings = maxWarningsOf(options.get("max-warnings"));
  // --quiet reports errors only, as ESLint's does; it wins over --severity.
  const minimumSeverity: Severity = options.has("quiet") ? "error" : ((options.get("severity") as Severity | undefined) ?? "hint");
  const { report, warningCount } = runLint(io, lintRequestOf(args, io, minimumSeverity));
  // A report written to a file is for a machine; the terminal still gets the summary.
  const colors = colorsFor(output === undefined && io.stdoutIsTty, options.has("no-color"), io.env);
  // Written in pieces: a report of any size is never built as one string.
  const chunks: Iterable<string> =
    format === "json" ? formatJsonChunks(report, toolVersion) : format === "sarif" ? formatSarifChunks(report, toolVersion) : format === "github" ? [formatGithub(report)] : formatTextChunks(report, colors);
  reportProblems(io, report);
  if (output !== undefined) {
    let fd: number | undefined;
    try {
      fd = openSync(resolve(io.cwd, output), "w");
      const target = fd;
      writeChunks(chunks, (text) => writeSync(target, text, null, "utf8"));
    } catch (error) {
      throw new UsageError(`cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    io.stdout(`${summaryLine(report, colorsFor(io.stdoutIsTty, options.has("no-color"), io.env))} (report written to ${output})\n`);
  } else {
    writeChunks(chunks, (text) => io.stdout(text));
  }
  // As ESLint: every warning counts, also those --quiet or --severity leave out of the report;
  // info and hints never do.
  const tooManyWarnings = maxWarnings !== undefined && warningCount > maxWarnings;
  if (tooManyWarnings) io.stderr(`scaleout-lint: too many warnings (${warningCount}, maximum ${maxWarnings})\n`);
  // Fails closed: what was not linted (a skipped file, a rule that threw) is not a pass.
  if (report.problems.length > 0 && !options.has("no-fail-on-skip")) return EXIT_NOT_LINTED;
  return report.hasErrors || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/** One line on standard error per thing that was not linted, in every format. */
export function reportProblems(io: CliIo, report: LintReport): void {
  for (const problem of report.problems) io.stderr(`scaleout-lint: ${report.problemLine(problem)}\n`);
}
