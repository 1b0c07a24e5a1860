import type { RelatedLocation } from "../findings";
import { asMap, entryOf, type YEntry, type YMap, type YNode } from "../documents/yaml-tree";
import type { Project } from "../project/project";
import type { Location } from "../text/span";
import type { AppRole, BackingKind, ChartKind, ClusterModel, EnvSetting, Fact, HelmView, MountModel, ValueFact } from "./cluster-model";
import { nextcloudChartDefaults, owncloudChartDefaults } from "./helm-defaults";

/** Which chart a values file is for: the Chart.yaml beside it, else its top-level keys. */
export function chartKindOf(project: Project): ChartKind | undefined {
  const chartName = project.helmValues?.chartName ?? (asMap(project.chartFile?.roots[0]) ? textValue(entryOf(project.chartFile?.roots[0], "name")?.value) : undefined);
  if (chartName === "nextcloud" || chartName === "owncloud") return chartName;
  const root = project.helmValues?.root;
  if (entryOf(root, "nextcloud")) return "nextcloud";
  if (entryOf(root, "owncloud")) return "owncloud";
  // A layer may hold only a few keys: count the top-level keys that only one chart has.
  const nextcloudOnly = ["replicaCount", "hpa", "internalDatabase", "externalDatabase", "externalRedis", "cronjob", "mariadb", "postgresql", "nginx", "imaginary", "phpClientHttpsFix", "collabora"];
  const owncloudOnly = ["replicas", "autoscaling"];
  const score = (keys: string[]): number => keys.filter((k) => entryOf(root, k)).length;
  const nc = score(nextcloudOnly);
  const oc = score(owncloudOnly);
  if (nc > oc) return "nextcloud";
  if (oc > nc) return "owncloud";
  return undefined;
}

function textValue(node: YNode | undefined): string | undefined {
  return node?.kind === "scalar" ? node.text : undefined;
}

/** The plain value of a node: scalars as the YAML core schema reads them, sequences as arrays. */
export function plainValue(node: YNode | undefined): unknown {
  if (!node) return null;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map((item) => plainValue(item));
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) out[entry.key] = plainValue(entry.value);
  return out;
}

export function createHelmView(project: Project, chart: ChartKind): HelmView {
  const file = project.helmValues?.file;
  const root = project.helmValues?.root;
  const defaults = chart === "nextcloud" ? nextcloudChartDefaults : owncloudChartDefaults;
  const find = (path: string): YEntry | undefined => {
    let map: YMap | undefined = root;
    let entry: YEntry | undefined;
    for (const segment of path.split(".")) {
      entry = entryOf(map, segment);
      if (!entry) return undefined;
      map = asMap(entry.value);
    }
    return entry;
  };
  return {
    chart,
    valuesPath: file?.path ?? project.entry,
    has: (path) => find(path) !== undefined,
    get(path): ValueFact | undefined {
      const entry = find(path);
      if (entry) {
        // A key with no value (`enabled:`) is null, which Helm treats as unset: the default applies.
        const value = plainValue(entry.value);
        const location: Location = { path: file!.path, span: entry.keySpan };
        if (value === null && path in defaults) return { value: defaults[path], location, related: [], isDefault: true };
        return {
          value,
          location,
          valueLocation: entry.value ? { path: entry.value.path, span: entry.value.span } : undefined,
          related: [],
          isDefault: false,
        };
      }
      if (path in defaults) return { value: defaults[path], related: [], isDefault: true };
      return undefined;
    },
  };
}

/** Go templates: `if .Values.x` is false only for false, 0, "", null and empty collections. */
export function helmTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value as object).length > 0;
  return true;
}

export function buildHelmModel(project: Project): ClusterModel | undefined {
  const chart = chartKindOf(project);
  if (!chart) return undefined;
  const helm = createHelmView(project, chart);
  const file = project.helmValues?.file;
  const top: Location = { path: file?.path ?? project.entry, span: { start: 0, end: 0 } };
  const root = project.helmValues?.root;
  const firstKey = root?.entries.find((e) => !e.merged);
  const anchor: Location = firstKey ? { path: root!.path, span: firstKey.keySpan } : top;
  const apps = chart === "nextcloud" ? nextcloudApps(helm, anchor) : owncloudApps(helm, anchor);
  const reasons: RelatedLocation[] = [];
  for (const app of apps) {
    if (app.role !== "web") continue;
    const n = app.replicas.value;
    if (n === "global" || n > 1) {
      reasons.push({ location: app.replicas.location ?? anchor, message: `${app.name} runs ${n === "global" ? "on every node" : `up to ${n} pods`}` });
    }
  }
  const inCluster = project.options.assumeCluster === true || reasons.length > 0;
  return { format: "helm", services: apps, apps, databases: [], redis: [], syncAgents: [], volumes: new Map(), cluster: { inCluster, reasons }, helm };
}

function valueFactOf<T>(helm: HelmView, path: string, map: (v: unknown) => T): Fact<T> {
  const v = helm.get(path);
  return { value: map(v?.value), location: v?.isDefault ? undefined : v?.location, related: [] };
}

function derivedEnv(name: string, value: string, at: Location | undefined, anchor: Location, valueAt?: Location): EnvSetting {
  return { name, value, passthrough: false, location: at ?? anchor, valueLocation: valueAt, origin: at ? "values" : "derived", related: [] };
}

function replicasOf(helm: HelmView, countPath: string, autoscalePath: string, maxPath: string): Fact<number | "global"> {
  const autoscale = helm.get(autoscalePath);
  if (autoscale && helmTruthy(autoscale.value)) {
    const max = helm.get(maxPath);
    const n = Number(max?.value ?? 10);
    return { value: Number.isFinite(n) ? n : 10, location: autoscale.location, related: max && !max.isDefault && max.location ? [{ location: max.location, message: "autoscaling maximum" }] : [] };
  }
  return valueFactOf<number | "global">(helm, countPath, (v) => {
    const n = Number(v);
    return Number.isFinite(n) ? n : 1;
  });
}

function nextcloudApps(helm: HelmView, anchor: Location): AppRole[] {
  const env = new Map<string, EnvSetting>();
  const set = (name: string, value: string, path: string): void => {
    const v = helm.get(path);
    env.set(name, derivedEnv(name, value, v && !v.isDefault ? v.location : undefined, anchor, v?.valueLocation));
  };
  const internal = helm.get("internalDatabase.enabled");
  if (helmTruthy(internal?.value)) set("SQLITE_DATABASE", String(helm.get("internalDatabase.name")?.value ?? "nextcloud"), "internalDatabase.enabled");
  else if (helmTruthy(helm.get("mariadb.enabled")?.value)) set("MYSQL_HOST", "<release>-mariadb", "mariadb.enabled");
  else if (helmTruthy(helm.get("postgresql.enabled")?.value)) set("POSTGRES_HOST", "<release>-postgresql", "postgresql.enabled");
  else if (helm.get("externalDatabase.type")?.value === "postgresql") set("POSTGRES_HOST", String(helm.get("externalDatabase.host")?.value ?? ""), "externalDatabase.host");
  else set("MYSQL_HOST", String(helm.get("externalDatabase.host")?.value ?? ""), "externalDatabase.host");
  if (helmTruthy(helm.get("redis.enabled")?.value)) set("REDIS_HOST", "<release>-redis-master", "redis.enabled");
  else if (helmTruthy(helm.get("externalRedis.enabled")?.value)) set("REDIS_HOST", String(helm.get("externalRedis.host")?.value ?? ""), "externalRedis.enabled");

  const persistence = helm.get("persistence.enabled");
  const mounts: MountModel[] = [];
  if (helmTruthy(persistence?.value)) {
    const mode = helm.get("persistence.accessMode");
    mounts.push(claimMount("/var/www/html", mode?.value, mode?.location ?? persistence?.location ?? anchor));
    if (helmTruthy(helm.get("persistence.nextcloudData.enabled")?.value)) {
      const dataMode = helm.get("persistence.nextcloudData.accessMode");
      mounts.push(claimMount(String(helm.get("nextcloud.datadir")?.value ?? "/var/www/html/data"), dataMode?.value, dataMode?.location ?? anchor));
    }
  } else {
    mounts.push({ target: "/var/www/html", kind: "emptydir", backingKind: "emptydir", readOnly: false, location: persistence?.location ?? anchor });
  }
  const replicas = replicasOf(helm, "replicaCount", "hpa.enabled", "hpa.maxPods");
  const web: AppRole = {
    name: "nextcloud",
    nameLocation: replicas.location ?? anchor,
    replicas,
    env,
    mounts,
    ports: [],
    product: "nextcloud",
    role: "web",
  };
  const apps: AppRole[] = [web];
  if (helmTruthy(helm.get("cronjob.enabled")?.value)) {
    const type = helm.get("cronjob.type");
    const sidecar = type?.value !== "cronjob";
    const at = type && !type.isDefault ? type.location : helm.get("cronjob.enabled")?.location;
    apps.push({
      name: sidecar ? "nextcloud-cron (sidecar)" : "nextcloud-cron (CronJob)",
      nameLocation: at ?? anchor,
      replicas: sidecar ? { ...replicas, related: [...replicas.related] } : { value: 1, location: at, related: [] },
      env: new Map(env),
      mounts: sidecar ? mounts : mounts.map((m) => ({ ...m })),
      ports: [],
      product: "nextcloud",
      role: "cron",
    });
  }
  return apps;
}

function owncloudApps(helm: HelmView, anchor: Location): AppRole[] {
  const env = new Map<string, EnvSetting>();
  const fromValue = (name: string, path: string): void => {
    const v = helm.get(path);
    if (v === undefined) return;
    env.set(name, derivedEnv(name, v.value === null || v.value === undefined ? "" : String(v.value), v.isDefault ? undefined : v.location, anchor, v.valueLocation));
  };
  fromValue("OWNCLOUD_DB_TYPE", "owncloud.db.type");
  fromValue("OWNCLOUD_SESSION_SAVE_HANDLER", "owncloud.session.saveHandler");
  fromValue("OWNCLOUD_SESSION_SAVE_PATH", "owncloud.session.savePath");
  const redis = helm.get("owncloud.redis.enabled");
  env.set("OWNCLOUD_REDIS_ENABLED", derivedEnv("OWNCLOUD_REDIS_ENABLED", helmTruthy(redis?.value) && redis?.value !== "false" ? "true" : "false", redis && !redis.isDefault ? redis.location : undefined, anchor, redis?.valueLocation));
  if (helmTruthy(redis?.value)) fromValue("OWNCLOUD_REDIS_HOST", "owncloud.redis.host");
  // The chart's ConfigMap hard-codes these two (FACTS §4.1): cron runs from a CronJob, chown from an init container.
  env.set("OWNCLOUD_CROND_ENABLED", derivedEnv("OWNCLOUD_CROND_ENABLED", "false", undefined, anchor));
  env.set("OWNCLOUD_SKIP_CHOWN", derivedEnv("OWNCLOUD_SKIP_CHOWN", "true", undefined, anchor));
  const persistence = helm.get("persistence.enabled");
  const mounts: MountModel[] = [];
  if (helmTruthy(persistence?.value)) {
    const mode = helm.get("persistence.owncloud.accessMode");
    mounts.push(claimMount(String(helm.get("owncloud.volume.root")?.value ?? "/mnt/data"), mode?.value, mode?.location ?? anchor));
  } else {
    mounts.push({ target: "/mnt/data", kind: "emptydir", backingKind: "emptydir", readOnly: false, location: persistence?.location ?? anchor });
  }
  const replicas = replicasOf(helm, "replicas", "autoscaling.enabled", "autoscaling.maxReplicas");
  const apps: AppRole[] = [{ name: "owncloud", nameLocation: replicas.location ?? anchor, replicas, env, mounts, ports: [], product: "owncloud", role: "web" }];
  const crond = helm.get("owncloud.crondEnabled");
  if (helmTruthy(crond?.value)) {
    apps.push({ name: "owncloud-cron (CronJob)", nameLocation: crond?.location ?? anchor, replicas: { value: 1, location: crond?.location, related: [] }, env: new Map(env), mounts, ports: [], product: "owncloud", role: "cron" });
  }
  return apps;
}

function claimMount(target: string, accessMode: unknown, location: Location): MountModel {
  const modes = Array.isArray(accessMode) ? accessMode.map(String) : [String(accessMode ?? "")];
  const backingKind: BackingKind = modes.includes("ReadWriteMany") ? "rwx-claim" : modes.some((m) => /ReadWriteOnce/.test(m)) ? "rwo-claim" : "claim";
  return { target, kind: "claim", backingKind, readOnly: false, location };
}
