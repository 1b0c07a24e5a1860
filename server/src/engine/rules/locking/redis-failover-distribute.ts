import type { AppRole } from "../../model/cluster-model";
import type { FixBuilder } from "../../fixes/fix-builder";
import { settingOf } from "../../model/queries";
import type { ReportInput } from "../rule";
import { isTrue } from "../helpers";
import { defineRule } from "../rule";

/** The values the image's template recognises; each one ends as FAILOVER_DISTRIBUTE (its switch has no `break`). */
const RECOGNISED = new Set(["FAILOVER_NONE", "FAILOVER_ERROR", "FAILOVER_DISTRIBUTE"]);

export const redisFailoverDistribute = defineRule({
  meta: {
    id: "locking/redis-failover-distribute",
    severity: "warning",
    formats: ["C", "H", "E"],
    priority: "P2",
    clusterOnly: false,
    title: "Redis cluster failover mode that reads locks from lagging replicas",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags an ownCloud app with a Redis Cluster (`OWNCLOUD_REDIS_ENABLED=true` and `OWNCLOUD_REDIS_SEEDS`) whose `OWNCLOUD_REDIS_FAILOVER_MODE` (Helm: `owncloud.redis.failoverMode`) is set: `FAILOVER_DISTRIBUTE`, and also `FAILOVER_ERROR` and `FAILOVER_NONE`, because the image's template lets every recognised value fall through to `FAILOVER_DISTRIBUTE`.",
      whyItMatters:
        "With `FAILOVER_DISTRIBUTE` phpredis sends reads to replicas at random; a replica that has not caught up with its master answers that a lock is not (or still) held, which raises FileLocked errors — the configuration sample strongly advises against it with Redis file locking (https://github.com/nextcloud/server/blob/master/config/config.sample.php). The ownCloud image writes the mode in a PHP `switch` whose cases have no `break`, so `FAILOVER_NONE` and `FAILOVER_ERROR` both end as `FAILOVER_DISTRIBUTE` (https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/templates/config.php, the same in v20.04 and v24.04). Without the variable phpredis keeps its default, `FAILOVER_NONE`: every command goes to the masters.",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16",
          "    environment:",
          '      OWNCLOUD_REDIS_ENABLED: "true"',
          "      OWNCLOUD_REDIS_SEEDS: redis-0:6379,redis-1:6379,redis-2:6379",
          "      OWNCLOUD_REDIS_FAILOVER_MODE: FAILOVER_ERROR",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  owncloud:", "    image: owncloud/server:10.16", "    environment:", '      OWNCLOUD_REDIS_ENABLED: "true"', "      OWNCLOUD_REDIS_SEEDS: redis-0:6379,redis-1:6379,redis-2:6379", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix removes `OWNCLOUD_REDIS_FAILOVER_MODE` (Helm: sets `owncloud.redis.failoverMode` to `\"\"`), so phpredis sends every command to the masters (`FAILOVER_NONE`). Reads no longer fail over to a replica while a master is down; with this image that is the only mode that never reads a lock from a lagging replica.",
      sources: [
        "https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/templates/config.php",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
        "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml",
        "https://github.com/nextcloud/server/blob/master/config/config.sample.php",
      ],
    },
  },
  check({ model, fix, report }) {
    const seen = new Set<string>();
    for (const app of model.apps) {
      const input = distributedFailover(app, fix);
      if (!input) continue;
      const key = `${input.location.path}|${input.location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(input);
    }
  },
});

function distributedFailover(app: AppRole, fix: FixBuilder): ReportInput | undefined {
  if (app.product !== "owncloud") return undefined;
  const enabled = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
  if (enabled.certainty !== "known" || !isTrue(enabled.value)) return undefined;
  // The template writes the failover mode only for a Redis Cluster (OWNCLOUD_REDIS_SEEDS).
  const seeds = settingOf(app, "OWNCLOUD_REDIS_SEEDS");
  if (seeds.certainty !== "known" || !seeds.value?.trim()) return undefined;
  const mode = settingOf(app, "OWNCLOUD_REDIS_FAILOVER_MODE");
  const setting = mode.setting;
  if (mode.certainty !== "known" || !setting || setting.templated) return undefined;
  const value = mode.value ?? "";
  if (!RECOGNISED.has(value)) return undefined;
  const label = setting.source?.label ?? mode.label;
  const location = setting.source?.location ?? setting.location;
  const why =
    value === "FAILOVER_DISTRIBUTE"
      ? "phpredis then reads from replicas at random"
      : `the image's template lets ${value} fall through to FAILOVER_DISTRIBUTE (its switch has no break), so phpredis reads from replicas at random`;
  const fromValues = setting.origin === "values" || setting.origin === "derived";
  return {
    message: `${label} of ${app.name} is ${value}: ${why}, and a replica that lags behind its master answers lock reads wrongly, which raises FileLocked errors. Remove it: phpredis then sends every command to the masters.`,
    location,
    fixes: [
      fromValues
        ? setting.source
          ? fix.setValue(setting.source.label, '""', `Set ${setting.source.label} to "" (every command to the masters)`, "unsafe")
          : undefined
        : fix.deleteLines(setting.location, `Remove ${mode.label} (every command to the masters)`, "unsafe"),
    ],
  };
}
