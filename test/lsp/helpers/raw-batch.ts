/**
 * Writes several JSON-RPC messages to the server in ONE write, so they sit in its input together
 * and it handles them back to back: what a request sees then does not depend on timing. Watches
 * the server's output in order (responses and publications), beside the client's own reader.
 */
import { StreamMessageReader, type Message, type PublishDiagnosticsParams } from "vscode-languageserver-protocol/node";
import type { LspTestClient } from "./lsp-client";

export type Seen = { kind: "response"; id: string; result: unknown } | { kind: "publish"; params: PublishDiagnosticsParams };

export class RawChannel {
  readonly seen: Seen[] = [];
  private readonly waiters: (() => void)[] = [];
  private next = 0;

  constructor(private readonly client: LspTestClient) {
    const reader = new StreamMessageReader(client.child.stdout);
    reader.listen((message: Message) => {
      const m = message as { id?: unknown; result?: unknown; method?: string; params?: unknown };
      if (typeof m.id === "string" && m.id.startsWith("raw-") && m.method === undefined) this.seen.push({ kind: "response", id: m.id, result: m.result });
      else if (m.method === "textDocument/publishDiagnostics") this.seen.push({ kind: "publish", params: m.params as PublishDiagnosticsParams });
      else return;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** A request message with an id only this channel answers to. */
  request(method: string, params: unknown): { id: string; message: object } {
    const id = `raw-${++this.next}`;
    return { id, message: { jsonrpc: "2.0", id, method, params } };
  }

  /** Sends the messages in one write. */
  write(messages: object[]): void {
    const frames = messages.map((message) => {
      const body = Buffer.from(JSON.stringify(message), "utf8");
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]);
    });
    this.client.child.stdin.write(Buffer.concat(frames));
  }

  indexOf(predicate: (seen: Seen) => boolean): number {
    return this.seen.findIndex(predicate);
  }

  async until(predicate: (seen: Seen) => boolean, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.indexOf(predicate);
      if (at >= 0) return at;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not seen within ${timeoutMs} ms; seen: ${JSON.stringify(this.seen.map((s) => (s.kind === "response" ? s.id : `publish v${s.params.version}`)))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export function didChange(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): object {
  return { jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri, version }, contentChanges: [{ range, text }] } };
}
