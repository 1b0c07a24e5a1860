import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { CrashPolicy } from "./crash-policy";
import { documentSelector, relatedFilesGlob } from "./document-selector";
import { showRuleDocsCommand } from "./rule-docs";
import { lintWorkspaceCommand } from "./lint-workspace";
import { readClientSettings, settingsSection } from "./settings";

/** Matches `contributes.configuration`: `scaleout.trace.server` is read by the language client via this id. */
const clientId = "scaleout";
const clientName = "Scale-out Lint";
/** Shared with the server, which sets it as the `source` of every diagnostic. */
export const diagnosticSource = "scaleout-lint";

export type ServerStatus = "stopped" | "starting" | "running" | "disabled" | "failed";

/**
 * Owns the one LanguageClient. The document selector is fixed when a client starts, so a change of
 * `scaleout.extraFilePatterns` re-creates the client; `scaleout.enable: false` stops it.
 */
export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private selector: vscode.DocumentSelector = [];
  private state: ServerStatus = "stopped";
  private lastStartMs: number | undefined;
  /** Serialises start/stop so a burst of setting changes cannot run two servers. */
  private queue: Promise<void> = Promise.resolve();
  private readonly stateEmitter = new vscode.EventEmitter<ServerStatus>();
  /** Kept across client re-creations: the user hears of a crash once per session. */
  private readonly crashes = new CrashPolicy();
  readonly onDidChangeStatus = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {}

  get status(): ServerStatus {
    return this.state;
  }

  /** Milliseconds from spawning the server to its `initialize` answer, for the last start. */
  get startupMs(): number | undefined {
    return this.lastStartMs;
  }

  get diagnostics(): vscode.DiagnosticCollection | undefined {
    return this.client?.diagnostics;
  }

  /** Whether this document is one the server gets (when it runs). */
  handles(document: vscode.TextDocument): boolean {
    const selector = this.client ? this.selector : documentSelector(readClientSettings().extraFilePatterns);
    return vscode.languages.match(selector, document) > 0;
  }

  /** A custom request to the running server. */
  async request<R>(method: string, params: unknown): Promise<R> {
    const client = this.client;
    if (!client || this.state !== "running") throw new Error("the Scale-out Lint server is not running");
    return client.sendRequest<R>(method, params);
  }

  /** Brings the client in line with the settings: started, stopped, or re-created. */
  reconcile(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      if (!readClientSettings().enable) {
        this.setStatus("disabled");
        this.output.appendLine("scaleout.enable is false: the server is not running.");
        return;
      }
      await this.startClient();
    });
  }

  restart(): Promise<void> {
    this.output.appendLine("Restarting the server…");
    this.crashes.reset();
    return this.reconcile();
  }

  /** Stops the server; used by `deactivate`, which VS Code lets finish before the host exits. */
  stop(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  dispose(): void {
    void this.stop().finally(() => this.stateEmitter.dispose());
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async startClient(): Promise<void> {
    const { extraFilePatterns } = readClientSettings();
    const serverModule = this.context.asAbsolutePath("dist/server.js");
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ["--nolazy", "--inspect=6019"] },
      },
    };
    const selector = documentSelector(extraFilePatterns);
    const watcher = vscode.workspace.createFileSystemWatcher(relatedFilesGlob);
    const clientOptions: LanguageClientOptions = {
      documentSelector: selector,
      diagnosticCollectionName: diagnosticSource,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { configurationSection: settingsSection, fileEvents: watcher },
      // commands the server's code actions use that this client implements itself
      initializationOptions: { clientCommands: [showRuleDocsCommand, lintWorkspaceCommand] },
      // Hovers link to a rule's bundled page through this command, and only this one.
      markdown: { isTrusted: { enabledCommands: [showRuleDocsCommand] } },
      errorHandler: {
        // As the library's default: a few bad messages are survived, a stream of them stops the server.
        error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        // Only called when the server ended without being asked to (never for a stop or restart of ours).
        closed: () => {
          const decision = this.crashes.closed();
          this.output.appendLine(decision.log);
          if (decision.notify) {
            const shown = decision.restart ? vscode.window.showWarningMessage(decision.notify, "Show Output") : vscode.window.showErrorMessage(decision.notify, "Show Output");
            void shown.then((choice) => choice && this.output.show(true));
          }
          return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient(clientId, clientName, serverOptions, clientOptions);
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) return;
      if (newState === State.Running) this.setStatus("running");
      else if (newState === State.Starting) this.setStatus("starting");
      else if (this.state !== "disabled") this.setStatus("stopped");
    });
    this.client = client;
    this.watcher = watcher;
    this.selector = selector;
    this.setStatus("starting");
    const started = performance.now();
    try {
      await client.start();
      this.lastStartMs = Math.round(performance.now() - started);
      const version = (this.context.extension.packageJSON as { version?: string }).version ?? "?";
      const serverInfo = client.initializeResult?.serverInfo;
      this.output.appendLine(
        `Scale-out Lint ${version}: server started over IPC in ${this.lastStartMs} ms` +
          (serverInfo ? ` (${serverInfo.name}${serverInfo.version ? ` ${serverInfo.version}` : ""})` : "") +
          `; watching ${relatedFilesGlob}` +
          (extraFilePatterns.length ? `; extra file patterns ${extraFilePatterns.join(", ")}` : ""),
      );
      this.setStatus("running");
    } catch (error) {
      this.output.appendLine(`The server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      this.setStatus("failed");
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.selector = [];
    this.watcher?.dispose();
    this.watcher = undefined;
    try {
      await client.dispose(2000);
    } catch (error) {
      this.output.appendLine(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.setStatus("stopped");
  }

  private setStatus(status: ServerStatus): void {
    if (this.state === status) return;
    this.state = status;
    this.stateEmitter.fire(status);
  }
}
