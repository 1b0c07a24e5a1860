import { statSync } from "node:fs";
import { relative } from "node:path";
import type { Engine } from "../engine/lint";
import { joinPath } from "../engine/workspace";
import type { FsWorkspace } from "./fs-workspace";
import { matchesAnyGlob } from "./glob";
import { UsageError } from "./usage-error";

/**
 * Folders that never hold the deployment being linted, only copies or tooling. Other hidden
 * folders are walked: the official Nextcloud examples live in `.examples/`.
 */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".git", ".hg", ".svn", ".cache", ".venv", ".tox", ".idea", ".vscode", ".terraform", ".npm", ".yarn", ".pnpm-store", ".next", ".nuxt", ".vscode-test", ".direnv"]);

const YAML_LIKE_NAME = /\.ya?ml(\.(j2|jinja2?|tmpl|tpl|gotmpl))?$/i;

export interface CollectOptions {
  /** Folder the `include`/`exclude` globs are relative to (the config's folder, else the cwd). */
  root: string;
  exclude: readonly RegExp[];
  /** Opens hidden folders and dist/ for the files that match (e.g. `.examples/**`). */
  include: readonly RegExp[];
}

export interface CollectedFiles {
  /** Absolute paths of the files the engine reads, sorted, each once. */
  files: string[];
  /** Paths given explicitly that are not a kind of file the engine reads. */
  skipped: string[];
}

/**
 * The files to lint below the given paths: the kinds the editor handles (Compose/Swarm, Helm
 * values, `.env`), found by name and, for other YAML, by content. Hidden folders are walked;
 * node_modules, .git, dist and the usual tool folders (.venv, .cache, .terraform, …) are not,
 * except for files that an `include` glob names; hidden files are kept when they are env files
 * (`.env`, `.env.production`). A path named on the command line is linted even if excluded.
 */
export function collectFiles(inputs: readonly string[], engine: Engine, ws: FsWorkspace, options: CollectOptions): CollectedFiles {
  const found = new Set<string>();
  const skipped: string[] = [];
  const matches = (path: string, globs: readonly RegExp[]): boolean => {
    const rel = relative(options.root, path);
    return !rel.startsWith("..") && rel !== "" && matchesAnyGlob(rel.split("\\").join("/"), globs);
  };
  const isLintable = (path: string, name: string): boolean => {
    const byName = engine.fileKind(path);
    if (byName === "chart") return false;
    if (byName !== undefined) return true;
    if (name.startsWith(".") || !YAML_LIKE_NAME.test(name)) return false;
    const text = ws.readFile(path);
    const kind = text === undefined ? undefined : engine.fileKind(path, text);
    return kind !== undefined && kind !== "chart";
  };
  const walk = (dir: string, depth: number, includedOnly: boolean): void => {
    // Deep trees are vendored copies, not deployments; the cap also stops symlink loops.
    if (depth > 24) return;
    for (const name of (ws.listDir(dir) ?? []).sort()) {
      const path = joinPath(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (matches(path, options.exclude)) continue;
      if (stat.isDirectory()) {
        if (name === "node_modules" || name === ".git") continue;
        const skipped = SKIPPED_FOLDERS.has(name);
        if (!skipped || options.include.length > 0) walk(path, depth + 1, includedOnly || skipped);
      } else if (stat.isFile() && (!includedOnly || matches(path, options.include)) && isLintable(path, name)) {
        found.add(path);
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
    if (stat.isDirectory()) walk(input, 0, false);
    else if (isLintable(input, input.slice(input.lastIndexOf("/") + 1))) found.add(input);
    else skipped.push(input);
  }
  return { files: [...found].sort(), skipped };
}
