import { suggestName } from "../knowledge/suggest-name";
import type { ScaleoutConfigProblem } from "./scaleout-config";

/**
 * The keys of `rules:` that name no rule (or, for `concern/*`, no concern), each with the nearest
 * real id: a misspelt id would otherwise configure nothing, silently.
 */
export function unknownRuleIdProblems(rules: Record<string, unknown> | undefined, knownIds: readonly string[]): ScaleoutConfigProblem[] {
  const concerns = [...new Set(knownIds.map((id) => id.split("/")[0]))];
  const problems: ScaleoutConfigProblem[] = [];
  for (const id of Object.keys(rules ?? {})) {
    if (id.endsWith("/*")) {
      const concern = id.slice(0, -2);
      if (concerns.includes(concern)) continue;
      const suggestion = suggestName(concern, concerns);
      problems.push({ path: `rules.${id}`, message: `no rule belongs to the concern "${concern}"${suggestion ? ` (did you mean ${suggestion}/*?)` : ""}` });
      continue;
    }
    if (knownIds.includes(id)) continue;
    const suggestion = suggestName(id, knownIds);
    problems.push({ path: `rules.${id}`, message: `no rule has this id${suggestion ? ` (did you mean ${suggestion}?)` : ""}; \`scaleout-lint rules\` lists them` });
  }
  return problems;
}
