import type { RelatedLocation } from "../../findings";
import type { AppRole, ClusterModel, RedisModel } from "../../model/cluster-model";
import { certaintyOf, firstReached, settingOf, type SettingFact } from "../../model/queries";
import type { Location } from "../../text/span";
import { isTrue } from "../helpers";
import { defineRule } from "../rule";

/** How an app connects to Redis: the host it names, and the password it sends. */
interface RedisClient {
  app: AppRole;
  host: SettingFact;
  /** undefined: the app sends no password. */
  password: string | undefined;
  passwordSetting?: SettingFact;
  /** The variable that carries the password, for messages. */
  variable: string;
}

export const passwordMismatch = defineRule({
  meta: {
    id: "redis/password-mismatch",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Redis server and app disagree on the password",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Compares the password a Redis service of the project requires (`--requirepass` in its command, `REDIS_PASSWORD` of the Bitnami image, the Nextcloud chart's Redis subchart `redis.auth.password`, or `auth.password` of a Bitnami Redis release that the workspace deploys beside the app and its host names) with the one the Nextcloud (`REDIS_HOST_PASSWORD`, which the chart renders from the same value unless `nextcloud.extraEnv` sets it too) or ownCloud (`OWNCLOUD_REDIS_PASSWORD`) app sends to it, and flags an app that sends none or a different one. It also flags an app that sends a password to a Redis (version 6 or later) that has none. A password the files do not show (a `_FILE` secret, an unresolved `${VAR}`, a Kubernetes Secret, an ACL user) is never compared.",
      whyItMatters:
        "Without the right password Redis answers every command with `NOAUTH Authentication required` or `WRONGPASS` (https://redis.io/docs/latest/develop/reference/errors/common/noauth/, https://redis.io/docs/latest/develop/reference/errors/common/wrongpass/). The app keeps its file locks, distributed cache and (Nextcloud) PHP sessions in that Redis, so every request and every cron run fails. The Nextcloud image puts `REDIS_HOST_PASSWORD` both into the session save path and into `redis.password` (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/blob/master/.config/redis.config.php); ownCloud's into `redis.password` (https://github.com/owncloud-docker/base/blob/master/v22.04/overlay/etc/templates/config.php). The reverse also fails: Redis 6 and later answer a password sent to a server without one with `ERR AUTH … called without any password configured`, and phpredis turns that error into an exception (https://github.com/phpredis/phpredis/blob/develop/library.c).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]',
          "",
        ].join("\n"),
        ".env": "REDIS_PASSWORD=s3cret-value\n",
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - REDIS_HOST=redis",
          "      - REDIS_HOST_PASSWORD=${REDIS_PASSWORD}",
          "  redis:",
          "    image: redis:7",
          '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]',
          "",
        ].join("\n"),
        ".env": "REDIS_PASSWORD=s3cret-value\n",
      },
      fixSafety:
        "No quick fix: which side holds the right password is yours to decide. Reference one variable on both sides (`--requirepass ${REDIS_PASSWORD}` and `REDIS_HOST_PASSWORD=${REDIS_PASSWORD}` or `OWNCLOUD_REDIS_PASSWORD=${REDIS_PASSWORD}`), or one Docker secret (`REDIS_HOST_PASSWORD_FILE`).",
      sources: [
        "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
        "https://github.com/nextcloud/docker/blob/master/.config/redis.config.php",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
        "https://redis.io/docs/latest/develop/reference/errors/common/noauth/",
        "https://redis.io/docs/latest/develop/reference/errors/common/wrongpass/",
        "https://github.com/phpredis/phpredis/blob/develop/library.c",
      ],
    },
  },
  check({ model, report }) {
    // A web and a cron service that share one environment block (a YAML anchor) are one setting to fix.
    const seen = new Set<string>();
    for (const client of clientsOf(model)) {
      const redis = firstReached(model, model.redis, client.host.value ?? "");
      if (!redis) continue;
      const finding = mismatch(redis, client);
      if (!finding) continue;
      const key = `${finding.location.path}|${finding.location.span.start}|${redis.service.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(finding);
    }
  },
});

function mismatch(redis: RedisModel, client: RedisClient): { message: string; location: Location; related: RelatedLocation[] } | undefined {
  const { app, password } = client;
  const server = redis.service.name;
  const required = redis.password;
  if (required) {
    if (certaintyOf(required) === "unknown") return undefined;
    const at = required.location ? [{ location: required.location, message: `${server} requires a password (${required.label ?? "--requirepass"})` }] : [];
    if (password === undefined) {
      return {
        message: `${app.name} connects to ${server}, which requires a password, but ${app.name} gives no password (${client.variable}): Redis refuses every command with NOAUTH, so ${whatFails(app)}. Set ${client.variable} to the same password (reference the same variable).`,
        location: client.passwordSetting?.setting && !client.passwordSetting.setting.passthrough ? client.passwordSetting.setting.location : locationOf(client),
        related: at,
      };
    }
    if (password === required.value) return undefined;
    return {
      message: `${app.name} sends ${server} a different password than the one ${server} requires (${client.variable} differs from ${required.label === "--requirepass" || !required.label ? "its --requirepass" : `its ${required.label}`}): Redis answers WRONGPASS, so ${whatFails(app)}. Reference the same variable on both sides.`,
      location: client.passwordSetting?.setting?.location ?? locationOf(client),
      related: at,
    };
  }
  // A Redis known to ask for no password, of a version that rejects AUTH then.
  const auth = redis.auth;
  if (!auth || auth.value || certaintyOf(auth) === "unknown" || password === undefined || !rejectsUnneededAuth(redis)) return undefined;
  return {
    message: `${app.name} sends a password (${client.variable}) to ${server}, which has none: Redis 6 and later answer "ERR AUTH … called without any password configured" and phpredis throws, so ${whatFails(app)}. Set the same password on ${server} (--requirepass) or remove ${client.variable}.`,
    location: client.passwordSetting?.setting?.location ?? locationOf(client),
    related: [{ location: redis.service.command?.location ?? redis.service.nameLocation, message: `${server} sets no password` }],
  };
}

/** Redis before 6 only answered "no password is set", which phpredis does not throw on. */
function rejectsUnneededAuth(redis: RedisModel): boolean {
  const major = /^(\d+)/.exec(redis.service.imageTag ?? "")?.[1];
  if (redis.service.imageName === "redis" || redis.service.imageName === "bitnami/redis") return major === undefined || Number(major) >= 6;
  // Valkey forked from Redis 7.2; other images say nothing the linter can read.
  return /valkey/.test(redis.service.imageName ?? "");
}

function whatFails(app: AppRole): string {
  return app.product === "nextcloud" ? "file locks, the cache and PHP sessions fail" : "file locking and the cache fail";
}

function locationOf(client: RedisClient): Location {
  const setting = client.host.setting;
  return setting && !setting.passthrough && !setting.isDefault ? setting.location : client.app.nameLocation;
}

/** The apps that talk to Redis, with the password each sends (or none); those whose password the files do not show are left out. */
function clientsOf(model: ClusterModel): RedisClient[] {
  const out: RedisClient[] = [];
  for (const app of model.apps) {
    if (app.product === "nextcloud") {
      const host = settingOf(app, "REDIS_HOST");
      if (host.certainty === "unknown" || !host.value?.trim()) continue;
      // An ACL user, or a password from a secret file: what it is the files do not show.
      if (settingOf(app, "REDIS_HOST_USER").value !== undefined || settingOf(app, "REDIS_HOST_USER").certainty === "unknown") continue;
      const file = settingOf(app, "REDIS_HOST_PASSWORD_FILE");
      if (file.certainty === "unknown" || (file.value ?? "") !== "") continue;
      const password = settingOf(app, "REDIS_HOST_PASSWORD");
      if (password.certainty === "unknown") continue;
      // The image sends no AUTH for an empty password (redis.config.php; RedisFactory skips '').
      out.push({ app, host, password: password.value ? password.value : undefined, passwordSetting: password, variable: password.label });
      continue;
    }
    const enabled = settingOf(app, "OWNCLOUD_REDIS_ENABLED");
    if (enabled.certainty === "unknown" || !isTrue(enabled.value)) continue;
    // A Redis Cluster (OWNCLOUD_REDIS_SEEDS) is not one service of the project.
    const seeds = settingOf(app, "OWNCLOUD_REDIS_SEEDS");
    if (seeds.certainty === "unknown" || (seeds.value ?? "").trim() !== "") continue;
    const host = settingOf(app, "OWNCLOUD_REDIS_HOST", "redis");
    if (host.certainty === "unknown") continue;
    const hostName = (host.value ?? "").trim().replace(/^tls:\/\//i, "") || "redis";
    const password = settingOf(app, "OWNCLOUD_REDIS_PASSWORD");
    if (password.certainty === "unknown") continue;
    out.push({ app, host: { ...host, value: hostName }, password: password.value ? password.value : undefined, passwordSetting: password, variable: password.label });
  }
  return out;
}
