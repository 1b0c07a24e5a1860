import type { AppRole, ClusterModel } from "../../model/cluster-model";
import type { FixBuilder } from "../../fixes/fix-builder";
import { productProfiles } from "../../knowledge/product-profiles";
import { certaintyOf, isScaled, replicaCount, settingOf, type SettingFact } from "../../model/queries";
import { clusterRelated, isTrue, settingOrService, withRelated } from "../helpers";
import { defineRule, type ReportInput } from "../rule";

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
        "The ownCloud image starts a cron daemon in every container unless `OWNCLOUD_CROND_ENABLED=false` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md); ownCloud's cluster guide requires background jobs on exactly one node, otherwise N daemons fire the same jobs against the shared database and files, with contention, duplicated work and lock pressure (ownCloud's cluster guide, \"Background Jobs (cron) Must Run on Exactly One Node\": https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html). Nextcloud tolerates overlapping `cron.php` runs, so there the load multiplies rather than corrupting (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md, https://github.com/nextcloud/server/issues/34266): a warning.",
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
        "ownCloud: sets `OWNCLOUD_CROND_ENABLED=false` on the scaled app when another single-instance service keeps running cron (the dedicated cron node of the ownCloud guide); safe. Without such a service there is no quick fix, because turning the daemons off alone would stop background jobs: add the cron service first (as in the example below), then the fix is offered. Nextcloud: a scaled cron service goes back to one replica (safe: one runner is the documented setup); the chart's `cronjob.type` becomes `cronjob`, a single Kubernetes CronJob with `concurrencyPolicy: Forbid` (unsafe: it needs `persistence.enabled` and, with ReadWriteOnce volumes, pod affinity to the app's node). A second cron service has no quick fix: remove it yourself.",
      sources: ["https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/nextcloud/server/issues/34266", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, fix, report }) {
    for (const input of [...nextcloudRunners(model, fix), ...owncloudRunners(model, fix)]) report(input);
  },
});

function nextcloudRunners(model: ClusterModel, fix: FixBuilder): ReportInput[] {
  const out: ReportInput[] = [];
  const crons = model.apps.filter((a) => a.product === "nextcloud" && a.role === "cron");
  const instance = model.vocabulary.instance;
  for (const cron of crons) {
    const runner = cron.cronRunner;
    if (runner?.scope === "per-instance") {
      const setting = runner.setting;
      if (!model.cluster.inCluster || certaintyOf(setting) === "unknown") continue;
      const instances = cron.replicas.value === "global" ? "every" : `up to ${cron.replicas.value}`;
      const chosen = certaintyOf(setting) === "defaulted" ? `${setting.value} (${setting.defaultSource ?? "the default"})` : `"${setting.value}" (a sidecar)`;
      out.push({
        message: `${setting.label} is ${chosen}: each of the ${instances} Nextcloud ${instance}s runs its own crond, so cron.php runs once per ${instance} every 5 minutes. Nextcloud tolerates the overlap, but the load multiplies; ${setting.label} ${runner.single} runs exactly one.`,
        location: cron.nameLocation,
        related: withRelated(clusterRelated(model, cron)),
        fixes: [fix.setFact(setting, runner.single, `Run background jobs once (${setting.label}: ${runner.single})`, "unsafe")],
      });
      continue;
    }
    if (!isScaled(cron)) continue;
    out.push({
      message: `${cron.name} runs Nextcloud's cron ${cron.replicas.value === "global" ? "on every node (global mode)" : `in ${cron.replicas.value} replicas`}: cron.php runs once per replica every 5 minutes. Nextcloud tolerates the overlap, but the load multiplies; one replica is enough.`,
      location: cron.replicas.location ?? cron.nameLocation,
      related: withRelated(cron.replicas.related),
      fixes: [oneReplica(fix, cron)],
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

/** The product's cron daemon switch of an app (ownCloud: OWNCLOUD_CROND_ENABLED), after the image default. */
function crondSetting(app: AppRole): SettingFact | undefined {
  const daemon = productProfiles[app.product].cronDaemon;
  return daemon ? settingOf(app, daemon.variable, daemon.defaultOn ? "true" : "false") : undefined;
}

/** The daemon runs unless the switch is `false`; empty means the image default (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). */
function runsCrond(app: AppRole): boolean {
  const setting = crondSetting(app);
  // Set where the files do not show (an envFrom, a Secret): no claim then.
  if (!setting || setting.certainty === "unknown") return false;
  const value = setting.value?.trim() ?? "";
  return value === "" ? productProfiles[app.product].cronDaemon!.defaultOn : isTrue(value);
}

function owncloudRunners(model: ClusterModel, fix: FixBuilder): ReportInput[] {
  if (!model.cluster.inCluster) return [];
  const runners = model.apps.filter((a) => a.product === "owncloud" && (a.role === "cron" || runsCrond(a)));
  if (runners.length === 0) return [];
  const instances = runners.reduce((n, a) => n + replicaCount(a), 0);
  // A lone .env in an assumed cluster configures every node alike.
  if (instances < 2 && !model.standalone) return [];
  const dedicated = model.standalone ? undefined : runners.find((a) => !isScaled(a));
  const out: ReportInput[] = [];
  for (const app of runners) {
    if (app === dedicated) continue;
    const crond = crondSetting(app)!;
    const variable = productProfiles[app.product].cronDaemon!.variable;
    const how = model.standalone ? "on every node of the cluster" : app.replicas.value === "global" ? "on every node (global mode)" : isScaled(app) ? `in each of its ${app.replicas.value} replicas` : `next to ${dedicated?.name ?? "another runner"}`;
    const written = crond.setting && !crond.setting.passthrough && (crond.value ?? "").trim() !== "" ? `"${crond.value}"` : "unset, default true";
    const why = app.role === "cron" ? "runs ownCloud's background jobs" : `starts a cron daemon (${crond.label} ${written})`;
    const safe = dedicated !== undefined;
    const replicasAt = app.replicas.location;
    const location = app.role === "cron" ? (replicasAt ?? app.nameLocation) : settingOrService(app, app.env.get(variable));
    out.push({
      message: `${app.name} ${why} ${how}: background jobs must run on exactly one node, otherwise every daemon fires the same jobs against the shared database and files.${safe ? ` ${dedicated!.name} can stay the one cron node.` : " Disable it on the app replicas and run one dedicated cron service."}`,
      location,
      severity: "error",
      related: withRelated(
        replicasAt ? { location: replicasAt, message: `${app.name} replicas` } : undefined,
        app.replicas.related,
        clusterRelated(model, app),
        dedicated ? { location: dedicated.nameLocation, message: `${dedicated.name} runs background jobs once` } : undefined,
      ).filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start),
      // Without a runner to keep, turning the daemons off would leave no background jobs at all:
      // the message names both steps and no fix takes the first alone.
      fixes: [app.role === "cron" ? oneReplica(fix, app) : safe ? fix.setEnv(app, variable, "false", `Set ${variable}=false on ${app.name} (${dedicated!.name} keeps cron)`, "safe") : undefined],
    });
  }
  return out;
}

/** Back to one instance where the count is written in place (Swarm's global mode becomes replicated). */
function oneReplica(fix: FixBuilder, app: AppRole) {
  return fix.setFact(app.replicas, app.replicas.value === "global" ? "replicated" : "1", `Run one ${app.name} replica`, "safe");
}
