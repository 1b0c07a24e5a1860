import type { Rule } from "../rule";

export const cronRules: Rule[] = [];
