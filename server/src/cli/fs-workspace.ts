import { statSync } from "node:fs";
import { DEFAULT_MAX_FILE_SIZE, tooLargeReason } from "../engine/skipped-files";
import type { Workspace } from "../engine/workspace";
import { trackedByGit } from "../node/git-index";
import { WorkspaceBoundary } from "../node/workspace-boundary";

const BOM = "\uFEFF";

/** A staged file `fix` did not write, and why. */
export interface RefusedWrite {
  path: string;
  reason: string;
}

/**
 * The file system as the engine's Workspace. A UTF-8 byte order mark is taken off when reading,
 * so columns match what editors show (they hide the BOM too), and put back when writing.
 * `fix` stages new texts here first: the engine then lints them as if written, which is how
 * `--dry-run` shows the final result without touching a file.
 *
 * Reads and writes go through the run's WorkspaceBoundary: a file outside the linted
 * repositories, a link leaving them, a FIFO or a device is neither read nor written, and
 * `refusal` says why. Without roots (a unit test's workspace) nothing is refused on account of
 * where it lies.
 */
export class FsWorkspace implements Workspace {
  private readonly listings = new Map<string, string[] | undefined>();
  private readonly fromDisk = new Map<string, string | undefined>();
  private readonly refused = new Map<string, string>();
  private readonly staged = new Map<string, string>();
  private readonly withBom = new Set<string>();
  private readonly notRead = new Map<string, string>();

  /** `maxFileSizeFor`: the size limit of a file, in bytes (its `.scaleout.yaml` may raise or lower it). */
  constructor(
    readonly boundary: WorkspaceBoundary = new WorkspaceBoundary(["/"]),
    private readonly maxFileSizeFor: (path: string) => number = () => DEFAULT_MAX_FILE_SIZE,
  ) {}

  tracked(path: string): boolean | undefined {
    return trackedByGit(path, this.boundary);
  }

  readFile(path: string): string | undefined {
    const staged = this.staged.get(path);
    if (staged !== undefined) return staged;
    if (this.fromDisk.has(path)) return this.fromDisk.get(path);
    const limit = this.maxFileSizeFor(path);
    const read = this.boundary.readText(path, limit);
    let text = read.text;
    if (read.refusal !== undefined) this.refused.set(path, read.refusal);
    else if (text === undefined) {
      // A regular file the boundary left unread for its size: say so instead of reading it as absent.
      try {
        const stat = statSync(path);
        if (stat.isFile() && stat.size > limit) this.notRead.set(path, tooLargeReason(stat.size, limit));
      } catch {
        // Not there: only a file the project might have had.
      }
    }
    if (text?.startsWith(BOM)) {
      this.withBom.add(path);
      text = text.slice(1);
    }
    this.fromDisk.set(path, text);
    return text;
  }

  refusal(path: string): string | undefined {
    if (!this.fromDisk.has(path) && !this.staged.has(path)) this.readFile(path);
    return this.refused.get(path);
  }

  skipReason(path: string): string | undefined {
    return this.notRead.get(path);
  }

  /** A run reads a folder's listing once: discovery asks for the same folders per file. */
  listDir(dir: string): string[] | undefined {
    if (this.listings.has(dir)) return this.listings.get(dir);
    const names = this.boundary.listDir(dir);
    this.listings.set(dir, names);
    return names;
  }

  /** The text as it is on disk (BOM removed), whatever is staged. */
  originalText(path: string): string | undefined {
    if (!this.fromDisk.has(path)) {
      const staged = this.staged.get(path);
      this.staged.delete(path);
      this.readFile(path);
      if (staged !== undefined) this.staged.set(path, staged);
    }
    return this.fromDisk.get(path);
  }

  stage(path: string, text: string): void {
    this.originalText(path);
    this.staged.set(path, text);
  }

  /** Files whose staged text differs from the disk. */
  changedPaths(): string[] {
    return [...this.staged].filter(([path, text]) => this.fromDisk.get(path) !== text).map(([path]) => path).sort();
  }

  /**
   * Writes every changed file, with its BOM if it had one; a file outside the workspace (or one
   * that is no longer a regular file inside it) is left as it is and returned in `refused`.
   */
  writeStaged(): { written: string[]; refused: RefusedWrite[] } {
    const written: string[] = [];
    const refused: RefusedWrite[] = [];
    for (const path of this.changedPaths()) {
      const text = this.staged.get(path)!;
      const reason = this.boundary.writeText(path, this.withBom.has(path) ? BOM + text : text);
      if (reason !== undefined) {
        refused.push({ path, reason });
        continue;
      }
      this.fromDisk.set(path, text);
      written.push(path);
    }
    this.staged.clear();
    return { written, refused };
  }
}
