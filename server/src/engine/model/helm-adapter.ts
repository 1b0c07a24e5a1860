import type { RelatedLocation } from "../findings";
import { asMap, entryOf, type YEntry, type YMap, type YNode } from "../documents/yaml-tree";
import type { Project } from "../project/project";
import type { Location } from "../text/span";
import { chartProfileOf, chartProfiles, type ChartProfile } from "../knowledge/chart-profiles";
import type { AppRole, BackingKind, ChartKind, ClusterModel, DatabaseModel, EnvSetting, Fact, HelmView, MountModel, PersistenceModel, RedisModel, ServiceModel, SqliteSelection, TlsFrontend, UpdatePolicy, ValueFact, VolumeModel } from "./cluster-model";
import { chartValuesOf, fileFactsOf } from "./file-facts";
import { chartDefaults } from "./helm-defaults";
import { isRedisImage, parseImage } from "./images";
import { productProfiles } from "../knowledge/product-profiles";
import { binlogOf, isolationOf } from "./server-options";
import { certaintyOfScalar } from "./template-facts";
import { sqliteOfEnv } from "./sqlite-selection";
import { chartPitfallFacts } from "./helm-pitfalls";
import { chartConfigPhp, chartPhpIniFiles } from "./config-php";

/** Which chart a values file is for: the Chart.yaml beside it, else its top-level keys. */
export function chartKindOf(project: Project): ChartKind | undefined {
  const chartName = project.helmValues?.chartName ?? (asMap(project.chartFile?.roots[0]) ? textValue(entryOf(project.chartFile?.roots[0], "name")?.value) : undefined);
  if (chartProfileOf(chartName)) return chartName;
  return chartOfValues(project.helmValues?.root);
}

/**
 * The chart whose values these look like: a top-level section named after the chart's app
 * (`nextcloud:`, `owncloud:`), else the chart with the most of its own top-level keys (a layer may
 * hold only a few).
 */
export function chartOfValues(root: YNode | undefined): ChartKind | undefined {
  const own = chartProfiles.find((p) => entryOf(root, p.appName));
  if (own) return own.chart;
  const scores = chartProfiles.map((p) => ({ chart: p.chart, score: p.signatureKeys.filter((k) => entryOf(root, k)).length })).sort((a, b) => b.score - a.score);
  if (scores.length > 0 && scores[0].score > 0 && (scores.length === 1 || scores[0].score > scores[1].score)) return scores[0].chart;
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
  const defaults = chartDefaults(chartProfileOf(chart)!);
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
  /** The node on the path that a template fills (`redis:` followed by `{{ toYaml .Values.redis | nindent 2 }}`), when the path is not written. */
  const templatedAbove = (path: string): YNode | undefined => {
    let node: YNode | undefined = root;
    for (const segment of path.split(".")) {
      if (node?.templated) return node;
      const entry = entryOf(node, segment);
      if (!entry) return undefined;
      node = entry.value;
    }
    return undefined;
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
          ...(entry.value?.templated ? { certainty: certaintyOfScalar(entry.value) } : {}),
        };
      }
      // A template writes the block the path is in: its value is unknown, not the default.
      const templated = templatedAbove(path);
      if (templated) return { value: undefined, location: { path: templated.path, span: templated.span }, related: [], isDefault: false, certainty: certaintyOfScalar(templated) };
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
  const profile = chartProfileOf(chartKindOf(project));
  if (!profile) return undefined;
  const helm = createHelmView(project, profile.chart);
  const file = project.helmValues?.file;
  const top: Location = { path: file?.path ?? project.entry, span: { start: 0, end: 0 } };
  const root = project.helmValues?.root;
  const firstKey = root?.entries.find((e) => !e.merged);
  const anchor: Location = firstKey ? { path: root!.path, span: firstKey.keySpan } : top;
  const apps = appsOf(profile, helm, anchor, root);
  const configPhp = chartConfigPhp(profile.product, root, new Map([...project.yamlFiles, ...(project.helmValues ? [project.helmValues.file] : [])].map((f) => [f.path, f.text])));
  if (configPhp) for (const app of apps) app.configPhp = configPhp;
  const phpIniFiles = chartPhpIniFiles(profile.product, root);
  if (phpIniFiles.length > 0) for (const app of apps) app.phpIniFiles = phpIniFiles;
  const reasons: RelatedLocation[] = [];
  for (const app of apps) {
    if (app.role !== "web") continue;
    const n = app.replicas.value;
    if (n === "global" || n > 1) {
      reasons.push({ location: app.replicas.location ?? anchor, message: `${app.name} runs ${n === "global" ? "on every node" : `up to ${n} pods`}` });
    }
  }
  const inCluster = project.options.assumeCluster === true || reasons.length > 0;
  // Pods of a scaled Deployment are scheduled across nodes; an assumed cluster spreads them too.
  for (const app of apps) app.spreadAcrossNodes = project.options.assumeCluster === true || app.replicas.value === "global" || app.replicas.value > 1;
  const { databases, redis } = bundledServices(profile, helm, anchor);
  const services = [...apps, ...databases.map((d) => d.service), ...redis.map((r) => r.service)];
  return {
    format: "helm",
    vocabulary: { instance: "pod" },
    standalone: false,
    services,
    apps,
    databases,
    redis,
    syncAgents: [],
    volumes: new Map(),
    cluster: { inCluster, reasons },
    helm,
    chartValues: chartValuesOf(project, profile.chart),
    ...chartPitfallFacts(profile.chart, helm, root, anchor),
    ...fileFactsOf(project),
  };
}

/** A located chart value as a fact: where the user set it, or the chart default. */
function chartFact<T>(helm: HelmView, path: string, map: (v: unknown) => T): Fact<T> {
  const v = helm.get(path);
  return {
    value: map(v?.value),
    location: v?.isDefault ? undefined : v?.location,
    related: [],
    certainty: v?.certainty ?? (v && !v.isDefault ? "known" : "defaulted"),
    defaultSource: v?.isDefault || !v ? "the chart default" : undefined,
    label: path,
    edit: { kind: "chart-value", path },
  };
}

/** The chart's own default of a value, whatever the user's file sets. */
function chartDefault(profile: ChartProfile, path: string): Fact<string> | undefined {
  const defaults = chartDefaults(profile);
  if (!(path in defaults)) return undefined;
  return { value: String(defaults[path]), related: [], certainty: "defaulted", defaultSource: "the chart default", label: path };
}

function renderedEnv(profile: ChartProfile, helm: HelmView, anchor: Location): Map<string, EnvSetting> {
  const env = new Map<string, EnvSetting>();
  for (const rendered of profile.env) {
    // A switch a template decides, met before the choice: the variable is set or not, unknown which way.
    const undecided = rendered.choices.find((c) => helm.get(c.when ?? c.whenEquals?.path ?? c.from ?? "")?.certainty === "unknown");
    const choice = rendered.choices.find((c) => (c.when ? helmTruthy(helm.get(c.when)?.value) : c.whenEquals ? helm.get(c.whenEquals.path)?.value === c.whenEquals.value : true));
    if (undecided && (!choice || rendered.choices.indexOf(undecided) <= rendered.choices.indexOf(choice))) {
      const path = undecided.when ?? undecided.whenEquals?.path ?? undecided.from ?? "";
      const site = helm.get(path);
      env.set(rendered.variable, { name: rendered.variable, value: "", passthrough: false, opaque: true, location: site?.location ?? anchor, origin: "values", related: [], label: path });
      continue;
    }
    if (!choice || (choice.value === undefined && choice.from === undefined)) continue;
    const source = choice.from ? helm.get(choice.from) : undefined;
    if (choice.from && source === undefined) continue;
    const raw = choice.value ?? source?.value;
    const value = raw === null || raw === undefined ? "" : String(raw);
    // The edit site: the switch that selected the choice when the user set it, else the value it renders.
    const sitePath = choice.when ?? choice.from ?? choice.whenEquals?.path;
    const site = sitePath ? helm.get(sitePath) : undefined;
    const at = site && !site.isDefault ? site.location : undefined;
    env.set(rendered.variable, {
      name: rendered.variable,
      value,
      passthrough: false,
      location: at ?? anchor,
      valueLocation: site?.valueLocation,
      origin: at ? "values" : "derived",
      related: [],
      label: sitePath,
      isDefault: !at,
      source: choice.from && choice.from !== sitePath ? { label: choice.from, location: source?.isDefault ? undefined : source?.location, valueLocation: source?.valueLocation } : undefined,
    });
  }
  return env;
}

function appsOf(profile: ChartProfile, helm: HelmView, anchor: Location, root: YMap | undefined): AppRole[] {
  const env = renderedEnv(profile, helm, anchor);
  const persistence = helm.get(profile.persistence.enabled);
  const mounts: MountModel[] = [];
  const claims = new Map(profile.persistence.claims.filter((c) => !c.enabledBy || helmTruthy(helm.get(c.enabledBy)?.value)).map((c) => [c, claimVolume(c, helm, persistence)]));
  if (helmTruthy(persistence?.value)) {
    for (const [claim, volume] of claims) {
      const mode = helm.get(claim.accessMode);
      const target = String((claim.mountPath.from ? helm.get(claim.mountPath.from)?.value : undefined) ?? claim.mountPath.default);
      const mount = claimMount(target, mode?.value, volume.type?.location ?? mode?.location ?? (claim === profile.persistence.claims[0] ? persistence?.location : undefined) ?? anchor);
      mounts.push({ ...mount, volume, backingKind: volume.backingKind });
    }
  } else {
    mounts.push({ target: profile.persistence.emptyDirPath, kind: "emptydir", backingKind: "emptydir", readOnly: false, location: persistence?.location ?? anchor });
  }
  const replicas = replicasOf(helm, profile.replicas);
  const strategy = profile.strategy ? chartFact(helm, profile.strategy.type, (v) => String(v ?? "RollingUpdate")) : undefined;
  const companion = profile.strategy ? helm.get(profile.strategy.companion) : undefined;
  const update: UpdatePolicy = strategy
    ? {
        mode: strategy.value === "Recreate" ? "recreate" : "rolling",
        setting: strategy,
        companions: companion?.location && !companion.isDefault ? [{ path: companion.location.path, span: { start: companion.location.span.start, end: companion.valueLocation?.span.end ?? companion.location.span.end } }] : [],
        byDefault: profile.strategy ? chartDefault(profile, profile.strategy.type) : undefined,
      }
    : // No strategy in the chart's Deployment: Kubernetes rolls the pods.
      { mode: "rolling", setting: { value: "RollingUpdate", related: [], certainty: "defaulted", defaultSource: "the chart's Deployment sets no strategy", label: "strategy.type" }, companions: [] };
  const sticky = profile.stickySessions;
  const chownSkip = profile.chownInit ? helm.get(profile.chownInit.skip) : undefined;
  const web: AppRole = {
    name: profile.appName,
    nameLocation: replicas.location ?? anchor,
    replicas,
    env,
    mounts,
    ports: [],
    product: profile.product,
    role: "web",
    update,
    stickySessions: sticky ? chartFact(helm, sticky.path, (v) => v === sticky.value) : undefined,
    chownOnStart: profile.chownInit ? { ...chartFact(helm, profile.chownInit.skip, (v) => !helmTruthy(v)), location: chownSkip?.location } : undefined,
    redisSwitch: redisSwitchOf(profile, helm),
    redisSidecar: redisSidecarOf(profile, helm),
    sqliteShadows: sqliteShadowOf(profile, helm),
    chownInit: profile.chownInit ? { skip: chartFact(helm, profile.chownInit.skip, (v) => v), skipValue: profile.chownInit.skipValue } : undefined,
  };
  Object.assign(web, chartImageOf(profile, helm));
  web.tlsFrontend = chartTlsFrontendOf(profile, helm);
  web.user = chartUserOf(helm, profile.runAsUser?.web);
  web.persistence = persistenceOf(profile, helm, root, [...claims.values()]);
  web.databaseType = databaseTypeOf(profile, helm);
  web.cronSwitch = cronSwitchOf(profile, helm);
  web.sqlite = profile.internalDatabase ? internalSqlite(profile.internalDatabase, profile, helm) : sqliteOfEnv(web);
  const apps: AppRole[] = [web];
  const cron = helm.get(profile.cron.enabled);
  if (helmTruthy(cron?.value)) {
    const type = profile.cron.type ? helm.get(profile.cron.type.path) : undefined;
    const sidecar = profile.cron.type !== undefined && type?.value !== profile.cron.type.single;
    const at = (type && !type.isDefault ? type.location : undefined) ?? cron?.location;
    apps.push({
      name: profile.cron.type ? (sidecar ? profile.cron.type.multiName : profile.cron.type.singleName) : profile.cron.name,
      nameLocation: at ?? anchor,
      replicas: sidecar ? { ...replicas, related: [...replicas.related] } : { value: 1, location: at, related: [] },
      env: new Map(env),
      mounts: sidecar || !profile.cron.type ? mounts : mounts.map((m) => ({ ...m })),
      ports: [],
      product: profile.product,
      role: "cron",
      ...chartImageOf(profile, helm),
      user: chartUserOf(helm, sidecar ? profile.runAsUser?.perInstanceCron : profile.runAsUser?.singleCron),
      cronRunner: profile.cron.type ? cronRunnerOf(helm, profile.cron.type, sidecar, helmTruthy(persistence?.value)) : undefined,
      ...(sidecar && profile.cron.securityContexts ? { user: runAsOf(helm, profile.cron.securityContexts) } : {}),
      ...(sidecar && profile.cron.commands ? { command: commandOf(helm, profile.cron.commands) } : {}),
    });
  }
  return apps;
}

/**
 * The app image when the values set its tag (`image.tag`); an empty tag renders the chart's own
 * appVersion, a pinned version, and leaves the image unmodelled.
 */
function chartImageOf(profile: ChartProfile, helm: HelmView): Pick<ServiceModel, "image" | "imageName" | "imageTag"> {
  if (!profile.image) return {};
  const tag = helm.get(profile.image.tag);
  if (!tag || tag.isDefault || tag.value === null || tag.value === undefined || String(tag.value).trim() === "") return {};
  const repository = String(helm.get(profile.image.repository)?.value ?? "");
  const value = `${repository}:${String(tag.value)}`;
  const parsed = parseImage(value);
  return {
    image: { value, location: tag.valueLocation ?? tag.location, related: [], certainty: tag.certainty ?? "known", label: profile.image.tag, edit: { kind: "chart-value", path: profile.image.tag } },
    imageName: parsed.repository,
    imageTag: parsed.tag,
  };
}

/** The first of the values that the user set, as a container user (like Compose's `user:`). */
function chartUserOf(helm: HelmView, paths: string[] | undefined): Fact<string> | undefined {
  for (const path of paths ?? []) {
    const v = helm.get(path);
    if (!v || v.isDefault || v.value === null || v.value === undefined) continue;
    return { value: String(v.value), location: v.valueLocation ?? v.location, related: [], label: path, ...(v.certainty === "unknown" ? { certainty: "unknown" as const } : {}) };
  }
  return undefined;
}

/**
 * The chart's Ingress terminates TLS when it is enabled with a non-empty `tls` list
 * (nextcloud/helm and owncloud charts' templates/ingress.yaml copy the list into the Ingress).
 */
function chartTlsFrontendOf(profile: ChartProfile, helm: HelmView): TlsFrontend | undefined {
  if (!profile.ingress) return undefined;
  const enabled = helm.get(profile.ingress.enabled);
  const tls = helm.get(profile.ingress.tls);
  if (!enabled || enabled.certainty === "unknown" || !helmTruthy(enabled.value)) return undefined;
  if (!tls?.location || tls.isDefault || tls.certainty === "unknown" || !Array.isArray(tls.value) || tls.value.length === 0) return undefined;
  const first = tls.value[0] as { hosts?: unknown } | null;
  const listed = Array.isArray(first?.hosts) && typeof first.hosts[0] === "string" ? first.hosts[0] : undefined;
  const named = helm.get(profile.ingress.host)?.value;
  const host = listed ?? (typeof named === "string" && named.trim() !== "" && !named.includes("{{") ? named : undefined);
  return { by: `The chart's Ingress (${profile.ingress.tls})`, location: tls.location, host };
}

/** The values that render the app's Redis switch variable (`REDIS_HOST`, `OWNCLOUD_REDIS_ENABLED`). */
function redisSwitchOf(profile: ChartProfile, helm: HelmView): Fact<boolean> | undefined {
  const redis = productProfiles[profile.product].redis;
  const rendered = profile.env.find((e) => e.variable === (redis.enabledVariable ?? redis.hostVariable));
  if (!rendered) return undefined;
  const paths = [...new Set(rendered.choices.flatMap((c) => (c.when ? [c.when] : c.from ? [c.from] : [])))];
  const set = paths.map((p) => helm.get(p)).find((v) => v && !v.isDefault);
  const unknown = paths.some((p) => helm.get(p)?.certainty === "unknown");
  const editPath = rendered.setBy?.[0]?.path ?? paths[0];
  // As the templates read them: a switch is on when truthy.
  const on = rendered.choices.some((c) => {
    const path = c.when ?? c.from;
    return helmTruthy(path ? helm.get(path)?.value : undefined);
  });
  return {
    value: on,
    location: set?.location,
    related: [],
    certainty: unknown ? "unknown" : set ? "known" : "defaulted",
    defaultSource: set ? undefined : "the chart default",
    label: paths.join(" and "),
    edit: editPath ? { kind: "chart-value", path: editPath } : undefined,
  };
}

/** A Redis image among the containers the chart adds to every app pod. */
function redisSidecarOf(profile: ChartProfile, helm: HelmView): RelatedLocation | undefined {
  const sidecars = profile.sidecars ? helm.get(profile.sidecars) : undefined;
  if (!sidecars || sidecars.isDefault || !Array.isArray(sidecars.value) || !sidecars.location) return undefined;
  const hasRedis = sidecars.value.some((c) => typeof c === "object" && c !== null && isRedisImage(String((c as Record<string, unknown>).image ?? "")));
  return hasRedis ? { location: sidecars.location, message: `a Redis sidecar runs in every ${productProfiles[profile.product].displayName} pod` } : undefined;
}

/** The chart's cron type: the single CronJob mounts its own emptyDir without persistence (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml), so no edit then. */
function cronRunnerOf(helm: HelmView, type: NonNullable<ChartProfile["cron"]["type"]>, sidecar: boolean, persistent: boolean): AppRole["cronRunner"] {
  const setting = chartFact(helm, type.path, (v) => String(v ?? ""));
  return { scope: sidecar ? "per-instance" : "single", setting: persistent ? setting : { ...setting, edit: undefined }, single: type.single };
}

/** The chart's SQLite switch wins over every database the values enable (its env template tests it first). */
function sqliteShadowOf(profile: ChartProfile, helm: HelmView): AppRole["sqliteShadows"] {
  const internal = profile.internalDatabase;
  if (!internal || !helmTruthy(helm.get(internal.enabled)?.value)) return undefined;
  const switches = [...profile.databases, ...(profile.externalDatabase ? [{ enabled: profile.externalDatabase.enabled, name: profile.externalDatabase.name ?? profile.externalDatabase.enabled }] : [])];
  const shadowed = switches.flatMap((s) => {
    const enabled = helm.get(s.enabled);
    return helmTruthy(enabled?.value) && enabled?.location ? [{ name: s.name, enabled: { value: true, location: enabled.location, related: [], label: s.enabled, edit: { kind: "chart-value" as const, path: s.enabled } } }] : [];
  });
  return shadowed.length > 0 ? { sqlite: chartFact(helm, internal.enabled, () => true), shadowed } : undefined;
}

/** The databases and the Redis the chart deploys itself, as subcharts. */
function bundledServices(profile: ChartProfile, helm: HelmView, anchor: Location): { databases: DatabaseModel[]; redis: RedisModel[] } {
  const databases: DatabaseModel[] = [];
  for (const db of profile.databases) {
    const enabled = helm.get(db.enabled);
    if (!helmTruthy(enabled?.value)) continue;
    const service = subchartService(db.name, db.host, db.enabled, helm, anchor);
    const flags = [db.configuration, db.extraFlags].flatMap((path) => {
      const v = path ? helm.get(path) : undefined;
      return v && !v.isDefault && typeof v.value === "string" ? [{ path, text: v.value, location: v.location }] : [];
    });
    if (flags.length > 0) service.command = { value: flags.map((f) => f.text).join("\n"), location: flags[0].location, related: [], label: flags.map((f) => f.path).join(", ") };
    const isolation =
      db.engine === "postgres"
        ? undefined
        : isolationOf(service, { texts: flags, anchor: service.nameLocation, label: db.extraFlags ?? db.configuration ?? db.enabled, edit: db.extraFlags ? { kind: "chart-value", path: db.extraFlags } : undefined });
    const binlog = db.engine === "postgres" ? undefined : binlogOf(service, db.engine, { texts: flags, anchor: service.nameLocation, label: db.extraFlags ?? db.configuration ?? db.enabled, edit: db.extraFlags ? { kind: "chart-value", path: db.extraFlags } : undefined });
    databases.push({ service, engine: db.engine, dataMounts: [], origin: "subchart", isolation, binlog, persistence: db.persistence ? subchartPersistence(helm, db.persistence, db.legacyPersistence) : undefined });
  }
  const redis: RedisModel[] = [];
  if (profile.redisSubchart && helmTruthy(helm.get(profile.redisSubchart.enabled)?.value)) redis.push({ service: subchartService(profile.redisSubchart.name, profile.redisSubchart.host, profile.redisSubchart.enabled, helm, anchor), origin: "subchart" });
  return { databases, redis };
}

function subchartService(name: string, host: string, switchPath: string, helm: HelmView, anchor: Location): ServiceModel {
  const at = helm.get(switchPath)?.location ?? anchor;
  return { name, nameLocation: at, replicas: { value: 1, related: [] }, env: new Map(), mounts: [], ports: [], hostnames: [host] };
}

function replicasOf(helm: HelmView, paths: ChartProfile["replicas"]): Fact<number | "global"> {
  const autoscale = helm.get(paths.autoscale);
  if (autoscale && helmTruthy(autoscale.value)) {
    const max = helm.get(paths.autoscaleMax);
    const n = Number(max?.value ?? paths.autoscaleMaxDefault);
    return {
      value: Number.isFinite(n) ? n : paths.autoscaleMaxDefault,
      location: autoscale.location,
      related: max && !max.isDefault && max.location ? [{ location: max.location, message: "autoscaling maximum" }] : [],
      label: paths.autoscaleMax,
      edit: { kind: "chart-value", path: paths.autoscaleMax },
    };
  }
  return chartFact<number | "global">(helm, paths.count, (v) => {
    const n = Number(v);
    return Number.isFinite(n) ? n : 1;
  });
}

/**
 * The chart's SQLite switch renders SQLITE_DATABASE and wins over every bundled or external
 * database: those it shadows, and the value that turns it off so they apply.
 */
function internalSqlite(internal: NonNullable<ChartProfile["internalDatabase"]>, profile: ChartProfile, helm: HelmView): SqliteSelection | undefined {
  const enabled = helm.get(internal.enabled);
  if (!helmTruthy(enabled?.value) || enabled?.certainty === "unknown") return undefined;
  const setting = chartFact(helm, internal.enabled, (v) => String(v));
  const other = [...profile.databases.map((d) => d.enabled), profile.externalDatabase?.enabled].find((path) => path !== undefined && helmTruthy(helm.get(path)?.value));
  return {
    certainty: "explicit",
    reason: `${internal.enabled} ${enabled?.isDefault ? "defaults to true" : "is true"}`,
    setting,
    location: setting.location,
    shadows: other ? { name: other.split(".")[0], location: helm.get(other)?.location, off: "false" } : undefined,
  };
}

/** The switch, and a whole-block edit when the values file has no block mapping to add the switch to. */
function persistenceOf(profile: ChartProfile, helm: HelmView, root: YMap | undefined, claims: VolumeModel[]): PersistenceModel {
  const blockPath = profile.persistence.enabled.split(".").slice(0, -1).join(".");
  let block: YMap | undefined = root;
  for (const segment of blockPath.split(".")) block = asMap(entryOf(block, segment)?.value);
  return {
    enabled: chartFact(helm, profile.persistence.enabled, helmTruthy),
    wholeBlock: !block || block.flow ? { fact: { value: helm.get(blockPath)?.value, related: [], label: blockPath, edit: { kind: "chart-value", path: blockPath } }, value: profile.persistence.wholeBlock } : undefined,
    claims,
  };
}

/**
 * A claim the chart renders: its access mode as a fact a fix can set (a list for the ownCloud
 * chart), unknown for an existing claim the chart only mounts, and NFS when the chart backs it
 * with its own static NFS volume.
 */
function claimVolume(claim: ChartProfile["persistence"]["claims"][number], helm: HelmView, persistence: ValueFact | undefined): VolumeModel {
  const mode = helm.get(claim.accessMode);
  const raw = mode?.value;
  const modes = Array.isArray(raw) ? raw.map(String) : raw === null || raw === undefined ? [] : [String(raw)];
  const external = claim.existingClaim !== undefined && helmTruthy(helm.get(claim.existingClaim)?.value);
  const nfs = claim.nfs ? helm.get(claim.nfs) : undefined;
  const onNfs = helmTruthy(nfs?.value) && nfs?.location !== undefined;
  const located = mode !== undefined && !mode.isDefault;
  return {
    name: claim.label,
    backingKind: onNfs ? "nfs" : modes.includes("ReadWriteMany") ? "rwx-claim" : modes.some((m) => /ReadWriteOnce/.test(m)) ? "rwo-claim" : "claim",
    declaredAt: persistence && !persistence.isDefault ? persistence.location : undefined,
    type: onNfs ? { value: "nfs", location: nfs!.location, related: [], label: claim.nfs } : undefined,
    mountOptions: [],
    external,
    accessModes: {
      value: modes,
      location: located ? mode.location : undefined,
      related: [],
      certainty: external ? "unknown" : located ? "known" : "defaulted",
      defaultSource: located ? undefined : "the chart default",
      label: claim.accessMode,
      edit: { kind: "chart-value", path: claim.accessMode, list: claim.list },
    },
    rendered: { label: onNfs ? "the chart's NFS volume" : claim.label, list: claim.list },
  };
}

function claimMount(target: string, accessMode: unknown, location: Location): MountModel {
  const modes = Array.isArray(accessMode) ? accessMode.map(String) : [String(accessMode ?? "")];
  const backingKind: BackingKind = modes.includes("ReadWriteMany") ? "rwx-claim" : modes.some((m) => /ReadWriteOnce/.test(m)) ? "rwo-claim" : "claim";
  return { target, kind: "claim", backingKind, readOnly: false, location };
}

/**
 * The external database's engine as the user wrote it: the Nextcloud chart tests
 * `eq .Values.externalDatabase.type "postgresql"` and renders the MySQL variables for any other text
 * (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl).
 */
function databaseTypeOf(profile: ChartProfile, helm: HelmView): AppRole["databaseType"] {
  const external = profile.externalDatabase;
  const type = external ? helm.get(external.type) : undefined;
  if (!external?.otherwise || !type || type.isDefault || typeof type.value !== "string" || type.value.trim() === "") return undefined;
  const at = type.valueLocation ?? type.location;
  return {
    setting: { value: type.value, location: at, related: [], certainty: type.certainty ?? "known", label: external.type, edit: at ? { kind: "text", location: at } : undefined },
    known: Object.keys(external.types),
    otherwise: external.otherwise,
  };
}

/** The switch that adds the chart's cron runner, and the values that make it one single runner. */
function cronSwitchOf(profile: ChartProfile, helm: HelmView): AppRole["cronSwitch"] {
  const enabled = chartFact(helm, profile.cron.enabled, helmTruthy);
  const on = [{ fact: enabled as Fact<unknown>, value: profile.cron.on ?? "true" }];
  if (profile.cron.type) on.push({ fact: chartFact(helm, profile.cron.type.path, (v) => v), value: profile.cron.type.single });
  return { enabled, on };
}

/**
 * The user a container runs as under Kubernetes security contexts, the container's winning over
 * the pod's (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/):
 * `runAsUser`, else "runAsNonRoot" when only that is true (the image's own user must then not be
 * root); absent when neither sets it, so the image's user applies.
 */
function runAsOf(helm: HelmView, contexts: string[]): Fact<string> | undefined {
  for (const field of ["runAsUser", "runAsNonRoot"]) {
    for (const context of contexts) {
      const path = `${context}.${field}`;
      const v = helm.get(path);
      if (!v || v.isDefault) continue;
      if (v.certainty === "unknown") return { value: "", location: v.location, related: [], certainty: "unknown", label: path };
      if (field === "runAsNonRoot" && v.value !== true) continue;
      const value = field === "runAsUser" ? String(v.value) : "runAsNonRoot";
      return { value, location: v.valueLocation ?? v.location, related: [], certainty: "known", label: path, edit: v.valueLocation ? { kind: "text", location: v.valueLocation } : undefined };
    }
  }
  return undefined;
}

/** A command the values set for a container the chart renders (a list of words, or one string); absent when left to the chart. */
function commandOf(helm: HelmView, paths: string[]): Fact<string> | undefined {
  for (const path of paths) {
    const v = helm.get(path);
    if (!v || v.isDefault || v.value === null || v.value === undefined) continue;
    if (v.certainty === "unknown") return { value: "", location: v.location, related: [], certainty: "unknown", label: path };
    const value = Array.isArray(v.value) ? v.value.map(String).join(" ") : String(v.value);
    return { value, location: v.location, related: [], certainty: "known", label: path };
  }
  return undefined;
}

/** A subchart's persistence switch; unknown when the values also write the key an older chart version read, since the chart version decides which applies. */
function subchartPersistence(helm: HelmView, path: string, legacy: string | undefined): Fact<boolean> {
  const fact = chartFact(helm, path, helmTruthy);
  return legacy && helm.has(legacy) ? { ...fact, certainty: "unknown" } : fact;
}
