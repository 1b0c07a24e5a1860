import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { anyChar, GlobBuilder, type GlobMatcher, segmentChar } from "./glob";

/** One line of a .gitignore, compiled. */
export interface IgnoreRule {
  negated: boolean;
  /** `build/` matches directories only. */
  directoryOnly: boolean;
  /** Tested against the path relative to the folder of the file the rule comes from, with `/`. */
  regex: GlobMatcher;
}

/** The rules of one ignore file and the folder their patterns are relative to. */
export interface IgnoreFile {
  base: string;
  rules: IgnoreRule[];
}

/**
 * The lines of a .gitignore as git reads them (gitignore(5)): blank lines and `#` comments are
 * skipped, trailing spaces dropped unless escaped (`\ `), `!` negates, a trailing `/` matches
 * directories only, a `/` at the start or in the middle anchors the pattern to the file's folder
 * (otherwise it matches a name at any depth), `*` `?` `[…]` stay within one path segment, `**`
 * spans segments (`**​/x`, `x/**`, `a/**​/b`), and `\` makes the next character literal
 * (`\#`, `\!`, `\*`).
 */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n|\r/)) {
    const rule = compileLine(raw);
    if (rule) rules.push(rule);
  }
  return rules;
}

function compileLine(raw: string): IgnoreRule | undefined {
  if (raw === "" || raw.startsWith("#")) return undefined;
  // Trailing spaces go, unless the last one is escaped.
  let line = raw;
  while (line.endsWith(" ") && !line.endsWith("\\ ")) line = line.slice(0, -1);
  if (line === "") return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith("/") && !line.endsWith("\\/")) {
    directoryOnly = true;
    line = line.replace(/\/+$/, "");
  }
  if (line === "") return undefined;
  // A slash before the end (the trailing one is gone) anchors the pattern.
  const anchored = unescapedIndexOf(line, "/") >= 0;
  if (line.startsWith("/")) line = line.slice(1);
  const matcher = buildPattern(line, anchored);
  if (matcher === undefined) return undefined;
  return { negated, directoryOnly, regex: matcher };
}

function unescapedIndexOf(text: string, char: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

/** The pattern as a GlobBuilder (matched in linear time; a regular expression backtracked for minutes on `*a*a*a*a*a*a*b`). */
function buildPattern(pattern: string, anchored: boolean): GlobMatcher | undefined {
  const nfa = new GlobBuilder();
  if (!anchored) nfa.optionalFolders();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      // A trailing backslash matches nothing (git: the pattern is invalid).
      if (i + 1 >= pattern.length) return undefined;
      const literal = pattern[++i];
      nfa.char((x) => x === literal);
    } else if (c === "*") {
      if (pattern[i + 1] === "*") {
        const atSegmentStart = i === 0 || pattern[i - 1] === "/";
        const atSegmentEnd = i + 2 >= pattern.length || pattern[i + 2] === "/";
        if (atSegmentStart && atSegmentEnd) {
          if (i + 2 >= pattern.length) {
            // `x/**`: everything inside x (`**` alone: everything).
            nfa.repeat(anyChar);
            i += 1;
          } else {
            // `**/x` and `a/**/b`: zero or more folders.
            nfa.optionalFolders();
            i += 2;
          }
          continue;
        }
        // Any other `**` is two ordinary stars.
        while (pattern[i + 1] === "*") i++;
      }
      nfa.repeat(segmentChar);
    } else if (c === "?") {
      nfa.char(segmentChar);
    } else if (c === "[") {
      const cls = bracketClass(pattern, i);
      if (cls === undefined) nfa.char((x) => x === "[");
      else {
        // One character against a one-character class: no repetition, so no backtracking.
        const one = new RegExp(`^${cls.source}$`);
        nfa.char((x) => one.test(x));
        i = cls.end;
      }
    } else {
      nfa.char((x) => x === c);
    }
  }
  return nfa.build(pattern, false);
}

/** `[abc]`, `[a-z]`, `[!x]`/`[^x]`; a `]` first is literal. Never matches `/`. */
function bracketClass(pattern: string, open: number): { source: string; end: number } | undefined {
  let i = open + 1;
  let negated = false;
  if (pattern[i] === "!" || pattern[i] === "^") {
    negated = true;
    i++;
  }
  let body = "";
  const first = i;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "]" && i > first) {
      return { source: negated ? `(?!/)[^${body}]` : `(?!/)[${body}]`, end: i };
    }
    if (c === "\\" && i + 1 < pattern.length) {
      body += `\\${pattern[++i]}`;
    } else if (c === "-" && i > first && pattern[i + 1] !== "]" && i + 1 < pattern.length) {
      body += "-";
    } else {
      body += c.replace(/[\\\]^-]/g, "\\$&");
    }
  }
  return undefined;
}


/** Whether the last rule of `file` that matches `rel` ignores it (undefined: no rule matches). */
export function decide(file: IgnoreFile, rel: string, isDirectory: boolean): boolean | undefined {
  for (let i = file.rules.length - 1; i >= 0; i--) {
    const rule = file.rules[i];
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.regex.test(rel)) return !rule.negated;
  }
  return undefined;
}

/**
 * The ignore files that apply in one folder, deepest first: its own .gitignore, its parents'
 * up to the walk's start (and above it up to the repository root), then `.git/info/exclude`.
 * As in git, a deeper file overrides a shallower one and within a file the last match wins.
 */
export class IgnoreStack {
  private constructor(private readonly files: readonly IgnoreFile[]) {}

  static empty(): IgnoreStack {
    return new IgnoreStack([]);
  }

  /**
   * The stack for a folder the walk starts in: inside a git repository (a parent folder with
   * `.git`), the repository's `.git/info/exclude` and every .gitignore from the repository root
   * down to `dir`; outside one, only the .gitignore of `dir` itself (and, while walking, those below).
   */
  static forStart(dir: string): IgnoreStack {
    const start = resolve(dir);
    const repoRoot = findRepositoryRoot(start);
    const files: IgnoreFile[] = [];
    if (repoRoot !== undefined) {
      const exclude = gitInfoExclude(repoRoot);
      if (exclude !== undefined) files.push({ base: repoRoot, rules: parseGitignore(exclude) });
      const chain: string[] = [];
      for (let d = start; ; d = dirname(d)) {
        chain.push(d);
        if (d === repoRoot || dirname(d) === d) break;
      }
      for (const d of chain.reverse()) {
        const own = readGitignore(d);
        if (own) files.push(own);
      }
    } else {
      const own = readGitignore(start);
      if (own) files.push(own);
    }
    return new IgnoreStack(files.reverse());
  }

  /** The stack for a subfolder: its .gitignore, if any, on top. */
  enter(dir: string): IgnoreStack {
    const own = readGitignore(dir);
    return own ? new IgnoreStack([own, ...this.files]) : this;
  }

  ignores(path: string, isDirectory: boolean): boolean {
    for (const file of this.files) {
      const rel = relative(file.base, path).split("\\").join("/");
      if (rel === "" || rel.startsWith("../") || rel === "..") continue;
      const verdict = decide(file, rel, isDirectory);
      if (verdict !== undefined) return verdict;
    }
    return false;
  }
}

function readGitignore(dir: string): IgnoreFile | undefined {
  const text = readSmallFile(join(dir, ".gitignore"));
  if (text === undefined) return undefined;
  const rules = parseGitignore(text);
  return rules.length > 0 ? { base: dir, rules } : undefined;
}

function readSmallFile(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > 1024 * 1024) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file in a worktree). */
export function findRepositoryRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      statSync(join(d, ".git"));
      return d;
    } catch {
      // not here
    }
    if (dirname(d) === d) return undefined;
  }
}

/** `.git/info/exclude`; in a linked worktree (`.git` is a file) the one of the main repository. */
function gitInfoExclude(repoRoot: string): string | undefined {
  const dotGit = join(repoRoot, ".git");
  let gitDir = dotGit;
  const pointer = readSmallFile(dotGit);
  if (pointer !== undefined) {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(pointer);
    if (!match) return undefined;
    gitDir = resolve(repoRoot, match[1]);
    const common = readSmallFile(join(gitDir, "commondir"));
    if (common !== undefined) gitDir = resolve(gitDir, common.trim());
  }
  return readSmallFile(join(gitDir, "info", "exclude"));
}
