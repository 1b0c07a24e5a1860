import type { Rule } from "../rule";

export const lockingRules: Rule[] = [];
