import type { AppRole, ClusterModel, Product } from "./cluster-model";

/**
 * Which app services serve one installation, and which variables they must all set alike: what
 * config/env-parity compares, and what a fix that sets such a variable on one service must set on
 * the others too, or it creates that finding.
 */

// Nextcloud reads these with getenv() in config/*.config.php on every request, web and cron
// alike (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/blob/master/README.md), so every container of one installation needs them.
const nextcloudRuntime = /^(REDIS_HOST|REDIS_HOST_PORT|REDIS_HOST_USER|REDIS_HOST_PASSWORD(_FILE)?|OBJECTSTORE_[A-Z0-9_]+|SMTP_[A-Z0-9_]+|MAIL_[A-Z0-9_]+|OVERWRITE[A-Z0-9_]*|TRUSTED_PROXIES|FORWARDED_FOR_HEADERS|PHP_MEMORY_LIMIT|PHP_UPLOAD_LIMIT|APACHE_BODY_LIMIT)$/;
// Request-size limits only matter where HTTP requests arrive; a cron container serves none.
const requestLimits = new Set(["PHP_UPLOAD_LIMIT", "APACHE_BODY_LIMIT"]);
// ownCloud renders its whole config from OWNCLOUD_* on every start (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay); only the
// in-container cron switch and its schedule belong to one node (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md).
const owncloudPerNode = new Set(["OWNCLOUD_CROND_ENABLED", "OWNCLOUD_CROND_SCHEDULE"]);

/** Whether every service of one installation must set this variable alike (between two web services when `bothWeb`). */
export function sharedVariable(product: Product, name: string, bothWeb: boolean): boolean {
  if (product === "owncloud") return name.startsWith("OWNCLOUD_") && !owncloudPerNode.has(name);
  return nextcloudRuntime.test(name) && (bothWeb || !requestLimits.has(name));
}

function dbHost(app: AppRole): string | undefined {
  for (const name of ["MYSQL_HOST", "POSTGRES_HOST", "OWNCLOUD_DB_HOST"]) {
    const v = app.env.get(name);
    if (v && !v.passthrough && v.value !== "") return v.value;
  }
  return undefined;
}

/** Two services serve one installation when they share storage or a database, or one is the only web service's cron. */
export function sameInstallation(a: AppRole, b: AppRole, webCount: number): boolean {
  if (a.mounts.some((m) => m.source && m.kind !== "tmpfs" && b.mounts.some((n) => n.source === m.source))) return true;
  const host = dbHost(a);
  if (host && host === dbHost(b)) return true;
  return (a.role === "cron" || b.role === "cron") && webCount === 1;
}

/** The other app services of `app`'s installation that must set `name` as it does. */
export function installationPeers(model: ClusterModel, app: AppRole, name: string): AppRole[] {
  const apps = model.apps.filter((a) => a.product === app.product);
  const webCount = apps.filter((a) => a.role === "web").length;
  return apps.filter((other) => other !== app && sharedVariable(app.product, name, app.role === "web" && other.role === "web") && (sameInstallation(app, other, webCount) || sameInstallation(other, app, webCount)));
}
