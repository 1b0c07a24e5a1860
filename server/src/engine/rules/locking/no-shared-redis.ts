import type { Fix, RelatedLocation } from "../../findings";
import { helmTruthy } from "../../model/helm-adapter";
import type { AppRole, ClusterModel, ServiceModel } from "../../model/cluster-model";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { ReportInput } from "../rule";
import { clusterRelated, envValue, isSetNonEmpty, isTrue, settingOrService, sharedRedisName, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { sharedRedisHost } from "./redis-hosts";

export const noSharedRedis = defineRule({
  meta: {
    id: "locking/no-shared-redis",
    severity: "error",
    formats: ["C", "H", "K", "E"],
    priority: "P1",
    clusterOnly: true,
    title: "Cluster without one shared Redis for locking and distributed cache",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a scaled-out Nextcloud without `REDIS_HOST` (Helm: neither `redis.enabled` nor `externalRedis.enabled`) and a scaled-out ownCloud whose `OWNCLOUD_REDIS_ENABLED` is not `true` (Helm: `owncloud.redis.enabled`). For Nextcloud the same missing `REDIS_HOST` also leaves PHP sessions per node; this rule reports that together, `sessions/files-in-cluster` only takes over when this rule is turned off.",
      whyItMatters:
        "`REDIS_HOST` is Nextcloud's one switch for Redis: without it `memcache.locking` is unset, so file locks go to the database, `memcache.distributed` falls back to each node's APCu, and sessions stay in each container (FACTS §1.2 Redis, §5.1). ownCloud only points `memcache.locking` and `memcache.distributed` at Redis when `OWNCLOUD_REDIS_ENABLED=true` (FACTS §2.2). A per-node cache or lock store gives no cross-node locking, which leads to race conditions and corrupted or half-written files (seed 000 File Locking; FACTS §7). Nextcloud without Redis still locks through the database, at the cost of significant database load (FACTS §5.1).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  redis:",
          "    image: redis:7",
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
          "      - MYSQL_HOST=db",
          "      - REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix points the app at the project's Redis service (`REDIS_HOST=<service>` for Nextcloud; `OWNCLOUD_REDIS_ENABLED=true` plus `OWNCLOUD_REDIS_HOST` for ownCloud; `redis.enabled: true` — the Bitnami subchart — or `owncloud.redis.enabled: true` in the charts). It changes where locks, cache and sessions live, users log in again once, and a Redis with a password also needs `REDIS_HOST_PASSWORD` / `OWNCLOUD_REDIS_PASSWORD`. Without a Redis service in the project there is no quick fix: add one first.",
      sources: ["FACTS §1.2 Redis", "FACTS §2.2 Redis / Memcached", "FACTS §3.1 redis", "FACTS §3.3 #4", "FACTS §4.1 Redis", "FACTS §5.1", "FACTS §7", "seed 000 File Locking"],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const input = app.product === "nextcloud" ? nextcloudWithoutRedis(model, app, fix) : owncloudWithoutRedis(model, app, fix);
      if (input) report(input);
    }
  },
});

function nextcloudWithoutRedis(model: ClusterModel, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  if (isSetNonEmpty(app, "REDIS_HOST")) return undefined;
  const helm = model.helm;
  if (helm) {
    const external = helm.get("externalRedis.enabled");
    if (helmTruthy(external?.value)) {
      const host = helm.get("externalRedis.host");
      return {
        message: `${app.name} runs on several pods with externalRedis.enabled but an empty externalRedis.host: the chart renders an empty REDIS_HOST, so file locks go to the database, the distributed cache stays in each pod's APCu and PHP sessions stay in the pod that created them.`,
        location: host && !host.isDefault ? host.location! : external!.location ?? app.nameLocation,
        related: withRelated(clusterRelated(model)),
      };
    }
    const redisEnabled = helm.get("redis.enabled");
    // Sticky sessions keep users on one pod (FACTS §3.1 service.sessionAffinity); locking stays broken.
    const sticky = helm.get("service.sessionAffinity")?.value === "ClientIP";
    const location = (redisEnabled && !redisEnabled.isDefault ? redisEnabled.location : undefined) ?? (external && !external.isDefault ? external.location : undefined) ?? app.replicas.location ?? app.nameLocation;
    return {
      message: `${app.name} runs on several pods without Redis (redis.enabled and externalRedis.enabled are false): file locks go to the database, the distributed cache stays in each pod's APCu${sticky ? "" : " and PHP sessions stay in the pod that created them"}.`,
      location,
      related: withRelated(clusterRelated(model)).filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start),
      fixes: [fix.setValue("redis.enabled", "true", "Enable the chart's Redis (Bitnami subchart) for locking, cache and sessions", "unsafe")],
    };
  }
  const setting = app.env.get("REDIS_HOST");
  if (!setting && unseenEnvironment(app)) return undefined;
  const shared = sharedRedisHost(model);
  const redis = shared?.host;
  const unused = model.redis.find((r) => r.service.name === sharedRedisName(model))?.service;
  return {
    message: `${app.name} runs on several nodes without REDIS_HOST: file locks go to the database, the distributed cache stays in each node's APCu and PHP sessions stay in each container, so file locking puts significant load on the database and users are logged out when the load balancer switches nodes.${unused ? ` The Redis service "${unused.name}"${shared && shared.host !== unused.name ? ` (Kubernetes Service ${shared.host})` : ""} is not used.` : " Add a Redis service and set REDIS_HOST."}`,
    location: settingOrService(app, setting),
    related: withRelated(clusterRelated(model), redisServiceRelated(unused)),
    fixes: [redis ? fix.setEnv(app, "REDIS_HOST", redis, `Set REDIS_HOST=${redis} on ${app.name}`, "unsafe") : undefined],
  };
}

function owncloudWithoutRedis(model: ClusterModel, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const helm = model.helm;
  if (helm) {
    const enabled = helm.get("owncloud.redis.enabled");
    // The chart emits OWNCLOUD_REDIS_* only when the flag is truthy; the string "false" is truthy to Go templates (FACTS §4.1).
    if (helmTruthy(enabled?.value)) return undefined;
    const location = (enabled && !enabled.isDefault ? enabled.location : undefined) ?? app.replicas.location ?? app.nameLocation;
    return {
      message: `${app.name} runs on several pods with owncloud.redis.enabled ${enabled?.isDefault ? "unset (default false)" : "false"}: file locking and the distributed cache stay in each pod, so concurrent uploads and edits race and files end up half-written.`,
      location,
      related: withRelated(clusterRelated(model)).filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start),
      fixes: [fix.setValue("owncloud.redis.enabled", "true", `Enable Redis (the chart deploys none: it expects one at owncloud.redis.host "${String(helm.get("owncloud.redis.host")?.value ?? "redis")}")`, "unsafe")],
    };
  }
  const value = envValue(app, "OWNCLOUD_REDIS_ENABLED");
  if (isTrue(value) || (!app.env.has("OWNCLOUD_REDIS_ENABLED") && unseenEnvironment(app))) return undefined;
  const redis = sharedRedisHost(model)?.host;
  const unused = model.redis.find((r) => r.service.name === sharedRedisName(model))?.service;
  const host = (envValue(app, "OWNCLOUD_REDIS_HOST") ?? "").trim();
  let fixOf: Fix | undefined;
  if (host) fixOf = fix.setEnv(app, "OWNCLOUD_REDIS_ENABLED", "true", `Set OWNCLOUD_REDIS_ENABLED=true on ${app.name} (Redis at ${host})`, "unsafe");
  else if (redis)
    fixOf = fix.setEnvs(
      app,
      [
        ["OWNCLOUD_REDIS_ENABLED", "true"],
        ["OWNCLOUD_REDIS_HOST", redis],
      ],
      `Use the Redis service ${redis} for locking and cache on ${app.name}`,
      "unsafe",
    );
  // A lone .env configures nodes whose Redis it cannot show: the image's default host `redis` (FACTS §2.2).
  else if (model.format === "env") fixOf = fix.setEnv(app, "OWNCLOUD_REDIS_ENABLED", "true", "Set OWNCLOUD_REDIS_ENABLED=true (Redis at the image default host redis)", "unsafe");
  return {
    message: `${app.name} runs on several nodes with OWNCLOUD_REDIS_ENABLED ${value === undefined || value.trim() === "" ? "unset (default false)" : `"${value}"`}: file locking and the distributed cache stay per node, so concurrent uploads and edits race and files end up half-written.`,
    location: settingOrService(app, app.env.get("OWNCLOUD_REDIS_ENABLED")),
    related: withRelated(clusterRelated(model), redisServiceRelated(unused)),
    fixes: [fixOf],
  };
}

/** A Kubernetes `envFrom` of a ConfigMap or Secret the files do not show may set what looks unset. */
function unseenEnvironment(app: AppRole): boolean {
  return (app.opaqueEnvSources?.length ?? 0) > 0;
}

function redisServiceRelated(service: ServiceModel | undefined): RelatedLocation | undefined {
  return service ? { location: service.nameLocation, message: `Redis service ${service.name}, shared by every node once the apps use it` } : undefined;
}
