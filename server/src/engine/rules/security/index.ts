import type { Rule } from "../rule";

export const securityRules: Rule[] = [];
