import type { Rule } from "../rule";
import { uncoordinated } from "./uncoordinated";
import { versionSkew } from "./version-skew";

export const upgradeRules: Rule[] = [uncoordinated, versionSkew];
