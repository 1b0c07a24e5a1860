import * as vscode from "vscode";
import type { ServerConnection } from "./language-client";

/**
 * The server's diagnostics link to `scaleout-lint:/rules/<concern>/<name>.md` (codeDescription.href)
 * unless `scaleout.docsBaseUrl` points at published pages. This provider answers those URIs offline
 * from the server's `scaleout/ruleDocs` request, and `scaleout.showRuleDocs` (the code action "show
 * rule documentation") opens the same page as a Markdown preview.
 */
export const ruleDocsScheme = "scaleout-lint";
export const showRuleDocsCommand = "scaleout.showRuleDocs";
const ruleDocsRequest = "scaleout/ruleDocs";

interface RuleDocsResult {
  ruleId: string;
  title: string;
  markdown: string;
}

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ruleDocsScheme, path: `/rules/${ruleId}.md` });
}

function ruleIdOf(uri: vscode.Uri): string | undefined {
  return /^\/rules\/([a-z][a-z0-9-]*\/[a-z0-9-]+)\.md$/.exec(uri.path)?.[1];
}

export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly server: ServerConnection) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ruleId = ruleIdOf(uri);
    if (!ruleId) return `# Unknown rule documentation page\n\n\`${uri.toString()}\` names no rule.`;
    try {
      const result = await this.server.request<RuleDocsResult>(ruleDocsRequest, { ruleId });
      return result.markdown;
    } catch (error) {
      return `# ${ruleId}\n\nThe documentation could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** The built-in Markdown extension renders the pages; without it they open as Markdown source. */
function canPreview(): boolean {
  return vscode.extensions.getExtension("vscode.markdown-language-features") !== undefined;
}

export function registerRuleDocs(server: ServerConnection): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(ruleDocsScheme, new RuleDocsProvider(server)),
    // A click on the rule link of a diagnostic (Problems panel, hover) opens the page as text:
    // show it rendered in its place instead.
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      if (editor?.document.uri.scheme !== ruleDocsScheme || !canPreview()) return;
      const uri = editor.document.uri;
      try {
        await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
        await vscode.commands.executeCommand("markdown.showPreview", uri);
      } catch {
        await vscode.window.showTextDocument(uri, { preview: true });
      }
    }),
    vscode.commands.registerCommand(showRuleDocsCommand, async (ruleId: unknown) => {
      if (typeof ruleId !== "string" || !/^[a-z][a-z0-9-]*\/[a-z0-9-]+$/.test(ruleId)) {
        void vscode.window.showWarningMessage(`Scale-out Lint: no rule id given to ${showRuleDocsCommand}.`);
        return;
      }
      const uri = ruleDocsUri(ruleId);
      if (canPreview()) {
        await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
      } else {
        await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      }
    }),
  );
}
