/**
 * Collects the files that changed and analyses them on the next turn of the event loop, so a
 * burst of didChange notifications costs one lint and typing never waits for one (no fixed
 * debounce: a 150-line file is linted within milliseconds of the last keystroke). A request
 * that needs fresh results (code actions, hover) calls `flush()` to run the pending work now.
 */
export class AnalysisScheduler {
  private readonly pending = new Set<string>();
  private readonly pendingNearby = new Set<string>();
  private everything = false;
  private scheduled: NodeJS.Immediate | undefined;
  /** While held, requests are collected but nothing runs (the editor's settings are not known yet). */
  private held = false;

  constructor(
    private readonly run: (work: { paths: Set<string>; nearby: Set<string>; everything: boolean }) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Analyse the projects these files belong to. `nearby`: the files were created or deleted on disk. */
  request(paths: Iterable<string>, nearby = false): void {
    for (const path of paths) (nearby ? this.pendingNearby : this.pending).add(path);
    this.schedule();
  }

  requestAll(): void {
    this.everything = true;
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

  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.held || !this.hasPending) return;
    const work = { paths: new Set(this.pending), nearby: new Set(this.pendingNearby), everything: this.everything };
    this.pending.clear();
    this.pendingNearby.clear();
    this.everything = false;
    try {
      this.run(work);
    } catch (error) {
      this.onError(error);
    }
  }

  dispose(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.held) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }
}
