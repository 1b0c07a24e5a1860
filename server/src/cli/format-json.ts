import type { Fix, Severity } from "../engine/findings";
import type { LintReport } from "./lint-report";
import type { OneBasedRange } from "./one-based-range";

/**
 * The `--format json` document. Stable: fields are only ever added (then `schemaVersion` stays
 * 1); a change of meaning bumps it. Paths are relative to the working directory with `/`;
 * positions are 1-based, columns in UTF-16 code units, `endColumn` exclusive.
 */
export interface JsonReport {
  schemaVersion: 1;
  tool: { name: "scaleout-lint"; version: string };
  summary: { errors: number; warnings: number; infos: number; hints: number; files: number };
  /** Every file the linted projects read. */
  files: string[];
  findings: JsonFinding[];
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
  return {
    schemaVersion: 1,
    tool: { name: "scaleout-lint", version },
    summary: {
      errors: report.count("error"),
      warnings: report.count("warning"),
      infos: report.count("info"),
      hints: report.count("hint"),
      files: report.files.length,
    },
    files: report.files.map((f) => report.displayPath(f)),
    findings: report.findings.map((finding) => ({
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
    })),
  };
}

export function formatJson(report: LintReport, version: string): string {
  return `${JSON.stringify(jsonReport(report, version), null, 2)}\n`;
}
