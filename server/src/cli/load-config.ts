import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYamlData } from "yaml";
import { parseScaleoutConfig } from "../engine/config/scaleout-config";
import { catalog } from "../engine/knowledge/catalog";
import type { LintOptions } from "../engine/lint-api";
import { globToRegExp } from "./glob";
import { ruleCatalog } from "./rule-catalog";
import { UsageError } from "./usage-error";

export const CONFIG_FILE_NAME = ".scaleout.yaml";

export interface CliConfig {
  /** The file read, or undefined when there is none. */
  path: string | undefined;
  options: LintOptions;
  /** Folder the `include`/`exclude` globs are relative to. */
  root: string;
  include: RegExp[];
  exclude: RegExp[];
}

/**
 * `.scaleout.yaml` from the working directory, or the file `--config` names (which must exist).
 * In CI a mistake in the config must not quietly lint with other settings, so every problem —
 * bad YAML, an unknown setting, an unknown rule id — is a usage error (exit 2).
 */
export function loadConfig(cwd: string, explicitPath: string | undefined): CliConfig {
  const path = explicitPath !== undefined ? resolve(cwd, explicitPath) : resolve(cwd, CONFIG_FILE_NAME);
  if (!existsSync(path)) {
    if (explicitPath !== undefined) throw new UsageError(`config file not found: ${explicitPath}`);
    return { path: undefined, options: {}, root: cwd, include: [], exclude: [] };
  }
  let data: unknown;
  try {
    data = parseYamlData(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const { config, problems } = parseScaleoutConfig(data);
  const messages = problems.map((p) => `${p.path ? `${p.path}: ` : ""}${p.message}`);
  const knownIds = ruleCatalog().map((meta) => meta.id);
  for (const id of Object.keys(config.rules ?? {})) {
    if (knownIds.includes(id)) continue;
    const suggestion = catalog.suggest(id, knownIds);
    messages.push(`rules.${id}: no rule has this id${suggestion ? ` (did you mean ${suggestion}?)` : ""}; \`scaleout-lint rules\` lists them`);
  }
  if (messages.length > 0) throw new UsageError(`${path}:\n${messages.map((m) => `  ${m}`).join("\n")}`);
  const options: LintOptions = {};
  if (config.rules) options.rules = config.rules;
  // `nodes: 3` says the stack runs on several nodes, which the files themselves cannot show.
  if (config.assumeCluster === true || (config.nodes ?? 1) > 1) options.assumeCluster = true;
  if (config.mounts) options.mounts = config.mounts;
  return { path, options, root: dirname(path), include: (config.include ?? []).map(globToRegExp), exclude: (config.exclude ?? []).map(globToRegExp) };
}
