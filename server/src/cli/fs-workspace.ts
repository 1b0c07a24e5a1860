import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { DEFAULT_MAX_FILE_SIZE, tooLargeReason } from "../engine/skipped-files";
import type { Workspace } from "../engine/workspace";

const BOM = "\uFEFF";

/**
 * The file system as the engine's Workspace. A UTF-8 byte order mark is taken off when reading,
 * so columns match what editors show (they hide the BOM too), and put back when writing.
 * `fix` stages new texts here first: the engine then lints them as if written, which is how
 * `--dry-run` shows the final result without touching a file.
 */
export class FsWorkspace implements Workspace {
  private readonly fromDisk = new Map<string, string | undefined>();
  private readonly staged = new Map<string, string>();
  private readonly withBom = new Set<string>();
  private readonly notRead = new Map<string, string>();

  /** `maxFileSizeFor`: the size limit of a file, in bytes (its `.scaleout.yaml` may raise or lower it). */
  constructor(private readonly maxFileSizeFor: (path: string) => number = () => DEFAULT_MAX_FILE_SIZE) {}

  readFile(path: string): string | undefined {
    const staged = this.staged.get(path);
    if (staged !== undefined) return staged;
    if (this.fromDisk.has(path)) return this.fromDisk.get(path);
    let text: string | undefined;
    try {
      const stat = statSync(path);
      const limit = stat.isFile() ? this.maxFileSizeFor(path) : 0;
      if (stat.isFile() && stat.size <= limit) text = readFileSync(path, "utf8");
      else if (stat.isFile()) this.notRead.set(path, tooLargeReason(stat.size, limit));
    } catch (error) {
      text = undefined;
      // A file that is not there is only a file the project might have had; one that is there
      // and cannot be read is one the user expects linted.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") this.notRead.set(path, `the file cannot be read (${code ?? String(error)})`);
    }
    if (text?.startsWith(BOM)) {
      this.withBom.add(path);
      text = text.slice(1);
    }
    this.fromDisk.set(path, text);
    return text;
  }

  skipReason(path: string): string | undefined {
    return this.notRead.get(path);
  }

  listDir(dir: string): string[] | undefined {
    try {
      return readdirSync(dir);
    } catch {
      return undefined;
    }
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

  /** Writes every changed file, with its BOM if it had one. */
  writeStaged(): string[] {
    const changed = this.changedPaths();
    for (const path of changed) {
      const text = this.staged.get(path)!;
      writeFileSync(path, this.withBom.has(path) ? BOM + text : text, "utf8");
      this.fromDisk.set(path, text);
    }
    this.staged.clear();
    return changed;
  }
}
