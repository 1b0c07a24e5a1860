import type { DatabaseModel, MountModel } from "../../model/cluster-model";
import { isScaled } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";

/** Galera and similar images run one server per node on purpose, each with its own volume (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html). */
function isClusteringImage(database: DatabaseModel): boolean {
  const text = `${database.service.image?.value ?? ""} ${database.service.command?.value ?? ""}`;
  return /galera|wsrep|pxc|repmgr|patroni|spilo|cluster/i.test(text) || [...database.service.env.keys()].some((k) => /WSREP|GALERA|REPMGR|PATRONI/i.test(k));
}

/**
 * Mounts that every replica opens as the same directory: a named (or network) volume, a host
 * path, a Kubernetes claim named in the pod's volumes. A StatefulSet's volumeClaimTemplates
 * and an emptyDir give each replica its own.
 */
function sharedSource(mount: MountModel): boolean {
  if (mount.source === undefined) return false;
  if (mount.kind === "claim") return mount.volume?.perReplica !== true;
  return mount.kind === "volume" || mount.kind === "bind";
}

export const replicasShareDatadir = defineRule({
  meta: {
    id: "database/replicas-share-datadir",
    severity: "error",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Several database servers on one data directory",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a MariaDB, MySQL or PostgreSQL service scaled with `deploy.replicas` above 1, `scale:` or `deploy.mode: global` whose data directory is a named volume or host path, and two database services that mount the same volume or host path as their data directory. In Kubernetes manifests: a Deployment, StatefulSet or DaemonSet of such an image with more than one replica whose data directory is a claim named in its pod volumes (not a volumeClaimTemplate) or a `hostPath`, and two database workloads on one claim. Galera and other replication images are left alone.",
      whyItMatters:
        "A database server assumes it alone owns its data directory; two server processes on one directory (the shared-volume-plus-`replicas: 2` mistake) can lock each other out or leave the files inconsistent: MySQL documents sharing a data directory between instances as not recommended, and the same is inferred for PostgreSQL (https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html). Replicas that each got a separate per-node volume are no better: they are independent databases behind one service name. High availability needs the database's own replication, one volume per server (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: postgres:17",
          "    deploy:",
          "      replicas: 2",
          "    volumes:",
          "      - db_data:/var/lib/postgresql/data",
          "volumes:",
          "  db_data: {}",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: postgres:17",
          "    deploy:",
          "      replicas: 1",
          "    volumes:",
          "      - db_data:/var/lib/postgresql/data",
          "volumes:",
          "  db_data: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: for a literal replica count the fix sets it to 1, which stops the extra servers; if they already wrote to the shared directory, check the database before relying on it. Real high availability needs replication with one volume per server, which no quick fix can set up. Two services on one data directory get no fix: which one to keep is your decision.",
      sources: ["https://dev.mysql.com/doc/refman/8.4/en/disk-issues.html", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html"],
    },
  },
  check({ model, fix, report }) {
    for (const database of model.databases) {
      if (!isScaled(database.service) || isClusteringImage(database)) continue;
      const mount = database.dataMounts.find(sharedSource);
      if (!mount) continue;
      const replicas = database.service.replicas;
      const how = replicas.value === "global" ? "runs on every node (global mode)" : `runs ${replicas.value} replicas`;
      report({
        message: `${database.service.name} ${how} on one data directory (${mount.source} at ${mount.target}): database servers must not share a data directory; run one server, or use replication with a volume per server.`,
        location: replicas.location ?? database.service.nameLocation,
        related: withRelated(
          { location: mount.location, message: `the data directory all replicas open` },
          replicas.related,
          mount.kind === "claim" && mount.volume?.declaredAt ? { location: mount.volume.declaredAt, message: `claim ${mount.volume.name} is declared here` } : undefined,
        ),
        // Only a count written as a number: `${DB_REPLICAS}` is the variable's business, global mode no count.
        fixes: [replicas.value !== "global" && replicas.related.length === 0 ? fix.setFact(replicas, "1", `Run one ${database.service.name} server`, "unsafe") : undefined],
      });
    }
    const seen: { database: DatabaseModel; mount: MountModel }[] = [];
    for (const database of model.databases) {
      for (const mount of database.dataMounts.filter(sharedSource)) {
        const earlier = seen.find((s) => s.database !== database && s.mount.kind === mount.kind && s.mount.source === mount.source);
        if (earlier) {
          report({
            message: `${database.service.name} and ${earlier.database.service.name} both use ${mount.source} as their data directory: two database servers on one directory can corrupt it.`,
            location: mount.location,
            related: [{ location: earlier.mount.location, message: `${earlier.database.service.name} mounts ${mount.source} here` }],
          });
        }
        seen.push({ database, mount });
      }
    }
  },
});
