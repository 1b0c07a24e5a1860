import { realpathSync, statSync } from "node:fs";
import { relative } from "node:path";
import type { Engine } from "../engine/lint";
import { joinPath, type Workspace } from "../engine/workspace";
import { IgnoreStack } from "./gitignore";
import { type GlobMatcher, matchesAnyGlob } from "./glob";
import type { CliConfig, ConfigResolver } from "./load-config";
import { UsageError } from "./usage-error";

/**
 * Folders that never hold the deployment being linted, only copies or tooling. Other hidden
 * folders are walked: the official Nextcloud examples live in `.examples/`.
 */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".git", ".hg", ".svn", ".cache", ".venv", ".tox", ".idea", ".vscode", ".terraform", ".npm", ".yarn", ".pnpm-store", ".next", ".nuxt", ".vscode-test", ".direnv"]);

const YAML_LIKE_NAME = /\.ya?ml(\.(j2|jinja2?|tmpl|tpl|gotmpl))?$/i;

export interface CollectOptions {
  /** The `.scaleout.yaml` of each folder: its `include`/`exclude` globs, relative to its folder. */
  configs: Pick<ConfigResolver, "forDir">;
  /** Skip what .gitignore files (and `.git/info/exclude`) ignore; `--no-ignore` turns it off. */
  respectGitignore: boolean;
  /**
   * Whether a file found by name or content is linted; default: some project reads it. The
   * editor's workspace scan passes a cheap test and checks each file later, between turns.
   */
  accept?: (path: string) => boolean;
}

export interface CollectedFiles {
  /** Absolute paths of the files the engine reads, sorted, each once. */
  files: string[];
  /** Paths given explicitly that are not a kind of file the engine reads, or folders with none below them. */
  skipped: string[];
}

/**
 * The files to lint below the given paths: the kinds the editor handles (Compose/Swarm, Helm
 * values, `.env`), found by name and, for other YAML, by content. Hidden folders are walked;
 * node_modules, .git, dist and the usual tool folders (.venv, .cache, .terraform, …) are not,
 * except for files that an `include` glob names; hidden files are kept when they are env files
 * (`.env`, `.env.production`). What .gitignore ignores is skipped (as git reads it: nested
 * .gitignore files, negation, `.git/info/exclude`), and so is what the nearest `.scaleout.yaml`
 * excludes. A path named on the command line — a file, or a folder to walk — is linted even if
 * ignored or excluded, as ESLint and ruff do; only what is found below it is filtered.
 */
export function collectFiles(inputs: readonly string[], engine: Engine, ws: Workspace, options: CollectOptions): CollectedFiles {
  const found = new Set<string>();
  const skipped: string[] = [];
  // By real path: a link to a folder already walked (`self -> .`, two links to `.`) is not walked
  // again, and a file reached under two names is linted once.
  const visitedDirs = new Set<string>();
  const foundReal = new Set<string>();
  const firstVisit = (seen: Set<string>, path: string): boolean => {
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      return false;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  /** Lintable files the current walk found (some may already have been found by an earlier input). */
  let hits = 0;
  const matches = matchesConfig;
  const isLintable = (path: string, name: string): boolean => lintableFile(path, name, engine, ws, options);
  const walk = (dir: string, depth: number, includedOnly: boolean, ignores: IgnoreStack): void => {
    // Deep trees are vendored copies, not deployments.
    if (depth > 24 || !firstVisit(visitedDirs, dir)) return;
    const config = options.configs.forDir(dir);
    for (const name of (ws.listDir(dir) ?? []).sort()) {
      const path = joinPath(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (matches(config, path, config.exclude)) continue;
      const isDirectory = stat.isDirectory();
      if (ignores.ignores(path, isDirectory)) continue;
      if (isDirectory) {
        if (name === "node_modules" || name === ".git") continue;
        const skipped = SKIPPED_FOLDERS.has(name);
        if (!skipped || config.include.length > 0) walk(path, depth + 1, includedOnly || skipped, options.respectGitignore ? ignores.enter(path) : ignores);
      } else if (stat.isFile() && (!includedOnly || matches(config, path, config.include)) && isLintable(path, name)) {
        // Counted even when another argument already found it: this folder is not empty.
        hits++;
        if (firstVisit(foundReal, path)) found.add(path);
      }
    }
  };
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (stat.isDirectory()) {
      hits = 0;
      walk(input, 0, false, options.respectGitignore ? IgnoreStack.forStart(input) : IgnoreStack.empty());
      // A folder named on the command line that holds nothing to lint is not a pass either.
      // (A folder an earlier argument already walked is not walked again: what it found counts.)
      if (hits === 0 && ![...found].some((path) => path.startsWith(`${input}/`))) skipped.push(input);
    } else if (isLintable(input, input.slice(input.lastIndexOf("/") + 1))) {
      if (firstVisit(foundReal, input)) found.add(input);
    } else skipped.push(input);
  }
  return { files: [...found].sort(), skipped };
}

function matchesConfig(config: CliConfig, path: string, globs: readonly GlobMatcher[]): boolean {
  if (globs.length === 0) return false;
  const rel = relative(config.root, path);
  return !rel.startsWith("..") && rel !== "" && matchesAnyGlob(rel.split("\\").join("/"), globs);
}

function lintableFile(path: string, name: string, engine: Engine, ws: Workspace, options: CollectOptions): boolean {
  const byName = engine.fileKind(path);
  if (byName === "chart") return false;
  if (byName === undefined && (name.startsWith(".") || !YAML_LIKE_NAME.test(name))) return false;
  // Only files some project reads: this also leaves out a chart's templates/, which Helm renders.
  return options.accept ? options.accept(path) : engine.discover(path, ws) !== undefined;
}

/**
 * Whether the walk of the folder `root` finds `path` (a file created or changed after the walk):
 * each folder on the way down passes the same `.scaleout.yaml` exclude/include, .gitignore,
 * skipped tool folders and depth limit as in collectFiles, and the file the same checks. A
 * directory `path` is tested as a folder the walk enters.
 */
export function walkFinds(root: string, path: string, engine: Engine, ws: Workspace, options: CollectOptions): boolean {
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..") || rel.startsWith("/")) return false;
  const names = rel.split("\\").join("/").split("/");
  let ignores = options.respectGitignore ? IgnoreStack.forStart(root) : IgnoreStack.empty();
  let dir = root;
  let includedOnly = false;
  for (let depth = 0; depth < names.length; depth++) {
    if (depth > 24) return false;
    const config = options.configs.forDir(dir);
    const name = names[depth];
    const current = joinPath(dir, name);
    let stat;
    try {
      stat = statSync(current);
    } catch {
      return false;
    }
    if (matchesConfig(config, current, config.exclude)) return false;
    const isDirectory = stat.isDirectory();
    if (ignores.ignores(current, isDirectory)) return false;
    if (!isDirectory) return depth === names.length - 1 && stat.isFile() && (!includedOnly || matchesConfig(config, current, config.include)) && lintableFile(current, name, engine, ws, options);
    if (name === "node_modules" || name === ".git") return false;
    const skipped = SKIPPED_FOLDERS.has(name);
    if (skipped && config.include.length === 0) return false;
    includedOnly ||= skipped;
    if (options.respectGitignore) ignores = ignores.enter(current);
    dir = current;
  }
  return true;
}
