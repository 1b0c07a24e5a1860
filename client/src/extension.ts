import * as vscode from "vscode";
import { ServerConnection, type ServerStatus } from "./language-client";
import { registerLintWorkspace } from "./lint-workspace";
import { registerRuleDocs } from "./rule-docs";
import { affectsClient } from "./settings";
import { StatusItem, type StatusSnapshot } from "./status-item";

/**
 * What `activate` returns: read by the extension API tests (status bar text, activation time) and
 * available to other extensions through `vscode.extensions.getExtension(...).exports`.
 */
export interface ScaleoutLintApi {
  /** Time spent in `activate`, in milliseconds; the server starts after it returns. */
  readonly activationMs: number;
  /** Time the bundle took to load (undefined when not bundled). */
  readonly loadMs: number | undefined;
  /** Settles when the first server start has finished (successfully or not). */
  readonly ready: Promise<void>;
  serverStatus(): ServerStatus;
  serverStartupMs(): number | undefined;
  statusItem(): StatusSnapshot;
}

let connection: ServerConnection | undefined;
/** Set by the first and the last line of dist/extension.js (esbuild banner and footer). */
declare const __scaleoutLoadStart: number | undefined;
declare const __scaleoutLoadEnd: number | undefined;

export function activate(context: vscode.ExtensionContext): ScaleoutLintApi {
  const activationStart = performance.now();
  const loadMs =
    typeof __scaleoutLoadStart === "number" && typeof __scaleoutLoadEnd === "number"
      ? round(__scaleoutLoadEnd - __scaleoutLoadStart)
      : undefined;
  const output = vscode.window.createOutputChannel("Scale-out Lint");
  connection = new ServerConnection(context, output);
  const status = new StatusItem(connection);
  const server = connection;
  context.subscriptions.push(
    output,
    connection,
    status,
    vscode.commands.registerCommand("scaleout.restartServer", () => server.restart()),
    vscode.commands.registerCommand("scaleout.showOutput", () => output.show(true)),
    registerRuleDocs(server),
    registerLintWorkspace(server),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The server re-reads its own settings (rules, assumeCluster) on didChangeConfiguration;
      // only the two that decide whether it runs and what it is sent need the client.
      if (affectsClient(event)) void server.reconcile();
    }),
  );
  // Not awaited: activation stays fast and typing is never blocked on the server starting.
  const ready = server.reconcile();
  const activationMs = round(performance.now() - activationStart);
  return {
    activationMs,
    loadMs,
    ready,
    serverStatus: () => server.status,
    serverStartupMs: () => server.startupMs,
    statusItem: () => status.snapshot,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export async function deactivate(): Promise<void> {
  const stopping = connection;
  connection = undefined;
  await stopping?.stop();
}
