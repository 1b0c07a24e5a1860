import type { Rule } from "../rule";

export const envRules: Rule[] = [];
