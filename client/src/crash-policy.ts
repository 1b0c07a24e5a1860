/**
 * What the client does when the server process ends without being asked to: restart it, tell
 * the user once per session (later crashes only go to the output), and give up — saying so —
 * when it crashes again and again, as vscode-languageclient's default handler does after five
 * crashes in three minutes. Pure, so it is tested without VS Code.
 */
export interface CrashDecision {
  restart: boolean;
  /** A notification for the user; undefined when they were told already. */
  notify?: string;
  /** A line for the output channel, every time. */
  log: string;
}

export const RESTART_NOTICE = "The Scale-out Lint server stopped unexpectedly and was restarted. The output channel (Scale-out Lint: Show Output) has the details.";

export class CrashPolicy {
  private readonly crashes: number[] = [];
  private told = false;

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  closed(): CrashDecision {
    const at = this.now();
    this.crashes.push(at);
    while (this.crashes.length > 0 && at - this.crashes[0] > this.windowMs) this.crashes.shift();
    if (this.crashes.length > this.maxRestarts) {
      const minutes = Math.round(this.windowMs / 60_000);
      return {
        restart: false,
        notify: `The Scale-out Lint server crashed ${this.crashes.length} times in ${minutes} minutes and is not restarted again. Run "Scale-out Lint: Restart Server" to try again; the output channel has the details.`,
        log: `The server crashed ${this.crashes.length} times in ${minutes} minutes: not restarting it.`,
      };
    }
    const first = !this.told;
    this.told = true;
    return { restart: true, ...(first ? { notify: RESTART_NOTICE } : {}), log: "The server stopped unexpectedly: restarting it." };
  }

  /** A restart the user asked for starts the count afresh (they were told already, so no new notice). */
  reset(): void {
    this.crashes.length = 0;
  }
}
