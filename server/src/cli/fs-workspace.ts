import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Workspace } from "../engine/workspace";

const BOM = "\uFEFF";

/** Larger files are not deployment files; reading them would only cost memory. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

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

  readFile(path: string): string | undefined {
    const staged = this.staged.get(path);
    if (staged !== undefined) return staged;
    if (this.fromDisk.has(path)) return this.fromDisk.get(path);
    let text: string | undefined;
    try {
      const stat = statSync(path);
      if (stat.isFile() && stat.size <= MAX_FILE_BYTES) text = readFileSync(path, "utf8");
    } catch {
      text = undefined;
    }
    if (text?.startsWith(BOM)) {
      this.withBom.add(path);
      text = text.slice(1);
    }
    this.fromDisk.set(path, text);
    return text;
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
