import type { Product } from "./catalog";

/**
 * Names people write for an image that it does not read, though they look like its own: the
 * other image's spelling, a generic one, or a setting the image takes inside another variable.
 * Each says what the image reads instead, from its public source. Only judged on an app
 * service's own environment (never a lone `.env`, which may only fill `${…}` in a Compose file).
 */
export interface VariableConfusion {
  name: string;
  product: Product;
  /** The variable the image reads for this, when there is one to rename to. */
  realName?: string;
  /** What to write instead, when it is not a rename (a sentence fragment after "use"). */
  instead?: string;
  source: string;
}

const NEXTCLOUD_REDIS = "https://github.com/nextcloud/docker/blob/master/.config/redis.config.php";
const NEXTCLOUD_README = "https://github.com/nextcloud/docker/blob/master/README.md";
const NEXTCLOUD_DBHOST = "https://github.com/nextcloud/server/blob/master/config/config.sample.php";
const OWNCLOUD_ENV = "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md";

export const variableConfusions: readonly VariableConfusion[] = [
  { name: "REDIS_PORT", product: "nextcloud", realName: "REDIS_HOST_PORT", source: NEXTCLOUD_REDIS },
  { name: "REDIS_PASSWORD", product: "nextcloud", realName: "REDIS_HOST_PASSWORD", source: NEXTCLOUD_REDIS },
  { name: "TRUSTED_PROXY", product: "nextcloud", realName: "TRUSTED_PROXIES", source: NEXTCLOUD_README },
  {
    name: "NEXTCLOUD_HOST",
    product: "nextcloud",
    instead: "NEXTCLOUD_TRUSTED_DOMAINS for the domains it answers to, or OVERWRITEHOST for the host name behind a proxy",
    source: NEXTCLOUD_README,
  },
  { name: "NEXTCLOUD_DOMAIN", product: "nextcloud", instead: "NEXTCLOUD_TRUSTED_DOMAINS for the domains it answers to, or OVERWRITEHOST for the host name behind a proxy", source: NEXTCLOUD_README },
  // autoconfig.php passes MYSQL_HOST / POSTGRES_HOST as dbhost, which takes `host:port`.
  { name: "MYSQL_PORT", product: "nextcloud", instead: "MYSQL_HOST with the port (db:3307)", source: NEXTCLOUD_DBHOST },
  { name: "POSTGRES_PORT", product: "nextcloud", instead: "POSTGRES_HOST with the port (db:5433)", source: NEXTCLOUD_DBHOST },
  { name: "REDIS_PORT", product: "owncloud", realName: "OWNCLOUD_REDIS_PORT", source: OWNCLOUD_ENV },
  { name: "REDIS_PASSWORD", product: "owncloud", realName: "OWNCLOUD_REDIS_PASSWORD", source: OWNCLOUD_ENV },
  { name: "OWNCLOUD_HOST", product: "owncloud", realName: "OWNCLOUD_DOMAIN", source: OWNCLOUD_ENV },
  { name: "OWNCLOUD_HOSTNAME", product: "owncloud", realName: "OWNCLOUD_DOMAIN", source: OWNCLOUD_ENV },
  { name: "OWNCLOUD_DB_PORT", product: "owncloud", instead: "OWNCLOUD_DB_HOST with the port (db:3307)", source: "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/owncloud.d/15-database.sh" },
];

export function confusionOf(name: string, product: Product): VariableConfusion | undefined {
  return variableConfusions.find((c) => c.name === name && c.product === product);
}
