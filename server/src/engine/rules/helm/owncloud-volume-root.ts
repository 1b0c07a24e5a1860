import { defineRule } from "../rule";

const envConfigMap = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml";
const deployment = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/deployment.yaml";
const folders = "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/50-folders.sh";

export const helmOwncloudVolumeRoot = defineRule({
  meta: {
    id: "helm/owncloud-volume-root",
    severity: "error",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "ownCloud chart volume path changed, which the app never sees",
    fixSafety: "suggestion",
    docs: {
      whatItDoes:
        "Flags ownCloud chart values `owncloud.volume.root` set to another path than `/mnt/data` (an error), and `owncloud.volume.config`, `.files`, `.apps` or `.sessions` set to another path than their `/mnt/data/…` default (a warning). It stays silent when `owncloud.extraVolumeMounts` mounts something at or above that directory.",
      whyItMatters:
        `The chart's environment ConfigMap passes \`.Values.owncloud.volumeRoot\`, \`volumeConfig\`, \`volumeFiles\`, \`volumeApps\` and \`volumeSessions\` to the image — keys its values.yaml does not have — so \`OWNCLOUD_VOLUME_*\` are always empty (${envConfigMap}) and the image falls back to \`/mnt/data\` and its subdirectories (${folders}). The Deployment mounts the volume at \`owncloud.volume.root\` and the configExtra file under \`owncloud.volume.config\` (${deployment}). With another root, ownCloud writes its data, config and apps to \`/mnt/data\` in the container's own file system: lost when the pod restarts and different in every pod.`,
      example: {
        "values.yaml": ["owncloud:", "  domain: cloud.example.com", "  volume:", "    root: /var/lib/owncloud", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["owncloud:", "  domain: cloud.example.com", "  volume:", "    root: /mnt/data", ""].join("\n"),
      },
      fixSafety:
        "Suggestion: the fix writes the path the image uses (`/mnt/data`, `/mnt/data/config`…), which moves where the chart mounts the volume or the configExtra file. Nothing ownCloud wrote so far is on the volume (it went to the container's file system), so check what you need from a running pod before you apply it. The chart has no hook to pass the variables itself; any other path needs a post-renderer that patches the ConfigMap owncloud-env-config.",
      sources: [envConfigMap, deployment, folders, "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/values.yaml"],
    },
  },
  check({ model, fix, report }) {
    for (const ignored of model.ignoredChartValues ?? []) {
      const { setting } = ignored;
      if (!setting.location || setting.edit?.kind !== "text") continue;
      const written = setting.edit.location;
      report({
        message: `${setting.label} is ${setting.value.trim()}, but the chart never passes it to ownCloud, which keeps ${ignored.appUses}: ${ignored.consequence}. Keep ${ignored.appUses}.`,
        location: written,
        severity: ignored.severity,
        fixes: [fix.setFact(setting, ignored.appUses, `Set ${setting.label}: ${ignored.appUses}`, "suggestion")],
      });
    }
  },
});
