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
        "The ownCloud image renders `overwrite.config.php` from the `OWNCLOUD_*` variables on every start of every node, and `occ` rewrites `config.php` during upgrades; all of it is read on every request. ownCloud's cluster guide asks to drive configuration through the variables so each node renders an identical, effectively immutable configuration, and to avoid a single shared, mutable `config.php` on NFS: a torn read during another node's write, made worse by attribute caching, can break a node (seed 000 \"Configuration from Environment Variables\", FACTS §2.1, §2.2 Volumes). Only the files directory belongs on the share (seed 000 \"What Must Be Shared\"). Nextcloud is different: it has no environment-rendered config, its `config.php` holds the `instanceid`, `secret` and `passwordsalt` that every node must share (FACTS §5.2), its webroot including `config` must be shared (FACTS §1.1, `storage/html-not-shared`), and its entrypoint writes there only under the init lock; a careful operator keeps Nextcloud's config on the shared volume, so this rule stays silent for it.",
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
      sources: ["seed 000 Configuration from Environment Variables", "seed 000 What Must Be Shared", "FACTS §2.1", "FACTS §2.2 Volumes", "FACTS §5.2", "FACTS §6.4"],
    },
  },
  check({ model, report }) {
    for (const app of webApps(model)) {
      if (app.product !== "owncloud") continue;
      const { config: configDir, files: filesDir } = appPaths(app);
      const mount = coveringMount(app, configDir);
      // A ReadWriteMany claim is, by its access mode, one volume that every node mounts (FACTS §6.4).
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
