import type { Rule } from "../rule";

export const upgradeRules: Rule[] = [];
