import type { Connection } from "vscode-languageserver";
import { diagnosticsOf, type DiagnosticContext } from "./diagnostics";
import type { DocumentWorkspace } from "./document-workspace";

/**
 * Publishes the diagnostics of every file a re-lint touched: an empty list for a file whose
 * findings are gone or that no open project reads any more, so nothing stays stale. An open
 * document's diagnostics carry the version they were computed for; a result for an older
 * version than the editor has is dropped (the newer one is already queued: the scheduler
 * publishes a few turns after the lint, so a change that arrived during it has been read), so
 * an older version is never published after a newer one.
 */
export function publishDiagnostics(connection: Connection, paths: Iterable<string>, workspace: DocumentWorkspace, context: DiagnosticContext): void {
  for (const path of paths) {
    const document = workspace.openDocument(path);
    const analysed = context.analyses.analysesOf(path);
    if (document && analysed.some((a) => a.versions.get(path) !== document.version)) continue;
    const diagnostics = analysed.length > 0 ? diagnosticsOf(path, context) : [];
    void connection.sendDiagnostics({ uri: context.uriOf(path), version: document?.version, diagnostics });
  }
}

/** Clears the diagnostics of files (the server was disabled). */
export function clearDiagnostics(connection: Connection, paths: Iterable<string>, uriOf: (path: string) => string): void {
  for (const path of paths) void connection.sendDiagnostics({ uri: uriOf(path), diagnostics: [] });
}
