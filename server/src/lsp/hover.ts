import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Engine } from "../engine/lint";
import { hoverAt as hoverInfoAt } from "../engine/services/hover";
import type { LineIndexes } from "./line-indexes";
import type { ProjectAnalyses } from "./project-analyses";

export interface HoverContext {
  engine: Engine;
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
  docsBaseUrl: string | undefined;
}

/** textDocument/hover: the engine's hover service, its span as a range and its Markdown as markup. */
export function hoverAt(path: string, text: string, offset: number, context: HoverContext): Hover | undefined {
  const findings = context.analyses.findingsIn(path).map(({ finding }) => finding);
  const info = hoverInfoAt(path, text, offset, { cache: context.engine.cache, findings, docsBaseUrl: context.docsBaseUrl });
  if (!info) return undefined;
  // The secrets of every project that reads the file, wherever the hover's text quotes them.
  const markdown = context.analyses.analysesOf(path).reduce((shown, analysis) => analysis.redactor.redact(shown), info.markdown);
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: context.lineIndexes.rangeOf(path, text, info.span) };
}
