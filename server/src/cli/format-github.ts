import type { Severity } from "../engine/findings";
import type { LintReport } from "./lint-report";

const commandOf: Record<Severity, string> = { error: "error", warning: "warning", info: "notice", hint: "notice" };

/** A workflow command's message: `%`, CR and LF escaped, as @actions/core's `escapeData` does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: also `:` and `,`, as @actions/core's `escapeProperty` does. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands, one line per finding, which the runner turns into
 * annotations on the pull request: `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=<rule id>::<message>`.
 * warning → `::warning`, info and hint → `::notice`. Paths are relative to the working
 * directory (the checkout, in a workflow); positions 1-based, columns in UTF-16 code units;
 * secrets masked. Nothing else is printed: a clean run prints nothing.
 * https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escaping)
 */
export function formatGithub(report: LintReport): string {
  // What was not linted fails the job (exit 2) and says so on the run's summary.
  const problems = report.problems.map((problem) => {
    const file = problem.path !== undefined ? ` file=${escapeProperty(report.displayPath(problem.path))},title=${escapeProperty(problem.ruleId ?? "not linted")}` : ` title=${escapeProperty(problem.ruleId ?? "not linted")}`;
    return `::error${file}::${escapeData(report.message(problem.message))}\n`;
  });
  return problems.join("") + report.findings
    .map((finding) => {
      const { line, column, endLine, endColumn } = report.range(finding.location);
      const properties = [
        ["file", report.displayPath(finding.location.path)],
        ["line", String(line)],
        ["col", String(column)],
        ["endLine", String(endLine)],
        ["endColumn", String(endColumn)],
        ["title", finding.ruleId],
      ]
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(",");
      return `::${commandOf[finding.severity]} ${properties}::${escapeData(report.message(finding.message))}\n`;
    })
    .join("");
}
