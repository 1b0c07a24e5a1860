import type { Fix, RelatedLocation } from "../findings";
import { mergeFixes, type FixBuilder } from "../fixes/fix-builder";
import type { AppRole, ClusterModel, ConfigPhpSetting, ConfigPhpValue, EnvSetting, ServiceModel } from "../model/cluster-model";
import { addressOf, loadsAfter, settingOf } from "../model/queries";
import type { Project } from "../project/project";
import type { Location } from "../text/span";

/** Shared reading of the model, so every rule interprets "set", "true" and "where" alike. */

export function envValue(service: ServiceModel, name: string): string | undefined {
  const setting = service.env.get(name);
  if (!setting || setting.passthrough) return undefined;
  return setting.value;
}

/** Nextcloud's entrypoint tests "set at all"; ownCloud's scripts test emptiness. */
export function isSetNonEmpty(service: ServiceModel, name: string): boolean {
  if (service.env.get(name)?.opaque) return true;
  const v = envValue(service, name);
  return v !== undefined && v !== "";
}

/** ownCloud reads its boolean variables as the literal `true` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === "true";
}

/** Where a finding about a missing setting of this service belongs: the setting, else the service. */
export function settingOrService(service: ServiceModel, setting: EnvSetting | undefined): Location {
  return setting && !setting.passthrough ? setting.location : service.nameLocation;
}

export function webApps(model: ClusterModel): AppRole[] {
  return model.apps.filter((a) => a.role === "web");
}

const MAX_CLUSTER_REASONS = 3;

/**
 * The facts that put the project in cluster context, as related locations: the service's own
 * (its replica count) when it has some, else the first few of the project's, so a finding's
 * related information does not grow with the number of services in the file.
 */
export function clusterRelated(model: ClusterModel, about?: ServiceModel): RelatedLocation[] {
  const own = about ? model.cluster.reasonsByService?.get(about.name) : undefined;
  if (own && own.length > 0) return own;
  const all = model.cluster.reasons;
  if (all.length <= MAX_CLUSTER_REASONS + 1) return all;
  const shown = all.slice(0, MAX_CLUSTER_REASONS);
  const last = shown[shown.length - 1];
  return [...shown.slice(0, -1), { ...last, message: `${last.message} (and ${all.length - MAX_CLUSTER_REASONS} more reasons)` }];
}

export function withRelated(...groups: (RelatedLocation[] | RelatedLocation | undefined)[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const r of Array.isArray(group) ? group : group ? [group] : []) {
      const key = `${r.location.path}|${r.location.span.start}|${r.location.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/** Joins several fixes into one (all edits, the first title), dropping the missing ones. */
export function combineFixes(title: string, ...fixes: (Fix | undefined)[]): Fix | undefined {
  const present = fixes.filter((f): f is Fix => f !== undefined);
  if (present.length === 0 || present.length !== fixes.length) return undefined;
  const safety = present.some((f) => f.safety === "suggestion") ? "suggestion" : present.some((f) => f.safety === "unsafe") ? "unsafe" : "safe";
  return mergeFixes(title, safety, present);
}

/**
 * The variable an app reads its Redis password from: Nextcloud's image writes REDIS_HOST_PASSWORD
 * into its Redis config and session save path (https://github.com/nextcloud/docker/blob/master/README.md),
 * ownCloud's reads OWNCLOUD_REDIS_PASSWORD (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md).
 */
export const redisPasswordVariable = { nextcloud: "REDIS_HOST_PASSWORD", owncloud: "OWNCLOUD_REDIS_PASSWORD" } as const;

/**
 * What a fix that points an app at the Redis `host` sets with it so the app can log in: the
 * app's password variable as a reference to the server's password, when the server asks one and
 * the app does not set it yet. Empty when nothing is needed (or the files cannot tell); undefined
 * when the server asks a password no fix can refer to, so the fix is not offered.
 */
export function redisPasswordSettings(model: ClusterModel, fix: FixBuilder, app: AppRole, host: string): [string, string][] | undefined {
  const variable = redisPasswordVariable[app.product];
  if (app.env.has(variable) || app.env.has(`${variable}_FILE`)) return [];
  const redis = model.redis.find((r) => r.service.name === host || addressOf(model, r.service) === host);
  // A chart's Redis subchart: the chart renders the app's password from the same values.
  if (!redis || redis.origin === "subchart") return [];
  const { asks, reference } = fix.redisPassword(redis);
  if (!asks) return [];
  return reference === undefined ? undefined : [[variable, reference]];
}

/** ownCloud's OWNCLOUD_REDIS_PASSWORD as the file writes it, so `${REDIS_PASSWORD}` is copied as a reference, not resolved into clear text. */
export function writtenRedisPassword(project: Project, app: AppRole): string | undefined {
  const setting = app.env.get(redisPasswordVariable.owncloud);
  // A chart renders it from its own value: that value's text, not the switch's.
  const at = setting?.source ? setting.source.valueLocation : setting?.valueLocation;
  if (!setting || setting.passthrough || setting.value === "" || !at) return undefined;
  const written = project.sourceAt(at);
  const unquoted = /^(["']).*\1$/s.test(written) ? written.slice(1, -1) : written;
  return unquoted === "" ? undefined : unquoted;
}

/**
 * The `auth` of an ownCloud session save path on the Redis `host`, and what a fix sets with it:
 * the app's own OWNCLOUD_REDIS_PASSWORD as written (a `${VAR}` stays a reference; a literal in a
 * Compose file becomes the `.env` variable that holds it), else the Redis server's password
 * reference, which the app then gets as OWNCLOUD_REDIS_PASSWORD too. Undefined when a password is
 * needed that no fix can refer to.
 */
export function redisSessionAuth(project: Project, model: ClusterModel, fix: FixBuilder, app: AppRole, host: string): { auth?: string; settings: [string, string][] } | undefined {
  const written = writtenRedisPassword(project, app);
  if (written !== undefined) {
    // A chart's value renders as written; Compose and manifests get no literal copied.
    if (written.includes("$") || app.env.get(redisPasswordVariable.owncloud)?.source) return { auth: written, settings: [] };
    const reference = fix.dotenvReference(app.env.get(redisPasswordVariable.owncloud)!.value, redisPasswordVariable.owncloud);
    return reference === undefined ? undefined : { auth: reference, settings: [] };
  }
  const settings = redisPasswordSettings(model, fix, app, host);
  return settings && { auth: settings[0]?.[1], settings };
}

/** A fix that points an app at the Redis `host`, built with the password settings it needs (redisPasswordSettings); none when those cannot be written. */
export function withRedisPassword(model: ClusterModel, fix: FixBuilder, app: AppRole, host: string, make: (password: [string, string][]) => Fix | undefined): Fix | undefined {
  const password = redisPasswordSettings(model, fix, app, host);
  return password && make(password);
}

/**
 * Whether a config file's `memcache.locking`, `memcache.distributed` or `redis` takes effect over
 * the ones the image writes from its Redis variables. Nextcloud's image writes them in
 * `redis.config.php` when `REDIS_HOST` is set (https://github.com/nextcloud/docker/blob/master/.config/redis.config.php);
 * ownCloud's in `overwrite.config.php`, read after the chart's `configmap.config.php`, when Redis or
 * Memcached is enabled (https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/templates/config.php).
 * The app reads the files in natural order of their names, later keys winning
 * (https://github.com/nextcloud/server/blob/master/lib/private/Config.php). False when unknown.
 */
export function configRedisWins(app: AppRole, setting: ConfigPhpSetting): boolean {
  if (app.product === "nextcloud") {
    if (loadsAfter(setting.file, "redis.config.php")) return true;
    const host = settingOf(app, "REDIS_HOST");
    return host.certainty !== "unknown" && (host.value ?? "") === "";
  }
  if (loadsAfter(setting.file, "overwrite.config.php")) return true;
  return ["OWNCLOUD_REDIS_ENABLED", "OWNCLOUD_MEMCACHED_ENABLED"].every((name) => {
    const switched = settingOf(app, name);
    return switched.certainty !== "unknown" && !isTrue(switched.value);
  });
}

/** A `memcache.*` class that is Redis (`\OC\Memcache\Redis`), written with or without the leading backslash. */
export function isRedisCache(value: ConfigPhpValue | undefined): boolean {
  return value?.kind === "string" && value.value.trim().replace(/^\\+/, "").toLowerCase() === "oc\\memcache\\redis";
}
