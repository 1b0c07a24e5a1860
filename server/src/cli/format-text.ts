import type { Finding, Severity } from "../engine/findings";
import type { Colors } from "./colors";
import { blanksUnder, displayWidth } from "./display-width";
import { escapeControlInLine } from "./control-chars";
import type { LintReport } from "./lint-report";

const GUTTER_WIDTH = 4;

/**
 * `file:line:col severity rule-id message`, the source line with a caret underline, the related
 * locations (`  ↳ file:line:col message`), and a summary line. Positions are 1-based, columns in
 * UTF-16 code units like the JSON and SARIF output and the editor's status bar.
 */
export function formatText(report: LintReport, colors: Colors): string {
  return [...formatTextChunks(report, colors)].join("");
}

/** The same text one finding at a time. */
export function* formatTextChunks(report: LintReport, colors: Colors): Generator<string> {
  for (const finding of report.findings) yield `${findingLines(report, finding, colors).join("\n")}\n\n`;
  yield `${summaryLine(report, colors)}\n`;
}

function findingLines(report: LintReport, finding: Finding, colors: Colors): string[] {
  const { path, span } = finding.location;
  const range = report.range(finding.location);
  const head = `${colors.bold(`${report.shownPath(path)}:${range.line}:${range.column}`)} ${colors.severity(finding.severity, finding.severity)} ${colors.dim(finding.ruleId)} ${report.message(finding.message)}`;
  const lines = [head];
  const text = report.texts.get(path);
  if (text !== undefined) {
    const index = report.ranges.index(path);
    const line = range.line - 1;
    const lineStart = index.lineStart(line);
    const lineEnd = index.lineEnd(line);
    const masked = report.redactor.maskLine(path, text, lineStart, lineEnd);
    const from = masked.columnOf(span.start - lineStart);
    const to = masked.columnOf(Math.min(span.end, lineEnd) - lineStart);
    // A span that goes on past this line is underlined to the line's end.
    const underlined = masked.text.slice(from, span.end > lineEnd ? masked.text.length : Math.max(to, from));
    const number = String(range.line).padStart(GUTTER_WIDTH);
    // Control characters of the file shown as `\x1b`, the carets still under what they mark.
    const before = escapeControlInLine(masked.text.slice(0, from));
    const shown = before + escapeControlInLine(masked.text.slice(from));
    const caretCount = Math.max(1, displayWidth(escapeControlInLine(underlined)));
    lines.push(`${colors.dim(`${number} |`)} ${shown}`.trimEnd());
    lines.push(`${colors.dim(`${" ".repeat(GUTTER_WIDTH)} |`)} ${blanksUnder(before)}${colors.severity(finding.severity, "^".repeat(caretCount))}`);
  }
  for (const related of finding.related) {
    const at = report.range(related.location);
    lines.push(colors.dim(`  ↳ ${report.shownPath(related.location.path)}:${at.line}:${at.column} ${report.message(related.message)}`));
  }
  return lines;
}

export function summaryLine(report: LintReport, colors: Colors): string {
  const counts: [Severity, string, string][] = [
    ["error", "error", "errors"],
    ["warning", "warning", "warnings"],
    ["info", "info", "infos"],
    ["hint", "hint", "hints"],
  ];
  const parts: string[] = [];
  for (const [severity, singular, plural] of counts) {
    const n = report.count(severity);
    // Hints are rare and mostly editor-only: named only when there are some.
    if (severity === "hint" && n === 0) continue;
    const part = `${n} ${n === 1 ? singular : plural}`;
    parts.push(n > 0 ? colors.severity(severity, part) : part);
  }
  const files = report.files.length;
  const problems = report.problems.length;
  // What was not linted is counted here too, so a partial run never reads as a clean one.
  const notLinted = problems > 0 ? `; ${colors.severity("error", `${problems} ${problems === 1 ? "problem" : "problems"}`)}: not everything was linted` : "";
  return `${parts.join(", ")} in ${files} ${files === 1 ? "file" : "files"}${notLinted}`;
}
