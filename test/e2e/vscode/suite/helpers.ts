/// <reference types="mocha" />
import * as vscode from "vscode";
import type { ScaleoutLintApi } from "../../../../client/src/extension";

export const extensionId = "scaleout-lint.scaleout-lint";

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the suite needs a workspace folder");
  return folder.uri;
}

export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relativePath);
}

export async function open(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Activates the extension (opening a handled file first, as a user would) and waits for the server. */
export async function activeApi(): Promise<ScaleoutLintApi> {
  const extension = vscode.extensions.getExtension<ScaleoutLintApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  await api.ready;
  return api;
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Our diagnostics for a file (other extensions' are ignored). */
export function findings(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "scaleout-lint");
}

export function ruleId(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === "object" ? String(code.value) : String(code);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("scaleout").update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Waits until the file's findings satisfy `accept` and returns them. */
export async function findingsWhen(
  uri: vscode.Uri,
  what: string,
  accept: (found: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return until(what, () => {
    const found = findings(uri);
    return accept(found) ? found : undefined;
  }, timeoutMs);
}

/** The first finding of `rule` once it is reported. */
export async function findingOf(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  const found = await findingsWhen(uri, `${rule} in ${uri.path}`, (list) => list.some((d) => ruleId(d) === rule));
  return found.find((d) => ruleId(d) === rule)!;
}

export const severityOf = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

/** Puts a document back to `text` and saves it, so that later tests see the example unchanged. */
export async function restore(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
  await document.save();
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, range, kind)) ?? [];
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : String(c))))
    .join("\n");
}
