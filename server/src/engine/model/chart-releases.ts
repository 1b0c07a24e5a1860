import { productProfiles } from "../knowledge/product-profiles";
import { bitnamiChartDefaults } from "../knowledge/bitnami-charts";
import type { ChartRelease } from "../project/chart-releases";
import type { Project } from "../project/project";
import type { ClusterModel, DatabaseModel, HelmView, ServiceModel } from "./cluster-model";
import { bitnamiRedisOf, helmTruthy, subchartPersistence, valuesView, writtenTexts } from "./helm-adapter";
import { reaches, settingOf } from "./queries";
import { isolationOf } from "./server-options";

/**
 * Bitnami's `common.names.fullname`: `fullnameOverride`, else the release name when it contains
 * the chart's name (`nameOverride` or `.Chart.Name`), else `<release>-<name>`, cut to 63
 * characters without a trailing `-`
 * (https://github.com/bitnami/charts/blob/main/bitnami/common/templates/_names.tpl). Undefined
 * when the files cannot show it (an unknown release name, a templated override).
 */
export function bitnamiFullname(release: ChartRelease, view: HelmView): string | undefined {
  const cut = (name: string): string => name.slice(0, 63).replace(/-+$/, "");
  const override = view.get("fullnameOverride");
  if (override?.certainty === "unknown") return undefined;
  if (helmTruthy(override?.value)) return cut(String(override!.value));
  const nameOverride = view.get("nameOverride");
  if (nameOverride?.certainty === "unknown" || release.release === undefined) return undefined;
  const name = helmTruthy(nameOverride?.value) ? String(nameOverride!.value) : release.chartName;
  return cut(release.release.includes(name) ? release.release : `${release.release}-${name}`);
}

/**
 * The names of the Service the app talks to: a database's primary is `<fullname>` standalone and
 * `<fullname>-<primary.name>` with `architecture: replication`
 * (https://github.com/bitnami/charts/blob/main/bitnami/mariadb/templates/_helpers.tpl,
 * https://github.com/bitnami/charts/blob/main/bitnami/postgresql/templates/_helpers.tpl), both when
 * the architecture is unknown; Redis's master is `<fullname>-master`
 * (https://github.com/bitnami/charts/blob/main/bitnami/redis/templates/master/service.yaml).
 * Empty with Redis Sentinel, whose Service fronts every node.
 */
function serverNames(release: ChartRelease, view: HelmView, fullname: string): string[] {
  if (release.chart === "redis") {
    const sentinel = view.get("sentinel.enabled");
    return sentinel?.certainty === "unknown" || helmTruthy(sentinel?.value) ? [] : [`${fullname}-master`];
  }
  const architecture = view.get("architecture");
  const primary = view.get("primary.name");
  const primaryName = primary?.certainty !== "unknown" && typeof primary?.value === "string" && primary.value !== "" ? primary.value : "primary";
  if (architecture?.certainty === "unknown") return [fullname, `${fullname}-${primaryName}`];
  return architecture?.value === "replication" ? [`${fullname}-${primaryName}`] : [fullname];
}

/** A host as Kubernetes DNS resolves it: `name`, `name.namespace`, `name.namespace.svc[.cluster.local]`; undefined for any other name. */
function clusterHost(host: string): { name: string; namespace?: string } | undefined {
  const labels = host.trim().toLowerCase().replace(/:\d+$/, "").split(".");
  if (labels.some((l) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(l))) return undefined;
  if (labels.length === 1) return { name: labels[0] };
  if (labels.length === 2 || labels[2] === "svc") return { name: labels[0], namespace: labels[1] };
  return undefined;
}

/** Namespaces the files may leave open: only two known and different ones differ. */
const sameNamespace = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

interface Candidate {
  release: ChartRelease;
  view: HelmView;
  names: string[];
}

/**
 * Adds to the model the Bitnami database and Redis releases the project's apps name by host
 * (`externalDatabase.host: mariadb.db.svc.cluster.local`, `REDIS_HOST: redis-master`): each only
 * when it is the one release of the workspace the host can mean (a bare name, in the project's own
 * namespace when the files show both) and no server of the project's own files answers to it.
 * Findings about them land in the release's files; their values are read as the chart's, over
 * Bitnami's defaults.
 */
export function addChartReleases(model: ClusterModel, project: Project): void {
  const releases = project.chartReleases ?? [];
  if (releases.length === 0 || model.apps.length === 0) return;
  const candidates: Candidate[] = [];
  for (const release of releases) {
    const view = valuesView(release.chart, release.values, release.values.file.path, bitnamiChartDefaults(release.chart), new Set());
    const fullname = bitnamiFullname(release, view);
    if (fullname === undefined) continue;
    const names = serverNames(release, view, fullname);
    if (names.length > 0) candidates.push({ release, view, names });
  }
  const matching = (host: string, kind: "database" | "redis"): Candidate | undefined => {
    const target = clusterHost(host);
    if (!target) return undefined;
    const found = candidates.filter(
      (c) =>
        (c.release.chart === "redis") === (kind === "redis") &&
        c.names.includes(target.name) &&
        // A bare name is a Service of the app's own namespace.
        sameNamespace(target.namespace ?? project.namespace, c.release.namespace),
    );
    return found.length === 1 ? found[0] : undefined;
  };
  const linked = new Map<Candidate, string[]>();
  const link = (host: string | undefined, kind: "database" | "redis"): void => {
    if (!host) return;
    // A server of the project's own files answers to the name: that one is meant.
    const own = kind === "redis" ? model.redis.map((r) => r.service) : model.databases.map((d) => d.service);
    if (own.some((service) => reaches(model, service, host)) || model.services.some((s) => s.name === host)) return;
    const candidate = matching(host, kind);
    if (candidate) linked.set(candidate, [...(linked.get(candidate) ?? []), host.trim().replace(/:\d+$/, "")]);
  };
  for (const app of model.apps) {
    const profile = productProfiles[app.product];
    for (const variable of profile.databaseHostVariables) link(settingOf(app, variable).value, "database");
    link(settingOf(app, profile.redis.hostVariable).value, "redis");
  }
  for (const [candidate, hosts] of linked) {
    const { release, view, names } = candidate;
    const service: ServiceModel = { name: names[0], nameLocation: release.anchor, replicas: { value: 1, related: [] }, env: new Map(), mounts: [], ports: [], hostnames: [...new Set([...names, ...hosts])] };
    model.services.push(service);
    if (release.chart === "redis") {
      const redis = bitnamiRedisOf("", view, service);
      // Its values are another release's: no fix of this project's edits them.
      const { edit: _edit, ...auth } = redis.auth!;
      model.redis.push({ service, origin: "release", ...redis, auth });
    } else {
      model.databases.push(releasedDatabase(release, view, service));
    }
  }
}

/** A Bitnami MariaDB or PostgreSQL release as the model's database: its persistence and, for MariaDB, the isolation its configuration sets. */
function releasedDatabase(release: ChartRelease, view: HelmView, service: ServiceModel): DatabaseModel {
  const engine = release.chart === "mariadb" ? "mariadb" : "postgres";
  // Older chart versions read `master.*`: written there, the version decides which applies.
  const legacy = (path: string): boolean => view.has(`master.${path}`);
  const unknown = (path: string): boolean => view.get(path)?.certainty === "unknown";
  let isolation: DatabaseModel["isolation"];
  if (engine === "mariadb") {
    const texts = writtenTexts(view, ["primary.configuration", "primary.extraFlags"]);
    // A ConfigMap of one's own replaces the configuration (`existingConfigmap`; `existingConfiguration` in older versions).
    const existing = ["primary.existingConfigmap", "primary.existingConfiguration"].some((path) => helmTruthy(view.get(path)?.value));
    const unread = ["primary.configuration", "primary.extraFlags", "primary.existingConfigmap", "primary.existingConfiguration"].some(unknown) || existing || legacy("configuration") || legacy("extraFlags");
    isolation = isolationOf(service, { texts, anchor: texts[0]?.location ?? release.anchor, label: "primary.extraFlags", unreadOptionFiles: unread });
  }
  // Read as the subchart's switch is; its values are another release's, so no fix of this project's edits them.
  const { edit: _edit, ...persistence } = subchartPersistence(view, "primary.persistence.enabled", "master.persistence");
  return { service, engine, dataMounts: [], origin: "release", ...(isolation ? { isolation } : {}), persistence };
}
