import type { Rule } from "../rule";
import { filesInCluster } from "./files-in-cluster";
import { redisHandlerWithoutPath } from "./redis-handler-without-path";
import { redisPasswordUnsafeChars } from "./redis-password-unsafe-chars";

export const sessionsRules: Rule[] = [filesInCluster, redisHandlerWithoutPath, redisPasswordUnsafeChars];
