import { appPaths } from "../../model/queries";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount, isPathWithin } from "./mount-coverage";
import { describeNetworkMount, isNetworkMount, networkVolumeRelated } from "./network-backing";

export const sharedMutableConfig = defineRule({
  meta: {
    id: "storage/shared-mutable-config",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: true,
    title: "ownCloud config directory on a shared network volume",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a scaled-out ownCloud whose config directory (`OWNCLOUD_VOLUME_CONFIG`, by default `/mnt/data/config`) lies on an NFS, CIFS/SMB or GlusterFS volume, or in Kubernetes a ReadWriteMany claim, that every node mounts — typically the whole `/mnt/data` on the share. Nextcloud is deliberately not flagged: see below.",
      whyItMatters:
        "The ownCloud image renders `overwrite.config.php` from the `OWNCLOUD_*` variables on every start of every node, and `occ` rewrites `config.php` during upgrades; all of it is read on every request. ownCloud's cluster guide asks to drive configuration through the variables so each node renders an identical, effectively immutable configuration, and to avoid a single shared, mutable `config.php` on NFS: a torn read during another node's write, made worse by attribute caching, can break a node (ownCloud's cluster guide, \"Configuration from Environment Variables\": https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html; https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). Only the files directory belongs on the share (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html). Nextcloud is different: it has no environment-rendered config, its `config.php` holds the `instanceid`, `secret` and `passwordsalt` that every node must share (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html), its webroot including `config` must be shared (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, `storage/html-not-shared`), and its entrypoint writes there only under the init lock; a careful operator keeps Nextcloud's config on the shared volume, so this rule stays silent for it.",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - files:/mnt/data",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4,hard"',
          '      device: ":/export/owncloud"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - files:/mnt/data/files",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4,hard"',
          '      device: ":/export/owncloud/files"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: moving the share from `/mnt/data` to `/mnt/data/files` changes where the existing files are found and needs a migration. Keep every node's `OWNCLOUD_*` variables identical (pin `OWNCLOUD_SECRET`) so each renders the same configuration.",
      sources: ["https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html", "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes"],
    },
  },
  check({ model, report }) {
    for (const app of webApps(model)) {
      if (app.product !== "owncloud") continue;
      const { config: configDir, files: filesDir } = appPaths(app);
      const mount = coveringMount(app, configDir);
      // A ReadWriteMany claim is, by its access mode, one volume that every node mounts (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes).
      if (!mount || !(isNetworkMount(mount) || mount.backingKind === "rwx-claim")) continue;
      const advice = isPathWithin(filesDir, mount.target) ? `mount the share at ${filesDir} only` : "keep the config directory off the share";
      report({
        message: `${app.name} keeps its config directory ${configDir} on ${describeNetworkMount(mount)}, shared and rewritten by every node: ${advice} and let each node render its configuration from the OWNCLOUD_* variables.`,
        location: mount.location,
        related: withRelated(networkVolumeRelated(mount), clusterRelated(model, app)),
      });
    }
  },
});
