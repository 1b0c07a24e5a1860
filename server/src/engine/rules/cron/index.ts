import type { Rule } from "../rule";
import { multipleRunners } from "./multiple-runners";

export const cronRules: Rule[] = [multipleRunners];
