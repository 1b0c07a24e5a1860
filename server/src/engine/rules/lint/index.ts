import type { Rule } from "../rule";
import { skippedFile } from "./skipped-file";
import { unusedIgnore } from "./unused-ignore";

export const lintRules: Rule[] = [unusedIgnore, skippedFile];
