import type { DatabaseEngine, Product } from "./cluster-model";

/** Splits `registry/repo/name:tag@digest` into the repository path (without registry) and tag. */
export function parseImage(ref: string): { repository: string; tag?: string; digest?: string } {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  // A first component with a dot or a port, or "localhost", is a registry host.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost")) parts.shift();
  if (parts[0] === "library") parts.shift();
  return { repository: parts.join("/").toLowerCase(), tag, digest };
}

/** The official images only (https://github.com/nextcloud/docker/blob/master/README.md, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md): not all-in-one, not linuxserver or other rebuilds. */
export function productOfImage(ref: string): Product | undefined {
  const { repository } = parseImage(ref);
  if (repository === "nextcloud") return "nextcloud";
  if (repository === "owncloud/server" || repository === "owncloud/base") return "owncloud";
  return undefined;
}

export function databaseEngineOfImage(ref: string): DatabaseEngine | undefined {
  const { repository } = parseImage(ref);
  const name = repository.split("/").pop() ?? "";
  if (/mariadb/.test(name)) return "mariadb";
  if (/^(mysql|percona|percona-server)$/.test(name) || name.startsWith("mysql")) return "mysql";
  if (/^postgres(ql)?$|^postgis$|^postgresql-/.test(name) || name.startsWith("postgres")) return "postgres";
  return undefined;
}

export function isRedisImage(ref: string): boolean {
  const name = parseImage(ref).repository.split("/").pop() ?? "";
  return /^(redis|valkey|keydb|redis-stack(-server)?)$/.test(name);
}

export function isSyncAgentImage(ref: string): boolean {
  const { repository } = parseImage(ref);
  return /syncthing|resilio|unison|lsyncd/.test(repository);
}

/**
 * Where an image keeps its database files. linuxserver's MariaDB keeps them in `/config/databases`
 * under its `/config` volume (https://docs.linuxserver.io/images/docker-mariadb/).
 */
export function databaseDataDirsOf(image: string, engine: DatabaseEngine): string[] {
  const { repository } = parseImage(image);
  if (engine === "mariadb" && /(^|\/)linuxserver\/mariadb$/.test(repository)) return ["/config", "/config/databases", ...databaseDataDirs.mariadb];
  return databaseDataDirs[engine];
}

export const databaseDataDirs: Record<DatabaseEngine, string[]> = {
  mariadb: ["/var/lib/mysql", "/bitnami/mariadb"],
  mysql: ["/var/lib/mysql", "/bitnami/mysql"],
  postgres: ["/var/lib/postgresql/data", "/var/lib/postgresql", "/bitnami/postgresql"],
};
