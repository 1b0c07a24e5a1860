export interface AnalysisWork {
  paths: Set<string>;
  nearby: Set<string>;
  everything: boolean;
}

export interface AnalysisHooks {
  /** Lints what the work names; returns the files whose diagnostics may have changed. */
  analyse(work: AnalysisWork): Set<string>;
  /**
   * Publishes the diagnostics of these files. Called a little after the analysis, once the
   * notifications that arrived meanwhile were read, so it can drop what a newer version superseded.
   */
  publish(paths: Set<string>): void;
  onError(error: unknown): void;
}

/**
 * Collects the files that changed and analyses them once the server has read every message
 * already waiting, so a burst of didChange notifications costs one lint and typing never waits
 * for one. There is no fixed debounce: the analysis starts on the first turn of the event loop
 * in which no new change arrived (a 150-line file is linted within milliseconds of the last
 * keystroke). The JSON-RPC connection handles one queued message per turn of the event loop,
 * which is why "one quiet turn" means "nothing more is queued".
 *
 * Publishing waits two more turns after an analysis: a change that arrived on the wire while the
 * (synchronous) lint ran is read and handled by then, so the publisher sees the newer version and
 * drops the stale result; the change has requested a new analysis, which publishes in its turn.
 *
 * Requests (hover, code actions) do not wait for or force an analysis: they answer from the
 * latest finished one. Only fix-all and a document's very first analysis call `flush()`.
 */
export class AnalysisScheduler {
  private readonly pending = new Set<string>();
  private readonly pendingNearby = new Set<string>();
  private everything = false;
  /** A request arrived since the scheduled turn was queued: wait one more turn. */
  private changed = false;
  private scheduled: NodeJS.Immediate | undefined;
  private readonly unpublished = new Set<string>();
  private publishing: NodeJS.Immediate | undefined;
  /** While held, requests are collected but nothing runs (the editor's settings are not known yet). */
  private held = false;
  private disposed = false;

  constructor(private readonly hooks: AnalysisHooks) {}

  /** Analyse the projects these files belong to. `nearby`: the files were created or deleted on disk. */
  request(paths: Iterable<string>, nearby = false): void {
    for (const path of paths) (nearby ? this.pendingNearby : this.pending).add(path);
    this.changed = true;
    this.schedule();
  }

  requestAll(): void {
    this.everything = true;
    this.changed = true;
    this.schedule();
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.hasPending) this.schedule();
  }

  get hasPending(): boolean {
    return this.everything || this.pending.size > 0 || this.pendingNearby.size > 0;
  }

  /** Whether nothing is pending, scheduled or waiting to be published (the workspace scan runs only then). */
  get idle(): boolean {
    return !this.hasPending && this.scheduled === undefined && this.publishing === undefined && !this.held;
  }

  /** Whether an analysis is pending for this file (it changed since its latest analysis started). */
  isPending(path: string): boolean {
    return this.everything || this.pending.has(path) || this.pendingNearby.has(path);
  }

  /** Runs the pending analyses now (fix-all must apply to the current version). Publishing stays deferred. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    this.changed = false;
    if (this.held || this.disposed || !this.hasPending) return;
    const work: AnalysisWork = { paths: new Set(this.pending), nearby: new Set(this.pendingNearby), everything: this.everything };
    this.pending.clear();
    this.pendingNearby.clear();
    this.everything = false;
    try {
      for (const path of this.hooks.analyse(work)) this.unpublished.add(path);
    } catch (error) {
      this.hooks.onError(error);
    }
    this.schedulePublish();
  }

  dispose(): void {
    this.disposed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.publishing) clearImmediate(this.publishing);
    this.scheduled = undefined;
    this.publishing = undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.held || this.disposed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      if (this.changed) {
        // More arrived during the last turn: more may be queued behind it.
        this.changed = false;
        this.schedule();
        return;
      }
      this.flush();
    });
  }

  private schedulePublish(): void {
    if (this.publishing || this.unpublished.size === 0 || this.disposed) return;
    // Two turns: one for the connection to read what arrived during the lint, one to handle it.
    this.publishing = setImmediate(() => {
      this.publishing = setImmediate(() => {
        this.publishing = undefined;
        const paths = new Set(this.unpublished);
        this.unpublished.clear();
        try {
          this.hooks.publish(paths);
        } catch (error) {
          this.hooks.onError(error);
        }
      });
    });
  }
}
