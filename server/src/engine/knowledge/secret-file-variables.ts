/**
 * Images that read a secret from a file named by a variable, as data: which variables each image
 * takes as the value itself, and the variable that names a file holding that value instead. A
 * variable of this table set to the path of a mounted secret (`MYSQL_PASSWORD=/run/secrets/db`)
 * makes the path the value; the file form reads the secret.
 *
 * Only images whose entrypoint the sources show are here. Images that take a variable verbatim
 * but whose reading depends on the version (linuxserver's BookStack renamed `DB_PASS` to
 * `DB_PASSWORD`), or that have no file form at all (owncloud/server), are deliberately absent.
 */

/** How the image names the file form of a variable. */
export type FileForm =
  /** `X_FILE` (docker-library's `file_env`). */
  | "suffix"
  /** `FILE__X` (linuxserver's init-envfile, for any variable). */
  | "prefix";

export interface SecretFileProfile {
  /** For messages: "mariadb", "linuxserver/mariadb". */
  image: string;
  /** Image repositories without registry, as `parseImage` gives them. */
  repositories: string[];
  form: FileForm;
  /** The variables the image takes as the value itself, with what the value is ("the root password"). */
  variables: Record<string, string>;
  /**
   * The first word of a `command` with which the entrypoint still sets up (and so reads the
   * variables): a server flag or the server itself. Absent: any command (linuxserver's s6 init
   * runs before every command). A replaced `entrypoint` skips the image's script altogether.
   */
  setupCommand?: RegExp;
  /** The entrypoint lines and documentation that show the file form. */
  sources: string[];
}

const mariadbVariables = {
  MYSQL_ROOT_PASSWORD: "the root password",
  MYSQL_PASSWORD: "the password",
  MYSQL_USER: "the user name",
  MYSQL_DATABASE: "the database name",
  MYSQL_ROOT_HOST: "the root host",
};

export const secretFileProfiles: readonly SecretFileProfile[] = [
  {
    image: "mariadb",
    repositories: ["mariadb"],
    form: "suffix",
    setupCommand: /^(?:-|mariadbd$|mysqld$)/,
    // `_mariadb_file_env` runs file_env on MYSQL_X and on MARIADB_X for each.
    variables: {
      ...mariadbVariables,
      MARIADB_ROOT_PASSWORD: "the root password",
      MARIADB_PASSWORD: "the password",
      MARIADB_USER: "the user name",
      MARIADB_DATABASE: "the database name",
      MARIADB_ROOT_HOST: "the root host",
    },
    sources: ["https://github.com/MariaDB/mariadb-docker/blob/master/docker-entrypoint.sh", "https://github.com/docker-library/docs/blob/master/mariadb/content.md#secrets"],
  },
  {
    image: "mysql",
    repositories: ["mysql"],
    form: "suffix",
    setupCommand: /^(?:-|mysqld$)/,
    variables: mariadbVariables,
    sources: ["https://github.com/docker-library/mysql/blob/master/8.4/docker-entrypoint.sh", "https://github.com/docker-library/docs/blob/master/mysql/content.md#docker-secrets"],
  },
  {
    image: "postgres",
    repositories: ["postgres"],
    form: "suffix",
    setupCommand: /^(?:-|postgres$)/,
    variables: {
      POSTGRES_PASSWORD: "the superuser password",
      POSTGRES_USER: "the superuser name",
      POSTGRES_DB: "the database name",
    },
    sources: ["https://github.com/docker-library/postgres/blob/master/17/bookworm/docker-entrypoint.sh", "https://github.com/docker-library/docs/blob/master/postgres/content.md#docker-secrets"],
  },
  {
    image: "nextcloud",
    repositories: ["nextcloud"],
    form: "suffix",
    setupCommand: /^(?:apache|php-fpm$)/,
    // The entrypoint's file_env calls and the `_FILE` reads of .config/*.config.php; the README's list is exhaustive.
    variables: {
      NEXTCLOUD_ADMIN_USER: "the admin user name",
      NEXTCLOUD_ADMIN_PASSWORD: "the admin password",
      MYSQL_DATABASE: "the database name",
      MYSQL_USER: "the database user",
      MYSQL_PASSWORD: "the database password",
      POSTGRES_DB: "the database name",
      POSTGRES_USER: "the database user",
      POSTGRES_PASSWORD: "the database password",
      REDIS_HOST_PASSWORD: "the Redis password",
      SMTP_PASSWORD: "the SMTP password",
      OBJECTSTORE_S3_KEY: "the S3 key",
      OBJECTSTORE_S3_SECRET: "the S3 secret",
      OBJECTSTORE_S3_SSE_C_KEY: "the S3 SSE-C key",
    },
    sources: [
      "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
      "https://github.com/nextcloud/docker/tree/master/.config",
      "https://github.com/nextcloud/docker/blob/master/README.md#docker-secrets",
    ],
  },
  {
    image: "linuxserver/mariadb",
    repositories: ["linuxserver/mariadb"],
    form: "prefix",
    // The init script writes these into SQL as they are; the base image's init-envfile fills X from FILE__X.
    variables: {
      MYSQL_ROOT_PASSWORD: "the root password",
      MYSQL_PASSWORD: "the password",
      MYSQL_USER: "the user name",
      MYSQL_DATABASE: "the database name",
    },
    sources: [
      "https://github.com/linuxserver/docker-mariadb/blob/master/root/etc/s6-overlay/s6-rc.d/init-mariadb-initdb/run",
      "https://github.com/linuxserver/docker-mariadb/blob/master/README.md#environment-variables-from-files-docker-secrets",
      "https://github.com/linuxserver/docker-baseimage-alpine/blob/master/root/etc/s6-overlay/s6-rc.d/init-envfile/run",
    ],
  },
];

/** The profile of an image repository (as `parseImage` gives it), if the table knows it. */
export function secretFileProfileOf(repository: string): SecretFileProfile | undefined {
  return secretFileProfiles.find((profile) => profile.repositories.includes(repository));
}

/** The variable that names a file holding `name`'s value. */
export function fileVariableOf(profile: SecretFileProfile, name: string): string {
  return profile.form === "suffix" ? `${name}_FILE` : `FILE__${name}`;
}

/**
 * The path of a file Docker (`/run/secrets/<name>`) or Kubernetes (`/var/run/secrets/…`) mounts a
 * secret at: where a secret is, not a secret (https://docs.docker.com/engine/swarm/secrets/).
 */
export function isSecretFilePath(text: string): boolean {
  return /^\/(?:var\/)?run\/secrets\/\S+$/.test(text.trim());
}
