import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from "vscode-languageserver";
import type { Finding, Severity } from "../engine/findings";
import type { Engine } from "../engine/lint";
import { docsUrlOf, ruleById } from "../engine/rules/registry";
import type { LineIndexes } from "./line-indexes";
import type { ProjectAnalyses, ProjectAnalysis } from "./project-analyses";

export const DIAGNOSTIC_SOURCE = "scaleout-lint";

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries so that a code action request can find its finding (and fixes) again. */
export interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
  /** Tells findings of one rule on the same span apart. */
  key: string;
}

export interface DiagnosticContext {
  engine: Engine;
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
  docsBaseUrl: string | undefined;
  uriOf: (path: string) => string;
}

/** The diagnostics of one file: its findings from every project that reads it (YAML syntax errors are `yaml/syntax` findings). */
export function diagnosticsOf(path: string, context: DiagnosticContext): Diagnostic[] {
  const text = context.analyses.textOf(path);
  if (text === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  for (const { finding, analysis } of context.analyses.findingsIn(path)) {
    diagnostics.push(toDiagnostic(finding, analysis, context));
  }
  return diagnostics;
}

/** Secrets of the analysed texts are masked in the message and the related messages. */
export function toDiagnostic(finding: Finding, analysis: Pick<ProjectAnalysis, "texts" | "redactor">, context: DiagnosticContext): Diagnostic {
  const textOf = (p: string): string | undefined => analysis.texts.get(p);
  const { path, span } = finding.location;
  const text = textOf(path) ?? "";
  const data: DiagnosticData = { ruleId: finding.ruleId, start: span.start, end: span.end, key: findingKey(finding) };
  const diagnostic: Diagnostic = {
    range: context.lineIndexes.rangeOf(path, text, span),
    severity: severities[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: analysis.redactor.redact(finding.message),
    data,
  };
  if (ruleById(finding.ruleId)) diagnostic.codeDescription = { href: docsUrlOf(finding.ruleId, context.docsBaseUrl) };
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of finding.related) {
    const relatedText = textOf(r.location.path);
    if (relatedText === undefined) continue;
    related.push({
      location: { uri: context.uriOf(r.location.path), range: context.lineIndexes.rangeOf(r.location.path, relatedText, r.location.span) },
      message: analysis.redactor.redact(r.message),
    });
  }
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** A short, stable key of a finding: its message hashed (FNV-1a), so `data` stays small. */
export function findingKey(finding: Finding): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < finding.message.length; i++) {
    hash ^= finding.message.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (value === null || typeof value !== "object") return false;
  const data = value as Record<string, unknown>;
  return typeof data.ruleId === "string" && typeof data.start === "number" && typeof data.end === "number" && typeof data.key === "string";
}
