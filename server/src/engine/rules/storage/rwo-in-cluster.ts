import { networkBackings, type AppRole, type MountModel, type VolumeModel } from "../../model/cluster-model";
import { certaintyOf, isScaled } from "../../model/queries";
import { clusterRelated, withRelated } from "../helpers";
import { defineRule } from "../rule";

/** The access mode that ties a claim to one node or one pod; undefined when it may be shared. */
function singleAttachMode(modes: string[]): string | undefined {
  if (modes.includes("ReadWriteMany")) return undefined;
  return modes.find((m) => m === "ReadWriteOncePod") ?? modes.find((m) => m === "ReadWriteOnce");
}

export const rwoInCluster = defineRule({
  meta: {
    id: "storage/rwo-in-cluster",
    severity: "error",
    formats: ["H", "K"],
    priority: "P1",
    clusterOnly: true,
    title: "ReadWriteOnce volume shared by several pods",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Helm values that run several Nextcloud or ownCloud pods on a claim without `ReadWriteMany`: the Nextcloud chart's `persistence.accessMode` (and `persistence.nextcloudData.accessMode` when that claim is enabled), default `ReadWriteOnce`, and the ownCloud chart's `persistence.owncloud.accessMode` list, default `[ReadWriteOnce]`. Claims given as `existingClaim` are not checked: the chart does not create them. In Kubernetes manifests: a PersistentVolumeClaim of the folder with `ReadWriteOnce` or `ReadWriteOncePod` (and not `ReadWriteMany`) that a Nextcloud or ownCloud workload with more than one replica (or an autoscaler allowing more) mounts, unless the claim is bound to an NFS, SMB or GlusterFS volume; StatefulSet volumeClaimTemplates are per replica and not checked.",
      whyItMatters:
        "A ReadWriteOnce volume attaches to one node at a time: pods scheduled on other nodes hang in ContainerCreating with Multi-Attach errors, and a rolling update across nodes cannot start (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md). The Nextcloud chart README requires `ReadWriteMany` for more than one pod (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md); the ownCloud chart defaults to `[ReadWriteOnce]` (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).",
      example: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets the access mode to `ReadWriteMany` (`[ReadWriteMany]` for the ownCloud chart). The storage class must support it, and Kubernetes does not change the access mode of an existing claim: an installed release needs a new claim and a copy of the data. Manifests get no automatic fix: a bound claim's access mode cannot be changed in place, and whether its storage class offers ReadWriteMany is not in the files.",
      sources: ["https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  /**
   * Claims that a scaled Nextcloud/ownCloud app mounts while their access mode is ReadWriteOnce
   * or ReadWriteOncePod: the folder's claims, or the ones a chart renders. A claim on NFS, SMB or
   * GlusterFS is left to the storage rules: such a share is mounted on every node rather than
   * attached to one. Claims from volumeClaimTemplates are per replica and never shared; an
   * existing claim a chart only mounts has an unknown access mode.
   */
  check({ model, fix, report }) {
    const users = new Map<VolumeModel, { app: AppRole; mount: MountModel }[]>();
    // A web app the config assumes to span nodes counts as scaled: its replica count may be set where the files do not show.
    const spread = (app: AppRole): boolean => isScaled(app) || (app.role === "web" && app.spreadAcrossNodes === true);
    for (const app of model.apps) {
      if (!spread(app)) continue;
      for (const mount of app.mounts) {
        const volume = mount.volume;
        const modes = volume?.accessModes;
        if (!volume || !modes || volume.perReplica || networkBackings.has(volume.backingKind) || certaintyOf(modes) === "unknown" || !singleAttachMode(modes.value)) continue;
        users.set(volume, [...(users.get(volume) ?? []), { app, mount }]);
      }
    }
    for (const [volume, scaledUses] of users) {
      const modes = volume.accessModes!;
      const mode = singleAttachMode(modes.value)!;
      const { app, mount } = scaledUses[0];
      // Other pods on the claim (a CronJob, a second workload) need to attach it as well.
      const uses = [...scaledUses, ...model.apps.filter((a) => !spread(a)).flatMap((a) => a.mounts.filter((m) => m.volume === volume).map((m) => ({ app: a, mount: m })))];
      const how = app.replicas.value === "global" ? "runs on every node" : isScaled(app) ? `runs ${app.replicas.value} replicas` : `runs on several ${model.vocabulary.instance}s`;
      const consequence =
        mode === "ReadWriteOncePod" ? "only one pod can use it, so the other replicas never start" : "pods scheduled on other nodes cannot attach it and hang in ContainerCreating";
      // A claim the chart renders has no name in the files: it is named by what it holds, its access mode as the user writes it.
      const rendered = volume.rendered;
      const what = rendered
        ? `${rendered.label} is ${rendered.list ? `[${modes.value.join(", ")}]` : modes.value[0]}${certaintyOf(modes) === "defaulted" ? " (chart default)" : ""}`
        : `mounts claim ${volume.name} at ${mount.target}, which is ${mode}`;
      report({
        message: `${app.name} ${how} but ${what}: ${consequence}; use a ReadWriteMany claim on shared storage.`,
        location: modes.location ?? volume.declaredAt ?? app.replicas.location ?? app.nameLocation,
        related: withRelated(
          app.replicas.location ? { location: app.replicas.location, message: `${app.name} ${how}` } : undefined,
          app.replicas.related,
          uses.map((u) => ({ location: u.mount.location, message: `${u.app.name} mounts ${rendered?.label ?? volume.name} at ${u.mount.target}` })),
          clusterRelated(model, app),
        ),
        fixes: [fix.setFactItem(modes, "ReadWriteMany", /^ReadWriteOnce(Pod)?$/, `Set ${modes.label ?? "the access mode"} to ReadWriteMany`, "unsafe")],
      });
    }
  },
});
