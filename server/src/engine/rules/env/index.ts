import type { Rule } from "../rule";
import { envDuplicateKey } from "./duplicate-key";
import { envSyntax } from "./syntax";

export const envRules: Rule[] = [envSyntax, envDuplicateKey];
