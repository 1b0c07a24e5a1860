import type { Rule } from "../rule";

export const redisRules: Rule[] = [];
