import type { Rule } from "../rule";
import { noSharedRedis } from "./no-shared-redis";
import { nonRedisBackend } from "./non-redis-backend";
import { redisPerNode } from "./redis-per-node";
import { redisTopologyUnsupported } from "./redis-topology-unsupported";

export const lockingRules: Rule[] = [noSharedRedis, redisPerNode, redisTopologyUnsupported, nonRedisBackend];
