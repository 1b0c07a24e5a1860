import type { Fix, RelatedLocation } from "../../findings";
import type { AppRole, ClusterModel, ServiceModel } from "../../model/cluster-model";
import type { FixBuilder } from "../../fixes/fix-builder";
import { configPhpOf, settingOf, sharedRedis } from "../../model/queries";
import type { Location } from "../../text/span";
import type { ReportInput } from "../rule";
import { clusterRelated, isTrue, webApps, withRedisPassword, withRelated } from "../helpers";
import { defineRule } from "../rule";

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
        "Flags a scaled-out Nextcloud without `REDIS_HOST` (Helm: neither `redis.enabled` nor `externalRedis.enabled`) and a scaled-out ownCloud whose `OWNCLOUD_REDIS_ENABLED` is not `true` (Helm: `owncloud.redis.enabled`). A `memcache.locking` that a config file of the deployment sets (a `nextcloud.configs` snippet, `owncloud.configExtra`) is judged by `locking/non-redis-backend` and `locking/redis-per-node` instead, and keeps this rule silent. For Nextcloud the same missing `REDIS_HOST` also leaves PHP sessions per node; this rule reports that together, `sessions/files-in-cluster` only takes over when this rule is turned off.",
      whyItMatters:
        "`REDIS_HOST` is Nextcloud's one switch for Redis: without it `memcache.locking` is unset, so file locks go to the database, `memcache.distributed` falls back to each node's APCu, and sessions stay in each container (https://github.com/nextcloud/docker/blob/master/README.md, https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/files_locking_transactional.html). ownCloud only points `memcache.locking` and `memcache.distributed` at Redis when `OWNCLOUD_REDIS_ENABLED=true` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). A per-node cache or lock store gives no cross-node locking, which leads to race conditions and corrupted or half-written files (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html, https://redis.io/docs/latest/operate/oss_and_stack/management/security/). Nextcloud without Redis still locks through the database, at the cost of significant database load (https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/files_locking_transactional.html).",
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
        "Unsafe: the quick fix points the app at the project's Redis service (`REDIS_HOST=<service>` for Nextcloud; `OWNCLOUD_REDIS_ENABLED=true` plus `OWNCLOUD_REDIS_HOST` for ownCloud; `redis.enabled: true` — the Bitnami subchart, whose password the fix takes from a Secret `nextcloud-redis` (key `redis-password`) that you create first, unless the values set one — or `owncloud.redis.enabled: true` in the charts). When that Redis asks for a password (`--requirepass`, or its image's password variable), the fix also sets the app's password variable (`REDIS_HOST_PASSWORD`, `OWNCLOUD_REDIS_PASSWORD`) to a reference to it — the `${VAR}` the server is given, or the `.env` variable that holds its literal; when there is neither, no fix is offered, since a fix never copies a password. It changes where locks, cache and sessions live, users log in again once, and a Redis with a password also needs `REDIS_HOST_PASSWORD` / `OWNCLOUD_REDIS_PASSWORD`. Without a Redis service in the project there is no quick fix: add one first.",
      sources: ["https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/files_locking_transactional.html", "https://redis.io/docs/latest/operate/oss_and_stack/management/security/", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
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
  // Nextcloud's entrypoint only asks whether REDIS_HOST is set; one from a Secret may well be.
  const redisHost = settingOf(app, "REDIS_HOST");
  if (redisHost.certainty === "unknown" || (redisHost.value !== undefined && redisHost.value !== "")) return undefined;
  // A config file of the deployment that sets memcache.locking (or may) decides locking itself: locking/non-redis-backend and locking/redis-per-node read it, sessions/files-in-cluster the sessions.
  if (configPhpOf(app, "memcache.locking").certainty !== "defaulted") return undefined;
  const setting = redisHost.setting && !redisHost.setting.passthrough ? redisHost.setting : undefined;
  // A chart that renders REDIS_HOST from an empty value of its own (`externalRedis.host`), or whose Redis switches are all off.
  const emptySource = setting?.source;
  const redisSwitch = app.redisSwitch;
  // Sticky sessions keep users on one instance (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml); locking stays broken.
  const sticky = app.stickySessions?.value === true;
  const shared = sharedRedis(model);
  const unused = shared?.service;
  const subject = emptySource
    ? `with ${setting!.label} but an empty ${emptySource.label}, which renders an empty REDIS_HOST`
    : `without REDIS_HOST${redisSwitch?.label ? ` (${redisSwitch.label} ${redisSwitch.label.includes(" and ") ? "are" : "is"} false)` : ""}`;
  const advice = unused
    ? ` The Redis service "${unused.name}"${shared.host && shared.host !== unused.name ? ` (Kubernetes Service ${shared.host})` : ""} is not used.`
    : redisSwitch || emptySource
      ? ""
      : " Add a Redis service and set REDIS_HOST.";
  const instance = model.vocabulary.instance;
  const location = emptySource?.location ?? (setting && !setting.isDefault ? setting.location : undefined) ?? redisSwitch?.location ?? app.nameLocation;
  return {
    message: `${app.name} runs on several nodes ${subject}: file locks go to the database, the distributed cache stays in each ${instance}'s APCu${sticky ? "" : " and PHP sessions stay in each container"}, so file locking puts significant load on the database${sticky ? "" : " and users are logged out when the load balancer switches nodes"}.${advice}`,
    location,
    related: notAt(location, withRelated(clusterRelated(model, app), redisServiceRelated(unused))),
    fixes: [
      emptySource
        ? undefined
        : shared?.host
          ? withRedisPassword(model, fix, app, shared.host, (password) => fix.setEnvs(app, [["REDIS_HOST", shared.host!], ...password], `Set REDIS_HOST=${shared.host}${password.length > 0 ? " and its password" : ""} on ${app.name}`, "unsafe"))
          : fix.setFact(redisSwitch, "true", `Turn Redis on for locking, cache and sessions on ${app.name}`, "unsafe"),
    ],
  };
}

function owncloudWithoutRedis(model: ClusterModel, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const enabled = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
  if (enabled.certainty === "unknown" || isTrue(enabled.value)) return undefined;
  // `owncloud.configExtra` may point locking at Redis itself; the image's Memcached settings would replace it.
  const memcached = settingOf(app, "OWNCLOUD_MEMCACHED_ENABLED");
  if (configPhpOf(app, "memcache.locking").certainty !== "defaulted" && memcached.certainty !== "unknown" && !isTrue(memcached.value)) return undefined;
  const shared = sharedRedis(model);
  const redis = shared?.host;
  const host = (settingOf(app, "OWNCLOUD_REDIS_HOST").value ?? "").trim();
  let fixOf: Fix | undefined;
  if (host) fixOf = withRedisPassword(model, fix, app, host, (password) => fix.setEnvs(app, [["OWNCLOUD_REDIS_ENABLED", "true"], ...password], `Set OWNCLOUD_REDIS_ENABLED=true on ${app.name} (Redis at ${host}${password.length > 0 ? ", with its password" : ""})`, "unsafe"));
  else if (redis)
    fixOf = withRedisPassword(model, fix, app, redis, (password) =>
      fix.setEnvs(
        app,
        [["OWNCLOUD_REDIS_ENABLED", "true"], ["OWNCLOUD_REDIS_HOST", redis], ...password],
        `Use the Redis service ${redis} for locking and cache on ${app.name}${password.length > 0 ? ", with its password" : ""}`,
        "unsafe",
      ),
    );
  // A lone .env configures nodes whose Redis it cannot show, and a chart expects its Redis outside:
  // both at the image's default host `redis` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md, https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).
  // A failover mode the values already set would take effect with Redis (locking/redis-failover-distribute): no blind switch then.
  else if ((model.standalone || app.redisSwitch) && (settingOf(app, "OWNCLOUD_REDIS_FAILOVER_MODE").value ?? "").trim() === "") fixOf = fix.setEnv(app, "OWNCLOUD_REDIS_ENABLED", "true", `Set ${enabled.label} to true (Redis at the default host redis)`, "unsafe");
  const setting = enabled.setting && !enabled.setting.passthrough && !enabled.setting.isDefault ? enabled.setting : undefined;
  const value = enabled.certainty === "defaulted" ? undefined : enabled.value;
  const location = setting?.location ?? app.nameLocation;
  return {
    message: `${app.name} runs on several nodes with ${enabled.label} ${value === undefined || value.trim() === "" ? "unset (default false)" : `"${value}"`}: file locking and the distributed cache stay per node, so concurrent uploads and edits race and files end up half-written.`,
    location,
    related: notAt(location, withRelated(clusterRelated(model, app), redisServiceRelated(shared?.service))),
    fixes: [fixOf],
  };
}

/** The related locations other than the finding's own. */
function notAt(location: Location, related: RelatedLocation[]): RelatedLocation[] {
  return related.filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start);
}

function redisServiceRelated(service: ServiceModel | undefined): RelatedLocation | undefined {
  return service ? { location: service.nameLocation, message: `Redis service ${service.name}, shared by every node once the apps use it` } : undefined;
}
