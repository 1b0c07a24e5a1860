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
  /** The editor opens a rule's bundled page through this command (VS Code), so hovers link to it. */
  ruleDocsCommand?: string;
}

/** `command:` link with its arguments as the URI-encoded JSON array VS Code expects. */
export function commandLink(command: string, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** textDocument/hover: the engine's hover service, its span as a range and its Markdown as markup. */
export function hoverAt(path: string, text: string, offset: number, context: HoverContext): Hover | undefined {
  const findings = context.analyses.findingsIn(path).map(({ finding }) => finding);
  const info = hoverInfoAt(path, text, offset, {
    cache: context.engine.cache,
    findings,
    docsBaseUrl: context.docsBaseUrl,
    // Offsets of an analysis of another text would point elsewhere: only analyses of this very text.
    facts: context.analyses
      .analysesOf(path)
      .filter((analysis) => analysis.texts.get(path) === text)
      .flatMap((analysis) => (analysis.result.hoverFacts ? [analysis.result.hoverFacts] : [])),
    // A configured docs site wins; otherwise the bundled page, through the editor's command.
    ruleLink: context.ruleDocsCommand && !context.docsBaseUrl ? (id) => commandLink(context.ruleDocsCommand!, id) : undefined,
  });
  if (!info) return undefined;
  // The secrets of every project that reads the file, wherever the hover's text quotes them.
  const markdown = context.analyses.analysesOf(path).reduce((shown, analysis) => analysis.redactor.redact(shown), info.markdown);
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: context.lineIndexes.rangeOf(path, text, info.span) };
}
