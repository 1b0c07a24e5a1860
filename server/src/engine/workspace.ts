/**
 * The engine's only window on files. The CLI backs it with the file system, the language
 * server with its open documents layered over the file system, tests with a plain map.
 * Paths are absolute and use forward slashes.
 */
export interface Workspace {
  readFile(path: string): string | undefined;
  /** Names (not paths) of the entries of a directory, or undefined when it does not exist. */
  listDir(dir: string): string[] | undefined;
  /**
   * Why an existing path is deliberately not read (readFile gave undefined): "is outside the
   * workspace", "is a FIFO (named pipe), not a file"… Undefined when it is read, or simply absent.
   * The engine reports these (project/unseen-input) and treats what they would give as unknown.
   */
  refusal?(path: string): string | undefined;
  /** Why a file that exists reads as undefined (over the size limit, unreadable), when it does. */
  skipReason?(path: string): string | undefined;
  /**
   * Whether git tracks the file (its repository's index lists it), undefined when the workspace
   * cannot tell: no repository, or one whose index is not readable here.
   */
  tracked?(path: string): boolean | undefined;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  if (i <= 0) return "/";
  return path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function joinPath(dir: string, rel: string): string {
  if (rel.startsWith("/")) return normalizePath(rel);
  return normalizePath(`${dir}/${rel}`);
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** A Workspace over an in-memory map of absolute path → text; used by tests and the language server overlay. */
export class MapWorkspace implements Workspace {
  constructor(private readonly files: Map<string, string>) {}

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  listDir(dir: string): string[] | undefined {
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split("/")[0]);
    }
    return names.size > 0 ? [...names] : undefined;
  }
}
