import type { RelatedLocation } from "../../findings";
import type { ClusterModel, MountModel, ServiceModel } from "../../model/cluster-model";
import { appPaths } from "../../model/queries";
import { defineRule } from "../rule";
import { isPathWithin } from "./mount-coverage";

interface LiveUse {
  service: ServiceModel;
  mount: MountModel;
  what: string;
}

/** The directories of a service that hold live state, with a name for messages (https://docs.syncthing.net/users/syncing.html). */
function liveDirectories(model: ClusterModel, service: ServiceModel): { dir: string; what: string }[] {
  const database = model.databases.find((d) => d.service === service);
  if (database) return database.dataMounts.map((m) => ({ dir: m.target, what: `the live ${database.engine === "postgres" ? "PostgreSQL" : "MariaDB/MySQL"} data directory` }));
  const app = model.apps.find((a) => a === service);
  if (!app) return [];
  const { dataRoot, config, files } = appPaths(app);
  if (app.product === "nextcloud") {
    return [
      { dir: dataRoot, what: "the Nextcloud webroot with config.php" },
      { dir: config, what: "the Nextcloud config directory" },
      { dir: files, what: "the Nextcloud data directory" },
    ];
  }
  return [{ dir: dataRoot, what: "the ownCloud data root" }];
}

/**
 * The path inside the service's container that the agent replicates through this mount: the
 * whole mount for the same named volume or a parent host directory, the matching sub-path when
 * the agent replicates a directory inside the mounted one. Undefined when they do not overlap.
 * Kubernetes claims and emptyDirs compare like host directories: a `subPath` is a directory
 * inside the claim (`claim/sub`).
 */
function replicatedPath(agentMount: MountModel, mount: MountModel): string | undefined {
  if (!agentMount.source || !mount.source || agentMount.kind !== mount.kind) return undefined;
  if (mount.kind !== "bind" && mount.kind !== "claim" && mount.kind !== "emptydir") return agentMount.source === mount.source ? mount.target : undefined;
  const agentSource = agentMount.source.replace(/\/+$/, "");
  const source = mount.source.replace(/\/+$/, "");
  if (isPathWithin(source, agentSource)) return mount.target;
  if (isPathWithin(agentSource, source)) return `${mount.target.replace(/\/+$/, "")}${agentSource.slice(source.length)}`;
  return undefined;
}

function liveUsesOf(model: ClusterModel, agent: ServiceModel, agentMount: MountModel): LiveUse[] {
  const uses: LiveUse[] = [];
  for (const service of model.services) {
    if (service === agent || model.syncAgents.includes(service)) continue;
    // Deepest first, so a data mount is named as the data directory, not as the webroot around it.
    const dirs = liveDirectories(model, service).sort((a, b) => b.dir.length - a.dir.length);
    for (const mount of service.mounts) {
      const path = replicatedPath(agentMount, mount);
      if (path === undefined) continue;
      const live = dirs.find((d) => isPathWithin(path, d.dir)) ?? dirs.find((d) => isPathWithin(d.dir, path));
      if (live) uses.push({ service, mount, what: live.what });
    }
  }
  return uses;
}

/** The replicated storage, for messages: Compose names it by its source, Kubernetes by claim or pod volume. */
function describeSource(mount: MountModel): string {
  if (mount.kind === "claim") return `claim ${mount.volume?.name ?? mount.source}${mount.source?.includes("/") ? ` (${mount.source})` : ""}`;
  if (mount.kind === "emptydir") return `the emptyDir ${mount.volume?.name ?? ""} of its pod`;
  return mount.source ?? "";
}

export const fileSyncOfLiveData = defineRule({
  meta: {
    id: "storage/file-sync-of-live-data",
    severity: "error",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "File-sync tool replicating live database or Nextcloud/ownCloud files",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a SyncThing, Resilio, Unison or lsyncd service (in Kubernetes: container) that mounts a volume, host directory, claim or pod volume which another service uses as a live database data directory, the Nextcloud webroot, config or data directory, or the ownCloud data root.",
      whyItMatters:
        "File-sync tools such as Syncthing copy whole files asynchronously after a scan; Syncthing settles concurrent changes by keeping the file with the newer mtime and renaming the other to a `.sync-conflict-…` copy. They know nothing about database pages, journals or transactions, so a synced live database is likely to end up with data files and WAL/journal from different moments (an inference, https://docs.syncthing.net/users/syncing.html, https://www.sqlite.org/howtocorrupt.html), and a synced Nextcloud data or config directory with conflict copies and, through sync bugs, even silently overwritten files (https://docs.syncthing.net/users/syncing.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: postgres:17",
          "    volumes:",
          "      - db_data:/var/lib/postgresql/data",
          "  sync:",
          "    image: syncthing/syncthing:1.27",
          "    volumes:",
          "      - db_data:/var/syncthing/db",
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
          "    volumes:",
          "      - db_data:/var/lib/postgresql/data",
          "      - ./dumps:/dumps",
          "  sync:",
          "    image: syncthing/syncthing:1.27",
          "    volumes:",
          "      - ./dumps:/var/syncthing/dumps",
          "volumes:",
          "  db_data: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix. Replicate databases with the server's own replication and back them up with dumps (sync the dump directory, not the data directory); share Nextcloud/ownCloud files through one shared file system or object storage instead of copying them between nodes.",
      sources: ["https://docs.syncthing.net/users/syncing.html", "https://www.sqlite.org/howtocorrupt.html"],
    },
  },
  check({ model, report }) {
    for (const agent of model.syncAgents) {
      for (const agentMount of agent.mounts) {
        const uses = liveUsesOf(model, agent, agentMount);
        if (uses.length === 0) continue;
        const related: RelatedLocation[] = uses.map((u) => ({ location: u.mount.location, message: `${u.service.name} uses it as ${u.what} (${u.mount.target})` }));
        const first = uses[0];
        report({
          message: `${agent.name} replicates ${describeSource(agentMount)}, which ${first.service.name} uses as ${first.what}${uses.length > 1 ? ` (and ${uses.length - 1} more live use${uses.length > 2 ? "s" : ""})` : ""}: file-level sync can copy half-written files between nodes and leaves conflict copies.`,
          location: agentMount.location,
          related,
        });
      }
    }
  },
});
