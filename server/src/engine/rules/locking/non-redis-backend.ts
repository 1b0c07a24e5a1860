import type { RelatedLocation } from "../../findings";
import type { AppRole } from "../../model/cluster-model";
import { configPhpOf, settingOf } from "../../model/queries";
import type { ReportInput } from "../rule";
import { clusterRelated, configRedisWins, isTrue } from "../helpers";
import { defineRule } from "../rule";

/** `memcache.locking` classes that are not Redis: per node (APCu, ArrayCache) or evicting (Memcached). */
function backendOf(className: string): "memcached" | "per-node" | undefined {
  const name = className.trim().replace(/^\\+/, "").toLowerCase();
  if (name === "oc\\memcache\\memcached") return "memcached";
  if (name === "oc\\memcache\\apcu" || name === "oc\\memcache\\arraycache") return "per-node";
  return undefined;
}

export const nonRedisBackend = defineRule({
  meta: {
    id: "locking/non-redis-backend",
    severity: "warning",
    formats: ["C", "H", "K", "E"],
    priority: "P2",
    clusterOnly: false,
    title: "Memcached or APCu used for file locking",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags an ownCloud app whose file locks go to Memcached — `OWNCLOUD_MEMCACHED_ENABLED=true` without `OWNCLOUD_REDIS_ENABLED=true` (Helm: `owncloud.memcachedEnabled`), or `OWNCLOUD_MEMCACHE_LOCKING` set to `\\OC\\Memcache\\Memcached` — and, when it runs on several nodes, one whose `OWNCLOUD_MEMCACHE_LOCKING` is `\\OC\\Memcache\\APCu`, a cache inside each node. The same for a `memcache.locking` that a config file of the deployment sets (a `nextcloud.configs` snippet, `owncloud.configExtra`, a ConfigMap key mounted into the config directory), for Nextcloud and ownCloud, when it takes effect: the image's own Redis settings (`REDIS_HOST`, `OWNCLOUD_REDIS_ENABLED`) replace it unless the file is read after theirs.",
      whyItMatters:
        "With Memcached enabled and Redis not, the ownCloud image sets both `memcache.distributed` and `memcache.locking` to `\\OC\\Memcache\\Memcached` (https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/templates/config.php). The caching documentation lists Memcached for distributed caching and Redis for transactional file locking (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/caching_configuration.html); the configuration sample recommends Redis for `memcache.locking` because \"most memcache backends can clean values without warning\" (https://github.com/nextcloud/server/blob/master/config/config.sample.php), and an evicted lock lets two writers change a file at once. APCu lives in each PHP process' node, so locks taken on one node are not seen on another.",
      example: {
        "compose.yaml": ["services:", "  owncloud:", "    image: owncloud/server:10.16", "    environment:", "      OWNCLOUD_MEMCACHED_ENABLED: \"true\"", "      OWNCLOUD_MEMCACHED_HOST: memcached", "  memcached:", "    image: memcached:1.6", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  owncloud:", "    image: owncloud/server:10.16", "    environment:", "      OWNCLOUD_REDIS_ENABLED: \"true\"", "      OWNCLOUD_REDIS_HOST: redis", "  redis:", "    image: redis:7", ""].join("\n"),
      },
      fixSafety: "No quick fix: the app needs a Redis service first. Run one, set `OWNCLOUD_REDIS_ENABLED=true` and `OWNCLOUD_REDIS_HOST`, and drop `OWNCLOUD_MEMCACHED_ENABLED` and `OWNCLOUD_MEMCACHE_LOCKING`.",
      sources: [
        "https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/templates/config.php",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
        "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/caching_configuration.html",
        "https://github.com/nextcloud/server/blob/master/config/config.sample.php",
        "https://doc.owncloud.com/server/next/admin_manual/configuration/server/caching_configuration.html",
      ],
    },
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const app of model.apps) {
      const cluster = model.cluster.inCluster ? clusterRelated(model, app) : undefined;
      const input = owncloudLocking(app, cluster) ?? configFileLocking(app, cluster);
      if (!input) continue;
      const key = `${input.location.path}|${input.location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(input);
    }
  },
});

/** ownCloud's template: Redis wins, then Memcached; only without both does OWNCLOUD_MEMCACHE_LOCKING stay as written. */
function owncloudLocking(app: AppRole, cluster: RelatedLocation[] | undefined): ReportInput | undefined {
  if (app.product !== "owncloud") return undefined;
  const redis = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
  if (redis.certainty === "unknown" || isTrue(redis.value)) return undefined;
  const memcached = settingOf(app, "OWNCLOUD_MEMCACHED_ENABLED");
  if (memcached.certainty === "unknown") return undefined;
  const redisOff = `${redis.label} is ${redis.certainty === "defaulted" ? "not set" : `"${redis.value}"`}`;
  // The template compares with the exact string 'true'.
  if (memcached.value === "true" && memcached.setting) {
    return {
      message: `${memcached.label}=true and ${redisOff}: the image puts ${app.name}'s file locks in Memcached, which may evict them, so two writers can change a file at once. Use Redis for locking (OWNCLOUD_REDIS_ENABLED=true).`,
      location: memcached.setting.source?.location ?? memcached.setting.location,
      related: cluster ?? [],
    };
  }
  const locking = settingOf(app, "OWNCLOUD_MEMCACHE_LOCKING");
  if (locking.certainty !== "known" || !locking.setting || !locking.value) return undefined;
  const backend = backendOf(locking.value);
  if (!backend || (backend === "per-node" && !cluster)) return undefined;
  const location = locking.setting.source?.location ?? locking.setting.location;
  return backend === "memcached"
    ? { message: `${locking.label} is Memcached and ${redisOff}: ${app.name}'s file locks go to a cache that may evict them, so two writers can change a file at once. Use Redis for locking.`, location, related: cluster ?? [] }
    : { message: `${locking.label} is ${locking.value.trim()} and ${redisOff}: ${app.name} runs on several nodes and each keeps its file locks in its own APCu, so a lock taken on one node is not seen on another. Use a shared Redis for locking.`, location, related: cluster ?? [] };
}

/** `memcache.locking` as a config file of the deployment sets it, where it is not replaced by the image's. */
function configFileLocking(app: AppRole, cluster: RelatedLocation[] | undefined): ReportInput | undefined {
  const locking = configPhpOf(app, "memcache.locking");
  const setting = locking.setting;
  if (locking.certainty !== "known" || setting?.value.kind !== "string" || !configRedisWins(app, setting)) return undefined;
  const backend = backendOf(setting.value.value);
  if (!backend || (backend === "per-node" && !cluster)) return undefined;
  const written = setting.value.value.trim();
  return backend === "memcached"
    ? { message: `${setting.label} sets memcache.locking to ${written}: ${app.name}'s file locks go to a cache that may evict them, so two writers can change a file at once. Use Redis for locking.`, location: setting.location, related: cluster ?? [] }
    : { message: `${setting.label} sets memcache.locking to ${written}: ${app.name} runs on several nodes and each keeps its file locks in its own APCu, so a lock taken on one node is not seen on another. Use a shared Redis for locking.`, location: setting.location, related: cluster ?? [] };
}
