import type { Fix } from "../../findings";
import { networkBackings, type AppRole, type MountModel, type VolumeModel } from "../../model/cluster-model";
import { isScaled } from "../../model/compose-adapter";
import { helmTruthy } from "../../model/helm-adapter";
import type { Location } from "../../text/span";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule, type RuleContext } from "../rule";
import { readWriteManyFix } from "./read-write-many-fix";

function modesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === null || value === undefined ? [] : [String(value)];
}

/** The access mode that ties a claim to one node or one pod; undefined when it may be shared. */
function singleAttachMode(volume: VolumeModel): string | undefined {
  const modes = volume.accessModes?.value ?? [];
  if (modes.includes("ReadWriteMany")) return undefined;
  return modes.find((m) => m === "ReadWriteOncePod") ?? modes.find((m) => m === "ReadWriteOnce");
}

/**
 * Claims of the folder that a scaled Nextcloud/ownCloud workload mounts while their access mode
 * is ReadWriteOnce or ReadWriteOncePod. A claim whose volume is NFS, SMB or GlusterFS is left
 * to the storage rules: such a share is mounted on every node rather than attached to one.
 * Claims from volumeClaimTemplates are per replica and never shared.
 */
function checkManifests({ model, report }: RuleContext): void {
  const users = new Map<VolumeModel, { app: AppRole; mount: MountModel }[]>();
  for (const app of model.apps) {
    if (!isScaled(app)) continue;
    for (const mount of app.mounts) {
      const volume = mount.volume;
      if (!volume || volume.perReplica || networkBackings.has(volume.backingKind) || !singleAttachMode(volume)) continue;
      users.set(volume, [...(users.get(volume) ?? []), { app, mount }]);
    }
  }
  for (const [volume, scaledUses] of users) {
    const mode = singleAttachMode(volume)!;
    const { app, mount } = scaledUses[0];
    // Other pods on the claim (a CronJob, a second workload) need to attach it as well.
    const uses = [...scaledUses, ...model.apps.filter((a) => !isScaled(a)).flatMap((a) => a.mounts.filter((m) => m.volume === volume).map((m) => ({ app: a, mount: m })))];
    const how = app.replicas.value === "global" ? "runs on every node" : `runs ${app.replicas.value} replicas`;
    const consequence =
      mode === "ReadWriteOncePod" ? "only one pod can use it, so the other replicas never start" : "pods scheduled on other nodes cannot attach it and hang in ContainerCreating";
    report({
      message: `${app.name} ${how} but mounts claim ${volume.name} at ${mount.target}, which is ${mode}: ${consequence}; use a ReadWriteMany claim on shared storage.`,
      location: volume.accessModes?.location ?? volume.declaredAt ?? mount.location,
      related: withRelated(
        app.replicas.location ? { location: app.replicas.location, message: `${app.name} ${how}` } : undefined,
        app.replicas.related,
        uses.map((u) => ({ location: u.mount.location, message: `${u.app.name} mounts ${volume.name} at ${u.mount.target}` })),
      ),
    });
  }
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
        "A ReadWriteOnce volume attaches to one node at a time: pods scheduled on other nodes hang in ContainerCreating with Multi-Attach errors, and a rolling update across nodes cannot start (FACTS §6.4, §3.3 #2). The Nextcloud chart README requires `ReadWriteMany` for more than one pod (FACTS §3.2); the ownCloud chart defaults to `[ReadWriteOnce]` (FACTS §4.1).",
      example: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets the access mode to `ReadWriteMany` (`[ReadWriteMany]` for the ownCloud chart). The storage class must support it, and Kubernetes does not change the access mode of an existing claim: an installed release needs a new claim and a copy of the data. Manifests get no automatic fix: a bound claim's access mode cannot be changed in place, and whether its storage class offers ReadWriteMany is not in the files.",
      sources: ["FACTS §6.4", "FACTS §3.1 persistence", "FACTS §3.2", "FACTS §3.3 #2", "FACTS §4.1 persistence", "RULE_IDEAS R25"],
    },
  },
  check(context) {
    if (context.model.format === "k8s") {
      checkManifests(context);
      return;
    }
    const { model, project, fix, report } = context;
    const helm = model.helm;
    const app = webApps(model)[0];
    if (!helm || !app) return;
    const enabled = helm.get("persistence.enabled");
    if (!helmTruthy(enabled?.value)) return;
    const fallback: Location = (!enabled?.isDefault && enabled?.location) || app.replicas.location || app.nameLocation;
    const claims: { accessPath: string; claimPath?: string; label: string; list: boolean }[] =
      helm.chart === "nextcloud"
        ? [
            { accessPath: "persistence.accessMode", claimPath: "persistence.existingClaim", label: "the main volume (/var/www/html)", list: false },
            ...(helmTruthy(helm.get("persistence.nextcloudData.enabled")?.value)
              ? [{ accessPath: "persistence.nextcloudData.accessMode", claimPath: "persistence.nextcloudData.existingClaim", label: "the data volume", list: false }]
              : []),
          ]
        : [{ accessPath: "persistence.owncloud.accessMode", label: "the /mnt/data volume", list: true }];
    for (const claim of claims) {
      if (claim.claimPath && helmTruthy(helm.get(claim.claimPath)?.value)) continue;
      const mode = helm.get(claim.accessPath);
      const modes = modesOf(mode?.value);
      if (modes.includes("ReadWriteMany")) continue;
      const shown = claim.list ? `[${modes.join(", ")}]` : modes[0] ?? "unset";
      const fixed: Fix | undefined = readWriteManyFix(project, fix, claim.accessPath, claim.list, `Set ${claim.accessPath} to ReadWriteMany`);
      report({
        message: `${app.name} runs on several pods but ${claim.label} is ${shown}${mode?.isDefault ? " (chart default)" : ""}: pods on other nodes cannot attach it; use ReadWriteMany.`,
        location: (!mode?.isDefault && mode?.location) || fallback,
        related: withRelated(clusterRelated(model)),
        fixes: [fixed],
      });
    }
  },
});
