import type { Rule } from "../rule";
import { noSharedRedis } from "./no-shared-redis";
import { nonRedisBackend } from "./non-redis-backend";
import { redisEviction } from "./redis-eviction";
import { redisFailoverDistribute } from "./redis-failover-distribute";
import { redisPerNode } from "./redis-per-node";
import { redisTopologyUnsupported } from "./redis-topology-unsupported";

export const lockingRules: Rule[] = [noSharedRedis, redisPerNode, redisTopologyUnsupported, nonRedisBackend, redisFailoverDistribute, redisEviction];
