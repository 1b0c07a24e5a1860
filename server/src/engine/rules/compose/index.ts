import type { Rule } from "../rule";
import { composeEnvFileNotInterpolated } from "./env-file-not-interpolated";
import { composeUndefinedVariable } from "./undefined-variable";

export const composeRules: Rule[] = [composeUndefinedVariable, composeEnvFileNotInterpolated];
