import type { RelatedLocation } from "../../findings";
import type { AppRole, ClusterModel } from "../../model/cluster-model";
import { reaches, settingOf } from "../../model/queries";
import { isTrue } from "../helpers";
import { defineRule } from "../rule";

/** `--maxmemory-policy allkeys-lru` (or `=`): every key may be evicted, whether it expires or not. */
const ALLKEYS = /--maxmemory-policy(?:\s+|=)["']?(allkeys-(?:lru|lfu|random))\b/i;

export const redisEviction = defineRule({
  meta: {
    id: "locking/redis-eviction",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Redis eviction policy that can drop locks and sessions",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Redis service whose command sets `--maxmemory-policy` to `allkeys-lru`, `allkeys-lfu` or `allkeys-random` while a Nextcloud (`REDIS_HOST`) or ownCloud (`OWNCLOUD_REDIS_HOST`) app of the project uses it. A policy set in a mounted `redis.conf` is not shown in the files and is not checked.",
      whyItMatters:
        "With an `allkeys-*` policy Redis removes any key once it reaches `maxmemory` (https://redis.io/docs/latest/develop/reference/eviction/). The apps keep more than cache there: file locks (`memcache.locking`) and, for Nextcloud, PHP sessions (https://github.com/nextcloud/docker/blob/master/.config/redis.config.php, https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). An evicted lock lets two writers change a file at once, and an evicted session logs its user out. The configuration sample recommends Redis for locking precisely because \"most memcache backends can clean values without warning\" (https://github.com/nextcloud/server/blob/master/config/config.sample.php); an `allkeys-*` policy makes Redis one of them.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    command: redis-server --maxmemory 256mb --maxmemory-policy allkeys-lru", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    command: redis-server --maxmemory 1gb --maxmemory-policy noeviction", ""].join("\n"),
      },
      fixSafety:
        "No quick fix: with `noeviction` (the Redis default) a full Redis refuses writes instead of dropping keys, so `maxmemory` must be sized for the locks, sessions and cache; or run a separate Redis for the cache.",
      sources: [
        "https://redis.io/docs/latest/develop/reference/eviction/",
        "https://github.com/nextcloud/server/blob/master/config/config.sample.php",
        "https://github.com/nextcloud/docker/blob/master/.config/redis.config.php",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
      ],
    },
  },
  check({ model, report }) {
    for (const redis of model.redis) {
      const service = redis.service;
      const policy = ALLKEYS.exec(`${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`)?.[1];
      if (!policy) continue;
      const users = usersOf(model).filter((u) => reaches(model, service, u.host));
      if (users.length === 0) continue;
      const sessions = users.some((u) => u.app.product === "nextcloud");
      report({
        message: `${service.name} runs with --maxmemory-policy ${policy}: once full, Redis evicts any key, including the file locks${sessions ? " and PHP sessions" : ""} of ${[...new Set(users.map((u) => u.app.name))].join(", ")}, so two writers can change a file at once${sessions ? " and users are logged out" : ""}. Use noeviction and size maxmemory for them.`,
        location: service.command?.location ?? service.entrypoint?.location ?? service.nameLocation,
        related: users.map((u): RelatedLocation => ({ location: u.location, message: `${u.app.name} keeps its locks in ${service.name}` })),
      });
    }
  },
});

/** The apps using Redis and the host each names (ownCloud: only once enabled; default host `redis`). */
function usersOf(model: ClusterModel): { app: AppRole; host: string; location: RelatedLocation["location"] }[] {
  const out: { app: AppRole; host: string; location: RelatedLocation["location"] }[] = [];
  for (const app of model.apps) {
    if (app.product === "nextcloud") {
      const host = settingOf(app, "REDIS_HOST");
      if (host.certainty !== "known" || !host.value?.trim() || !host.setting) continue;
      out.push({ app, host: host.value.trim(), location: host.setting.location });
      continue;
    }
    const enabled = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
    if (enabled.certainty !== "known" || !isTrue(enabled.value) || !enabled.setting) continue;
    const host = settingOf(app, "OWNCLOUD_REDIS_HOST", "redis");
    if (host.certainty === "unknown") continue;
    out.push({ app, host: (host.value ?? "").trim().replace(/^tls:\/\//i, "") || "redis", location: (host.setting ?? enabled.setting).location });
  }
  return out;
}
