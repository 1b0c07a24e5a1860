import type { Rule } from "../rule";
import { unusedIgnore } from "./unused-ignore";

export const lintRules: Rule[] = [unusedIgnore];
