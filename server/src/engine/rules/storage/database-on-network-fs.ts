import type { Severity } from "../../findings";
import type { DatabaseEngine, MountModel } from "../../model/cluster-model";
import { appPaths } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { describeNetworkMount, isNetworkMount, networkVolumeRelated } from "./network-backing";

const engineNames: Record<DatabaseEngine, string> = { mariadb: "MariaDB", mysql: "MySQL", postgres: "PostgreSQL" };

/**
 * CIFS and GlusterFS are never fit for a live database; NFS is tolerated with `hard` and
 * without `soft`/`nolock` (PostgreSQL documents `hard` as its one firm requirement, MySQL
 * "use with caution") — MySQL: https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html, PostgreSQL: https://www.postgresql.org/docs/current/creating-cluster.html. Anything that does not show `hard` is graded as unsafe.
 */
function gradeOf(mount: MountModel): { severity: Severity; why: string } {
  if (mount.backingKind === "glusterfs") return { severity: "error", why: "GlusterFS does not support live SQL databases" };
  if (mount.backingKind !== "nfs") return { severity: "error", why: "CIFS/SMB can give a database neither reliable locks nor per-file permissions" };
  const options = new Set((mount.volume?.mountOptions ?? []).map((o) => o.name));
  const unsafe = ["soft", "nolock"].filter((o) => options.has(o));
  if (unsafe.length > 0) return { severity: "error", why: `it is mounted ${unsafe.join(" and ")}, which turns network hiccups into failed or unlocked writes` };
  if (options.has("hard")) return { severity: "warning", why: "a hard NFS mount is only tolerated for a database; a local or block volume is safer" };
  return { severity: "error", why: "its mount options do not show `hard`, the one NFS option a database cannot do without" };
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
        "Flags a MariaDB, MySQL or PostgreSQL data directory (`/var/lib/mysql`, `/var/lib/postgresql[/data]`, `/bitnami/*`) on an NFS, CIFS/SMB or GlusterFS volume, and a Nextcloud/ownCloud app on SQLite whose data directory is on such a volume. CIFS/SMB, GlusterFS and NFS with `soft` or `nolock` (or without an explicit `hard`) are errors; NFS mounted `hard` is reported as a warning. In Kubernetes manifests the network volume is a claim bound to an NFS, SMB or GlusterFS PersistentVolume (or of a StorageClass whose provisioner or name says so), or an inline `nfs` pod volume; the mount options are the PersistentVolume's or StorageClass's `mountOptions`.",
      whyItMatters:
        "PostgreSQL tolerates NFS only with the `hard` mount option, the MySQL documentation says to use NFS with caution, GlusterFS does not support live SQL databases, and GitLab advises against PostgreSQL on NFS and against CephFS/GlusterFS (https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html). On CIFS/SMB, Docker's volumes take permissions from mount options, so they likely cannot be set per file, and a `nobrl` mount sends no byte-range locks to the server (https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html). SQLite depends on file locks that network file systems implement unreliably and its WAL mode does not work across hosts (https://www.sqlite.org/howtocorrupt.html). ownCloud's NFS guidance also asks for `_netdev` when database files live on NFS (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
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
        "No automatic fix: moving a database to local or block storage is a data migration (dump and restore, or copy with the server stopped). For NFS that must stay, mount it `hard` (never `soft`, never `nolock`), over TCP, with `_netdev` on host mounts; in Kubernetes, list `hard` in the PersistentVolume's or StorageClass's `mountOptions`.",
      sources: ["https://www.sqlite.org/howtocorrupt.html", "https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check({ model, report }) {
    for (const database of model.databases) {
      for (const mount of database.dataMounts) {
        if (!isNetworkMount(mount)) continue;
        const grade = gradeOf(mount);
        report({
          message: `${database.service.name} keeps its ${engineNames[database.engine]} data directory ${mount.target} on ${describeNetworkMount(mount)}: ${grade.why}.`,
          location: mount.location,
          related: networkVolumeRelated(mount),
          severity: grade.severity,
        });
      }
    }
    for (const app of model.apps) {
      if (app.role !== "web") continue;
      const selection = app.sqlite;
      // Nextcloud's "defaults to SQLite" needs the install to run unattended; only an explicit choice is certain here.
      if (!selection || (app.product === "nextcloud" && selection.certainty !== "explicit")) continue;
      // SQLite keeps its file in the data directory: Nextcloud `datadirectory`, ownCloud's files directory.
      const dataDir = appPaths(app).files;
      const mount = coveringMount(app, dataDir);
      if (!mount || !isNetworkMount(mount)) continue;
      report({
        message: `${app.name} uses SQLite (${selection.reason}) and keeps the database file in ${dataDir} on ${describeNetworkMount(mount)}: SQLite locking is unreliable on network file systems and its WAL mode does not work there.`,
        location: mount.location,
        related: withRelated(selection.location ? { location: selection.location, message: "SQLite is selected here" } : undefined, networkVolumeRelated(mount)),
        severity: "error",
      });
    }
  },
});
