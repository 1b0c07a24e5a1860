import assert from "node:assert/strict";
/**
 * Drives the REAL bundled language server (`node dist/server.js --stdio`) over its stdio, the way
 * an editor does. `npm test` builds dist/ first; run `npm run build` before running these files alone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionRequest,
  CompletionRequest,
  type CompletionItem,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  ExecuteCommandRequest,
  WorkDoneProgressCreateRequest,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  HoverRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  type InlayHint,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FileChangeType,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from "vscode-languageserver-protocol/node";

export const serverPath = fileURLToPath(new URL("../../../dist/server.js", import.meta.url));

/** A language server to start instead of the bundled one (the benchmark drives its peers with this client). */
export interface ServerCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface StartOptions {
  /** Default: `node dist/server.js --stdio` with the Node running the tests. */
  server?: ServerCommand;
  /** Answers workspace/configuration for sections other than `scaleout` (default: null). */
  configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  /** Files to create in a fresh temporary workspace folder: relative path → text. */
  files?: Record<string, string>;
  /** The `scaleout` section answered to workspace/configuration (omit `configuration` capability with `pullConfiguration: false`). */
  settings?: Record<string, unknown>;
  pullConfiguration?: boolean;
  documentChanges?: boolean;
  initializationOptions?: unknown;
  clientName?: string;
  /** Announce `workspace.inlayHint.refreshSupport` (counted in `inlayHintRefreshes`). */
  inlayHintRefresh?: boolean;
  /** Declare `window.workDoneProgress` and answer window/workDoneProgress/create. */
  workDoneProgress?: boolean;
  /** Declare `workspace.workspaceFolders` (the server then follows workspace/didChangeWorkspaceFolders). */
  workspaceFolders?: boolean;
}

interface Published {
  seq: number;
  params: PublishDiagnosticsParams;
}

export class LspTestClient {
  readonly logs: string[] = [];
  /** window/showMessage notifications, as text. */
  readonly shownMessages: string[] = [];
  readonly published: Published[] = [];
  private seq = 0;
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  /** Milliseconds from spawning the server to the initialize result (process start-up included). */
  initializeMs!: number;
  /** window/workDoneProgress/create tokens, and `$/progress` values with the diagnostics count seen when each arrived. */
  readonly progressTokens: (string | number)[] = [];
  readonly progress: { seq: number; token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }[] = [];
  /** workspace/configuration requests answered so far. */
  configurationRequests = 0;
  /** workspace/inlayHint/refresh requests received so far. */
  inlayHintRefreshes = 0;
  exitCode: number | null | undefined;

  private constructor(
    readonly root: string,
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    if (!options.server && !existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first`);
    // realpath: on macOS the temp dir is a symlink and the server must see the same paths as the test.
    const root = realpathSync(mkdtempSync(join(tmpdir(), "scaleout lsp ")));
    for (const [name, text] of Object.entries(options.files ?? {})) writeText(join(root, name), text);
    const server = options.server ?? { command: process.execPath, args: [serverPath, "--stdio"] };
    const spawnedAt = performance.now();
    const child = spawn(server.command, server.args, { stdio: "pipe", env: server.env ?? process.env });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(root, child, connection, options.settings ?? {});
    child.stderr.on("data", (chunk: Buffer) => client.logs.push(chunk.toString("utf8")));
    child.on("exit", (code) => {
      client.exitCode = code;
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.published.push({ seq: ++client.seq, params });
      for (const wake of client.waiters.splice(0)) wake();
    });
    connection.onNotification(LogMessageNotification.type, (params) => client.logs.push(params.message));
    connection.onNotification(ShowMessageNotification.type, (params) => client.shownMessages.push(params.message));
    connection.onRequest(ConfigurationRequest.type, (params) => {
      client.configurationRequests++;
      return params.items.map((item) => (item.section === "scaleout" ? client.settings : (options.configuration?.(item.section, item.scopeUri) ?? null)));
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(InlayHintRefreshRequest.type, () => {
      client.inlayHintRefreshes++;
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      client.progressTokens.push(params.token);
      return null;
    });
    connection.onNotification("$/progress", (params: { token: string | number; value: unknown }) => {
      client.progress.push({ seq: client.seq, token: params.token, value: params.value as WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd });
      for (const wake of client.waiters.splice(0)) wake();
    });
    connection.listen();
    const pull = options.pullConfiguration !== false;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: pull,
        didChangeConfiguration: { dynamicRegistration: pull },
        workspaceEdit: { documentChanges: options.documentChanges === true },
        didChangeWatchedFiles: { dynamicRegistration: false },
        ...(options.inlayHintRefresh ? { inlayHint: { refreshSupport: true } } : {}),
        ...(options.workspaceFolders ? { workspaceFolders: true } : {}),
      },
      ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } }, isPreferredSupport: true, dataSupport: true },
        hover: { contentFormat: ["markdown", "plaintext"] },
      },
    };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: options.clientName ?? "scaleout-lsp-test" },
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "test" }],
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    client.initializeMs = performance.now() - spawnedAt;
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  path(name: string): string {
    return join(this.root, name);
  }

  uri(name: string): string {
    return pathToFileURL(this.path(name)).href;
  }

  writeFile(name: string, text: string): void {
    writeText(this.path(name), text);
  }

  /** A marker: `diagnosticsAfter(mark, …)` only accepts publications sent after it. */
  mark(): number {
    return this.seq;
  }

  /** The next publication for a file after the mark that satisfies the predicate. */
  async diagnosticsAfter(mark: number, name: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const uri = this.uri(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((p) => p.seq > mark && p.params.uri === uri && predicate(p.params.diagnostics));
      if (found) return found.params;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.published.filter((p) => p.params.uri === uri).map((p) => `#${p.seq} ${JSON.stringify(p.params.diagnostics.map((d) => d.code ?? d.message))}`);
        throw new Error(`no matching diagnostics for ${name} after #${mark} within ${timeoutMs} ms; seen: ${seen.join("; ") || "none"}; server log: ${this.logs.join("").slice(-2000)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The latest publication for a file (undefined when none was sent). */
  latest(name: string): PublishDiagnosticsParams | undefined {
    const uri = this.uri(name);
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].params.uri === uri) return this.published[i].params;
    return undefined;
  }

  async open(name: string, text: string, languageId = name.includes(".env") ? "dotenv" : "yaml"): Promise<void> {
    this.versions.set(name, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(name), languageId, version: 1, text } });
  }

  /** Replaces the whole text (a content change without a range), as a simple editor does. */
  async change(name: string, text: string): Promise<number> {
    const version = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(name), version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental edit, as VS Code sends while typing. */
  async edit(name: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(name), version }, contentChanges: [{ range, text }] });
    return version;
  }

  async save(name: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: this.uri(name) } });
  }

  async close(name: string): Promise<void> {
    this.versions.delete(name);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(name) } });
  }

  async watchedFileChanged(name: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(name), type }] });
  }

  /** Changes the settings the client answers with and tells the server (as VS Code does). */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { scaleout: settings } });
  }

  async codeActions(name: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    return (await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: this.uri(name) }, range, context: { diagnostics, only } })) ?? [];
  }

  async completion(name: string, line: number, character: number): Promise<CompletionItem[]> {
    const answer = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: this.uri(name) }, position: { line, character } });
    return answer === null ? [] : Array.isArray(answer) ? answer : answer.items;
  }

  /** textDocument/inlayHint over the given lines (default: the first 1,000). */
  async inlayHints(name: string, range: Range = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }): Promise<InlayHint[]> {
    return (await this.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: this.uri(name) }, range })) ?? [];
  }

  async hover(name: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri(name) }, position: { line, character } });
  }

  /** Whether the server process is still running. */
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Waits until a predicate over what was received holds (diagnostics and progress wake it). */
  async until(predicate: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server log: ${this.logs.join("").slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  get alive(): boolean {
    return this.exitCode === undefined && this.child.exitCode === null;
  }

  async stop(): Promise<void> {
    try {
      if (this.alive) {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      }
    } catch {
      // Already gone; the kill below makes sure.
    }
    await new Promise<void>((resolve) => {
      if (!this.alive) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 2000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
    rmSync(this.root, { recursive: true, force: true });
  }
}

function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The one-line summary of diagnostics a test compares: code, 0-based range, severity. */
export function summarize(d: Diagnostic): string {
  const r = d.range;
  return `${String(d.code ?? "-")} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} sev${d.severity}`;
}

/** Applies LSP text edits to a text (last first), as an editor does. */
export function applyTextEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const offsetAt = (line: number, character: number): number => {
    let offset = 0;
    for (let l = 0; l < line; l++) {
      const next = text.indexOf("\n", offset);
      if (next < 0) return text.length;
      offset = next + 1;
    }
    return offset + character;
  };
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start.line, b.range.start.character) - offsetAt(a.range.start.line, a.range.start.character));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offsetAt(edit.range.start.line, edit.range.start.character)) + edit.newText + out.slice(offsetAt(edit.range.end.line, edit.range.end.character));
  }
  return out;
}

/** Starts the bundled server, runs the body, checks the server survived it, and always stops it. */
export async function withServer(options: Parameters<typeof LspTestClient.start>[0], body: (client: LspTestClient) => Promise<void>): Promise<void> {
  const client = await LspTestClient.start(options);
  try {
    await body(client);
    assert.equal(client.alive, true, "the server process must still be running");
  } finally {
    await client.stop();
  }
}

export const ofRule = (diagnostics: Diagnostic[], id: string): Diagnostic[] => diagnostics.filter((d) => d.code === id);
export const hasRule = (id: string) => (diagnostics: Diagnostic[]): boolean => diagnostics.some((d) => d.code === id);
export const lacksRule = (id: string) => (diagnostics: Diagnostic[]): boolean => !diagnostics.some((d) => d.code === id);
