import type { Severity } from "../../findings";
import type { AppDatabaseModel, DatabaseEngine, MountModel } from "../../model/cluster-model";
import { appPaths } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { networkStorageOf, type NetworkStorage } from "./network-backing";

const engineNames: Record<DatabaseEngine, string> = { mariadb: "MariaDB", mysql: "MySQL", postgres: "PostgreSQL" };

const nfsManPage = "https://man7.org/linux/man-pages/man5/nfs.5.html";

/**
 * The NFS options that take a database's safety away. `hard` is the Linux client's default
 * ("If neither option is specified (or if the hard option is specified), NFS requests are
 * retried indefinitely", nfs(5)): only `soft`/`softerr` (the last of soft, softerr and hard
 * wins), `nolock`, or `local_lock=` other than `none` change it.
 */
function unsafeNfsOptions(mount: MountModel): string[] {
  const options = mount.volume?.mountOptions ?? [];
  const unsafe: string[] = [];
  const recovery = options.filter((o) => o.name === "soft" || o.name === "softerr" || o.name === "hard").pop();
  if (recovery && recovery.name !== "hard") unsafe.push(recovery.name);
  if (options.some((o) => o.name === "nolock")) unsafe.push("nolock");
  const localLock = options.filter((o) => o.name === "local_lock").pop();
  if (localLock && (localLock.value ?? "").toLowerCase() !== "none") unsafe.push(`local_lock=${localLock.value ?? ""}`);
  return unsafe;
}

/**
 * CIFS and GlusterFS are never fit for a live server database; NFS is tolerated as a hard mount
 * with working locks (PostgreSQL: https://www.postgresql.org/docs/current/creating-cluster.html,
 * MySQL "use with caution": https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html). A host
 * mount's options are the host's: the files cannot show them, so NFS there is a warning.
 */
function gradeOf(mount: MountModel, storage: NetworkStorage): { severity: Severity; why: string } {
  const onlyGuessed = storage.basis === "name" ? { severity: "warning" as const } : undefined;
  if (storage.fileSystem === "glusterfs") return { severity: onlyGuessed?.severity ?? "error", why: "GlusterFS does not support live SQL databases; keep the data directory on local or block storage" };
  if (storage.fileSystem === "cifs") return { severity: onlyGuessed?.severity ?? "error", why: "CIFS/SMB can give a database neither reliable locks nor per-file permissions; keep the data directory on local or block storage" };
  const unsafe = storage.basis === "volume" ? unsafeNfsOptions(mount) : [];
  if (unsafe.length > 0) return { severity: "error", why: `it is mounted ${unsafe.join(" and ")}, which turns network hiccups into failed or unlocked writes (${nfsManPage})` };
  const host = storage.basis === "volume" ? "" : " (check the host's mount options)";
  return { severity: "warning", why: `NFS is tolerated for a database only as a hard mount with working locks${host}; hard is the Linux default unless \`soft\` is set (${nfsManPage}), and a local or block volume is safer` };
}

/** How the app came to SQLite, for messages. */
function selectionWords(database: AppDatabaseModel): string {
  if (database.selection === "default") return "its SQLite database (the image's default)";
  return "its SQLite database";
}

export const databaseOnNetworkFs = defineRule({
  meta: {
    id: "storage/database-on-network-fs",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Database files on a network file system",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a database kept on an NFS, CIFS/SMB or GlusterFS file system: a MariaDB, MySQL or PostgreSQL data directory (`/var/lib/mysql`, `/var/lib/postgresql[/data]`, `/bitnami/*`, linuxserver MariaDB's `/config`), a Nextcloud/ownCloud app on SQLite whose data directory is there, and the SQLite database of other apps that keep one in their container — Sonarr, Radarr, Prowlarr and Readarr (linuxserver images, `/config`), Jellyfin and Plex (`/config`), Uptime Kuma (`/app/data`), Gotify (`/app/data`, unless `GOTIFY_DATABASE_DIALECT` names MySQL or PostgreSQL), Vaultwarden (`/data`, unless `DATABASE_URL` names MySQL or PostgreSQL), Home Assistant (`/config`), Gitea and Forgejo (`/data`, when `DB_TYPE` or `GITEA__database__DB_TYPE` is `sqlite3`). The network file system is a volume's driver or `type` (`nfs`, `cifs`, a GlusterFS plugin), a Kubernetes claim bound to an NFS, SMB or GlusterFS PersistentVolume (or of a StorageClass whose provisioner or name says so), an inline `nfs` pod volume, or a bind mount (or `hostPath`) of a host directory that `.scaleout.yaml` declares under `mounts:` as `nfs`, `cifs` or `glusterfs`. A host directory named `/mnt/gluster*`, `/mnt/nfs*`, `/mnt/cifs*` or `/mnt/smb*` that is not declared is taken for such a mount by its name, and reported as a warning that says so; declaring it (`/mnt/nfs-old: local`) overrides the guess. `ocfs2` (on iSCSI) and `local` are fine. SQLite databases and server databases on CIFS/SMB or GlusterFS are errors; a server database on NFS is an error when mounted `soft`, `nolock` or with `local_lock=`, and a warning otherwise (`hard` is the Linux default, it need not be written). SQLite findings do not need a cluster: one node corrupts the file too.",
      whyItMatters:
        "SQLite depends on POSIX file locks that network file systems implement unreliably, and its WAL mode does not work across hosts (https://www.sqlite.org/howtocorrupt.html, https://www.sqlite.org/wal.html); the apps' own documentation says the same for their directories (Jellyfin: https://jellyfin.org/docs/general/administration/storage/, Plex: https://github.com/plexinc/pms-docker/blob/master/README.md, Uptime Kuma: https://github.com/louislam/uptime-kuma/wiki/%F0%9F%94%A7-How-to-Install, Vaultwarden: https://github.com/dani-garcia/vaultwarden/wiki/Running-without-WAL-enabled). PostgreSQL tolerates NFS only as a hard mount (https://www.postgresql.org/docs/current/creating-cluster.html) and the MySQL documentation says to use NFS with caution (https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html); `hard` is what the Linux NFS client does unless `soft` is given, while `nolock` and `local_lock=` keep locks from reaching the server (https://man7.org/linux/man-pages/man5/nfs.5.html). On CIFS/SMB, Docker's volumes take permissions from mount options, so they cannot be set per file, and a `nobrl` mount sends no byte-range locks to the server. ownCloud's NFS guidance also asks for `_netdev` when database files live on NFS (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: mariadb:11.4",
          "    volumes:",
          "      - db_data:/var/lib/mysql",
          "volumes:",
          "  db_data:",
          "    driver_opts:",
          "      type: cifs",
          '      o: "addr=fs.example,vers=3.0"',
          '      device: "//fs.example/db"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: mariadb:11.4",
          "    volumes:",
          "      - db_data:/var/lib/mysql",
          "volumes:",
          "  db_data: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: moving a database to local or block storage is a data migration (dump and restore, or copy with the app stopped). Keep SQLite apps' directories on a local volume pinned to one node with a placement constraint, or on a cluster file system on a block device (OCFS2 on iSCSI), and leave only media or downloads on the share. For NFS that must stay under a server database, never mount it `soft` or `nolock`, use TCP, and add `_netdev` to host mounts. A host directory that is not what its name suggests is declared in `.scaleout.yaml` (`mounts: {/mnt/nfs-old: local}`).",
      sources: ["https://www.sqlite.org/howtocorrupt.html", "https://www.sqlite.org/wal.html", "https://man7.org/linux/man-pages/man5/nfs.5.html", "https://jellyfin.org/docs/general/administration/storage/", "https://github.com/plexinc/pms-docker/blob/master/README.md", "https://github.com/louislam/uptime-kuma/wiki/%F0%9F%94%A7-How-to-Install", "https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check({ model, report }) {
    for (const database of model.databases) {
      for (const mount of database.dataMounts) {
        const storage = networkStorageOf(mount);
        if (!storage) continue;
        const grade = gradeOf(mount, storage);
        report({
          message: `${database.service.name} keeps its ${engineNames[database.engine]} data directory ${mount.target} on ${storage.description}: ${grade.why}.`,
          location: mount.location,
          related: storage.related,
          severity: grade.severity,
        });
      }
    }
    // SQLite corrupts on a network file system with one node as with many: no cluster needed.
    for (const database of model.appDatabases ?? []) {
      const mount = coveringMount(database.service, database.databaseDir);
      const storage = mount && networkStorageOf(mount);
      if (!mount || !storage) continue;
      const source = database.networkWarning ?? "https://www.sqlite.org/howtocorrupt.html";
      report({
        message: `${database.service.name} (${database.app}) keeps ${selectionWords(database)} in ${database.databaseDir} on ${storage.description}: SQLite's locks are unreliable there and the database corrupts, with one node as with many (${source}). Keep ${database.databaseDir} on local storage or a block device (OCFS2 on iSCSI, or a local volume pinned to one node with a placement constraint).`,
        location: mount.location,
        related: withRelated(database.setting ? { location: database.setting, message: "SQLite is selected here" } : undefined, storage.related),
        severity: storage.basis === "name" ? "warning" : "error",
      });
    }
    for (const app of model.apps) {
      if (app.role !== "web") continue;
      const selection = app.sqlite;
      // Nextcloud's "defaults to SQLite" needs the install to run unattended; only an explicit choice is certain here.
      if (!selection || (app.product === "nextcloud" && selection.certainty !== "explicit")) continue;
      // SQLite keeps its file in the data directory: Nextcloud `datadirectory`, ownCloud's files directory.
      const dataDir = appPaths(app).files;
      const mount = coveringMount(app, dataDir);
      const storage = mount && networkStorageOf(mount);
      if (!mount || !storage) continue;
      report({
        message: `${app.name} uses SQLite (${selection.reason}) and keeps the database file in ${dataDir} on ${storage.description}: SQLite locking is unreliable on network file systems and its WAL mode does not work there.`,
        location: mount.location,
        related: withRelated(selection.location ? { location: selection.location, message: "SQLite is selected here" } : undefined, storage.related),
        severity: storage.basis === "name" ? "warning" : "error",
      });
    }
  },
});
