/** The command "Scale-out Lint: Lint the whole workspace" (`workspace/executeCommand`). */
export const LINT_WORKSPACE_COMMAND = "scaleout.lintWorkspace";

/** What the scan reports as it goes (LSP work-done progress, or nothing when the client has none). */
export interface IndexProgress {
  begin(title: string, message: string): void;
  report(percentage: number, message: string): void;
  done(message: string): void;
  /** The user cancelled (the progress's cancel button, or `$/cancelRequest` of the command). */
  readonly cancelled: boolean;
}

export const silentProgress: IndexProgress = { begin: () => undefined, report: () => undefined, done: () => undefined, cancelled: false };

export interface WorkspaceIndexHooks {
  /** Deployment files below the workspace folders, by name or content (whether a project reads them is checked later). */
  candidates(): string[];
  /** Whether some project reads this file. */
  lintable(path: string): boolean;
  /**
   * Whether the scan's walk finds this path (a file or folder created or changed since): the
   * same .gitignore, `.scaleout.yaml` exclude/include and skipped folders. Default: yes.
   */
  found?(path: string): boolean;
  isDirectory?(path: string): boolean;
  /** The deployment files the scan's walk finds below one folder (default: `candidates()` there). */
  candidatesUnder?(dir: string): string[];
  /** Whether every project of a file another lint of the scan reached is linted (it need not be linted itself). Default: yes. */
  settled?(path: string): boolean;
  /** Lints the projects of this file now; returns the files whose diagnostics may have changed. */
  lint(path: string): Set<string>;
  /**
   * Lints the projects of a file changed on disk (`nearby`: created or deleted, so the projects
   * beside it too); returns the files whose diagnostics may have changed. Default: `lint`.
   */
  lintChange?(path: string, nearby: boolean): Set<string>;
  publish(paths: Set<string>): void;
  /** Whether the editor's own analyses wait or publish: they go first, the scan waits. */
  busy(): boolean;
  enabled(): boolean;
  /** A background lint of a change failed (logged; the other changes are still linted). */
  onError?(error: unknown): void;
}

export interface IndexResult {
  /** Deployment files found. */
  files: number;
  /** Projects linted by this scan. */
  projects: number;
  cancelled: boolean;
}

/**
 * The workspace index: the deployment files of the workspace folders whose projects stay linted
 * though no file of theirs is open, so the Problems panel shows them and a change on disk
 * (`workspace/didChangeWatchedFiles`) re-lints every project that reads the changed file, as
 * for open documents (ProjectAnalyses keeps which project reads which file: includes,
 * overrides, `.env`, `env_file`, values → chart).
 *
 * A scan lints one project per turn of the event loop and waits while the editor's own analyses
 * are pending or publishing, so typing never waits behind it. A newer scan supersedes a running one.
 */
export class WorkspaceIndex {
  private readonly files = new Set<string>();
  private generation = 0;
  private scanning = false;
  /** Projects the running scan linted so far. */
  private lintedInScan = 0;
  /** The settings changed during a scan: what it linted before is linted again after it. */
  private refreshAfter = false;
  /** Whether the workspace was scanned: from then on new files on disk join the index. */
  active = false;
  /** Files changed on disk, waiting to be linted in the background. */
  private readonly changes = new Map<string, { nearby: boolean; join: boolean }>();
  private draining = false;

  constructor(private readonly hooks: WorkspaceIndexHooks) {}

  /** Whether a file is kept linted. */
  has(path: string): boolean {
    return this.files.has(path);
  }

  get running(): boolean {
    return this.scanning;
  }

  /**
   * A file created (or changed) on disk: it joins the index when a scan ran, the scan's walk would
   * find it (not ignored or excluded) and some project reads it.
   */
  consider(path: string): boolean {
    if (!this.active || this.files.has(path) || !(this.hooks.found?.(path) ?? true) || !this.hooks.lintable(path)) return false;
    this.files.add(path);
    return true;
  }

  /**
   * A folder created on disk (moved or renamed into the workspace: editors report the folder, not
   * each file): the files the scan's walk finds below it join the index. Returns them.
   */
  considerUnder(dir: string): string[] {
    if (!this.active || !(this.hooks.found?.(dir) ?? true)) return [];
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    const joined: string[] = [];
    for (const path of this.hooks.candidatesUnder ? this.hooks.candidatesUnder(dir) : this.hooks.candidates()) {
      if (!path.startsWith(prefix) || this.files.has(path) || !this.hooks.lintable(path)) continue;
      this.files.add(path);
      joined.push(path);
    }
    return joined;
  }

  /**
   * Files changed on disk (a checkout, a generator: often hundreds at once) are linted here, one
   * per turn and only while the editor's own analyses are idle, rather than in one lint that
   * typing would wait behind. `nearby`: created or deleted. `join`: created or changed, so it
   * may join the index (`consider`; a folder: `considerUnder`) first.
   */
  lintInBackground(paths: Iterable<string>, nearby: boolean, join = false): void {
    for (const path of paths) {
      const queued = this.changes.get(path);
      this.changes.set(path, { nearby: nearby || queued?.nearby === true, join: join || queued?.join === true });
    }
    if (!this.draining && this.changes.size > 0) void this.drain().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.changes.size > 0) {
        await this.turn();
        if (!this.hooks.enabled()) {
          this.changes.clear();
          break;
        }
        const [path, { nearby, join }] = this.changes.entries().next().value as [string, { nearby: boolean; join: boolean }];
        this.changes.delete(path);
        // One failing file must not leave the rest of the queue waiting for the next change.
        try {
          if (join && this.hooks.isDirectory?.(path)) this.lintInBackground(this.considerUnder(path), true);
          else if (join) this.consider(path);
          this.hooks.publish(this.hooks.lintChange ? this.hooks.lintChange(path, nearby) : this.hooks.lint(path));
        } catch (error) {
          this.hooks.onError?.(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** A file deleted on disk, or a workspace folder removed. */
  forget(filter: (path: string) => boolean): void {
    for (const path of [...this.files]) if (filter(path)) this.files.delete(path);
  }

  /**
   * The settings changed: the indexed projects are linted again in the background. A running
   * scan is not interrupted: it lints the rest with the new settings, then what it did before.
   */
  refresh(): void {
    if (!this.active) return;
    if (this.scanning) {
      if (this.lintedInScan > 0) this.refreshAfter = true;
      return;
    }
    void this.scan(silentProgress, true).catch(() => undefined);
  }

  /** Stops a running scan; the files are kept (their diagnostics stay current). */
  cancel(): void {
    this.generation++;
  }

  /** Forgets every file (the next lint drops their projects). */
  clear(): void {
    this.cancel();
    this.files.clear();
    this.active = false;
  }

  /**
   * Finds the deployment files (or re-lints the indexed ones: `known`, after a settings change)
   * and lints their projects, one per turn.
   */
  async scan(progress: IndexProgress = silentProgress, known = false): Promise<IndexResult> {
    const generation = ++this.generation;
    this.active = true;
    this.scanning = true;
    this.lintedInScan = 0;
    this.refreshAfter = false;
    const superseded = (): boolean => generation !== this.generation || progress.cancelled || !this.hooks.enabled();
    let projects = 0;
    try {
      progress.begin("Scale-out Lint: linting the workspace", "looking for deployment files");
      await this.turn();
      if (superseded()) return this.finish(progress, generation, 0, projects, true);
      const candidates = known ? [...this.files] : this.hooks.candidates();
      if (!known) {
        // Files no longer found (ignored now, or gone) leave the index; their projects are re-linted below.
        const found = new Set(candidates);
        const gone = [...this.files].filter((path) => !found.has(path));
        for (const path of gone) this.files.delete(path);
        for (const path of gone) this.hooks.publish(this.hooks.lint(path));
      }
      const seen = new Set<string>();
      const found = new Set(candidates);
      let reported = -1;
      for (let i = 0; i < candidates.length; i++) {
        await this.turn();
        if (superseded()) return this.finish(progress, generation, candidates.length, projects, true);
        const path = candidates[i];
        if (!seen.has(path) && (this.files.has(path) || this.hooks.lintable(path))) {
          this.files.add(path);
          const affected = this.hooks.lint(path);
          projects++;
          this.lintedInScan++;
          // A project reads several files: each is linted once per scan.
          for (const file of affected) {
            if (this.hooks.settled?.(file) ?? true) seen.add(file);
            // A file found by the walk and linted in another's project is kept all the same: its
            // project must outlive that other file (deleted, its set's first file gone).
            if (found.has(file)) this.files.add(file);
          }
          seen.add(path);
          this.hooks.publish(affected);
        }
        const percentage = Math.floor(((i + 1) * 100) / candidates.length);
        if (percentage !== reported) {
          reported = percentage;
          progress.report(percentage, `${i + 1}/${candidates.length} files`);
        }
      }
      return this.finish(progress, generation, candidates.length, projects, false);
    } catch (error) {
      progress.done("failed");
      if (generation === this.generation) this.scanning = false;
      throw error;
    }
  }

  private finish(progress: IndexProgress, generation: number, files: number, projects: number, cancelled: boolean): IndexResult {
    progress.done(cancelled ? `cancelled: ${projects} projects linted` : `${files} files, ${projects} projects linted`);
    if (generation === this.generation) {
      this.scanning = false;
      if (this.refreshAfter && !cancelled) {
        this.refreshAfter = false;
        setImmediate(() => this.refresh());
      }
    }
    return { files, projects, cancelled };
  }

  /** One turn of the event loop, and more while the editor's analyses are waiting. */
  private async turn(): Promise<void> {
    do await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.hooks.busy());
  }
}
