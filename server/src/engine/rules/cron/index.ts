import type { Rule } from "../rule";
import { cronjobWithoutPersistence } from "./cronjob-without-persistence";
import { multipleRunners } from "./multiple-runners";
import { none } from "./none";
import { nonRoot } from "./non-root";
import { volumeParity } from "./volume-parity";

export const cronRules: Rule[] = [multipleRunners, none, volumeParity, nonRoot, cronjobWithoutPersistence];
