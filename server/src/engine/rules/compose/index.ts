import type { Rule } from "../rule";
import { composeUndefinedVariable } from "./undefined-variable";

export const composeRules: Rule[] = [composeUndefinedVariable];
