import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/**
 * A long-running tool (code-server, the VS Code server) started in its own process group, so that
 * stopping it also ends the extension hosts, file watchers and language servers it spawned —
 * code-server leaves such helpers behind for minutes otherwise.
 */
export class ProcessGroup {
  private readonly output: string[] = [];
  readonly child: ChildProcess;

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string) {
    this.child = spawn(command, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.on("error", (error) => this.output.push(`spawn error: ${error.message}\n`));
  }

  get log(): string {
    return this.output.join("");
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    const exited = this.exited ? Promise.resolve() : new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    // helpers of the group may outlive the leader by a moment
    signalGroup(pid, "SIGKILL");
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers below 500, the process dies, or the time is up. */
export async function waitForHttp(url: string, group: ProcessGroup, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (group.exited) throw new Error(`${url}: the process exited\n${group.log}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${group.log}`);
}
