import { appPaths } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { describeNetworkMount, networkVolumeRelated } from "./network-backing";
import { nfsManPage, softOption, visibleNfsOptions } from "./nfs-options";

const owncloudNfs = "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/nfs.html";

export const nfsSoftMount = defineRule({
  meta: {
    id: "storage/nfs-soft-mount",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "NFS mounted soft under the app's files",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags an NFS volume mounted `soft` or `softerr` that holds a Nextcloud or ownCloud app's webroot, data root, config or users' files (official images: Nextcloud `/var/www/html` and `NEXTCLOUD_DATA_DIR`, ownCloud `OWNCLOUD_VOLUME_ROOT` (`/mnt/data`) and the directories below it): a Compose volume's `driver_opts.o`, or in Kubernetes the `mountOptions` of the PersistentVolume (or StorageClass) behind the claim. The last of `soft`, `softerr` and `hard` wins; `hard` is the default and need not be written. Options the files do not show (a host mount, `o:` from an unset variable) are not guessed.",
      whyItMatters:
        "A soft mount gives up after `retrans` retries and returns an I/O error to the application; nfs(5) warns that \"a so-called 'soft' timeout can cause silent data corruption in certain cases\" and to use it only when responsiveness matters more than data integrity (https://man7.org/linux/man-pages/man5/nfs.5.html). A short outage of the NFS server then becomes failed uploads, half-written files and broken config or app code instead of a pause. ownCloud's NFS recommendations ask for `hard` mounts (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/nfs.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - html:/var/www/html",
          "volumes:",
          "  html:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4.1,soft,timeo=100"',
          '      device: ":/export/nextcloud"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - html:/var/www/html",
          "volumes:",
          "  html:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4.1,hard,timeo=600,retrans=3"',
          '      device: ":/export/nextcloud"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix writes `hard` in place of `soft`/`softerr`. Processes then wait for the NFS server during an outage instead of failing; check `timeo`/`retrans` and redeploy so the volume is mounted again.",
      sources: [nfsManPage, owncloudNfs, "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options"],
    },
  },
  check({ model, report, fix }) {
    // Replicas and the cron service mount the same volume: one finding per volume.
    const seen = new Set<object>();
    for (const app of model.apps) {
      const { dataRoot, files, config } = appPaths(app);
      for (const dir of [dataRoot, config, files]) {
        const mount = coveringMount(app, dir);
        const options = mount && visibleNfsOptions(mount);
        if (!mount || !options || seen.has(mount.volume ?? mount)) continue;
        const soft = softOption(options);
        if (!soft) continue;
        seen.add(mount.volume ?? mount);
        report({
          message: `${app.name} keeps ${dir} on ${describeNetworkMount(mount)}, mounted \`${soft.name}\`: an NFS server outage then turns into I/O errors and possibly corrupt files instead of a wait. Mount it \`hard\` (the default; ${nfsManPage}).`,
          location: soft.location ?? mount.volume?.options?.location ?? mount.location,
          related: withRelated({ location: mount.location, message: `${app.name} mounts it at ${mount.target}` }, networkVolumeRelated(mount)),
          fixes: [soft.location ? fix.replace(soft.location, "hard", `Replace ${soft.name} with hard (unsafe: processes wait out NFS outages)`, "unsafe") : undefined],
        });
      }
    }
  },
});
