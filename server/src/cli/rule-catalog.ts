import { allRules } from "../engine/rules/registry";
import type { RuleMeta } from "../engine/rules/rule";

/** Every rule the CLI can report, in catalog order, from the registry (`lint/unused-ignore` included). */
export function ruleCatalog(): RuleMeta[] {
  return allRules.map((rule) => rule.meta);
}
