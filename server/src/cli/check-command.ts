import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Severity } from "../engine/findings";
import { type CliIo, EXIT_FINDINGS, EXIT_OK } from "./cli-io";
import { colorsFor } from "./colors";
import { formatJson } from "./format-json";
import { formatSarif } from "./format-sarif";
import { formatText, summaryLine } from "./format-text";
import { loadConfig } from "./load-config";
import { type OptionSpec, parseArgs } from "./parse-args";
import { runLint } from "./run-lint";
import { UsageError } from "./usage-error";
import { toolVersion } from "./version";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];

/** Options `check` and `fix` share. */
export const LINT_OPTION_SPECS: readonly OptionSpec[] = [
  { name: "config", takesValue: true },
  { name: "assume-cluster", takesValue: false },
  { name: "no-color", takesValue: false },
];

const CHECK_OPTIONS: readonly OptionSpec[] = [
  ...LINT_OPTION_SPECS,
  { name: "format", short: "f", takesValue: true, choices: ["text", "json", "sarif"] },
  { name: "severity", takesValue: true, choices: SEVERITIES },
  { name: "output", short: "o", takesValue: true },
];

export function checkCommand(argv: readonly string[], io: CliIo): number {
  const { positionals, options } = parseArgs(argv, CHECK_OPTIONS);
  const format = options.get("format") ?? "text";
  const output = options.get("output");
  if (output === "") throw new UsageError("--output needs a file name");
  const config = loadConfig(io.cwd, options.get("config"));
  const { report } = runLint(io, {
    paths: positionals,
    config,
    assumeCluster: options.has("assume-cluster"),
    minimumSeverity: (options.get("severity") as Severity | undefined) ?? "hint",
  });
  // A report written to a file is for a machine; the terminal still gets the summary.
  const colors = colorsFor(output === undefined && io.stdoutIsTty, options.has("no-color"), io.env);
  const rendered = format === "json" ? formatJson(report, toolVersion) : format === "sarif" ? formatSarif(report, toolVersion) : formatText(report, colors);
  if (output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, output), rendered, "utf8");
    } catch (error) {
      throw new UsageError(`cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.stdout(`${summaryLine(report, colorsFor(io.stdoutIsTty, options.has("no-color"), io.env))} (report written to ${output})\n`);
  } else {
    io.stdout(rendered);
  }
  return report.hasErrors ? EXIT_FINDINGS : EXIT_OK;
}
