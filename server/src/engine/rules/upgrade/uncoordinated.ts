import { asMap, asScalar, entryOf, get, textOf, type YMap, type YScalar } from "../../documents/yaml-tree";
import type { Fix } from "../../findings";
import type { AppRole, ClusterModel } from "../../model/cluster-model";
import { isScaled } from "../../model/compose-adapter";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { Project } from "../../project/project";
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
        "ownCloud runs install-or-`occ upgrade` on every container start with no coordination between nodes, while its cluster guide requires exactly one node to migrate, under maintenance mode, with the others held back (FACTS §2.1; seed 000 \"Upgrades and Database Migrations Must Run on Exactly One Node\"); the ownCloud chart's Deployment has no strategy, so Kubernetes rolls pods with RollingUpdate (FACTS §4.1). Nextcloud's entrypoint serialises upgrades with a flock on the shared `/var/www/html`, but, by inference from the entrypoint, that lock does not separate old and new images: a new pod can rsync (with `--delete`) new code into the volume the old pods still serve, and an old pod that restarts afterwards refuses to start because the data is newer than its image (FACTS §1.1, §3.3 #6). The chart's default `Recreate` strategy avoids that.",
      example: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "  strategy:", "    type: RollingUpdate", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "  strategy:", "    type: Recreate", ""].join("\n"),
      },
      fixSafety:
        "Nextcloud Compose: `parallelism` becomes 1 (safe: updates only get slower). Nextcloud chart, or a Kubernetes Deployment that writes `strategy.type: RollingUpdate`: `Recreate`, dropping the `rollingUpdate` block (unsafe: every update stops all pods first, a short outage). ownCloud has no setting that gates its start-up upgrade, so there is no quick fix: upgrade with one replica under maintenance mode (or a one-off `occ upgrade` job), then scale up; silence the finding with a `scaleout-ignore` comment that names your procedure.",
      sources: ["FACTS §1.1 Cross-replica lock", "FACTS §2.1", "FACTS §3.1 nextcloud.strategy", "FACTS §3.3 #6", "FACTS §4.1", "seed 000 Upgrades and Database Migrations"],
    },
  },
  check({ model, project, fix, report }) {
    for (const app of webApps(model)) {
      const input = app.product === "owncloud" ? owncloudUpgrade(model, app) : nextcloudUpdate(model, project, app, fix);
      if (input) report(input);
    }
  },
});

function owncloudUpgrade(model: ClusterModel, app: AppRole): ReportInput {
  const pods = model.helm ? "pod" : "replica";
  const rolling = model.helm ? " The chart's Deployment sets no strategy, so Kubernetes rolls pods with RollingUpdate." : "";
  const location = app.replicas.location ?? app.nameLocation;
  return {
    message: `Every ${app.name} ${pods} runs "occ upgrade" when it starts, with no coordination between ${pods}s: after an image change several can migrate the shared database at once.${rolling} Upgrade with one ${pods} under maintenance mode, then scale up.`,
    location,
    related: withRelated(app.replicas.related, clusterRelated(model)).filter((r) => !sameStart(r.location, location)),
  };
}

function nextcloudUpdate(model: ClusterModel, project: Project, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const helm = model.helm;
  if (helm) {
    const strategy = helm.get("nextcloud.strategy.type");
    if (strategy?.value !== "RollingUpdate" || !strategy.location) return undefined;
    return {
      message: `${app.name} updates its pods with RollingUpdate: during an image update new pods can rsync the new code into the shared volume while old pods still serve from it, and an old pod that restarts then refuses to start. The chart's default Recreate avoids the overlap.`,
      location: strategy.location,
      related: withRelated(app.replicas.location ? { location: app.replicas.location, message: `${app.name} replicas` } : undefined, clusterRelated(model)),
      fixes: [toRecreate(model, fix)],
    };
  }
  if (!isScaled(app)) return undefined;
  if (model.format === "k8s") return deploymentUpdate(model, project, app, fix);
  const parallelism = composeServiceScalar(project, app.name, ["deploy", "update_config", "parallelism"]);
  if (!parallelism) return undefined;
  const n = Number.parseInt(project.resolve(parallelism).value, 10);
  if (!Number.isFinite(n) || n === 1) return undefined;
  const many = n === 0 ? "all replicas at once (parallelism 0)" : `${n} replicas at a time`;
  return {
    message: `${app.name} updates ${many}: new containers can rsync the new code into the shared /var/www/html while old ones still serve from it, and an old container that restarts refuses to start once the data is newer. Update one replica at a time.`,
    location: { path: parallelism.path, span: parallelism.span },
    related: withRelated(project.resolve(parallelism).related, clusterRelated(model)),
    fixes: [fix.replace({ path: parallelism.path, span: parallelism.span }, "1", `Update ${app.name} one replica at a time`, "safe")],
  };
}

/**
 * A scaled Nextcloud Deployment rolls its pods unless `strategy.type` is Recreate: Kubernetes'
 * default is RollingUpdate (FACTS §4.1), so old and new pods overlap on the shared volume.
 * StatefulSets and DaemonSets replace one pod at a time, like Compose's parallelism 1.
 */
function deploymentUpdate(model: ClusterModel, project: Project, app: AppRole, fix: FixBuilder): ReportInput | undefined {
  const workload = workloadOf(project, app);
  if (!workload || textOf(get(workload, "kind")) !== "Deployment") return undefined;
  const strategy = asMap(get(workload, "spec", "strategy"));
  const typeEntry = entryOf(strategy, "type");
  const type = asScalar(typeEntry?.value);
  if (type?.text === "Recreate") return undefined;
  const location = type ? { path: type.path, span: type.span } : (app.replicas.location ?? app.nameLocation);
  const rolling = entryOf(strategy, "rollingUpdate");
  const title = "Use the Recreate strategy (all pods stop before the new image starts)";
  // Kubernetes rejects `rollingUpdate` under Recreate, so the block goes with the switch.
  const toRecreate =
    type && type.quote === "plain"
      ? rolling
        ? combineFixes(title, fix.replace(location, "Recreate", title, "unsafe"), fix.deleteLines({ path: strategy!.path, span: { start: rolling.keySpan.start, end: rolling.value ? rolling.value.span.end : rolling.keySpan.end } }, title, "unsafe"))
        : fix.replace(location, "Recreate", title, "unsafe")
      : undefined;
  return {
    message: `${app.name} updates its pods with ${type ? `strategy ${type.text}` : "the default RollingUpdate strategy"}: during an image update new pods can rsync the new code into the shared /var/www/html while old pods still serve from it, and an old pod that restarts then refuses to start. The Recreate strategy avoids the overlap.`,
    location,
    related: withRelated(app.replicas.location && !sameStart(app.replicas.location, location) ? { location: app.replicas.location, message: `${app.name} replicas` } : undefined, app.replicas.related, clusterRelated(model)).filter(
      (r) => !sameStart(r.location, location),
    ),
    fixes: [toRecreate],
  };
}

/** The manifest document that holds a Kubernetes container (its `bodyLocation`). */
function workloadOf(project: Project, app: AppRole): YMap | undefined {
  const body = app.bodyLocation;
  if (!body) return undefined;
  for (const file of project.yamlFiles) {
    if (file.path !== body.path) continue;
    for (const root of file.roots) if (root.kind === "map" && root.span.start <= body.span.start && body.span.end <= root.span.end) return root;
  }
  return undefined;
}

/** Kubernetes rejects `rollingUpdate` settings under a Recreate strategy, so they go with the switch. */
function toRecreate(model: ClusterModel, fix: FixBuilder): Fix | undefined {
  const title = "Use the Recreate strategy (all pods stop before the new image starts)";
  const setType = fix.setValue("nextcloud.strategy.type", "Recreate", title, "unsafe");
  const rolling = model.helm?.get("nextcloud.strategy.rollingUpdate");
  if (!rolling?.location || rolling.isDefault) return setType;
  const end = rolling.valueLocation?.span.end ?? rolling.location.span.end;
  return combineFixes(title, setType, fix.deleteLines({ path: rolling.location.path, span: { start: rolling.location.span.start, end } }, title, "unsafe"));
}

function sameStart(a: Location, b: Location): boolean {
  return a.path === b.path && a.span.start === b.span.start;
}

/** A scalar under a compose service, from the last file (base, then override) that sets it. */
function composeServiceScalar(project: Project, service: string, keys: string[]): YScalar | undefined {
  let found: YScalar | undefined;
  for (const file of project.composeFiles) {
    let node = entryOf(asMap(entryOf(file.roots[0], "services")?.value), service)?.value;
    for (const key of keys) node = entryOf(asMap(node), key)?.value;
    found = asScalar(node) ?? found;
  }
  return found;
}
