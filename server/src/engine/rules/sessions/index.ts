import type { Rule } from "../rule";
import { filesInCluster } from "./files-in-cluster";
import { redisHandlerWithoutPath } from "./redis-handler-without-path";

export const sessionsRules: Rule[] = [filesInCluster, redisHandlerWithoutPath];
