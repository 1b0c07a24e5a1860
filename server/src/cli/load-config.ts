import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYamlData } from "yaml";
import { lintOptionsOfConfig } from "../engine/config/config-options";
import { normalizePath } from "../engine/workspace";
import { parseScaleoutConfig } from "../engine/config/scaleout-config";
import { unknownRuleIdProblems } from "../engine/config/unknown-rule-ids";
import type { LintOptions } from "../engine/lint-api";
import { compileGlob, type GlobMatcher } from "./glob";
import { ruleCatalog } from "./rule-catalog";
import { UsageError } from "./usage-error";

export const CONFIG_FILE_NAME = ".scaleout.yaml";

export interface CliConfig {
  /** The file read, or undefined when there is none. */
  path: string | undefined;
  options: LintOptions;
  /** Folder the `include`/`exclude` globs are relative to. */
  root: string;
  include: GlobMatcher[];
  exclude: GlobMatcher[];
}

/**
 * Which `.scaleout.yaml` applies to a file. Without `--config`, the nearest one: the first found
 * walking up from the file's folder (as ruff and ESLint's per-file lookup do), so a repository
 * with one config per stack lints each stack with its own. The walk goes on above the folder
 * the user started from only when nothing was found below it, which for a file inside that
 * folder is the same thing: the nearest wins. No config at all: the defaults, with globs
 * relative to the working directory. With `--config FILE` that one file applies everywhere.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, CliConfig>();
  private readonly byFile = new Map<string, CliConfig>();

  private constructor(
    private readonly cwd: string,
    private readonly forced: CliConfig | undefined,
  ) {}

  static create(cwd: string, explicitPath: string | undefined): ConfigResolver {
    if (explicitPath === undefined) return new ConfigResolver(cwd, undefined);
    const path = resolve(cwd, explicitPath);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${explicitPath}`);
    return new ConfigResolver(cwd, readConfig(path));
  }

  /** The config for everything in folder `dir` (an absolute path). */
  forDir(dir: string): CliConfig {
    if (this.forced) return this.forced;
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const candidate = join(dir, CONFIG_FILE_NAME);
    let config: CliConfig;
    if (isFile(candidate)) {
      config = this.byFile.get(candidate) ?? readConfig(candidate);
      this.byFile.set(candidate, config);
    } else if (dirname(dir) === dir) {
      config = { path: undefined, options: {}, root: this.cwd, include: [], exclude: [] };
    } else {
      config = this.forDir(dirname(dir));
    }
    this.byDir.set(dir, config);
    return config;
  }

  forFile(path: string): CliConfig {
    return this.forDir(dirname(path));
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * One `.scaleout.yaml`. In CI a mistake in the config must not quietly lint with other
 * settings, so every problem — bad YAML, an unknown setting, an unknown rule id — is a usage
 * error (exit 2).
 */
export function readConfig(path: string): CliConfig {
  let data: unknown;
  try {
    data = parseYamlData(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const { config, problems } = parseScaleoutConfig(data);
  const messages = problems.map((p) => `${p.path ? `${p.path}: ` : ""}${p.message}`);
  for (const problem of unknownRuleIdProblems(config.rules, ruleCatalog().map((meta) => meta.id))) messages.push(`${problem.path}: ${problem.message}`);
  if (messages.length > 0) throw new UsageError(`${path}:\n${messages.map((m) => `  ${m}`).join("\n")}`);
  return { path, options: lintOptionsOfConfig(config, normalizePath(dirname(path))), root: dirname(path), include: (config.include ?? []).map(compileGlob), exclude: (config.exclude ?? []).map(compileGlob) };
}
