import type { Rule } from "../rule";
import { noSharedRedis } from "./no-shared-redis";
import { redisPerNode } from "./redis-per-node";

export const lockingRules: Rule[] = [noSharedRedis, redisPerNode];
