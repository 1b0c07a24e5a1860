import type { EnvSetting } from "../../model/cluster-model";
import { ruleSettingOf } from "../../config/rule-setting";
import { configPhpOf, settingOf, sharedRedis } from "../../model/queries";
import type { Location } from "../../text/span";
import { noSharedRedis } from "../locking/no-shared-redis";
import { clusterRelated, envValue, redisSessionAuth, webApps, withRedisPassword, withRelated } from "../helpers";
import { defineRule } from "../rule";

export const filesInCluster = defineRule({
  meta: {
    id: "sessions/files-in-cluster",
    severity: "error",
    formats: ["C", "H", "K", "E"],
    priority: "P1",
    clusterOnly: true,
    title: "PHP sessions stored per node in a cluster",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a scaled-out Nextcloud without `REDIS_HOST`, and a scaled-out ownCloud whose `OWNCLOUD_SESSION_SAVE_HANDLER` is unset or `files`: PHP then keeps sessions in files, on the node that created them or, for ownCloud's default `/mnt/data/sessions` on a shared volume, in one directory every node writes. For Nextcloud the missing `REDIS_HOST` is reported by `locking/no-shared-redis`, whose message names the sessions as well; this rule reports it for Nextcloud only when that rule is turned off, or when a config file of the deployment sets `memcache.locking` (a `nextcloud.configs` snippet): `config.php` holds no session handler, so sessions stay in files whatever it says about locking. PHP ini files the deployment adds (`nextcloud.phpConfigs`, a file mounted into `/usr/local/etc/php/conf.d`) may set the handler and keep it silent.",
      whyItMatters:
        "Without Redis the Nextcloud image leaves PHP's default file sessions in each container (https://github.com/nextcloud/docker/blob/master/README.md). ownCloud defaults to `files` under `/mnt/data/sessions`, which in a shared setup is on the shared file system (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). With several nodes and no sticky load balancing, a request that lands on another node finds no session (files per node) or races the other nodes over the same session files (files on the share): users are logged out at random and forms fail their CSRF check (ownCloud \"Clustered Deployments with Shared Storage\", Sessions: https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis",
          "      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix points sessions at the project's Redis service (`REDIS_HOST` for Nextcloud; handler `redis` and a `tcp://` save path for ownCloud; `redis.enabled: true` in the Nextcloud chart, with the subchart's password from a Secret `nextcloud-redis` that you create first unless the values set one). A password-protected Redis is logged in to with a reference to its password (`?auth=${REDIS_PASSWORD}` in ownCloud's save path, `REDIS_HOST_PASSWORD` for Nextcloud), never the literal; without a reference to write, no fix is offered. Existing sessions are dropped once, so users log in again.",
      sources: ["https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, project, fix, report }) {
    const redis = sharedRedis(model)?.host;
    // Nextcloud's REDIS_HOST is one switch for sessions, locking and cache (https://github.com/nextcloud/docker/blob/master/README.md): the
    // locking rule reports it once and names the sessions too, instead of a second error on the
    // same line. This rule speaks for Nextcloud only when that one is off.
    const lockingReportsNextcloud = ruleSettingOf(project.options, noSharedRedis.meta.id) !== "off";
    for (const app of webApps(model)) {
      if (app.product === "nextcloud") {
        // A config file that sets memcache.locking keeps locking/no-shared-redis silent: the sessions are then this rule's.
        if (lockingReportsNextcloud && configPhpOf(app, "memcache.locking").certainty === "defaulted") continue;
        // PHP ini files of the chart (`nextcloud.phpConfigs`) may set the session handler.
        if ((app.phpIniFiles?.length ?? 0) > 0 || app.mounts.some((m) => PHP_INI_DIRECTORY.test(m.target))) continue;
        const redisHost = settingOf(app, "REDIS_HOST");
        if (redisHost.certainty === "unknown" || (redisHost.value !== undefined && redisHost.value !== "")) continue;
        // Sticky sessions keep each user on one instance, the chart's documented alternative (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml).
        if (app.stickySessions?.value === true) continue;
        const setting = userSetting(redisHost.setting);
        const redisSwitch = app.redisSwitch;
        report({
          message: `${app.name} runs on several nodes without REDIS_HOST${redisSwitch?.label ? ` (${redisSwitch.label} ${redisSwitch.label.includes(" and ") ? "are" : "is"} false)` : ""}, so PHP keeps sessions in each container: users are logged out when the load balancer switches nodes.`,
          location: redisHost.setting?.source?.location ?? setting ?? redisSwitch?.location ?? app.nameLocation,
          related: withRelated(clusterRelated(model, app)),
          fixes: [
            redis
              ? withRedisPassword(model, fix, app, redis, (password) => fix.setEnvs(app, [["REDIS_HOST", redis], ...password], `Set REDIS_HOST=${redis}${password.length > 0 ? " and its password" : ""} on ${app.name}`, "unsafe"))
              : fix.setFact(redisSwitch, "true", `Turn Redis on for sessions, locking and cache on ${app.name}`, "unsafe"),
          ],
        });
        continue;
      }
      const handler = settingOf(app, "OWNCLOUD_SESSION_SAVE_HANDLER");
      const value = (handler.value ?? "").trim();
      if ((value !== "" && value !== "files") || handler.certainty === "unknown") continue;
      const host = envValue(app, "OWNCLOUD_REDIS_HOST") || redis;
      const port = envValue(app, "OWNCLOUD_REDIS_PORT") || "6379";
      // The save path logs in with the app's Redis password (a reference, never the literal).
      const hasPath = /^(tcp|tls|unix):\/\//.test(envValue(app, "OWNCLOUD_SESSION_SAVE_PATH") ?? "");
      const auth = host && !hasPath ? redisSessionAuth(project, model, fix, app, host) : { settings: [] };
      report({
        message: `${app.name} runs on several nodes with ${handler.label} ${handler.certainty === "known" && value ? `"${value}"` : "unset (default files)"}: sessions stay in files, on each node or racing on the shared volume.`,
        location: userSetting(handler.setting) ?? app.nameLocation,
        related: withRelated(clusterRelated(model, app)),
        fixes: [
          host && auth
            ? fix.setEnvs(
                app,
                hasPath
                  ? [["OWNCLOUD_SESSION_SAVE_HANDLER", "redis"]]
                  : [["OWNCLOUD_SESSION_SAVE_HANDLER", "redis"], ["OWNCLOUD_SESSION_SAVE_PATH", `tcp://${host}:${port}${auth.auth ? `?auth=${auth.auth}` : ""}`], ...auth.settings],
                `Store sessions in Redis (${host}:${port}${auth.auth ? ", with its password" : ""})`,
                "unsafe",
              )
            : undefined,
        ],
      });
    }
  },
});

/** The official PHP images read ini files from `conf.d` and pool files from `php-fpm.d` (https://github.com/docker-library/docs/blob/master/php/README.md#configuration). */
const PHP_INI_DIRECTORY = /^\/usr\/local\/etc\/(php\/conf\.d|php-fpm\.d|php\/php\.ini)(\/|$)/;

/** Where the user set it (not an image or chart default). */
function userSetting(setting: EnvSetting | undefined): Location | undefined {
  return setting && !setting.passthrough && !setting.isDefault ? setting.location : undefined;
}
