import type { Rule } from "../rule";

export const yamlRules: Rule[] = [];
