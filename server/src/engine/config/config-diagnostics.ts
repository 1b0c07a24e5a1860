import { parse as parseYamlData, YAMLParseError } from "yaml";
import { parseYaml, type YNode } from "../documents/yaml-tree";
import type { LintOptions } from "../lint-api";
import type { Span } from "../text/span";
import { lintOptionsOfConfig } from "./config-options";
import { dirname } from "../workspace";
import { parseScaleoutConfig } from "./scaleout-config";
import { unknownRuleIdProblems } from "./unknown-rule-ids";

/** A mistake in `.scaleout.yaml`, where it is. */
export interface ConfigProblem {
  message: string;
  span: Span;
}

export interface CheckedConfig {
  /** What the valid settings configure: a broken entry is left out, the others still apply. */
  options: LintOptions;
  problems: ConfigProblem[];
}

/**
 * `.scaleout.yaml` checked as the CLI checks it (bad YAML, unknown settings, bad values, unknown
 * rule ids with the nearest real one), each problem placed on its key so an editor can show it
 * in the file rather than lint on with other settings unnoticed.
 */
export function checkScaleoutConfig(path: string, text: string, knownRuleIds: readonly string[]): CheckedConfig {
  const body = text.replace(/^\uFEFF/, "");
  const offset = text.length - body.length;
  let data: unknown;
  try {
    data = parseYamlData(body);
  } catch (error) {
    const [start, end] = error instanceof YAMLParseError ? error.pos : [0, 0];
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { options: {}, problems: [{ message: `not valid YAML, so none of its settings apply: ${message}`, span: { start: start + offset, end: Math.max(end, start + 1) + offset } }] };
  }
  const { config, problems } = parseScaleoutConfig(data);
  const all = [...problems, ...unknownRuleIdProblems(config.rules, knownRuleIds)];
  const root = all.length > 0 ? parseYaml(path, text).roots[0] : undefined;
  return {
    options: lintOptionsOfConfig(config, dirname(path)),
    problems: all.map((problem) => ({ message: `${problem.path ? `${problem.path}: ` : ""}${problem.message}`, span: spanOfPath(root, problem.path, text) })),
  };
}

/** The key a dotted path names (keys may hold dots: `rules.a/b`, `mounts./mnt/x.y`), else the first line. */
function spanOfPath(root: YNode | undefined, path: string, text: string): Span {
  let node = root;
  let rest = path;
  let found: Span | undefined;
  while (rest !== "" && node?.kind === "map") {
    const entry = node.entries.find((e) => rest === e.key || rest.startsWith(`${e.key}.`));
    if (!entry) break;
    found = entry.keySpan;
    rest = rest.slice(entry.key.length + 1);
    node = entry.value;
  }
  if (found) return found;
  const firstLine = text.indexOf("\n");
  return { start: 0, end: firstLine < 0 ? text.length : firstLine };
}
