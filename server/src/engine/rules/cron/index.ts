import type { Rule } from "../rule";
import { multipleRunners } from "./multiple-runners";
import { none } from "./none";
import { volumeParity } from "./volume-parity";

export const cronRules: Rule[] = [multipleRunners, none, volumeParity];
