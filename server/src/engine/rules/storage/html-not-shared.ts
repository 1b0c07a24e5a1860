import type { Severity } from "../../findings";
import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, MountModel } from "../../model/cluster-model";
import { appPaths, settingOf } from "../../model/queries";
import { clusterRelated, isSetNonEmpty, isTrue, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { looksLikeNetworkHostPath } from "./network-backing";

interface SharedPath {
  dir: string;
  what: string;
}

/**
 * What every replica must see identically. Nextcloud: the webroot (code, version.php, the init
 * lock), config (instanceid, secret, passwordsalt), custom_apps, and the data directory unless
 * object storage holds the files (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html, https://github.com/nextcloud/docker/tree/master/.config). ownCloud: the files
 * directory unless object storage is on; its config is rendered from env per node (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md, https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).
 */
function sharedPathsOf(app: AppRole): SharedPath[] {
  const { dataRoot, config, files } = appPaths(app);
  if (app.product === "nextcloud") {
    const objectStore = isSetNonEmpty(app, "OBJECTSTORE_S3_BUCKET") || isSetNonEmpty(app, "OBJECTSTORE_SWIFT_URL");
    const paths: SharedPath[] = [
      { dir: dataRoot, what: "the webroot: code, version.php and the install lock" },
      { dir: config, what: "config.php with instanceid, secret and passwordsalt" },
      { dir: `${dataRoot}/custom_apps`, what: "the installed apps" },
    ];
    if (!objectStore) paths.push({ dir: files, what: "the data directory" });
    return paths;
  }
  if (isTrue(settingOf(app, "OWNCLOUD_OBJECTSTORE_ENABLED").value)) return [];
  return [{ dir: files, what: "the users' files" }];
}

interface PerNodeStorage {
  severity: Severity;
  reason: string;
}

/**
 * Why a mount (or its absence) gives each instance its own copy; undefined when it may be
 * shared. Storage of the container or its pod (no volume, an anonymous, tmpfs or emptyDir
 * volume, a claim from a StatefulSet's volumeClaimTemplates) is never shared with the other
 * instances of the installation; a `local` named volume or a host directory is per node once the
 * instances are spread across nodes. A ReadWriteOnce claim is storage/rwo-in-cluster's finding.
 */
function perInstanceStorage(model: ClusterModel, app: AppRole, mount: MountModel | undefined, dir: string): PerNodeStorage | undefined {
  const instance = model.vocabulary.instance;
  if (!mount) return { severity: "error", reason: `has no volume for ${dir}, so each ${instance} keeps its own copy` };
  if (mount.kind === "anonymous") return { severity: "error", reason: `mounts an anonymous volume at ${mount.target}, so each container gets its own` };
  if (mount.kind === "emptydir") {
    const what = mount.backingKind === "tmpfs" ? "in-memory emptyDir" : "emptyDir";
    return { severity: "error", reason: `mounts the ${what} ${mount.volume?.name ?? ""} at ${mount.target}, so each pod gets its own, emptied when the pod is replaced` };
  }
  if (mount.kind === "tmpfs" || mount.backingKind === "tmpfs") return { severity: "error", reason: `mounts tmpfs at ${mount.target}, so each container has its own copy in memory` };
  if (mount.volume?.perReplica) {
    return { severity: "error", reason: `mounts ${mount.volume.name} from the StatefulSet's volumeClaimTemplates at ${mount.target}, so each replica gets a claim of its own` };
  }
  if (!app.spreadAcrossNodes) return undefined;
  if (mount.backingKind === "local") {
    return { severity: "error", reason: `mounts ${mount.source} at ${mount.target}, a local volume that Swarm creates separately on every node` };
  }
  if (mount.kind === "bind" && mount.source && !looksLikeNetworkHostPath(mount.source)) {
    // A host directory may itself be a network mount on every node; the files cannot show it (https://docs.docker.com/engine/storage/volumes/).
    return {
      severity: "warning",
      reason: `mounts the ${model.vocabulary.hostDirectory ?? "host directory"} ${mount.source} at ${mount.target}, which is a different directory on every node unless it is the same network mount everywhere`,
    };
  }
  return undefined;
}

function databaseHostOf(app: AppRole): string {
  for (const name of productProfiles[app.product].databaseHostVariables) {
    const value = settingOf(app, name).value;
    if (value) return value.trim();
  }
  return "";
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
        "The Nextcloud entrypoint copies the code into `/var/www/html`, decides between install and upgrade from the `version.php` there, and serialises that work with a lock file in the same directory (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). Replicas with their own webroot can be expected (an inference, https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md) to each run their own installation against the shared database and generate their own `instanceid`, `secret` and `passwordsalt` in their own `config.php`; files uploaded through one node are missing on the others (https://github.com/nextcloud/docker/blob/master/README.md). Object storage replaces the shared data directory, not the webroot and config (https://github.com/nextcloud/docker/tree/master/.config). ownCloud keeps the users' files under `/mnt/data/files`, which must be on the shared file system or object storage (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md, https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
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
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/nextcloud/docker/tree/master/.config", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://docs.docker.com/engine/storage/volumes/", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, report }) {
    const webs = webApps(model);
    for (const app of webs) {
      const reported = new Set<MountModel | "none">();
      for (const path of sharedPathsOf(app)) {
        const mount = coveringMount(app, path.dir);
        if (reported.has(mount ?? "none")) continue;
        reported.add(mount ?? "none");
        const perNode = perInstanceStorage(model, app, mount, path.dir);
        if (!perNode) continue;
        report({
          message: `${app.name} ${perNode.reason}: its replicas do not share ${path.dir} (${path.what}).`,
          location: mount?.location ?? app.nameLocation,
          related: withRelated(clusterRelated(model, app), mount?.volume?.declaredAt ? { location: mount.volume.declaredAt, message: `volume ${mount.volume.name} is declared here` } : undefined),
          severity: perNode.severity,
        });
      }
    }
    // Services of one installation (same product, same database) must use the same storage: each is compared with the first.
    const firstOfInstallation = new Map<string, { app: AppRole; mount: MountModel }>();
    for (const app of webs) {
      const host = databaseHostOf(app);
      const dir = sharedPathsOf(app)[0]?.dir;
      const mount = dir === undefined || host === "" ? undefined : coveringMount(app, dir);
      if (!mount?.source) continue;
      const key = `${app.product}\u0000${host}`;
      const first = firstOfInstallation.get(key);
      if (!first) {
        firstOfInstallation.set(key, { app, mount });
        continue;
      }
      if (first.mount.source === mount.source) continue;
      report({
        message: `${app.name} mounts ${mount.source} at ${mount.target} while ${first.app.name} mounts ${first.mount.source}: both serve one installation (database ${host}) from different storage.`,
        location: mount.location,
        related: withRelated({ location: first.mount.location, message: `${first.app.name} mounts ${first.mount.source} here` }, clusterRelated(model, app)),
      });
    }
  },
});
