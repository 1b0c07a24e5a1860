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
  return sameInstallationAs(model, app).filter((other) => sharedVariable(app.product, name, app.role === "web" && other.role === "web"));
}

/**
 * The app services that serve one installation with `app` (sameInstallation either way round), in
 * the model's order, remembered per model. Fixes ask once per variable of every fix they build:
 * comparing each app with every other on each question made a lint of a large stack quadratic.
 */
function sameInstallationAs(model: ClusterModel, app: AppRole): AppRole[] {
  let index = installationIndexes.get(model);
  if (!index) installationIndexes.set(model, (index = installationIndexOf(model)));
  let peers = index.peers.get(app);
  if (!peers) index.peers.set(app, (peers = peersIn(index, app)));
  return peers;
}

interface InstallationIndex {
  apps: readonly AppRole[];
  /** Apps by mount source: any mount, and mounts other than tmpfs (sameInstallation's two sides). */
  anyMount: Map<string, Set<AppRole>>;
  lastingMount: Map<string, Set<AppRole>>;
  byDbHost: Map<string, Set<AppRole>>;
  webCount: Map<Product, number>;
  peers: Map<AppRole, AppRole[]>;
}

const installationIndexes = new WeakMap<ClusterModel, InstallationIndex>();

function installationIndexOf(model: ClusterModel): InstallationIndex {
  const add = (map: Map<string, Set<AppRole>>, key: string, app: AppRole): void => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(app);
  };
  const index: InstallationIndex = { apps: model.apps, anyMount: new Map(), lastingMount: new Map(), byDbHost: new Map(), webCount: new Map(), peers: new Map() };
  for (const app of model.apps) {
    for (const mount of app.mounts) {
      if (!mount.source) continue;
      add(index.anyMount, mount.source, app);
      if (mount.kind !== "tmpfs") add(index.lastingMount, mount.source, app);
    }
    const host = dbHost(app);
    if (host) add(index.byDbHost, host, app);
    if (app.role === "web") index.webCount.set(app.product, (index.webCount.get(app.product) ?? 0) + 1);
  }
  return index;
}

function peersIn(index: InstallationIndex, app: AppRole): AppRole[] {
  const related = new Set<AppRole>();
  for (const mount of app.mounts) {
    if (!mount.source) continue;
    if (mount.kind !== "tmpfs") for (const other of index.anyMount.get(mount.source) ?? []) related.add(other);
    for (const other of index.lastingMount.get(mount.source) ?? []) related.add(other);
  }
  const host = dbHost(app);
  if (host) for (const other of index.byDbHost.get(host) ?? []) related.add(other);
  const onlyWebsCron = index.webCount.get(app.product) === 1;
  return index.apps.filter((other) => other !== app && other.product === app.product && (related.has(other) || (onlyWebsCron && (app.role === "cron" || other.role === "cron"))));
}
