import type { AppRole, ClusterModel } from "../../model/cluster-model";
import { isScaled } from "../../model/compose-adapter";
import { helmTruthy } from "../../model/helm-adapter";
import type { FixBuilder } from "../../fixes/fix-builder";
import { clusterRelated, envValue, isTrue, settingOrService, withRelated } from "../helpers";
import { defineRule, type ReportInput } from "../rule";
import { k8sReplicasValue } from "../../fixes/k8s-replicas-edit";
import type { Project } from "../../project/project";
import type { Location } from "../../text/span";

export const multipleRunners = defineRule({
  meta: {
    id: "cron/multiple-runners",
    severity: "warning",
    formats: ["C", "H", "K", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "Background jobs run by every replica",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags more than one background-job runner for one installation. Nextcloud: two or more cron services (`/cron.sh`), a cron service with several replicas or in global mode, or, in cluster context, the Helm chart's default `cronjob.type: sidecar` (a crond in every pod). ownCloud (error): in cluster context, app containers whose `OWNCLOUD_CROND_ENABLED` is not `false` — the image default is `true`, so every replica starts its own cron daemon.",
      whyItMatters:
        "The ownCloud image starts a cron daemon in every container unless `OWNCLOUD_CROND_ENABLED=false` (FACTS §2.2 Background jobs); ownCloud's cluster guide requires background jobs on exactly one node, otherwise N daemons fire the same jobs against the shared database and files, with contention, duplicated work and lock pressure (seed 000 \"Background Jobs (cron) Must Run on Exactly One Node\"). Nextcloud tolerates overlapping `cron.php` runs, so there the load multiplies rather than corrupting (FACTS §3.3 #5, S26): a warning.",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
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
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_CROND_ENABLED=false",
          "  owncloud-cron:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_CROND_ENABLED=true",
          "",
        ].join("\n"),
      },
      fixSafety:
        "ownCloud: sets `OWNCLOUD_CROND_ENABLED=false` on the scaled app — safe when another single-instance service keeps running cron (the dedicated cron node of the ownCloud guide), unsafe otherwise, because background jobs then stop until you add that node. Nextcloud: a scaled cron service goes back to one replica (safe: one runner is the documented setup); the chart's `cronjob.type` becomes `cronjob`, a single Kubernetes CronJob with `concurrencyPolicy: Forbid` (unsafe: it needs `persistence.enabled` and, with ReadWriteOnce volumes, pod affinity to the app's node). A second cron service has no quick fix: remove it yourself.",
      sources: ["FACTS §2.2 Background jobs", "FACTS §1.1 Cron", "FACTS §3.1 cronjob", "FACTS §3.3 #5", "FACTS S26", "seed 000 Background Jobs"],
    },
  },
  check({ model, project, fix, report }) {
    for (const input of [...nextcloudRunners(model, project, fix), ...owncloudRunners(model, project, fix)]) report(input);
  },
});

function nextcloudRunners(model: ClusterModel, project: Project, fix: FixBuilder): ReportInput[] {
  const helm = model.helm;
  if (helm) {
    if (helm.chart !== "nextcloud" || !model.cluster.inCluster || !helmTruthy(helm.get("cronjob.enabled")?.value)) return [];
    const type = helm.get("cronjob.type");
    if (type?.value === "cronjob") return [];
    const web = model.apps.find((a) => a.role === "web");
    const pods = web?.replicas.value === "global" ? "every" : `up to ${web?.replicas.value ?? "several"}`;
    const persistent = helmTruthy(helm.get("persistence.enabled")?.value);
    return [
      {
        message: `cronjob.type is ${type?.isDefault ? "sidecar (the chart default)" : `"${String(type?.value)}" (a sidecar)`}: each of the ${pods} Nextcloud pods runs its own crond, so cron.php runs once per pod every 5 minutes. Nextcloud tolerates the overlap, but the load multiplies; type cronjob runs exactly one.`,
        location: (type && !type.isDefault ? type.location : undefined) ?? helm.get("cronjob.enabled")?.location ?? web?.nameLocation ?? { path: helm.valuesPath, span: { start: 0, end: 0 } },
        related: withRelated(clusterRelated(model)),
        // The CronJob mounts its own emptyDir without the chart's persistence (FACTS §3.1): no fix that trades one problem for another.
        fixes: [persistent ? fix.setValue("cronjob.type", "cronjob", "Run background jobs from one Kubernetes CronJob (cronjob.type: cronjob)", "unsafe") : undefined],
      },
    ];
  }
  const out: ReportInput[] = [];
  const crons = model.apps.filter((a) => a.product === "nextcloud" && a.role === "cron");
  for (const cron of crons) {
    if (!isScaled(cron)) continue;
    const at = editableReplicas(model, project, cron);
    out.push({
      message: `${cron.name} runs Nextcloud's cron ${cron.replicas.value === "global" ? "on every node (global mode)" : `in ${cron.replicas.value} replicas`}: cron.php runs once per replica every 5 minutes. Nextcloud tolerates the overlap, but the load multiplies; one replica is enough.`,
      location: cron.replicas.location ?? cron.nameLocation,
      related: withRelated(cron.replicas.related),
      fixes: [at ? fix.replace(at, cron.replicas.value === "global" ? "replicated" : "1", `Run one ${cron.name} replica`, "safe") : undefined],
    });
  }
  for (const extra of crons.slice(1)) {
    out.push({
      message: `${extra.name} is a second Nextcloud cron service next to ${crons[0].name}: both run cron.php every 5 minutes. Nextcloud tolerates the overlap, but the load doubles; keep one.`,
      location: extra.nameLocation,
      related: [{ location: crons[0].nameLocation, message: `${crons[0].name} already runs the background jobs` }],
    });
  }
  return out;
}

/** ownCloud's cron daemon runs unless the variable is `false`; empty means the default `true` (FACTS §2.1, §2.2). */
function runsCrond(app: AppRole): boolean {
  const value = envValue(app, "OWNCLOUD_CROND_ENABLED");
  // An unset variable may come from a Kubernetes envFrom the files do not show: no claim then.
  if (!app.env.has("OWNCLOUD_CROND_ENABLED") && (app.opaqueEnvSources?.length ?? 0) > 0) return false;
  return value === undefined || value.trim() === "" || isTrue(value);
}

function owncloudRunners(model: ClusterModel, project: Project, fix: FixBuilder): ReportInput[] {
  // The chart hard-codes OWNCLOUD_CROND_ENABLED=false and runs one CronJob with Forbid (FACTS §4.1).
  if (model.helm || !model.cluster.inCluster) return [];
  const runners = model.apps.filter((a) => a.product === "owncloud" && (a.role === "cron" || runsCrond(a)));
  if (runners.length === 0) return [];
  const instances = runners.reduce((n, a) => n + (a.replicas.value === "global" ? Number.POSITIVE_INFINITY : a.replicas.value), 0);
  // A lone .env in an assumed cluster configures every node alike.
  if (instances < 2 && model.format !== "env") return [];
  const dedicated = model.format === "env" ? undefined : runners.find((a) => !isScaled(a));
  const out: ReportInput[] = [];
  for (const app of runners) {
    if (app === dedicated) continue;
    const setting = app.env.get("OWNCLOUD_CROND_ENABLED");
    const how = model.format === "env" ? "on every node of the cluster" : app.replicas.value === "global" ? "on every node (global mode)" : isScaled(app) ? `in each of its ${app.replicas.value} replicas` : `next to ${dedicated?.name ?? "another runner"}`;
    const value = envValue(app, "OWNCLOUD_CROND_ENABLED");
    const why = app.role === "cron" ? "runs ownCloud's background jobs" : `starts a cron daemon (OWNCLOUD_CROND_ENABLED ${value === undefined || value.trim() === "" ? "unset, default true" : `"${value}"`})`;
    const safe = dedicated !== undefined;
    const replicasAt = app.replicas.location;
    const location = app.role === "cron" ? (replicasAt ?? app.nameLocation) : settingOrService(app, setting);
    out.push({
      message: `${app.name} ${why} ${how}: background jobs must run on exactly one node, otherwise every daemon fires the same jobs against the shared database and files.${safe ? ` ${dedicated!.name} can stay the one cron node.` : " Disable it on the app replicas and run one dedicated cron service."}`,
      location,
      severity: "error",
      related: withRelated(
        replicasAt ? { location: replicasAt, message: `${app.name} replicas` } : undefined,
        app.replicas.related,
        clusterRelated(model),
        dedicated ? { location: dedicated.nameLocation, message: `${dedicated.name} runs background jobs once` } : undefined,
      ).filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start),
      fixes: [
        app.role === "cron"
          ? editableReplicas(model, project, app)
            ? fix.replace(editableReplicas(model, project, app)!, app.replicas.value === "global" ? "replicated" : "1", `Run one ${app.name} replica`, "safe")
            : undefined
          : fix.setEnv(app, "OWNCLOUD_CROND_ENABLED", "false", safe ? `Set OWNCLOUD_CROND_ENABLED=false on ${app.name} (${dedicated!.name} keeps cron)` : `Set OWNCLOUD_CROND_ENABLED=false on ${app.name} (then add one dedicated cron service)`, safe ? "safe" : "unsafe"),
      ],
    });
  }
  return out;
}

/** Where a replica count can be lowered in place: Kubernetes locates it at the key (or an autoscaler's maximum). */
function editableReplicas(model: ClusterModel, project: Project, app: AppRole): Location | undefined {
  return model.format === "k8s" ? k8sReplicasValue(project, app.replicas.location) : app.replicas.location;
}
