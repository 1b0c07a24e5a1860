import type { Workspace } from "./workspace";

/** Larger files are not deployment files; reading them would only cost memory (`maxFileSize` in `.scaleout.yaml`). */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** How much of a file is looked at to tell text from binary, as git and grep do. */
const BINARY_PROBE = 8 * 1024;

export const SKIPPED_FILE_RULE = "lint/skipped-file";

export interface SkippedFile {
  path: string;
  /** Why, as the end of "Not linted: …". */
  reason: string;
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${bytes} bytes`;
}

export function tooLargeReason(size: number, limit: number): string {
  return `the file is ${sizeLabel(size)}, over the ${sizeLabel(limit)} limit (\`maxFileSize\` in .scaleout.yaml)`;
}

/**
 * A NUL byte or invalid UTF-8 (decoded as U+FFFD) in the first 8 KB: a binary file, whose
 * "lines" would only give findings of garbage.
 */
export function binaryReason(text: string): string | undefined {
  const probe = text.length > BINARY_PROBE ? text.slice(0, BINARY_PROBE) : text;
  if (probe.includes("\u0000")) return "the file looks binary (it has a NUL byte in its first 8 KB)";
  if (probe.includes("\uFFFD")) return "the file looks binary (it is not valid UTF-8 in its first 8 KB)";
  return undefined;
}

/**
 * The engine's reads of one project or discovery: files that are binary, over the size limit or
 * unreadable read as absent, and are remembered with the reason so the user gets one finding
 * saying so instead of silence (or thousands of findings of garbage).
 */
export class ReadGuard implements Workspace {
  readonly skipped = new Map<string, string>();
  private readonly checked = new Map<string, string | undefined>();

  constructor(
    private readonly inner: Workspace,
    private readonly maxFileSize = DEFAULT_MAX_FILE_SIZE,
  ) {}

  readFile(path: string): string | undefined {
    if (this.checked.has(path)) return this.checked.get(path);
    let text = this.inner.readFile(path);
    let reason: string | undefined;
    if (text === undefined) reason = this.inner.skipReason?.(path);
    else if (text.length > this.maxFileSize) reason = tooLargeReason(text.length, this.maxFileSize);
    else reason = binaryReason(text);
    if (reason !== undefined) {
      this.skipped.set(path, reason);
      text = undefined;
    }
    this.checked.set(path, text);
    return text;
  }

  /**
   * Reads as `readFile` does, but a file it does not read is not the project's to report: for a
   * search over the workspace (the Kubernetes objects of other folders), not an input of the project.
   */
  peekFile(path: string): string | undefined {
    if (this.checked.has(path)) return this.checked.get(path);
    const text = this.inner.readFile(path);
    if (text === undefined || text.length > this.maxFileSize || binaryReason(text) !== undefined) return undefined;
    return text;
  }

  listDir(dir: string): string[] | undefined {
    return this.inner.listDir(dir);
  }

  skipReason(path: string): string | undefined {
    return this.skipped.get(path) ?? this.inner.skipReason?.(path);
  }

  /** Outside the workspace, a FIFO, a link loop…: the inner workspace's reason, passed on. */
  refusal(path: string): string | undefined {
    return this.inner.refusal?.(path);
  }

  tracked(path: string): boolean | undefined {
    return this.inner.tracked?.(path);
  }
}
