import type { Finding, Fix, Severity } from "../engine/findings";
import { jsonChunks, LazyArray } from "./json-stream";
import type { LintProblem, LintReport } from "./lint-report";
import type { OneBasedRange } from "./one-based-range";

/**
 * The `--format json` document. Stable: fields are only ever added (then `schemaVersion` stays
 * 1); a change of meaning bumps it. Paths are relative to the working directory with `/`;
 * positions are 1-based, columns in UTF-16 code units, `endColumn` exclusive.
 */
export interface JsonReport {
  schemaVersion: 1;
  tool: { name: "scaleout-lint"; version: string };
  summary: { errors: number; warnings: number; infos: number; hints: number; files: number; problems: number };
  /** Every file the linted projects read. */
  files: string[];
  /**
   * What was not linted: a file skipped (binary, over the size limit, unreadable), a path that is
   * not a file the linter reads, a rule or project that failed. Non-empty: `check` exits 2 unless
   * `--no-fail-on-skip`.
   */
  problems: JsonProblem[];
  findings: JsonFinding[];
}

export interface JsonProblem {
  kind: LintProblem["kind"];
  /** Relative to the working directory, when the problem is about a file. */
  file?: string;
  ruleId?: string;
  message: string;
}

export interface JsonFinding extends OneBasedRange {
  ruleId: string;
  severity: Severity;
  /** Secrets in messages are masked. */
  message: string;
  /** Where the user should edit. */
  file: string;
  /** The other facts that made the finding true. */
  related: (OneBasedRange & { file: string; message: string })[];
  /** The rule's fixes, best first. A fix whose text would contain a secret is left out. */
  fixes: JsonFix[];
}

export interface JsonFix {
  title: string;
  /** safe: applied by `scaleout-lint fix`; unsafe: with `--unsafe`; suggestion: never in bulk. */
  safety: Fix["safety"];
  edits: (OneBasedRange & { file: string; newText: string })[];
}

export function jsonReport(report: LintReport, version: string): JsonReport {
  return { ...jsonHead(report, version), findings: report.findings.map((f) => jsonFinding(report, f)) };
}

function jsonHead(report: LintReport, version: string): Omit<JsonReport, "findings"> {
  return {
    schemaVersion: 1,
    tool: { name: "scaleout-lint", version },
    summary: {
      errors: report.count("error"),
      warnings: report.count("warning"),
      infos: report.count("info"),
      hints: report.count("hint"),
      files: report.files.length,
      problems: report.problems.length,
    },
    files: report.files.map((f) => report.displayPath(f)),
    problems: report.problems.map((problem) => ({
      kind: problem.kind,
      ...(problem.path !== undefined ? { file: report.displayPath(problem.path) } : {}),
      ...(problem.ruleId !== undefined ? { ruleId: problem.ruleId } : {}),
      message: report.message(problem.message),
    })),
  };
}

function jsonFinding(report: LintReport, finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: report.message(finding.message),
    file: report.displayPath(finding.location.path),
    ...report.range(finding.location),
    related: finding.related.map((r) => ({ file: report.displayPath(r.location.path), ...report.range(r.location), message: report.message(r.message) })),
    fixes: finding.fixes
      .filter((fix) => !fix.edits.some((e) => report.redactor.containsSecret(e.newText)))
      .map((fix) => ({
        title: report.message(fix.title),
        safety: fix.safety,
        edits: fix.edits.map((e) => ({ file: report.displayPath(e.path), ...report.range({ path: e.path, span: e.span }), newText: e.newText })),
      })),
  };
}

/** The document in pieces, one finding at a time: a report of any size is never one string. */
export function* formatJsonChunks(report: LintReport, version: string): Generator<string> {
  const findings = new LazyArray((function* () {
    for (const finding of report.findings) yield jsonFinding(report, finding);
  })());
  yield* jsonChunks({ ...jsonHead(report, version), findings });
  yield "\n";
}

export function formatJson(report: LintReport, version: string): string {
  return [...formatJsonChunks(report, version)].join("");
}
