import type { Rule } from "../rule";
import { exposedWithoutAuth } from "./exposed-without-auth";

export const redisRules: Rule[] = [exposedWithoutAuth];
