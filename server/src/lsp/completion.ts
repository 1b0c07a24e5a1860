import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from "vscode-languageserver";
import type { DocumentCache } from "../engine/documents/document-cache";
import { fileKindOf } from "../engine/documents/file-kind";
import { asScalar, get } from "../engine/documents/yaml-tree";
import { completionsAt, type CompletionCandidate, type ProjectService } from "../engine/services/completion";
import { basename, dirname, joinPath } from "../engine/workspace";
import type { DocumentWorkspace } from "./document-workspace";
import type { LineIndexes } from "./line-indexes";
import type { ProjectAnalyses } from "./project-analyses";

export interface CompletionContext {
  cache: DocumentCache;
  analyses: ProjectAnalyses;
  workspace: DocumentWorkspace;
  lineIndexes: LineIndexes;
}

const itemKind: Record<CompletionCandidate["kind"], CompletionItemKind> = {
  variable: CompletionItemKind.Variable,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  host: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
};

/** textDocument/completion: the engine's candidates as items that replace the word typed so far. */
export function completionAt(path: string, text: string, offset: number, context: CompletionContext): CompletionList {
  const candidates = completionsAt(path, text, offset, {
    cache: context.cache,
    services: projectServices(path, context),
    envFileCandidates: fileKindOf(path, text) === "compose" ? envFilesNear(path, context.workspace) : undefined,
  });
  const items: CompletionItem[] = candidates.map((candidate, index) => {
    const range = context.lineIndexes.rangeOf(path, text, candidate.replace);
    return {
      label: candidate.label,
      kind: itemKind[candidate.kind],
      detail: candidate.detail,
      documentation: candidate.documentation ? { kind: MarkupKind.Markdown, value: candidate.documentation } : undefined,
      // Values keep the catalog's order (the enum's, `true` before `false`); names sort by label.
      sortText: candidate.kind === "value" || candidate.kind === "host" ? String(index).padStart(4, "0") : undefined,
      filterText: candidate.label,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: candidate.insertText ?? candidate.label },
    };
  });
  return { isIncomplete: false, items };
}

/** The services of every compose file of the projects that read the file (for host names). */
function projectServices(path: string, context: CompletionContext): ProjectService[] {
  const services: ProjectService[] = [];
  for (const analysis of context.analyses.analysesOf(path)) {
    for (const file of analysis.result.files) {
      const text = analysis.texts.get(file);
      if (text === undefined || fileKindOf(file, text) !== "compose") continue;
      const root = get(context.cache.yamlFile(file, text).roots[0], "services");
      if (root?.kind !== "map") continue;
      for (const entry of root.entries) {
        if (!services.some((s) => s.name === entry.key)) services.push({ name: entry.key, image: asScalar(get(entry.value, "image"))?.text ?? "" });
      }
    }
  }
  return services;
}

const ENV_FILE_NAME = /^\.env(\..+)?$|\.env$|^env\.(list|dist)$/i;
const MAX_CANDIDATES = 200;

/** Env files in the compose file's folder and the folders right below it, relative to it. */
function envFilesNear(path: string, workspace: DocumentWorkspace): string[] {
  const dir = dirname(path);
  const found: string[] = [];
  for (const name of workspace.listDir(dir) ?? []) {
    if (found.length >= MAX_CANDIDATES) break;
    if (ENV_FILE_NAME.test(name)) {
      found.push(`./${name}`);
      continue;
    }
    if (name.startsWith(".") || name === "node_modules" || name.includes(".")) continue;
    for (const inner of workspace.listDir(joinPath(dir, name)) ?? []) {
      if (ENV_FILE_NAME.test(inner) && found.length < MAX_CANDIDATES) found.push(`./${name}/${basename(inner)}`);
    }
  }
  return found;
}
