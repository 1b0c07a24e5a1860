/**
 * Images of other apps that keep an SQLite database in a directory of their own, as data. Each
 * entry names the directory the image documents for its database, how the image picks SQLite,
 * and the public pages that say so. SQLite needs working POSIX locks and the same host for every
 * process of a WAL database; NFS, CIFS/SMB and GlusterFS give neither reliably
 * (https://www.sqlite.org/howtocorrupt.html, https://www.sqlite.org/wal.html).
 *
 * Server databases whose vendors document NFS as usable with options (MongoDB's production
 * notes list `hard`, `nolock` for NFS) are deliberately not here: a finding for them would be
 * wrong.
 */

/** How the image ends up on SQLite. */
export type SqliteChoice =
  /** The app has no other database. */
  | { kind: "always" }
  /** SQLite unless a variable names a server database (`DATABASE_URL=postgresql://…`). */
  | { kind: "default"; serverWhen: { variable: RegExp; value: RegExp }[] }
  /** SQLite only when a variable says so; any other value, or none, is another database or the installer's choice. */
  | { kind: "explicit"; variables: string[]; value: RegExp };

export interface AppDatabaseProfile {
  /** For messages: "Sonarr", "Vaultwarden". */
  app: string;
  /** Image repositories without registry (as `parseImage` gives them). */
  images: string[];
  /** Directory in the container that holds the database file(s). */
  databaseDir: string;
  sqlite: SqliteChoice;
  /** Variables that move the database file elsewhere (an absolute path: its directory counts; a relative one: unknown). */
  fileVariables?: string[];
  /** The image's documentation of the directory and, where the vendor says it, its warning about network file systems. */
  sources: string[];
  /** The vendor's own warning against network file systems for this directory, when there is one. */
  networkWarning?: string;
}

/** The Servarr apps can move to PostgreSQL with `<APP>__POSTGRES__HOST` (https://wiki.servarr.com/sonarr/postgres-setup). */
const servarrPostgres = (app: string) => [{ variable: new RegExp(`^${app}__POSTGRES__HOST$`, "i"), value: /\S/ }];

export const appDatabaseProfiles: AppDatabaseProfile[] = [
  {
    app: "Sonarr",
    images: ["linuxserver/sonarr"],
    databaseDir: "/config",
    sqlite: { kind: "default", serverWhen: servarrPostgres("SONARR") },
    sources: ["https://github.com/linuxserver/docker-sonarr/blob/master/readme-vars.yml", "https://github.com/Sonarr/Sonarr/issues/1886"],
  },
  {
    app: "Radarr",
    images: ["linuxserver/radarr"],
    databaseDir: "/config",
    sqlite: { kind: "default", serverWhen: servarrPostgres("RADARR") },
    sources: ["https://github.com/linuxserver/docker-radarr/blob/master/readme-vars.yml"],
  },
  {
    app: "Prowlarr",
    images: ["linuxserver/prowlarr"],
    databaseDir: "/config",
    sqlite: { kind: "default", serverWhen: servarrPostgres("PROWLARR") },
    sources: ["https://github.com/linuxserver/docker-prowlarr/blob/master/readme-vars.yml"],
  },
  {
    app: "Readarr",
    images: ["linuxserver/readarr"],
    databaseDir: "/config",
    sqlite: { kind: "default", serverWhen: servarrPostgres("READARR") },
    sources: ["https://github.com/linuxserver/docker-readarr/blob/master/readme-vars.yml"],
  },
  {
    app: "Jellyfin",
    images: ["jellyfin/jellyfin", "linuxserver/jellyfin"],
    databaseDir: "/config",
    sqlite: { kind: "always" },
    // "The Jellyfin database should also be stored locally and not on a network storage device."
    sources: ["https://jellyfin.org/docs/general/administration/storage/", "https://jellyfin.org/docs/general/installation/container/"],
    networkWarning: "https://jellyfin.org/docs/general/administration/storage/",
  },
  {
    app: "Plex Media Server",
    images: ["plexinc/pms-docker", "linuxserver/plex"],
    databaseDir: "/config",
    sqlite: { kind: "always" },
    // "/config … the underlying filesystem needs to support file locking. Known to not be default enabled on remote filesystems like NFS"
    sources: ["https://github.com/plexinc/pms-docker/blob/master/README.md"],
    networkWarning: "https://github.com/plexinc/pms-docker/blob/master/README.md",
  },
  {
    app: "Uptime Kuma",
    images: ["louislam/uptime-kuma"],
    databaseDir: "/app/data",
    sqlite: { kind: "always" },
    // "Filesystem support for POSIX file locks is required to avoid SQLite database corruption … Please map the /app/data-folder to a local directory or volume."
    sources: ["https://github.com/louislam/uptime-kuma/wiki/%F0%9F%94%A7-How-to-Install"],
    networkWarning: "https://github.com/louislam/uptime-kuma/wiki/%F0%9F%94%A7-How-to-Install",
  },
  {
    app: "Vaultwarden",
    images: ["vaultwarden/server", "bitwardenrs/server"],
    databaseDir: "/data",
    // DATABASE_URL "defaults to %DATA_FOLDER%/db.sqlite3"; a mysql:// or postgresql:// URL selects a server.
    sqlite: { kind: "default", serverWhen: [{ variable: /^DATABASE_URL$/, value: /^\s*(mysql|postgres(ql)?):/i }] },
    fileVariables: ["DATABASE_URL"],
    sources: ["https://github.com/dani-garcia/vaultwarden/blob/main/.env.template", "https://github.com/dani-garcia/vaultwarden/wiki/Running-without-WAL-enabled"],
    // "Some filesystems don't support WAL - this is especially true for network filesystems."
    networkWarning: "https://github.com/dani-garcia/vaultwarden/wiki/Running-without-WAL-enabled",
  },
  {
    app: "Gotify",
    images: ["gotify/server", "gotify/server-arm7", "gotify/server-arm64"],
    databaseDir: "/app/data",
    // "dialect: sqlite3 … connection: data/gotify.db" is the default; the image runs in /app and mounts /app/data.
    sqlite: { kind: "default", serverWhen: [{ variable: /^GOTIFY_DATABASE_DIALECT$/, value: /^\s*(mysql|postgres)/i }] },
    sources: ["https://gotify.net/docs/config", "https://gotify.net/docs/install"],
  },
  {
    app: "Home Assistant",
    images: ["homeassistant/home-assistant", "home-assistant/home-assistant"],
    databaseDir: "/config",
    // "The default, and recommended, database engine is SQLite … stored in your Home Assistant configuration directory ('/config/')".
    sqlite: { kind: "default", serverWhen: [] },
    sources: ["https://www.home-assistant.io/integrations/recorder/"],
  },
  {
    app: "Gitea",
    images: ["gitea/gitea"],
    databaseDir: "/data",
    // The image's `DB_TYPE` and app.ini's `[database] DB_TYPE`; without them the web installer chooses, which the files do not show.
    sqlite: { kind: "explicit", variables: ["GITEA__database__DB_TYPE", "DB_TYPE"], value: /^\s*sqlite3\s*$/i },
    // `DB_PATH` (default /data/gitea/gitea.db) and app.ini's `[database] PATH` move the file.
    fileVariables: ["GITEA__database__PATH", "DB_PATH"],
    sources: ["https://docs.gitea.com/installation/install-with-docker", "https://github.com/go-gitea/gitea/blob/main/docker/root/etc/s6/gitea/setup"],
  },
  {
    app: "Forgejo",
    images: ["forgejo/forgejo"],
    databaseDir: "/data",
    sqlite: { kind: "explicit", variables: ["FORGEJO__database__DB_TYPE", "GITEA__database__DB_TYPE", "DB_TYPE"], value: /^\s*sqlite3\s*$/i },
    fileVariables: ["FORGEJO__database__PATH", "GITEA__database__PATH", "DB_PATH"],
    sources: ["https://forgejo.org/docs/latest/admin/installation/docker/"],
  },
];

/** Rootless Gitea/Forgejo images keep their data elsewhere (`/var/lib/gitea`): the profile's path does not apply. */
export function appDatabaseProfileOf(repository: string | undefined, tag: string | undefined): AppDatabaseProfile | undefined {
  if (!repository) return undefined;
  const profile = appDatabaseProfiles.find((p) => p.images.includes(repository));
  if (profile && profile.sqlite.kind === "explicit" && /rootless/i.test(tag ?? "")) return undefined;
  return profile;
}

/** The sources every finding about an SQLite file on a network file system can cite. */
export const sqliteNetworkSources = ["https://www.sqlite.org/howtocorrupt.html", "https://www.sqlite.org/wal.html"];
