import type { AppRole, ClusterModel, UpdatePolicy } from "../../model/cluster-model";
import type { FixBuilder } from "../../fixes/fix-builder";
import { appPaths, certaintyOf, isScaled } from "../../model/queries";
import type { Location } from "../../text/span";
import { clusterRelated, combineFixes, webApps, withRelated } from "../helpers";
import { defineRule, type ReportInput } from "../rule";

export const uncoordinated = defineRule({
  meta: {
    id: "upgrade/uncoordinated",
    severity: "warning",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: true,
    title: "Replicas that each run install/upgrade on start without gating",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags, in cluster context, every scaled ownCloud app (each replica runs `occ upgrade` when it starts), and Nextcloud replicas that update several at a time: Compose `deploy.update_config.parallelism` above 1 (or 0, all at once), or the Helm chart's `nextcloud.strategy.type: RollingUpdate`, or a scaled Kubernetes Deployment whose `strategy.type` is not `Recreate` (RollingUpdate is the Kubernetes default; StatefulSets and DaemonSets replace one pod at a time and are not reported).",
      whyItMatters:
        "ownCloud runs install-or-`occ upgrade` on every container start with no coordination between nodes, while its cluster guide requires exactly one node to migrate, under maintenance mode, with the others held back (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay; ownCloud's cluster guide, \"Upgrades and Database Migrations Must Run on Exactly One Node\": https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html); the ownCloud chart's Deployment has no strategy, so Kubernetes rolls pods with RollingUpdate (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud). Nextcloud's entrypoint serialises upgrades with a flock on the shared `/var/www/html`, but, by inference from the entrypoint, that lock does not separate old and new images: a new pod can rsync (with `--delete`) new code into the volume the old pods still serve, and an old pod that restarts afterwards refuses to start because the data is newer than its image (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md). The chart's default `Recreate` strategy avoids that.",
      example: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "  strategy:", "    type: RollingUpdate", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "  strategy:", "    type: Recreate", ""].join("\n"),
      },
      fixSafety:
        "Nextcloud Compose: `parallelism` becomes 1 (safe: updates only get slower). Nextcloud chart, or a Kubernetes Deployment that writes `strategy.type: RollingUpdate`: `Recreate`, dropping the `rollingUpdate` block (unsafe: every update stops all pods first, a short outage). ownCloud has no setting that gates its start-up upgrade, so there is no quick fix: upgrade with one replica under maintenance mode (or a one-off `occ upgrade` job), then scale up; silence the finding with a `scaleout-ignore` comment that names your procedure.",
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const input = app.product === "owncloud" ? owncloudUpgrade(model, app) : nextcloudUpdate(model, app, fix);
      if (input) report(input);
    }
  },
});

function owncloudUpgrade(model: ClusterModel, app: AppRole): ReportInput {
  const location = app.replicas.location ?? app.nameLocation;
  const setting = app.update?.setting;
  // A Deployment without a strategy rolls its pods; say so where nothing in the files does.
  const rolling = app.update?.mode === "rolling" && setting && certaintyOf(setting) === "defaulted" && setting.defaultSource ? ` ${upperFirst(setting.defaultSource)}, so ${model.vocabulary.instance}s roll with ${setting.value}.` : "";
  return {
    message: `Every ${app.name} replica runs "occ upgrade" when it starts, with no coordination between replicas: after an image change several can migrate the shared database at once.${rolling} Upgrade with one replica under maintenance mode, then scale up.`,
    location,
    related: withRelated(app.replicas.related, clusterRelated(model, app)).filter((r) => !sameStart(r.location, location)),
  };
}

function nextcloudUpdate(model: ClusterModel, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const update = app.update;
  if (!update || update.mode !== "rolling" || !isScaled(app)) return undefined;
  const setting = update.setting;
  const certainty = certaintyOf(setting);
  if (certainty === "unknown") return undefined;
  const instance = model.vocabulary.instance;
  const webroot = appPaths(app).dataRoot;
  if (update.parallelism !== undefined && setting.location) {
    const n = update.parallelism;
    const many = n === 0 ? `all ${instance}s at once (parallelism 0)` : `${n} ${instance}s at a time`;
    return {
      message: `${app.name} updates ${many}: new containers can rsync the new code into the shared ${webroot} while old ones still serve from it, and an old container that restarts refuses to start once the data is newer. Update one ${instance} at a time.`,
      location: setting.location,
      related: withRelated(setting.related, clusterRelated(model, app)),
      fixes: [fix.setFact(setting, "1", `Update ${app.name} one ${instance} at a time`, "safe")],
    };
  }
  const location = (certainty === "known" ? setting.location : undefined) ?? app.replicas.location ?? app.nameLocation;
  const byDefault = update.byDefault;
  // Where the default is safe the user chose the rolling one; elsewhere it is the platform's strategy.
  const how = certainty === "defaulted" ? `the default ${setting.value} strategy` : byDefault && byDefault.value !== setting.value ? setting.value : `strategy ${setting.value}`;
  const instead = byDefault?.value === "Recreate" ? `${upperFirst(byDefault.defaultSource ?? "the default")}, Recreate, avoids the overlap.` : "The Recreate strategy avoids the overlap.";
  return {
    message: `${app.name} updates its ${instance}s with ${how}: during an image update new ${instance}s can rsync the new code into the shared ${webroot} while old ${instance}s still serve from it, and an old ${instance} that restarts then refuses to start. ${instead}`,
    location,
    related: withRelated(app.replicas.location ? { location: app.replicas.location, message: `${app.name} replicas` } : undefined, app.replicas.related, clusterRelated(model, app)).filter((r) => !sameStart(r.location, location)),
    fixes: [toRecreate(fix, update)],
  };
}

/** Settings of the rolling mode (Kubernetes' `rollingUpdate`) are rejected under Recreate, so they go with the switch. */
function toRecreate(fix: FixBuilder, update: UpdatePolicy) {
  const title = "Use the Recreate strategy (all instances stop before the new image starts)";
  return combineFixes(title, fix.setFact(update.setting, "Recreate", title, "unsafe"), ...update.companions.map((c) => fix.deleteLines(c, title, "unsafe")));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sameStart(a: Location, b: Location): boolean {
  return a.path === b.path && a.span.start === b.span.start;
}
