import type { Severity } from "../../findings";
import type { AppRole, MountModel } from "../../model/cluster-model";
import { isScaled } from "../../model/compose-adapter";
import type { Project } from "../../project/project";
import { clusterRelated, envValue, isSetNonEmpty, isTrue, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { looksLikeNetworkHostPath } from "./network-backing";
import { isSpreadAcrossNodes } from "./swarm-scheduling";

interface SharedPath {
  dir: string;
  what: string;
}

/**
 * What every replica must see identically. Nextcloud: the webroot (code, version.php, the init
 * lock), config (instanceid, secret, passwordsalt), custom_apps, and the data directory unless
 * object storage holds the files (FACTS §1.1, §5.2, §5.3, §1.2 S3). ownCloud: the files
 * directory unless object storage is on; its config is rendered from env per node (FACTS §2.2
 * Volumes, seed 000).
 */
function sharedPathsOf(app: AppRole): SharedPath[] {
  if (app.product === "nextcloud") {
    const objectStore = isSetNonEmpty(app, "OBJECTSTORE_S3_BUCKET") || isSetNonEmpty(app, "OBJECTSTORE_SWIFT_URL");
    const paths: SharedPath[] = [
      { dir: "/var/www/html", what: "the webroot: code, version.php and the install lock" },
      { dir: "/var/www/html/config", what: "config.php with instanceid, secret and passwordsalt" },
      { dir: "/var/www/html/custom_apps", what: "the installed apps" },
    ];
    if (!objectStore) paths.push({ dir: envValue(app, "NEXTCLOUD_DATA_DIR") || "/var/www/html/data", what: "the data directory" });
    return paths;
  }
  if (isTrue(envValue(app, "OWNCLOUD_OBJECTSTORE_ENABLED"))) return [];
  const root = envValue(app, "OWNCLOUD_VOLUME_ROOT") || "/mnt/data";
  return [{ dir: envValue(app, "OWNCLOUD_VOLUME_FILES") || `${root}/files`, what: "the users' files" }];
}

interface PerNodeStorage {
  severity: Severity;
  reason: string;
}

/**
 * Kubernetes: what a pod of a scaled workload keeps for itself. The image's VOLUME is no
 * volume in a pod, so without a mount the files stay in the container. A ReadWriteOnce claim
 * is storage/rwo-in-cluster's finding, not this one.
 */
function perPodStorage(project: Project, app: AppRole, mount: MountModel | undefined, dir: string): PerNodeStorage | undefined {
  if (!isScaled(app) && !project.options.assumeCluster) return undefined;
  if (!mount) return { severity: "error", reason: `has no volume for ${dir}, so each pod keeps its own copy in its container` };
  if (mount.kind === "emptydir") {
    const what = mount.backingKind === "tmpfs" ? "in-memory emptyDir" : "emptyDir";
    return { severity: "error", reason: `mounts the ${what} ${mount.volume?.name ?? ""} at ${mount.target}, so each pod gets its own, emptied when the pod is replaced` };
  }
  if (mount.volume?.perReplica) {
    return { severity: "error", reason: `mounts ${mount.volume.name} from the StatefulSet's volumeClaimTemplates at ${mount.target}, so each replica gets a claim of its own` };
  }
  if (mount.kind === "bind" && mount.source && !looksLikeNetworkHostPath(mount.source)) {
    return { severity: "warning", reason: `mounts the hostPath ${mount.source} at ${mount.target}, which is a different directory on every node unless it is the same network mount everywhere` };
  }
  return undefined;
}

/** Why a mount (or its absence) gives each replica its own copy; undefined when it may be shared. */
function perNodeStorage(project: Project, app: AppRole, mount: MountModel | undefined, dir: string): PerNodeStorage | undefined {
  if (!mount) return { severity: "error", reason: `has no volume for ${dir}, so each container keeps its own copy in the image's anonymous volume` };
  if (mount.kind === "anonymous") return { severity: "error", reason: `mounts an anonymous volume at ${mount.target}, so each container gets its own` };
  if (mount.kind === "tmpfs" || mount.backingKind === "tmpfs") return { severity: "error", reason: `mounts tmpfs at ${mount.target}, so each container has its own copy in memory` };
  if (!isSpreadAcrossNodes(project, app)) return undefined;
  if (mount.backingKind === "local") {
    return { severity: "error", reason: `mounts ${mount.source} at ${mount.target}, a local volume that Swarm creates separately on every node` };
  }
  if (mount.backingKind === "bind" && mount.source && !looksLikeNetworkHostPath(mount.source)) {
    // A host directory may itself be a network mount on every node; the file cannot show it (FACTS §6.6).
    return { severity: "warning", reason: `bind-mounts the host directory ${mount.source} at ${mount.target}, which is a different directory on every node unless it is the same network mount everywhere` };
  }
  return undefined;
}

function databaseHostOf(app: AppRole): string {
  const host = app.product === "nextcloud" ? envValue(app, "MYSQL_HOST") || envValue(app, "POSTGRES_HOST") : envValue(app, "OWNCLOUD_DB_HOST");
  return (host ?? "").trim();
}

export const htmlNotShared = defineRule({
  meta: {
    id: "storage/html-not-shared",
    severity: "error",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: true,
    title: "Replicas that do not share the webroot or data",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a scaled-out Nextcloud whose `/var/www/html` (and its `config`, `custom_apps` and, without object storage, data directory) or a scaled-out ownCloud whose files directory under `/mnt/data` is not on storage every replica shares: no volume, an anonymous or tmpfs volume, a `local` named volume or a host directory under Swarm replicas, or different volumes for services of one installation. In Kubernetes manifests, a Deployment or StatefulSet with more than one replica whose pods keep those directories in the container, an `emptyDir`, a claim of their own from `volumeClaimTemplates` or a `hostPath`. A host directory is reported as a warning, since it may be a network mount on every node. A ReadWriteOnce claim is left to `storage/rwo-in-cluster`.",
      whyItMatters:
        "The Nextcloud entrypoint copies the code into `/var/www/html`, decides between install and upgrade from the `version.php` there, and serialises that work with a lock file in the same directory (FACTS §1.1). Replicas with their own webroot can be expected (an inference, FACTS §5.2, §3.3 #1) to each run their own installation against the shared database and generate their own `instanceid`, `secret` and `passwordsalt` in their own `config.php`; files uploaded through one node are missing on the others (FACTS §1.2 NEXTCLOUD_DATA_DIR). Object storage replaces the shared data directory, not the webroot and config (FACTS §1.2 S3). ownCloud keeps the users' files under `/mnt/data/files`, which must be on the shared file system or object storage (FACTS §2.2 Volumes, seed 000).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4,hard"',
          '      device: ":/export/nextcloud"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: the share (NFS/CIFS server and export) is yours to choose, and moving an installation onto it is a migration. Back the volume with a network file system (`driver_opts: {type: nfs, o: \"addr=…,nfsvers=4,hard\", device: \":/export/…\"}`) or, for the data directory only, use S3 primary storage. In Kubernetes, mount one ReadWriteMany claim on shared storage in every pod.",
      sources: ["FACTS §1.1", "FACTS §5.2", "FACTS §3.3 #1", "FACTS §1.2 S3", "FACTS §2.2 Volumes", "FACTS §6.6", "seed 000 What Must Be Shared", "RULE_IDEAS R23"],
    },
  },
  check({ model, project, report }) {
    if (model.format !== "compose" && model.format !== "k8s") return;
    const storageOf = model.format === "k8s" ? perPodStorage : perNodeStorage;
    const webs = webApps(model);
    for (const app of webs) {
      const reported = new Set<MountModel | "none">();
      for (const path of sharedPathsOf(app)) {
        const mount = coveringMount(app, path.dir);
        if (reported.has(mount ?? "none")) continue;
        reported.add(mount ?? "none");
        const perNode = storageOf(project, app, mount, path.dir);
        if (!perNode) continue;
        report({
          message: `${app.name} ${perNode.reason}: its replicas do not share ${path.dir} (${path.what}).`,
          location: mount?.location ?? app.nameLocation,
          related: withRelated(clusterRelated(model), mount?.volume?.declaredAt ? { location: mount.volume.declaredAt, message: `volume ${mount.volume.name} is declared here` } : undefined),
          severity: perNode.severity,
        });
      }
    }
    // Two services of one installation (same product, same database) must use the same storage.
    for (let i = 0; i < webs.length; i++) {
      for (let j = 0; j < i; j++) {
        const [first, second] = [webs[j], webs[i]];
        const host = databaseHostOf(first);
        if (first.product !== second.product || host === "" || host !== databaseHostOf(second)) continue;
        const dir = sharedPathsOf(first)[0]?.dir;
        if (!dir) continue;
        const a = coveringMount(first, dir);
        const b = coveringMount(second, dir);
        if (!a?.source || !b?.source || a.source === b.source) continue;
        report({
          message: `${second.name} mounts ${b.source} at ${b.target} while ${first.name} mounts ${a.source}: both serve one installation (database ${host}) from different storage.`,
          location: b.location,
          related: withRelated({ location: a.location, message: `${first.name} mounts ${a.source} here` }, clusterRelated(model)),
        });
      }
    }
  },
});
