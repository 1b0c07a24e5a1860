import type { AppRole } from "../../model/cluster-model";
import { settingOf, type SettingFact } from "../../model/queries";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { ReportInput } from "../rule";
import { isTrue } from "../helpers";
import { defineRule } from "../rule";

/** What a Redis host value holds beyond one host name. */
type Shape = { kind: "list" } | { kind: "scheme"; scheme: string } | { kind: "port"; host: string; port: string };

/** `a,b` or `a b`: several hosts; `tls://a`: a scheme; `a:6380` or `[::1]:6380`: a port. A unix socket path is one host. */
function shapeOf(value: string): Shape | undefined {
  const text = value.trim();
  if (text.startsWith("/")) return undefined;
  if (/[,\s]/.test(text)) return { kind: "list" };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) return { kind: "scheme", scheme: scheme[1].toLowerCase() };
  const port = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(text);
  if (port) return { kind: "port", host: port[1], port: port[2] };
  return undefined;
}

export const redisTopologyUnsupported = defineRule({
  meta: {
    id: "locking/redis-topology-unsupported",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Port, host list or TLS scheme put where the image takes one Redis host",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags a Nextcloud `REDIS_HOST` (Helm: `externalRedis.host`) that holds more than one host name: a `host:port`, a list of hosts (`,` or spaces), or a URL scheme (`tls://`, `rediss://`); and an ownCloud `OWNCLOUD_REDIS_HOST` (Helm: `owncloud.redis.host`) with a `host:port` or a list. A unix socket path (`/run/redis.sock`) and ownCloud's `tls://` prefix are accepted.",
      whyItMatters:
        "The Nextcloud image takes one host: it writes `session.save_path = \"tcp://${REDIS_HOST}:${REDIS_HOST_PORT}\"` and `redis.host`/`redis.port` from these variables (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/blob/master/.config/redis.config.php), so `redis:6380` becomes `tcp://redis:6380:6379` and a host `redis:6380` nobody resolves; a scheme becomes `tcp://tls://…`. It has no variable for Redis Cluster, Sentinel or TLS: those need a config file with `redis.cluster` or `redis.ssl_context` (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/caching_configuration.html). ownCloud's entrypoint waits for `${OWNCLOUD_REDIS_HOST}:${OWNCLOUD_REDIS_PORT}` and exits when it never answers (https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/owncloud.d/15-database.sh); a Redis Cluster goes in `OWNCLOUD_REDIS_SEEDS` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). Locks, cache and sessions then fail on every node.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis:6380", "  redis:", "    image: redis:7", "    command: redis-server --port 6380", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "      - REDIS_HOST_PORT=6380", "  redis:", "    image: redis:7", "    command: redis-server --port 6380", ""].join("\n"),
      },
      fixSafety:
        "Safe for a `host:port` in a Compose file, an env file or a Kubernetes manifest: the quick fix moves the port into `REDIS_HOST_PORT` (`OWNCLOUD_REDIS_PORT`), which is what the value meant, unless that variable is already set to another port. A list, a scheme and Helm values get no quick fix: Redis Cluster, Sentinel and TLS need a config file (Nextcloud `redis.cluster`, ownCloud `OWNCLOUD_REDIS_SEEDS`).",
      sources: [
        "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
        "https://github.com/nextcloud/docker/blob/master/.config/redis.config.php",
        "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/caching_configuration.html",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
        "https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/owncloud.d/15-database.sh",
      ],
    },
  },
  check({ model, fix, report }) {
    // Services that share one environment block (a YAML anchor, a chart's cron copy) are one setting to fix.
    const seen = new Set<string>();
    for (const app of model.apps) {
      const input = app.product === "nextcloud" ? nextcloudHost(app, fix) : owncloudHost(app, fix);
      if (!input) continue;
      const key = `${input.location.path}|${input.location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(input);
    }
  },
});

function nextcloudHost(app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const host = settingOf(app, "REDIS_HOST");
  if (host.certainty !== "known" || !host.value || host.setting?.templated) return undefined;
  const shape = shapeOf(host.value);
  if (!shape) return undefined;
  const label = host.setting?.source?.label ?? host.label;
  const port = (settingOf(app, "REDIS_HOST_PORT").value ?? "").trim() || "6379";
  const what =
    shape.kind === "list"
      ? `lists several hosts ("${host.value.trim()}"), but the image connects to one: Nextcloud looks the whole text up as one host name. A Redis Cluster needs a config file with 'redis.cluster' (seeds, failover_mode); for Sentinel point REDIS_HOST at a name that follows the master`
      : shape.kind === "scheme"
        ? `starts with "${shape.scheme}://", but the image writes the session path as tcp://${host.value.trim()}:${port}, which the session handler cannot connect to. TLS needs a config file with 'redis' => ['host' => 'tls://…', 'ssl_context' => …] and REDIS_HOST unset`
        : `includes a port ("${host.value.trim()}"), but the image adds REDIS_HOST_PORT (default 6379) itself: the session path becomes tcp://${host.value.trim()}:${port} and Nextcloud looks up "${host.value.trim()}" as a host name. Put the port in REDIS_HOST_PORT`;
  return {
    message: `${label} of ${app.name} ${what}; until then ${shape.kind === "scheme" ? "PHP sessions fail" : "file locks, the cache and PHP sessions fail"}.`,
    location: hostLocation(host),
    fixes: [shape.kind === "port" ? splitPort(app, host, shape, "REDIS_HOST", "REDIS_HOST_PORT", fix) : undefined],
  };
}

function owncloudHost(app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const enabled = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
  if (enabled.certainty !== "known" || !isTrue(enabled.value)) return undefined;
  // With seeds the image configures a Redis Cluster and ignores the host.
  const seeds = settingOf(app, "OWNCLOUD_REDIS_SEEDS");
  if (seeds.certainty === "unknown" || (seeds.value ?? "").trim() !== "") return undefined;
  const host = settingOf(app, "OWNCLOUD_REDIS_HOST");
  if (host.certainty !== "known" || !host.value || host.setting?.templated) return undefined;
  // The image strips a `tls://` prefix for its wait and passes it on to phpredis.
  const shape = shapeOf(host.value.trim().replace(/^tls:\/\//i, ""));
  if (!shape || shape.kind === "scheme") return undefined;
  const label = host.setting?.source?.label ?? host.label;
  const port = (settingOf(app, "REDIS_HOST_PORT").value ?? "").trim() || "6379";
  const what =
    shape.kind === "list"
      ? `lists several hosts ("${host.value.trim()}"), but the image connects to one; a Redis Cluster goes in OWNCLOUD_REDIS_SEEDS (host:port,host:port)`
      : `includes a port ("${host.value.trim()}"), but the image adds OWNCLOUD_REDIS_PORT (default 6379) itself; put the port in OWNCLOUD_REDIS_PORT`;
  return {
    message: `${label} of ${app.name} ${what}. The entrypoint waits for ${host.value.trim()}:${port}, which never answers, and the container exits.`,
    location: hostLocation(host),
    fixes: [shape.kind === "port" ? splitPort(app, host, shape, "OWNCLOUD_REDIS_HOST", "OWNCLOUD_REDIS_PORT", fix) : undefined],
  };
}

function hostLocation(host: SettingFact) {
  const setting = host.setting!;
  return setting.source?.location ?? setting.location;
}

/** `redis:6380` → host `redis`, port `6380`: only where the variables are written (not a chart's values), and when the port variable does not say otherwise. */
function splitPort(app: AppRole, host: SettingFact, shape: Extract<Shape, { kind: "port" }>, hostVariable: string, portVariable: string, fix: FixBuilder) {
  const origin = host.setting?.origin;
  if (origin !== "environment" && origin !== "env_file") return undefined;
  const port = settingOf(app, portVariable);
  if (port.certainty === "unknown" || (port.certainty === "known" && port.value !== undefined && port.value.trim() !== "" && port.value.trim() !== shape.port)) return undefined;
  return fix.setEnvs(
    app,
    [
      [hostVariable, shape.host],
      [portVariable, shape.port],
    ],
    `Set ${hostVariable}=${shape.host} and ${portVariable}=${shape.port}`,
    "safe",
  );
}
