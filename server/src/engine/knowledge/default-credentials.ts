/**
 * Passwords that public examples and images ship, by variable: a deployment that keeps one has
 * the password everyone who read the example knows. Each entry cites where it is shipped. (The
 * charts' own defaults are in chart-pitfalls.ts, as model facts.)
 */
export interface ShippedPassword {
  variable: string;
  /** The values shipped; "" is an empty placeholder the example leaves for you to fill in. */
  values: string[];
  /** Where, in words for the message ("the Docker awesome-compose Nextcloud examples"). */
  where: string;
  source: string;
}

const awesomeCompose = "https://github.com/docker/awesome-compose/blob/master/nextcloud-redis-mariadb/compose.yaml";
const awesomeComposePostgres = "https://github.com/docker/awesome-compose/blob/master/nextcloud-postgres/compose.yaml";
const ownCloudDocs = "https://github.com/owncloud/docs-server/blob/master/modules/admin_manual/examples/installation/docker/docker-compose.yml";
const ownCloudDocsEnv = "https://github.com/owncloud/docs-server/blob/master/modules/admin_manual/examples/installation/docker/dot.env";
const nextcloudExamples = "https://github.com/nextcloud/docker/tree/master/.examples/docker-compose";
/** The ownCloud image installs with admin/admin when OWNCLOUD_ADMIN_PASSWORD is unset or empty. */
export const owncloudAdminDefault = {
  variable: "OWNCLOUD_ADMIN_PASSWORD",
  source: "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/30-admin.sh",
};

export const shippedPasswords: readonly ShippedPassword[] = [
  { variable: "MYSQL_PASSWORD", values: ["nextcloud"], where: "Docker's awesome-compose Nextcloud example", source: awesomeCompose },
  { variable: "MYSQL_ROOT_PASSWORD", values: ["nextcloud"], where: "Docker's awesome-compose Nextcloud example", source: awesomeCompose },
  { variable: "POSTGRES_PASSWORD", values: ["nextcloud"], where: "Docker's awesome-compose Nextcloud example", source: awesomeComposePostgres },
  { variable: "MYSQL_PASSWORD", values: ["owncloud"], where: "the ownCloud documentation's Compose example", source: ownCloudDocs },
  { variable: "MYSQL_ROOT_PASSWORD", values: ["owncloud"], where: "the ownCloud documentation's Compose example", source: ownCloudDocs },
  { variable: "OWNCLOUD_DB_PASSWORD", values: ["owncloud"], where: "the ownCloud documentation's Compose example", source: ownCloudDocs },
  { variable: "OWNCLOUD_ADMIN_PASSWORD", values: ["admin"], where: "the ownCloud documentation's .env example (and the image's default)", source: ownCloudDocsEnv },
  { variable: "MYSQL_PASSWORD", values: [""], where: "the Nextcloud image's Compose examples", source: nextcloudExamples },
  { variable: "MYSQL_ROOT_PASSWORD", values: [""], where: "the Nextcloud image's Compose examples", source: nextcloudExamples },
  { variable: "POSTGRES_PASSWORD", values: [""], where: "the Nextcloud image's Compose examples", source: nextcloudExamples },
];

/** Settings of the same service that make an empty password deliberate or unused (the database images' own switches). */
export const emptyPasswordSwitches: Readonly<Record<string, readonly string[]>> = {
  MYSQL_ROOT_PASSWORD: ["MYSQL_ROOT_PASSWORD_FILE", "MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_FILE", "MYSQL_ALLOW_EMPTY_PASSWORD", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD", "MARIADB_RANDOM_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_HASH"],
  MYSQL_PASSWORD: ["MYSQL_PASSWORD_FILE", "MARIADB_PASSWORD", "MARIADB_PASSWORD_FILE", "MARIADB_PASSWORD_HASH"],
  POSTGRES_PASSWORD: ["POSTGRES_PASSWORD_FILE", "POSTGRES_HOST_AUTH_METHOD"],
};
