import type { RelatedLocation } from "../../findings";
import type { AppRole, ClusterModel, EnvSetting } from "../../model/cluster-model";
import type { Location } from "../../text/span";
import { configPhpOf, configPhpValueAt, isScaled, reaches, settingOf, sharedRedis } from "../../model/queries";
import { clusterRelated, configRedisWins, envValue, isRedisCache, isTrue, withRedisPassword, withRelated } from "../helpers";
import { defineRule } from "../rule";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** An app's Redis connection: which host it names and the setting that names it. */
interface RedisUse {
  app: AppRole;
  host: string;
  setting?: EnvSetting;
  variable: string;
  /** A config file of the deployment names the host (`'redis' => ['host' => …]`): where, and how messages name it. */
  configFile?: { location: Location; label: string };
}

export const redisPerNode = defineRule({
  meta: {
    id: "locking/redis-per-node",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "The Redis the apps use is not one shared instance",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags the Redis service an ownCloud/Nextcloud app uses when it runs several replicas or in global mode without Redis Cluster mode (`--cluster-enabled yes`), and, in cluster context, an app whose Redis host is `localhost`, a loopback address or a unix socket (a Redis per node or a sidecar per pod) — also when a config file of the deployment names it (`'redis' => ['host' => 'localhost']` in a `nextcloud.configs` snippet or `owncloud.configExtra`) and replaces the image's Redis settings, or a config file puts Nextcloud's locks or cache in Redis without any `redis` host or `redis.cluster` (Nextcloud then connects to 127.0.0.1).",
      whyItMatters:
        "Locks, the distributed cache and sessions only work across nodes when every node talks to the same Redis. Replicas of a plain Redis are independent servers that share nothing, and the service name spreads connections over them; a Redis on localhost or a socket is a different server on every node. Either way there is no cross-node locking: races and corrupted or half-written files (https://redis.io/docs/latest/operate/oss_and_stack/management/security/; ownCloud's cluster guide, File Locking: \"a per-node Redis … gives you no cross-node locking\": https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          "    deploy:",
          "      replicas: 3",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          "    deploy:",
          "      replicas: 1",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: for a scaled Redis the quick fix runs one replica (`replicas: 1`, or `mode: replicated` instead of `global`); sessions and cache entries held by the other replicas are lost once. For a loopback host it points the app at the project's Redis service when there is one. When that Redis asks for a password (`--requirepass`, or its image's password variable), the fix also sets the app's password variable (`REDIS_HOST_PASSWORD`, `OWNCLOUD_REDIS_PASSWORD`) to a reference to it — the `${VAR}` the server is given, or the `.env` variable that holds its literal; when there is neither, no fix is offered, since a fix never copies a password. A real Redis Cluster needs `redis.cluster` configuration (Nextcloud) or `OWNCLOUD_REDIS_SEEDS` (ownCloud) instead, which no quick fix writes.",
      sources: ["https://redis.io/docs/latest/operate/oss_and_stack/management/security/", "https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, fix, report }) {
    const uses = redisUses(model);
    for (const redis of model.redis) {
      const service = redis.service;
      if (!isScaled(service)) continue;
      const users = uses.filter((u) => reaches(model, service, u.host));
      if (users.length === 0) continue;
      if (/--cluster-enabled(\s+|=)yes\b/.test(`${service.command?.value ?? ""} ${service.entrypoint?.value ?? ""}`)) continue;
      const count = service.replicas.value === "global" ? "one replica on every node (global mode)" : `${service.replicas.value} replicas`;
      report({
        message: `${service.name} runs ${count} without Redis Cluster mode, and ${users.map((u) => u.app.name).join(", ")} use${users.length === 1 ? "s" : ""} it: each replica is a separate Redis that shares no locks, cache or sessions with the others.`,
        location: service.replicas.location ?? service.nameLocation,
        related: withRelated(
          service.replicas.related,
          users.map((u): RelatedLocation => ({ location: u.configFile?.location ?? u.setting?.location ?? u.app.nameLocation, message: `${u.app.name} connects to ${service.name} through ${u.configFile?.label ?? u.variable}${u.setting || u.configFile ? "" : " (default redis)"}` })),
        ),
        // Only a count written in place is lowered (an autoscaler's maximum is no count to edit).
        fixes: [fix.setFact(service.replicas, service.replicas.value === "global" ? "replicated" : "1", `Run one ${service.name} replica`, "unsafe")],
      });
    }
    if (!model.cluster.inCluster) return;
    const shared = sharedRedis(model);
    const instance = model.vocabulary.instance;
    for (const use of uses) {
      if (use.app.role !== "web") continue;
      const socket = use.host.startsWith("/");
      if (!socket && !LOOPBACK.test(use.host)) continue;
      // A chart renders the host from its own value (`externalRedis.host`): name and point at that.
      const source = use.setting?.source;
      const location = use.configFile?.location ?? source?.location ?? (use.setting && !use.setting.isDefault ? use.setting.location : undefined) ?? use.app.nameLocation;
      report({
        message: `${use.app.name} runs on several ${instance}s with ${use.configFile?.label ?? source?.label ?? use.setting?.label ?? use.variable} ${socket ? `a unix socket (${use.host})` : `"${use.host}"`}: every ${instance} talks to its own Redis, so locks, cache and sessions are not shared.`,
        location,
        related: withRelated(clusterRelated(model, use.app), use.app.redisSidecar),
        fixes: [
          shared?.host && !isScaled(shared.service) && use.setting?.valueLocation && !use.configFile
            ? withRedisPassword(model, fix, use.app, shared.host, (password) => fix.setEnvs(use.app, [[use.variable, shared.host!], ...password], `Use the shared Redis service ${shared.host}${password.length > 0 ? " with its password" : ""}`, "unsafe"))
            : undefined,
        ],
      });
    }
  },
});

/** Every app's Redis host: Nextcloud's REDIS_HOST; ownCloud's OWNCLOUD_REDIS_HOST (default `redis`) once enabled. */
function redisUses(model: ClusterModel): RedisUse[] {
  const out: RedisUse[] = [];
  for (const app of model.apps) {
    const fromConfig = configFileUse(app);
    if (fromConfig !== undefined) {
      if (fromConfig) out.push(fromConfig);
      continue;
    }
    if (app.product === "nextcloud") {
      const host = (envValue(app, "REDIS_HOST") ?? "").trim();
      if (host) out.push({ app, host, setting: app.env.get("REDIS_HOST"), variable: "REDIS_HOST" });
      continue;
    }
    if (!isTrue(envValue(app, "OWNCLOUD_REDIS_ENABLED"))) continue;
    // OWNCLOUD_REDIS_HOST defaults to `redis` and may carry a `tls://` prefix (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md).
    const host = ((envValue(app, "OWNCLOUD_REDIS_HOST") ?? "").trim() || "redis").replace(/^tls:\/\//i, "");
    out.push({ app, host, setting: app.env.get("OWNCLOUD_REDIS_HOST"), variable: "OWNCLOUD_REDIS_HOST" });
  }
  return out;
}

/**
 * The Redis host a config file of the deployment gives (`'redis' => ['host' => …]`), when it
 * replaces the image's and the app keeps locks or cache in Redis; undefined when the config files
 * do not decide it, null when they decide it but the host cannot be told.
 */
function configFileUse(app: AppRole): RedisUse | null | undefined {
  const redis = configPhpOf(app, "redis");
  const setting = redis.setting;
  if (!setting) return redis.certainty === "defaulted" ? defaultHostUse(app) : undefined;
  if (!configRedisWins(app, setting)) return undefined;
  // The app uses the `redis` settings when its cache or locks are in Redis: by the image's variables or by a config file.
  const byImage = app.product === "nextcloud" ? (envValue(app, "REDIS_HOST") ?? "").trim() !== "" : isTrue(envValue(app, "OWNCLOUD_REDIS_ENABLED"));
  const byConfig = ["memcache.locking", "memcache.distributed"].some((key) => isRedisCache(configPhpOf(app, key).setting?.value));
  if (!byImage && !byConfig) return undefined;
  const host = configPhpValueAt(setting.value, "host");
  if (host?.kind !== "string") return null;
  return { app, host: host.value.trim(), variable: "redis.host", configFile: { location: host.location, label: `the Redis host in ${setting.label}` } };
}

/**
 * Nextcloud with its cache or locks in Redis by a config file, and no `redis` or `redis.cluster`
 * anywhere (no `REDIS_HOST` either): it connects to 127.0.0.1, a Redis in each pod
 * (https://github.com/nextcloud/server/blob/master/lib/private/RedisFactory.php).
 */
function defaultHostUse(app: AppRole): RedisUse | undefined {
  if (app.product !== "nextcloud" || configPhpOf(app, "redis.cluster").certainty !== "defaulted") return undefined;
  const host = settingOf(app, "REDIS_HOST");
  if (host.certainty === "unknown" || (host.value ?? "") !== "") return undefined;
  const cache = ["memcache.locking", "memcache.distributed"].map((key) => configPhpOf(app, key)).find((fact) => fact.certainty === "known" && isRedisCache(fact.setting?.value));
  if (!cache?.setting) return undefined;
  return { app, host: "127.0.0.1", variable: "redis.host", configFile: { location: cache.setting.location, label: `Redis for ${cache.key} in ${cache.setting.label} but no 'redis' host, so the default` } };
}
