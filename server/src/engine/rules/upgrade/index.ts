import type { Rule } from "../rule";
import { floatingTagInCluster } from "./floating-tag-in-cluster";
import { uncoordinated } from "./uncoordinated";
import { versionSkew } from "./version-skew";

export const upgradeRules: Rule[] = [uncoordinated, versionSkew, floatingTagInCluster];
