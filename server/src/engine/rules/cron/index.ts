import type { Rule } from "../rule";
import { multipleRunners } from "./multiple-runners";
import { none } from "./none";

export const cronRules: Rule[] = [multipleRunners, none];
