import { closeSync, constants, fstatSync, ftruncateSync, openSync, readdirSync, readSync, realpathSync, statSync, writeSync } from "node:fs";

/**
 * What the linter may read and write: the files inside its workspace roots (the CLI: the Git
 * repository of each linted path, or the linted folder outside one; the language server: the
 * editor's workspace folders). The CLI and the server both read through this, so every reader of
 * the engine (the project loader, kustomize layers, the walker) meets one check.
 *
 * Refused, each with the reason the user is told: a path outside every root (`../secrets/db.env`,
 * `/etc/shadow`), a link (of the file or of a folder on its way) to something outside them, the
 * kernel's pseudo-files (`/proc`, `/sys`, `/dev`), anything that is not a regular file (a FIFO, a
 * socket, a device: opening one can block for ever), and a file the user may not read. The checks
 * use `stat`/`realpath`, which never open the file; the open itself is non-blocking and checked
 * again, so a file swapped for a FIFO in between is not waited on either.
 */
export class WorkspaceBoundary {
  private readonly roots: string[] = [];

  constructor(roots: Iterable<string> = []) {
    for (const root of roots) this.addRoot(root);
  }

  addRoot(root: string): void {
    for (const form of [clean(root), realOf(root)]) if (form !== undefined && !this.roots.includes(form)) this.roots.push(form);
  }

  hasRoots(): boolean {
    return this.roots.length > 0;
  }

  /** Lexically inside a root (no file-system access). */
  contains(path: string, extraRoots: readonly string[] = []): boolean {
    const p = clean(path);
    return [...this.roots, ...extraRoots.map(clean)].some((root) => isWithin(p, root));
  }

  /**
   * Why the path is not read, or undefined when it may be (or simply does not exist: a missing
   * file is absent, not refused). `extraRoots`: roots that apply to this call only.
   */
  refusal(path: string, extraRoots: readonly string[] = []): string | undefined {
    return this.inspect(path, extraRoots).refusal;
  }

  /** The text of a regular file inside the workspace; `refusal` says why there is none. */
  readText(path: string, maxBytes: number, extraRoots: readonly string[] = []): { text?: string; refusal?: string; size?: number } {
    const seen = this.inspect(path, extraRoots);
    if (seen.refusal !== undefined) return { refusal: seen.refusal };
    if (seen.real === undefined || seen.kind !== "file") return {};
    if (seen.size! > maxBytes) return { size: seen.size };
    let fd: number | undefined;
    try {
      // O_NONBLOCK: should the file have become a FIFO since the stat, the open does not wait for a writer.
      fd = openSync(seen.real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { refusal: "is not a regular file" };
      if (stat.size > maxBytes) return { size: stat.size };
      const buffer = Buffer.alloc(stat.size);
      let read = 0;
      while (read < stat.size) {
        const n = readSync(fd, buffer, read, stat.size - read, read);
        if (n === 0) break;
        read += n;
      }
      return { text: buffer.subarray(0, read).toString("utf8") };
    } catch (error) {
      return { refusal: unreadable(error) };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Names in a folder inside the workspace; undefined for a folder outside it or not there. */
  listDir(dir: string, extraRoots: readonly string[] = []): string[] | undefined {
    const seen = this.inspect(dir, extraRoots);
    if (seen.refusal !== undefined || seen.kind !== "dir") return undefined;
    try {
      return readdirSync(seen.real!);
    } catch {
      return undefined;
    }
  }

  /**
   * Replaces the text of a regular file inside the workspace (a fix never creates a file);
   * returns why it did not, or undefined once written.
   */
  writeText(path: string, text: string): string | undefined {
    const seen = this.inspect(path);
    if (seen.refusal !== undefined) return seen.refusal;
    if (seen.kind !== "file") return "is not a regular file";
    let fd: number | undefined;
    try {
      fd = openSync(seen.real!, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
      if (!fstatSync(fd).isFile()) return "is not a regular file";
      ftruncateSync(fd, 0);
      writeSync(fd, text, 0, "utf8");
      return undefined;
    } catch (error) {
      return unreadable(error).replace("cannot be read", "cannot be written");
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private inspect(path: string, extraRoots: readonly string[] = []): { refusal?: string; real?: string; kind?: "file" | "dir"; size?: number } {
    const lexical = clean(path);
    const roots = [...this.roots, ...extraRoots.map(clean)];
    const system = SYSTEM_FOLDERS.find((folder) => isWithin(lexical, folder));
    if (system) return { refusal: `is in ${system}, a system folder` };
    if (!roots.some((root) => isWithin(lexical, root))) return { refusal: "is outside the workspace" };
    let real: string;
    try {
      real = clean(realpathSync.native(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return {};
      if (code === "ELOOP") return { refusal: "is a link that loops" };
      return { refusal: unreadable(error) };
    }
    const realSystem = SYSTEM_FOLDERS.find((folder) => isWithin(real, folder));
    if (realSystem) return { refusal: `is a link into ${realSystem}, a system folder` };
    if (!roots.some((root) => isWithin(real, root))) return { refusal: "is a link leading outside the workspace" };
    let stat;
    try {
      stat = statSync(real);
    } catch (error) {
      return { refusal: unreadable(error) };
    }
    if (stat.isDirectory()) return { real, kind: "dir" };
    if (stat.isFIFO()) return { refusal: "is a FIFO (named pipe), not a file" };
    if (stat.isSocket()) return { refusal: "is a socket, not a file" };
    if (stat.isCharacterDevice() || stat.isBlockDevice()) return { refusal: "is a device, not a file" };
    if (!stat.isFile()) return { refusal: "is not a regular file" };
    return { real, kind: "file", size: stat.size };
  }
}

/** The kernel's pseudo-file systems: reading some of them blocks (`/proc/kmsg`) or never ends (`/dev/zero`). */
const SYSTEM_FOLDERS = ["/proc", "/sys", "/dev"];

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  return `cannot be read (${code ?? "error"})`;
}

/** Forward slashes, no trailing slash; on Windows one case (its file systems ignore case, `realpath` gives `C:`, URIs `c:`). */
function clean(path: string): string {
  const slashed = path.replace(/\\/g, "/");
  const trimmed = slashed.length > 1 ? slashed.replace(/\/+$/, "") : slashed;
  return process.platform === "win32" ? trimmed.toLowerCase() : trimmed;
}

function realOf(path: string): string | undefined {
  try {
    return clean(realpathSync.native(path));
  } catch {
    return undefined;
  }
}

function isWithin(path: string, root: string): boolean {
  if (root === "/") return path.startsWith("/");
  return path === root || path.startsWith(`${root}/`);
}
