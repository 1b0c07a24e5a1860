import type { Fix } from "../../findings";
import { helmTruthy } from "../../model/helm-adapter";
import type { Location } from "../../text/span";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { readWriteManyFix } from "./read-write-many-fix";

function modesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === null || value === undefined ? [] : [String(value)];
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
        "Flags Helm values that run several Nextcloud or ownCloud pods on a claim without `ReadWriteMany`: the Nextcloud chart's `persistence.accessMode` (and `persistence.nextcloudData.accessMode` when that claim is enabled), default `ReadWriteOnce`, and the ownCloud chart's `persistence.owncloud.accessMode` list, default `[ReadWriteOnce]`. Claims given as `existingClaim` are not checked: the chart does not create them.",
      whyItMatters:
        "A ReadWriteOnce volume attaches to one node at a time: pods scheduled on other nodes hang in ContainerCreating with Multi-Attach errors, and a rolling update across nodes cannot start (FACTS §6.4, §3.3 #2). The Nextcloud chart README requires `ReadWriteMany` for more than one pod (FACTS §3.2); the ownCloud chart defaults to `[ReadWriteOnce]` (FACTS §4.1).",
      example: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 2", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets the access mode to `ReadWriteMany` (`[ReadWriteMany]` for the ownCloud chart). The storage class must support it, and Kubernetes does not change the access mode of an existing claim: an installed release needs a new claim and a copy of the data.",
      sources: ["FACTS §6.4", "FACTS §3.1 persistence", "FACTS §3.2", "FACTS §3.3 #2", "FACTS §4.1 persistence", "RULE_IDEAS R25"],
    },
  },
  check({ model, project, fix, report }) {
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
