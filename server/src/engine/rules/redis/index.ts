import type { Rule } from "../rule";
import { exposedWithoutAuth } from "./exposed-without-auth";
import { passwordMismatch } from "./password-mismatch";

export const redisRules: Rule[] = [exposedWithoutAuth, passwordMismatch];
