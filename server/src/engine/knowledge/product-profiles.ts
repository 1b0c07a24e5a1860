import type { Product } from "./catalog";

/**
 * What each product's official image does with the settings a cluster depends on, as data. The
 * model reads this once; rules ask the model, never re-derive a path or a default.
 */

/** A directory an image uses: the variable that moves it, and where it is otherwise. */
export interface DirectorySpec {
  variable?: string;
  /** The default, `${ROOT}` standing for the data root. */
  default: string;
}

export interface ProductProfile {
  product: Product;
  displayName: string;
  /** Where the image's entrypoint and the cluster guide are documented. */
  sources: string[];
  /** The directory every instance writes its persistent state into. */
  dataRoot: DirectorySpec;
  /** The users' files (`datadirectory`). */
  files: DirectorySpec;
  /** Where config.php lives. */
  config: DirectorySpec;
  /** What every instance must share, and what is in it. */
  shared: { dir: DirectorySpec; what: string }[];
  /** The variables that name the database server. */
  databaseHostVariables: string[];
  /** The variable that names the Redis host, and the switch that turns Redis on (when there is one). */
  redis: { hostVariable: string; enabledVariable?: string; defaultHost?: string };
  /** A cron daemon inside every app container, and its switch. */
  cronDaemon?: { variable: string; defaultOn: boolean };
  /** A recursive chown at start, and the variable that skips it. */
  startupChown?: { skipVariable: string };
}

export const productProfiles: Record<Product, ProductProfile> = {
  nextcloud: {
    product: "nextcloud",
    displayName: "Nextcloud",
    sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/nextcloud/docker/blob/master/README.md"],
    dataRoot: { default: "/var/www/html" },
    files: { variable: "NEXTCLOUD_DATA_DIR", default: "/var/www/html/data" },
    config: { default: "/var/www/html/config" },
    shared: [
      { dir: { default: "/var/www/html" }, what: "the webroot: code, version.php and the install lock" },
      { dir: { variable: "NEXTCLOUD_DATA_DIR", default: "/var/www/html/data" }, what: "the users' files" },
    ],
    databaseHostVariables: ["MYSQL_HOST", "POSTGRES_HOST"],
    redis: { hostVariable: "REDIS_HOST" },
  },
  owncloud: {
    product: "owncloud",
    displayName: "ownCloud",
    sources: ["https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    dataRoot: { variable: "OWNCLOUD_VOLUME_ROOT", default: "/mnt/data" },
    files: { variable: "OWNCLOUD_VOLUME_FILES", default: "${ROOT}/files" },
    config: { variable: "OWNCLOUD_VOLUME_CONFIG", default: "${ROOT}/config" },
    shared: [{ dir: { variable: "OWNCLOUD_VOLUME_FILES", default: "${ROOT}/files" }, what: "the users' files" }],
    databaseHostVariables: ["OWNCLOUD_DB_HOST"],
    redis: { hostVariable: "OWNCLOUD_REDIS_HOST", enabledVariable: "OWNCLOUD_REDIS_ENABLED", defaultHost: "redis" },
    cronDaemon: { variable: "OWNCLOUD_CROND_ENABLED", defaultOn: true },
    startupChown: { skipVariable: "OWNCLOUD_SKIP_CHOWN" },
  },
};
