import type { Rule } from "../rule";
import { filesInCluster } from "./files-in-cluster";

export const sessionsRules: Rule[] = [filesInCluster];
