import type { AppRole } from "../../model/cluster-model";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { describeNetworkMount, networkVolumeRelated } from "./network-backing";
import { localFlockOption, nfsManPage, visibleNfsOptions } from "./nfs-options";

const entrypoint = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
/** The file the official image's entrypoint holds `flock` on while it installs or upgrades. */
const initLock = "/var/www/html/nextcloud-init-sync.lock";

export const nfsNolock = defineRule({
  meta: {
    id: "storage/nfs-nolock",
    severity: "error",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: true,
    title: "NFS webroot mounted without shared locks",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a scaled-out Nextcloud (official image) whose `/var/www/html` lies on an NFS volume mounted with `nolock`, `local_lock=flock` or `local_lock=all`: a Compose volume's `driver_opts.o`, or in Kubernetes the `mountOptions` of the PersistentVolume (or StorageClass) behind the claim. A later `lock` undoes `nolock`, and `lock`/`nolock` override `local_lock=`. Options the files do not show (a host mount, `o:` from an unset variable) are not guessed.",
      whyItMatters:
        "The image's entrypoint installs and upgrades while holding `flock` on `/var/www/html/nextcloud-init-sync.lock`, so that only one replica copies the new version into the shared webroot and runs `occ upgrade` while the others wait (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). With `nolock` or `local_lock=flock|all` the NFS client keeps flock locks on its own node: \"such locks provide exclusion only against other applications running on the same client\" (https://man7.org/linux/man-pages/man5/nfs.5.html). Every node then takes the lock at once, and replicas starting together rsync over each other and run the installer or the upgrade concurrently.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - html:/var/www/html",
          "volumes:",
          "  html:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=3,nolock"',
          '      device: ":/export/nextcloud"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - html:/var/www/html",
          "volumes:",
          "  html:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4.1,hard"',
          '      device: ":/export/nextcloud"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix replaces `nolock` with `lock` or `local_lock=…` with `local_lock=none`. With NFSv3 the server must then run its lock manager (rpc.statd/lockd reachable from every node), or locking calls fail; NFSv4 carries locks in the protocol. Review, then redeploy so the volume is mounted again.",
      sources: [entrypoint, nfsManPage, "https://docs.docker.com/engine/storage/volumes/#create-a-service-which-creates-an-nfs-volume", "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options"],
    },
  },
  check({ model, report, fix }) {
    // Replicas and the cron service mount the same volume: one finding per volume.
    const seen = new Set<object>();
    for (const app of webApps(model).filter((a: AppRole) => a.product === "nextcloud")) {
      const mount = coveringMount(app, initLock);
      const options = mount && visibleNfsOptions(mount);
      if (!mount || !options || seen.has(mount.volume ?? mount)) continue;
      const local = localFlockOption(options);
      if (!local) continue;
      seen.add(mount.volume ?? mount);
      const written = local.value === undefined ? local.name : `${local.name}=${local.value}`;
      const replacement = local.name === "nolock" ? "lock" : "local_lock=none";
      report({
        message: `${app.name} keeps /var/www/html on ${describeNetworkMount(mount)}, mounted \`${written}\`: the entrypoint's install/upgrade lock (flock on nextcloud-init-sync.lock) then only holds on one node, and replicas install or upgrade at the same time. Use \`${replacement}\` (${nfsManPage}).`,
        location: local.location ?? mount.volume?.options?.location ?? mount.location,
        related: withRelated({ location: mount.location, message: `${app.name} mounts it at ${mount.target}` }, networkVolumeRelated(mount), clusterRelated(model, app)),
        fixes: [local.location ? fix.replace(local.location, replacement, `Replace ${written} with ${replacement} (unsafe: NFSv3 needs the server's lock manager)`, "unsafe") : undefined],
      });
    }
  },
});
