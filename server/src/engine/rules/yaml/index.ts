import type { Rule } from "../rule";
import { yamlSyntax } from "./syntax";

export const yamlRules: Rule[] = [yamlSyntax];
