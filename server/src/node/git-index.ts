import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { WorkspaceBoundary } from "./workspace-boundary";

/**
 * Whether git tracks a file, read from its repository's index (`.git/index`) without running git:
 * a path the index lists is committed or staged, so it travels with every clone and push. The
 * index format is git's documented one (https://git-scm.com/docs/index-format), versions 2 to 4.
 */

/** An index this large is not read: the answer is then unknown. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

interface IndexSnapshot {
  mtimeMs: number;
  size: number;
  paths: Set<string> | undefined;
}

const snapshots = new Map<string, IndexSnapshot>();

/**
 * True when the index of the repository holding `path` lists it, false when it does not.
 * Undefined when that cannot be told: no `.git` folder between the file and the boundary's edge, a
 * `.git` file (a worktree or submodule keeps its index elsewhere), an index outside the boundary,
 * too large, or in a form this reader does not know.
 */
export function trackedByGit(path: string, boundary: WorkspaceBoundary): boolean | undefined {
  for (let dir = dirname(path); boundary.contains(dir); dir = dirname(dir)) {
    const gitDir = join(dir, ".git");
    let isDirectory: boolean | undefined;
    try {
      isDirectory = statSync(gitDir).isDirectory();
    } catch {
      isDirectory = undefined;
    }
    if (isDirectory === false) return undefined;
    if (isDirectory) {
      const index = join(gitDir, "index");
      if (boundary.refusal(index) !== undefined) return undefined;
      const paths = indexPaths(index);
      return paths && paths.has(relative(dir, path).split(sep).join("/"));
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

function indexPaths(index: string): Set<string> | undefined {
  let stat;
  try {
    stat = statSync(index);
  } catch {
    // A repository without an index yet tracks nothing.
    return new Set();
  }
  if (!stat.isFile() || stat.size > MAX_INDEX_BYTES) return undefined;
  const known = snapshots.get(index);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.paths;
  let paths: Set<string> | undefined;
  try {
    paths = parseIndex(readFileSync(index));
  } catch {
    paths = undefined;
  }
  snapshots.set(index, { mtimeMs: stat.mtimeMs, size: stat.size, paths });
  return paths;
}

/** The paths of an index file's entries; undefined for anything but a well-formed version 2, 3 or 4 index. */
export function parseIndex(bytes: Buffer): Set<string> | undefined {
  if (bytes.length < 12 || bytes.toString("latin1", 0, 4) !== "DIRC") return undefined;
  const version = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (version < 2 || version > 4) return undefined;
  const paths = new Set<string>();
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    // ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each, times 8 bytes), the object name (20), flags (2).
    if (offset + 62 > bytes.length) return undefined;
    const flags = bytes.readUInt16BE(offset + 60);
    let at = offset + 62;
    if (version >= 3 && (flags & 0x4000) !== 0) at += 2;
    let name: Buffer;
    if (version === 4) {
      // The name is the previous one less N trailing bytes, then the bytes up to a NUL; no padding.
      const strip = readOffset(bytes, at);
      if (!strip || strip.value > previous.length) return undefined;
      at = strip.next;
      const end = bytes.indexOf(0, at);
      if (end < 0) return undefined;
      name = Buffer.concat([previous.subarray(0, previous.length - strip.value), bytes.subarray(at, end)]);
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, at);
      if (end < 0) return undefined;
      name = bytes.subarray(at, end);
      // 1 to 8 NULs pad the entry to a multiple of eight bytes.
      offset += (end - offset + 8) & ~7;
    }
    paths.add(name.toString("utf8"));
    previous = name;
  }
  return paths;
}

/** git's variable-length offset (varint.c): seven bits per byte, each continuation adding one. */
function readOffset(bytes: Buffer, at: number): { value: number; next: number } | undefined {
  if (at >= bytes.length) return undefined;
  let byte = bytes[at++];
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (at >= bytes.length || value > 0xffffff) return undefined;
    byte = bytes[at++];
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: at };
}
