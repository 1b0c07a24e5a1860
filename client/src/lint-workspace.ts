import * as vscode from "vscode";
import type { ServerConnection } from "./language-client";

/**
 * "Scale-out Lint: Lint the Whole Workspace": the server finds the deployment files of the
 * workspace folders, lints them (with progress, cancellable) and keeps their diagnostics in the
 * Problems panel current as files change on disk.
 */
export const lintWorkspaceCommand = "scaleout.lintWorkspace";

interface LintWorkspaceResult {
  files: number;
  projects: number;
  cancelled: boolean;
}

export function registerLintWorkspace(server: ServerConnection): vscode.Disposable {
  return vscode.commands.registerCommand(lintWorkspaceCommand, async () => {
    try {
      const result = await server.request<LintWorkspaceResult | null>("workspace/executeCommand", { command: lintWorkspaceCommand, arguments: [] });
      if (result && !result.cancelled) vscode.window.setStatusBarMessage(`Scale-out Lint: ${result.files} deployment files linted`, 5000);
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Scale-out Lint: linting the workspace failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
}
