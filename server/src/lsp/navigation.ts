import type { DocumentLink, Location } from "vscode-languageserver";
import type { DocumentCache } from "../engine/documents/document-cache";
import { fileKindOf } from "../engine/documents/file-kind";
import { chartDependencyLinks, type NavigationFacts } from "../engine/services/navigation";
import type { LineIndexes } from "./line-indexes";
import type { ProjectAnalyses, ProjectAnalysis } from "./project-analyses";

export interface NavigationContext {
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
  cache: DocumentCache;
  uriOf: (path: string) => string;
  /** A file inside the workspace that exists (see existingFileIn). */
  exists: (path: string) => boolean;
}

/** The navigation facts of the projects that read this very text (offsets of another text would point elsewhere). */
function factsOf(path: string, text: string, analyses: ProjectAnalyses): { facts: NavigationFacts; analysis: ProjectAnalysis }[] {
  return analyses
    .analysesOf(path)
    .filter((analysis) => analysis.texts.get(path) === text)
    .flatMap((analysis) => (analysis.result.navigation ? [{ facts: analysis.result.navigation, analysis }] : []));
}

/** textDocument/documentLink: the file names of the projects that read the file, and a Chart.yaml's local dependencies. */
export function documentLinksOf(path: string, text: string, context: NavigationContext): DocumentLink[] {
  const links = factsOf(path, text, context.analyses).flatMap(({ facts }) => facts.links.filter((l) => l.location.path === path));
  // A Chart.yaml is no project of its own: its dependencies are read from its text here.
  if (fileKindOf(path, text) === "chart") links.push(...chartDependencyLinks(context.cache.yamlFile(path, text), context.exists));
  const seen = new Set<string>();
  const out: DocumentLink[] = [];
  for (const link of links) {
    const key = `${link.location.span.start}:${link.location.span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ range: context.lineIndexes.rangeOf(path, text, link.location.span), target: context.uriOf(link.target), tooltip: link.tooltip });
  }
  return out;
}

/** textDocument/definition: the service key or `.env` line the name under the cursor refers to. */
export function definitionAt(path: string, text: string, offset: number, context: NavigationContext): Location[] | null {
  for (const { facts, analysis } of factsOf(path, text, context.analyses)) {
    const definition = facts.definitions.find((d) => d.location.path === path && offset >= d.location.span.start && offset <= d.location.span.end);
    const targetText = definition ? analysis.texts.get(definition.target.path) : undefined;
    if (!definition || targetText === undefined) continue;
    return [{ uri: context.uriOf(definition.target.path), range: context.lineIndexes.rangeOf(definition.target.path, targetText, definition.target.span) }];
  }
  return null;
}
