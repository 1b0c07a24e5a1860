import { entryOf } from "../../documents/yaml-tree";
import { helmTruthy } from "../../model/helm-adapter";
import { clusterRelated, combineFixes, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { readWriteManyFix } from "./read-write-many-fix";

export const noPersistenceInCluster = defineRule({
  meta: {
    id: "storage/no-persistence-in-cluster",
    severity: "error",
    formats: ["H"],
    priority: "P1",
    clusterOnly: true,
    title: "Helm persistence disabled for a scaled-out installation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Helm values of the Nextcloud or ownCloud chart that run several pods while `persistence.enabled` is false (the Nextcloud chart's default), so the pods share no claim; the Nextcloud chart then mounts an `emptyDir` in every pod.",
      whyItMatters:
        "Without persistence the Nextcloud chart gives each pod an `emptyDir` for `/var/www/html`: separate code and everything lost on restart (FACTS §3.1 persistence); by inference each pod then also keeps a separate `config.php` with its own `instanceid`, `secret` and `passwordsalt` and runs its own install against the shared database (FACTS §3.3 #1, §5.2). The chart README requires shared persistence with `ReadWriteMany` for more than one pod (FACTS §3.2). The ownCloud chart keeps persistence on by default and mounts its claim at `/mnt/data`; with persistence off the pods do not share that claim (FACTS §4.1).",
      example: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets `persistence.enabled: true` and a `ReadWriteMany` access mode (`[ReadWriteMany]` for the ownCloud chart). The cluster needs a storage class that provides ReadWriteMany volumes (NFS, CephFS, Azure Files…), and the first rollout starts from an empty volume: what the pods kept in `emptyDir` is not carried over.",
      sources: ["FACTS §3.1 persistence", "FACTS §3.2", "FACTS §3.3 #1", "FACTS §4.1 persistence", "FACTS §5.2", "RULE_IDEAS R24"],
    },
  },
  check({ model, project, fix, report }) {
    const helm = model.helm;
    const app = webApps(model)[0];
    if (!helm || !app) return;
    const enabled = helm.get("persistence.enabled");
    if (helmTruthy(enabled?.value)) return;
    const accessPath = helm.chart === "nextcloud" ? "persistence.accessMode" : "persistence.owncloud.accessMode";
    const mode = helm.get(accessPath)?.value;
    const alreadyMany = Array.isArray(mode) ? mode.includes("ReadWriteMany") : mode === "ReadWriteMany";
    const title = "Enable persistence with a ReadWriteMany volume";
    const persistenceNode = entryOf(project.helmValues?.root, "persistence")?.value;
    // Two inserts into a missing `persistence:` block would each create it; write the block once.
    const wholeBlock =
      persistenceNode?.kind !== "map" || persistenceNode.flow
        ? fix.setValue("persistence", helm.chart === "nextcloud" ? "{enabled: true, accessMode: ReadWriteMany}" : "{enabled: true, owncloud: {accessMode: [ReadWriteMany]}}", title, "unsafe")
        : undefined;
    const enable = fix.setValue("persistence.enabled", "true", title, "unsafe");
    report({
      message: `${app.name} runs on several pods with persistence.enabled ${enabled?.isDefault ? "unset (chart default false)" : "false"}: ${helm.chart === "nextcloud" ? "each pod gets its own emptyDir, so pods do not share code, config.php or data and lose it on restart" : "the pods do not share the chart's claim for /mnt/data (files, config, apps)"}.`,
      location: (!enabled?.isDefault && enabled?.location) || app.replicas.location || app.nameLocation,
      related: withRelated(clusterRelated(model)),
      fixes: [
        wholeBlock ?? (alreadyMany ? enable : combineFixes(title, enable, readWriteManyFix(project, fix, accessPath, helm.chart === "owncloud", title))),
      ],
    });
  },
});
