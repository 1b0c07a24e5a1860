import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { FileEdit, Fix } from "../engine/findings";
import { UNUSED_IGNORE_RULE } from "../engine/lint";
import { ruleById } from "../engine/rules/registry";
import { fixTitle, planFixes } from "../engine/services/fix-plan";
import { ignoreCommentEdits } from "../engine/services/ignore-comments";
import { DIAGNOSTIC_SOURCE, findingKey, isDiagnosticData } from "./diagnostics";
import type { LineIndexes } from "./line-indexes";
import type { AnalysedFinding, ProjectAnalyses, ProjectAnalysis } from "./project-analyses";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.scaleout`;
export const SHOW_RULE_DOCS_COMMAND = "scaleout.showRuleDocs";

export interface CodeActionContext {
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
  uriOf: (path: string) => string;
  /** The version of an open document, for versioned edits; undefined for a closed file. */
  openVersionOf: (path: string) => number | undefined;
  supportsDocumentChanges: boolean;
  /** Whether an edit may go to this file (inside the workspace); absent: every file. An action with an edit elsewhere is not offered. */
  writable?: (path: string) => boolean;
}

/** The code actions for one request, computed from the latest analysis of the document. */
export function codeActionsFor(path: string, params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const findings = context.analyses.findingsIn(path);
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const match = findingOf(diagnostic, findings, context);
      if (match) actions.push(...quickFixes(match, diagnostic, context));
    }
  }
  // Fix-all is only computed when asked for (on save, or from the Source Action menu).
  if (only && wants(FIX_ALL_KIND)) {
    const fixAll = fixAllAction(path, context);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** By the diagnostic's data; for clients that drop `data`, by rule id and range. */
function findingOf(diagnostic: Diagnostic, findings: AnalysedFinding[], context: CodeActionContext): AnalysedFinding | undefined {
  const data = diagnostic.data;
  if (isDiagnosticData(data)) {
    return findings.find(({ finding }) => finding.ruleId === data.ruleId && finding.location.span.start === data.start && finding.location.span.end === data.end && findingKey(finding) === data.key);
  }
  return findings.find(({ finding, analysis }) => {
    if (finding.ruleId !== diagnostic.code || analysis.redactor.redact(finding.message) !== diagnostic.message) return false;
    const text = analysis.texts.get(finding.location.path);
    if (text === undefined) return false;
    const range = context.lineIndexes.rangeOf(finding.location.path, text, finding.location.span);
    const r = diagnostic.range;
    return range.start.line === r.start.line && range.start.character === r.start.character && range.end.line === r.end.line && range.end.character === r.end.character;
  });
}

function quickFixes({ finding, analysis }: AnalysedFinding, diagnostic: Diagnostic, context: CodeActionContext): CodeAction[] {
  const textOf = (p: string): string | undefined => analysis.texts.get(p);
  const actions: CodeAction[] = [];
  let preferred = false;
  for (const fix of withoutSpreadingSecrets(finding.fixes, analysis)) {
    const edit = workspaceEditOf(fix.edits, textOf, context);
    if (!edit) continue;
    // One preferred action per diagnostic (what "Auto Fix" applies): the first safe fix, never an unsafe one.
    const isPreferred: boolean = fix.safety === "safe" && !preferred;
    preferred ||= isPreferred;
    actions.push({ title: fixTitle(analysis.redactor.redact(fix.title), fix.safety), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit });
  }
  const rule = ruleById(finding.ruleId);
  if (!rule || finding.ruleId === UNUSED_IGNORE_RULE) return actions;
  const text = textOf(finding.location.path);
  if (text === undefined) return actions;
  const ignore = ignoreCommentEdits(finding, text, context.lineIndexes.of(finding.location.path, text));
  const ignoreLine = ignore.entry && workspaceEditOf([ignore.entry], textOf, context);
  if (ignoreLine) actions.push({ title: `Ignore ${finding.ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: ignoreLine });
  const ignoreFile = workspaceEditOf([ignore.file], textOf, context);
  if (ignoreFile) actions.push({ title: `Ignore ${finding.ruleId} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: ignoreFile });
  const docsTitle = `Show documentation for ${finding.ruleId}`;
  actions.push({ title: docsTitle, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: docsTitle, command: SHOW_RULE_DOCS_COMMAND, arguments: [finding.ruleId] } });
  return actions;
}

/** The safe fixes of the document's findings that fix-plan chooses to apply together (the CLI's `fix` policy). */
function fixAllAction(path: string, context: CodeActionContext): CodeAction | undefined {
  const findings = context.analyses.findingsIn(path).map(({ finding, analysis }) => ({ finding: { ...finding, fixes: withoutSpreadingSecrets(finding.fixes, analysis) }, analysis }));
  const planned = planFixes(findings, (analysed) => analysed.finding, ["safe"]);
  if (planned.length === 0) return undefined;
  // Each fix edits the files of its own analysis (a Compose file set); their texts agree where they overlap.
  const edit = workspaceEditOf(
    planned.flatMap(({ fix }) => fix.edits),
    (p) => planned.map(({ item }) => item.analysis.texts.get(p)).find((text) => text !== undefined),
    context,
  );
  if (!edit) return undefined;
  return { title: "Fix all safe Scale-out Lint problems", kind: FIX_ALL_KIND, edit };
}

/** A fix that would copy a secret of the files to another place is not offered (moving one is). */
function withoutSpreadingSecrets(fixes: readonly Fix[], analysis: ProjectAnalysis): Fix[] {
  return fixes.filter((fix) => !analysis.redactor.spreadsSecret(fix.edits, (p) => analysis.texts.get(p)));
}

function workspaceEditOf(edits: FileEdit[], textOf: (path: string) => string | undefined, context: CodeActionContext): WorkspaceEdit | undefined {
  const byPath = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const text = textOf(edit.path);
    if (text === undefined || context.writable?.(edit.path) === false) return undefined;
    const list = byPath.get(edit.path) ?? [];
    list.push({ range: context.lineIndexes.rangeOf(edit.path, text, edit.span), newText: edit.newText });
    byPath.set(edit.path, list);
  }
  if (context.supportsDocumentChanges) {
    const documentChanges: TextDocumentEdit[] = [...byPath].map(([path, textEdits]) => ({
      // A version makes the editor refuse the edit if the document changed since the analysis.
      textDocument: { uri: context.uriOf(path), version: context.openVersionOf(path) ?? null },
      edits: textEdits,
    }));
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [path, textEdits] of byPath) changes[context.uriOf(path)] = textEdits;
  return { changes };
}
