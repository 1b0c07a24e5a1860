import type { Rule } from "../rule";

export const databaseRules: Rule[] = [];
