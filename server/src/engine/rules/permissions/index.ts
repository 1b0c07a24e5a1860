import type { Rule } from "../rule";

export const permissionsRules: Rule[] = [];
