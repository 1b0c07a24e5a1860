import type { Rule } from "../rule";

export const storageRules: Rule[] = [];
