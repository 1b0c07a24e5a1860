import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import { networkBackings, type AppRole, type ClusterModel, type Fact, type MountModel, type VolumeModel } from "../../model/cluster-model";
import { certaintyOf, isScaled } from "../../model/queries";
import { clusterRelated, combineFixes, withRelated } from "../helpers";
import { logOffSharedStorage } from "./shared-log-file";
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
    clusterOnly: false,
    title: "ReadWriteOnce volume shared by several pods",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Helm values that run several Nextcloud or ownCloud pods on a claim without `ReadWriteMany`: the Nextcloud chart's `persistence.accessMode` (and `persistence.nextcloudData.accessMode` when that claim is enabled), default `ReadWriteOnce`, and the ownCloud chart's `persistence.owncloud.accessMode` list, default `[ReadWriteOnce]`. Claims given as `existingClaim` are not checked: the chart does not create them. In Kubernetes manifests: a PersistentVolumeClaim of the folder with `ReadWriteOnce` or `ReadWriteOncePod` (and not `ReadWriteMany`) that a Nextcloud or ownCloud workload with more than one replica (or an autoscaler allowing more) mounts, unless the claim is bound to an NFS, SMB or GlusterFS volume — the PersistentVolume it names by `volumeName`, or the only one of the folder it matches as Kubernetes binds (same `storageClassName`, the requested access modes, enough capacity, its `selector`), whose access modes then apply; a claim that several different volumes match is not checked; StatefulSet volumeClaimTemplates are per replica and not checked. Also in manifests: two workloads of the app (the Deployment and a CronJob running `cron.php`, or a second Deployment) that mount one `ReadWriteOnce` claim without being kept on one node — by a required `podAffinity` on `kubernetes.io/hostname` towards the other, or the same `nodeName` / `kubernetes.io/hostname` node selector —, and any two on a `ReadWriteOncePod` claim; the finding is on the second workload's `claimName`. Workloads with scheduling constraints the linter does not evaluate are not checked.",
      whyItMatters:
        "A ReadWriteOnce volume attaches to one node at a time: pods scheduled on other nodes hang in ContainerCreating with Multi-Attach errors, and a rolling update across nodes cannot start (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md). Pods of other workloads may share a ReadWriteOnce volume only on the same node, and the scheduler places a CronJob's pod wherever it fits unless an affinity says otherwise (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity); ReadWriteOncePod admits one pod in the whole cluster. The Nextcloud chart README requires `ReadWriteMany` for more than one pod (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md); the ownCloud chart defaults to `[ReadWriteOnce]` (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).",
      example: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets the access mode to `ReadWriteMany` (`[ReadWriteMany]` for the ownCloud chart; there it also sets `owncloud.log.file: /dev/stdout` while the log is at the image default, so the pods do not all write one log file on the shared claim, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md; for the Nextcloud chart it adds `nextcloud.configs` `logging.config.php` with `'log_type' => 'errorlog'` while no config file sets the log, https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/logging_configuration.html). The storage class must support it, and Kubernetes does not change the access mode of an existing claim: an installed release needs a new claim and a copy of the data. Manifests get no automatic fix: a bound claim's access mode cannot be changed in place, and whether its storage class offers ReadWriteMany is not in the files.",
      sources: ["https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes", "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding", "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
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
        if (!volume || !modes || volume.perReplica || volume.backingKind === "unknown" || networkBackings.has(volume.backingKind) || certaintyOf(modes) === "unknown" || !singleAttachMode(modes.value)) continue;
        users.set(volume, [...(users.get(volume) ?? []), { app, mount }]);
      }
    }
    // Two workloads on one claim (the app and its CronJob, a second Deployment): each may be scheduled on another node.
    const shared = new Map<VolumeModel, { app: AppRole; mount: MountModel }[]>();
    for (const app of model.apps) {
      if (!app.placement) continue;
      for (const mount of app.mounts) {
        const volume = mount.volume;
        const modes = volume?.accessModes;
        if (!volume || !modes || users.has(volume) || volume.perReplica || volume.backingKind === "unknown" || networkBackings.has(volume.backingKind) || certaintyOf(modes) === "unknown" || !singleAttachMode(modes.value)) continue;
        const list = shared.get(volume) ?? [];
        if (!list.some((u) => u.app.placement!.workload === app.placement!.workload)) list.push({ app, mount });
        shared.set(volume, list);
      }
    }
    for (const [volume, list] of shared) {
      if (list.length < 2) continue;
      const modes = volume.accessModes!;
      const mode = singleAttachMode(modes.value)!;
      // The web workload is the one that holds the claim; the others come to it.
      const ordered = [...list.filter((u) => u.app.role === "web"), ...list.filter((u) => u.app.role !== "web")];
      const first = ordered[0];
      const a = first.app.placement!;
      for (const second of ordered.slice(1)) {
        const b = second.app.placement!;
        if (a.unknown || b.unknown) continue;
        const together = (a.node !== undefined && a.node === b.node) || a.besides.includes(b.workload) || b.besides.includes(a.workload);
        // ReadWriteOncePod admits one pod in the whole cluster, wherever it runs.
        if (together && mode === "ReadWriteOnce") continue;
        const why =
          mode === "ReadWriteOncePod"
            ? "only one pod can use it, so one of the two never starts while the other runs"
            : `it attaches to one node at a time, and nothing keeps ${b.workload} on the node of ${a.workload}, so its pods can hang in ContainerCreating with a Multi-Attach error`;
        report({
          message: `${second.app.name} mounts claim ${volume.name}, which is ${mode}, and so does ${first.app.name}: ${why}; ${mode === "ReadWriteOnce" ? `require it beside ${a.workload} with a podAffinity on kubernetes.io/hostname, or use` : "use"} a ReadWriteMany claim on shared storage.`,
          location: second.mount.sourceReference ?? second.mount.location,
          related: withRelated(
            { location: modes.location ?? volume.declaredAt ?? second.mount.location, message: `claim ${volume.name} is ${mode}` },
            { location: first.mount.sourceReference ?? first.mount.location, message: `${first.app.name} mounts claim ${volume.name}` },
          ),
        });
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
          modes.related,
          uses.map((u) => ({ location: u.mount.location, message: `${u.app.name} mounts ${rendered?.label ?? volume.name} at ${u.mount.target}` })),
          clusterRelated(model, app),
        ),
        fixes: [rwxFix(model, app, modes, fix)],
      });
    }
  },
});

/** ReadWriteMany for the claim and, for ownCloud, its default log file off the now shared volume. */
function rwxFix(model: ClusterModel, app: AppRole, modes: Fact<string[]>, fix: FixBuilder): Fix | undefined {
  const log = logOffSharedStorage(model, app, fix, "");
  const title = `Set ${modes.label ?? "the access mode"} to ReadWriteMany${log ? ` and ${log.what}` : ""}`;
  return combineFixes(title, fix.setFactItem(modes, "ReadWriteMany", /^ReadWriteOnce(Pod)?$/, title, "unsafe"), ...(log ? [log.fix] : []));
}
