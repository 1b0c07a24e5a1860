import type { InlayHint, Range } from "vscode-languageserver";
import type { LineIndexes } from "./line-indexes";
import type { ProjectAnalyses } from "./project-analyses";

export interface InlayHintContext {
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
}

/**
 * textDocument/inlayHint: the engine's hints of every project that reads the file, for this very
 * text (an analysis of another text would put them elsewhere), inside the requested range, each
 * once, with the secrets of every such project masked.
 */
export function inlayHintsIn(path: string, text: string, range: Range, context: InlayHintContext): InlayHint[] {
  const hints: InlayHint[] = [];
  const seen = new Set<string>();
  const index = context.lineIndexes.of(path, text);
  const first = index.offsetAt(range.start);
  const last = index.offsetAt(range.end);
  const analyses = context.analyses.analysesOf(path);
  const redact = (message: string): string => analyses.reduce((shown, analysis) => analysis.redactor.redact(shown), message);
  for (const analysis of analyses) {
    if (analysis.texts.get(path) !== text) continue;
    for (const hint of analysis.result.inlayHints ?? []) {
      const at = hint.location.span.end;
      if (hint.location.path !== path || at < first || at > last || at > text.length) continue;
      const label = redact(hint.label);
      const key = `${at}\0${label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hints.push({ position: index.positionAt(at), label, tooltip: redact(hint.tooltip), paddingLeft: true });
    }
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
