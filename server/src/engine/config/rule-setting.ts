import type { LintOptions, RuleSetting } from "../lint-api";

/** The setting of a rule: its own entry, else its concern's (`storage/*: warning`), else none. */
export function ruleSettingOf(options: LintOptions, ruleId: string): RuleSetting | undefined {
  return options.rules?.[ruleId] ?? options.rules?.[`${ruleId.split("/")[0]}/*`];
}
