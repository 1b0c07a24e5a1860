import type { RelatedLocation } from "../findings";
import { asMap, entryOf, type YEntry, type YMap, type YNode } from "../documents/yaml-tree";
import type { HelmValuesSource, Project } from "../project/project";
import type { Location } from "../text/span";
import { chartProfileOf, chartProfiles, type BundledDatabase, type ChartProfile, type RenderedChoice } from "../knowledge/chart-profiles";
import type { Product } from "../knowledge/catalog";
import type { AppRole, BackingKind, ChartKind, ClusterModel, DatabaseModel, EnvSetting, Fact, HelmView, MountModel, PersistenceModel, RedisModel, ServiceModel, SqliteSelection, TlsFrontend, UpdatePolicy, ValueFact, VolumeModel } from "./cluster-model";
import { chartValuesOf, fileFactsOf } from "./file-facts";
import { chartDefaults } from "./helm-defaults";
import { unknownDefaultsFor } from "../knowledge/chart-version-lines";
import { isRedisImage, parseImage } from "./images";
import { productProfiles } from "../knowledge/product-profiles";
import { binlogOf, isolationOf } from "./server-options";
import { certaintyOfScalar, templatedValue } from "./template-facts";
import { sqliteOfEnv } from "./sqlite-selection";
import { chartPitfallFacts } from "./helm-pitfalls";
import { chartConfigPhp, chartPhpIniFiles } from "./config-php";
import { addChartReleases } from "./chart-releases";

/** Which chart a values file is for: the Chart.yaml beside it, else its top-level keys. */
export function chartKindOf(project: Project): ChartKind | undefined {
  // A Chart.yaml beside the values that is not our chart and deploys none of ours (a chart of one's
  // own reusing the name, an umbrella around Bitnami's owncloud chart): its values are its own.
  if (project.kind === "helm" && project.chartFile && !project.helmValues) return undefined;
  const chartName = project.helmValues?.chartName ?? (asMap(project.chartFile?.roots[0]) ? textValue(entryOf(project.chartFile?.roots[0], "name")?.value) : undefined);
  if (chartProfileOf(chartName)) return chartName;
  // Layered files: the chart the top file's keys show, else a lower file's (a values-prod.yaml may hold only `replicaCount`).
  return chartOfValues(project.helmValues?.root) ?? (project.helmValues?.layers ?? []).map((layer) => chartOfValues(layer.root)).find((chart) => chart !== undefined);
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
  // The chart version the release pins: the catalog's defaults hold only where that version has the same.
  return valuesView(chart, project.helmValues, project.entry, chartDefaults(chartProfileOf(chart)!), unknownDefaultsFor(chart, releaseVersionOf(project, chart)));
}

/**
 * The values one release of `chart` renders with: its files (or inline values) layered as Helm
 * layers them, over `defaults`, the chart's own values; a default `unknownDefaults` names may
 * differ in the version deployed. `entry`: the file named when there are no values.
 */
export function valuesView(chart: ChartKind, source: HelmValuesSource | undefined, entry: string, defaults: Readonly<Record<string, unknown>>, unknownDefaults: ReadonlySet<string> | "all"): HelmView {
  const file = source?.file;
  const root = source?.root;
  // One file, or the release's files lowest first: the highest that writes a path wins.
  const layers = source?.layers ?? (file && root ? [{ file, root, parentRoot: source?.parentRoot }] : []);
  /**
   * Global values reach every chart below the one that sets them, merged with the charts' own
   * (https://helm.sh/docs/chart_template_guide/subcharts_and_globals/): a `global` an umbrella
   * chart sets, or the chart's own `global` for a subchart's (`postgresql.global.…`), decides
   * such a value in a way the engine does not model, so the value is unknown where one is written.
   */
  const globalWriter = (path: string): Location | undefined => {
    const match = /^(?:([^.]+)\.)?global\.(.+)$/.exec(path);
    if (!match) return undefined;
    const overlaps = (written: string): boolean => written === match[2] || written.startsWith(`${match[2]}.`) || match[2].startsWith(`${written}.`);
    const roots = [...layers.flatMap((layer) => (layer.parentRoot ? [layer.parentRoot] : [])), ...(match[1] ? layers.map((layer) => layer.root) : [])];
    for (const at of roots) {
      const global = asMap(entryOf(at, "global")?.value);
      const found = global ? writtenPaths(global).find(([written]) => overlaps(written)) : undefined;
      if (found) return { path: global!.path, span: found[1] };
    }
    return undefined;
  };
  const unseenAbove = source?.unseenAbove ?? new Map<string, Location>();
  const defaultOf = (path: string, location?: Location): ValueFact | undefined => {
    if (!(path in defaults)) return undefined;
    if (unknownDefaults === "all" || unknownDefaults.has(path)) return { value: undefined, ...(location ? { location } : {}), related: [], isDefault: true, certainty: "unknown" };
    return { value: defaults[path], ...(location ? { location } : {}), related: [], isDefault: true };
  };
  /**
   * How one file writes a path: its entry; the node a template fills on the way
   * (`redis:` followed by `{{ toYaml .Values.redis | nindent 2 }}`); or `blocked`, a value above
   * the path that is no mapping (`persistence: null`), which replaces the whole block of the files below.
   */
  const lookup = (layerRoot: YMap, path: string): { entry?: YEntry; templated?: YNode; blocked?: true } | undefined => {
    let node: YNode | undefined = layerRoot;
    let entry: YEntry | undefined;
    for (const segment of path.split(".")) {
      const map = asMap(node);
      const next = map ? entryOf(map, segment) : undefined;
      if (!next) {
        if (node?.templated) return { templated: node };
        return entry && !map ? { blocked: true } : undefined;
      }
      entry = next;
      node = next.value;
    }
    return entry ? { entry } : undefined;
  };
  /**
   * A mapping the files below also write is merged key by key, the higher file winning; any other
   * value replaces the one below (Helm's mergeMaps for `-f` files:
   * https://github.com/helm/helm/blob/main/pkg/cli/values/options.go).
   */
  const mergedBelow = (top: number, path: string, value: unknown): unknown => {
    let merged: unknown = undefined;
    for (let i = 0; i < top; i++) {
      const found = lookup(layers[i].root, path);
      if (!found) continue;
      merged = found.entry ? mergeValues(merged, plainValue(found.entry.value)) : undefined;
    }
    return mergeValues(merged, value);
  };
  return {
    chart,
    valuesPath: file?.path ?? entry,
    has(path) {
      for (let i = layers.length - 1; i >= 0; i--) {
        const found = lookup(layers[i].root, path);
        if (found) return found.entry !== undefined;
      }
      return false;
    },
    get(path): ValueFact | undefined {
      const global = globalWriter(path);
      if (global) return { value: undefined, location: global, related: [], isDefault: false, certainty: "unknown" };
      // Set where the engine cannot read it (Argo CD `parameters`, above every file): unknown, the path or a block around or below it.
      for (const [set, location] of unseenAbove) {
        if (set === path || set.startsWith(`${path}.`) || path.startsWith(`${set}.`)) return { value: undefined, location, related: [], isDefault: false, certainty: "unknown" };
      }
      for (let i = layers.length - 1; i >= 0; i--) {
        const found = lookup(layers[i].root, path);
        if (!found) continue;
        const entry = found.entry;
        if (entry) {
          // A key with no value (`enabled:`) is null, which Helm treats as unset: the default applies.
          const plain = plainValue(entry.value);
          const location: Location = { path: layers[i].file.path, span: entry.keySpan };
          if (plain === null && path in defaults) return defaultOf(path, location);
          const value = i > 0 && isPlainMap(plain) ? mergedBelow(i, path, plain) : plain;
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
        const templated = found.templated;
        if (templated) return { value: undefined, location: { path: templated.path, span: templated.span }, related: [], isDefault: false, certainty: certaintyOfScalar(templated) };
        // A value above the path replaced the block of the files below: the chart's default applies.
        return defaultOf(path);
      }
      // Values files the engine cannot read lie below (Argo CD `valueFiles`): they may set it.
      const unseen = source?.unseenBelow ?? [...(source?.unseenBelowPaths ?? [])].find(([set]) => set === path || set.startsWith(`${path}.`) || path.startsWith(`${set}.`))?.[1];
      if (unseen) return { value: undefined, location: unseen, related: [], isDefault: false, certainty: "unknown" };
      return defaultOf(path);
    },
  };
}

/** The version of the chart the release deploys: as its HelmRelease, Application or umbrella dependency pins it, else a vendored copy's Chart.yaml. */
function releaseVersionOf(project: Project, chart: ChartKind): string | undefined {
  if (project.helmValues?.chartVersion) return project.helmValues.chartVersion;
  const chartFile = project.chartFile?.roots[0];
  return textValue(entryOf(chartFile, "name")?.value) === chart ? textValue(entryOf(chartFile, "version")?.value) : undefined;
}

/** The dotted paths a mapping writes, leaves and blocks alike, each with its key's span. */
function writtenPaths(map: YMap, prefix = "", depth = 0): [string, YEntry["keySpan"]][] {
  const out: [string, YEntry["keySpan"]][] = [];
  for (const entry of map.entries) {
    const path = prefix ? `${prefix}.${entry.key}` : entry.key;
    out.push([path, entry.keySpan]);
    const child = asMap(entry.value);
    if (child && depth < 8) out.push(...writtenPaths(child, path, depth + 1));
  }
  return out;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Helm's mergeMaps: mappings merge key by key (the higher side winning), any other value replaces. */
function mergeValues(below: unknown, above: unknown): unknown {
  if (!isPlainMap(below) || !isPlainMap(above)) return above;
  const out: Record<string, unknown> = { ...below };
  for (const [key, value] of Object.entries(above)) out[key] = mergeValues(out[key], value);
  return out;
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
  const apps = appsOf(profile, helm, anchor, root, project.helmValues?.layers?.map((layer) => layer.root));
  const configPhp = layeredConfigPhp(profile.product, project);
  if (configPhp) for (const app of apps) app.configPhp = configPhp;
  const phpIniFiles = (project.helmValues?.layers?.map((layer) => layer.root) ?? [root]).flatMap((r) => chartPhpIniFiles(profile.product, r));
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
  const model: ClusterModel = {
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
    ...chartPitfallFacts(profile.chart, helm, root, anchor, project.helmValues?.layers?.map((layer) => layer.root)),
    ...fileFactsOf(project),
  };
  addChartReleases(model, project);
  return model;
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
    // A choice with both `when` and `whenEquals` is undecided by its comparison only while its switch is not known to be off.
    const decidingPaths = (c: RenderedChoice): string[] =>
      c.when && c.whenEquals ? ((helm.get(c.when)?.certainty !== "unknown" && !helmTruthy(helm.get(c.when)?.value)) || !helm.has(c.whenEquals.path) ? [] : [c.when, c.whenEquals.path]) : [c.when ?? c.whenEquals?.path ?? c.from ?? "", ...(c.also ?? [])];
    const undecided = rendered.choices.find((c) => decidingPaths(c).some((path) => helm.get(path)?.certainty === "unknown"));
    const choice = rendered.choices.find(
      (c) => (c.when ? helmTruthy(helm.get(c.when)?.value) : true) && (c.whenEquals ? helm.get(c.whenEquals.path)?.value === c.whenEquals.value : true) && (c.also ?? []).every((path) => helmTruthy(helm.get(path)?.value)),
    );
    if (undecided && (!choice || rendered.choices.indexOf(undecided) <= rendered.choices.indexOf(choice))) {
      const path = (undecided.when && undecided.whenEquals ? decidingPaths(undecided).find((p) => helm.get(p)?.certainty === "unknown") : undefined) ?? undecided.when ?? undecided.whenEquals?.path ?? undecided.from ?? "";
      const site = helm.get(path);
      env.set(rendered.variable, { name: rendered.variable, value: "", passthrough: false, opaque: true, location: site?.location ?? anchor, origin: "values", related: [], label: path });
      continue;
    }
    if (choice?.fromSecret) {
      const site = choice.when ? helm.get(choice.when) : undefined;
      env.set(rendered.variable, { name: rendered.variable, value: "", passthrough: false, opaque: true, location: (site && !site.isDefault ? site.location : undefined) ?? anchor, origin: "values", related: [], label: choice.also?.[choice.also.length - 2] ?? choice.when });
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

/**
 * The chart's extra variables (`nextcloud.extraEnv`) as the container gets them, after the
 * rendered ones: a literal `value`, or set from a Secret or ConfigMap (`valueFrom`: value
 * unknown). A list written other than as `{name, …}` items makes nothing known.
 */
function addExtraEnv(env: Map<string, EnvSetting>, profile: ChartProfile, roots: YMap[]): void {
  if (!profile.extraEnv) return;
  const node = extraEnvList(profile.extraEnv.path, roots);
  if (node?.kind !== "seq") return;
  for (const item of node.items) {
    const map = asMap(item);
    const name = map && entryOf(map, "name");
    if (!map || name?.value?.kind !== "scalar" || typeof name.value.value !== "string") continue;
    const value = entryOf(map, "value");
    const valueFrom = entryOf(map, "valueFrom");
    const scalar = value?.value?.kind === "scalar" ? value.value : undefined;
    const location = { path: name.value.path, span: name.value.span };
    const base = { name: name.value.value, passthrough: false, location, origin: "values" as const, related: [], label: name.value.value, chartExtraEnv: true };
    if (scalar && !valueFrom) {
      const valueLocation = { path: scalar.path, span: scalar.span };
      if (certaintyOfScalar(scalar) === "unknown") env.set(base.name, { ...base, value: "", ...templatedValue(true), valueLocation });
      else env.set(base.name, { ...base, value: scalar.value === null ? "" : String(scalar.value), valueLocation });
    } else {
      // valueFrom, or a value that is not a scalar: set, to what the files do not show.
      env.set(base.name, { ...base, value: "", opaque: true });
    }
  }
}

/**
 * The config.php snippets of a release. Helm merges the layers' `configs` maps file by file, and
 * the files load in name order whatever layer wrote them, so when more than one layer writes
 * snippets, which value of a key wins is not told here: every key is unknown.
 */
function layeredConfigPhp(product: Product, project: Project): ReturnType<typeof chartConfigPhp> {
  const values = project.helmValues;
  const texts = new Map([...project.yamlFiles, ...(values ? [values.file, ...(values.layers ?? []).map((l) => l.file)] : [])].map((f) => [f.path, f.text]));
  const roots = values?.layers?.map((layer) => layer.root) ?? [values?.root];
  const models = roots.map((r) => chartConfigPhp(product, r, texts)).filter((m) => m !== undefined);
  if (models.length <= 1) return models[0];
  const anchor = values!.layers!.map((l) => l.file.path);
  return { settings: new Map(), opaque: anchor.map((path) => ({ location: { path, span: { start: 0, end: 0 } }, message: "config.php snippets in several values layers" })) };
}

/** The list at `path` in the highest values layer that writes it (Helm replaces lists, it does not merge them). */
export function extraEnvList(path: string, roots: YMap[]): YNode | undefined {
  for (const root of [...roots].reverse()) {
    let node: YNode | undefined = root;
    for (const segment of path.split(".")) {
      const entry = entryOf(asMap(node), segment);
      // Merged in from an anchor: written here, but not as items this reader follows.
      if (entry?.merged) return undefined;
      node = entry?.value;
      if (!node) break;
    }
    if (node) return node;
  }
  return undefined;
}

function appsOf(profile: ChartProfile, helm: HelmView, anchor: Location, root: YMap | undefined, layers: YMap[] = root ? [root] : []): AppRole[] {
  const env = renderedEnv(profile, helm, anchor);
  addExtraEnv(env, profile, layers);
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
    redisSwitch: overriddenByExtraEnv(redisSwitchOf(profile, helm), profile, env),
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
function chartImageOf(profile: ChartProfile, helm: HelmView): Pick<ServiceModel, "image" | "imageName" | "imageTag" | "imageFlavor"> {
  if (!profile.image) return {};
  const tag = helm.get(profile.image.tag);
  if (!tag || tag.isDefault || tag.value === null || tag.value === undefined || String(tag.value).trim() === "") {
    const flavor = profile.image.flavor && tag?.certainty !== "unknown" ? helm.get(profile.image.flavor) : undefined;
    if (!flavor || flavor.value === null || flavor.value === undefined) return {};
    return { imageFlavor: { value: String(flavor.value), location: flavor.isDefault ? undefined : (flavor.valueLocation ?? flavor.location), related: [], certainty: flavor.certainty ?? (flavor.isDefault ? "defaulted" : "known"), label: profile.image.flavor } };
  }
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
/** A switch whose variable the chart's extra variables set as well cannot be fixed by the switch: the extra entry wins. */
function overriddenByExtraEnv(fact: Fact<boolean> | undefined, profile: ChartProfile, env: Map<string, EnvSetting>): Fact<boolean> | undefined {
  const redis = productProfiles[profile.product].redis;
  return fact && env.get(redis.enabledVariable ?? redis.hostVariable)?.chartExtraEnv ? { ...fact, edit: undefined } : fact;
}

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
    if (db.replication) service.hostnames = primaryHostnames(db.host, db.replication, helm);
    const flags = writtenTexts(helm, [db.configuration, db.extraFlags]);
    if (flags.length > 0) service.command = { value: flags.map((f) => f.text).join("\n"), location: flags[0].location, related: [], label: flags.map((f) => f.path).join(", ") };
    const isolation =
      db.engine === "postgres"
        ? undefined
        : isolationOf(service, { texts: flags, anchor: service.nameLocation, label: db.extraFlags ?? db.configuration ?? db.enabled, edit: db.extraFlags ? { kind: "chart-value", path: db.extraFlags } : undefined });
    const binlog = db.engine === "postgres" ? undefined : binlogOf(service, db.engine, { texts: flags, anchor: service.nameLocation, label: db.extraFlags ?? db.configuration ?? db.enabled, edit: db.extraFlags ? { kind: "chart-value", path: db.extraFlags } : undefined });
    databases.push({ service, engine: db.engine, dataMounts: [], origin: "subchart", isolation, binlog, persistence: db.persistence ? subchartPersistence(helm, db.persistence, db.legacyPersistence) : undefined });
  }
  const redis: RedisModel[] = [];
  if (profile.redisSubchart && helmTruthy(helm.get(profile.redisSubchart.enabled)?.value)) {
    const service = subchartService(profile.redisSubchart.name, profile.redisSubchart.host, profile.redisSubchart.enabled, helm, anchor);
    redis.push({ service, origin: "subchart", ...bitnamiRedisOf(profile.redisSubchart.enabled.replace(/\.enabled$/, ""), helm, service) });
  }
  return { databases, redis };
}

/**
 * What the Bitnami Redis subchart's values say about its password and its master Service
 * (https://github.com/bitnami/charts/blob/main/bitnami/redis/values.yaml: `auth.enabled` true,
 * `master.containerPorts.redis` 6379, `master.service.type` ClusterIP). The master Service is
 * published beyond the cluster only as a NodePort or LoadBalancer, without Sentinel (which
 * replaces it) and without `loadBalancerSourceRanges`
 * (https://github.com/bitnami/charts/blob/main/bitnami/redis/templates/master/service.yaml).
 */
export function bitnamiRedisOf(prefix: string, helm: HelmView, service: ServiceModel): Pick<RedisModel, "auth" | "port" | "password"> {
  // `prefix` is the subchart's key; empty for a release of the chart itself.
  const at = (path: string): string => (prefix ? `${prefix}.${path}` : path);
  const enabled = helm.get(at("auth.enabled"));
  const set = enabled !== undefined && !enabled.isDefault;
  const auth: Fact<boolean> = {
    value: enabled === undefined || enabled.value === undefined ? true : helmTruthy(enabled.value),
    location: set ? enabled.location : undefined,
    related: [],
    certainty: enabled?.certainty ?? (set ? "known" : "defaulted"),
    defaultSource: set ? undefined : "the chart default",
    edit: { kind: "chart-value", path: at("auth.enabled") },
  };
  const containerPort = helm.get(at("master.containerPorts.redis"));
  const port = containerPort && !containerPort.isDefault && containerPort.certainty !== "unknown" && /^\d+$/.test(String(containerPort.value)) ? String(containerPort.value) : "6379";
  const type = helm.get(at("master.service.type"));
  const sentinel = helm.get(at("sentinel.enabled"));
  const ranges = helm.get(at("master.service.loadBalancerSourceRanges"));
  const exposed = type && !type.isDefault && type.certainty !== "unknown" && (type.value === "NodePort" || type.value === "LoadBalancer");
  if (exposed && !helmTruthy(sentinel?.value) && sentinel?.certainty !== "unknown" && !helmTruthy(ranges?.value) && ranges?.certainty !== "unknown" && type.location) {
    const nodePort = helm.get(at("master.service.nodePorts.redis"));
    service.ports.push({
      target: port,
      hostIp: "",
      location: type.valueLocation ?? type.location,
      exposedBy: `its master Service of type ${String(type.value)} (${at("master.service.type")})`,
      ...(nodePort && !nodePort.isDefault && /^\d+$/.test(String(nodePort.value)) ? { published: String(nodePort.value) } : {}),
    });
  }
  return { auth, port, password: auth.value ? bitnamiRedisPassword(prefix, helm) : undefined };
}

/**
 * The password the Bitnami Redis subchart requires: `auth.password` as written (or the parent
 * chart's default); unknown when `auth.existingSecret` names a Secret, or when it is empty (the
 * subchart then generates a random one).
 */
function bitnamiRedisPassword(prefix: string, helm: HelmView): Fact<string> {
  const at = (path: string): string => (prefix ? `${prefix}.${path}` : path);
  const secret = helm.get(at("auth.existingSecret"));
  const written = helm.get(at("auth.password"));
  const label = at("auth.password");
  if (secret?.certainty === "unknown" || helmTruthy(secret?.value)) return { value: "", related: [], certainty: "unknown", label: at("auth.existingSecret"), location: secret?.location };
  if (!written || written.certainty === "unknown" || written.value === null || written.value === undefined || String(written.value) === "") return { value: "", related: [], certainty: "unknown", label };
  return { value: String(written.value), location: written.isDefault ? undefined : (written.valueLocation ?? written.location), related: [], certainty: written.isDefault ? "defaulted" : "known", defaultSource: written.isDefault ? "the chart default" : undefined, label };
}

/**
 * The Service names of a Bitnami database subchart's primary: `<fullname>` standalone,
 * `<fullname>-<primary.name>` (default `primary`) with `architecture: replication`
 * (https://github.com/bitnami/charts/blob/main/bitnami/mariadb/templates/_helpers.tpl,
 * https://github.com/bitnami/charts/blob/main/bitnami/postgresql/templates/_helpers.tpl). An
 * architecture or primary name the files cannot show leaves both names possible; one not written
 * keeps the chart's default (standalone).
 */
function primaryHostnames(host: string, replication: NonNullable<BundledDatabase["replication"]>, helm: HelmView): string[] {
  const architecture = helm.get(replication.architecture);
  const primary = helm.get(replication.primaryName);
  const name = primary && primary.certainty !== "unknown" && typeof primary.value === "string" && primary.value !== "" ? primary.value : primary?.certainty === "unknown" ? undefined : "primary";
  // Not written: the chart's default (standalone in the Nextcloud chart's values.yaml), as before this was modelled.
  if (!helm.has(replication.architecture)) return [host];
  if (!architecture || architecture.value === undefined || architecture.value === null) return [host];
  if (architecture.certainty === "unknown") return name ? [host, `${host}-${name}`] : [host];
  if (architecture.value !== "replication") return [host];
  // The app's rendered host assumes the default name; a written one is listed first, both accepted.
  return name ? [...new Set([`${host}-${name}`, `${host}-primary`])] : [`${host}-primary`];
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

/** The string values the files write at these paths (a server's configuration and flags), in order, each where it is written. */
export function writtenTexts(helm: HelmView, paths: (string | undefined)[]): { path: string; text: string; location?: Location }[] {
  return paths.flatMap((path) => {
    const v = path ? helm.get(path) : undefined;
    return path && v && !v.isDefault && typeof v.value === "string" ? [{ path, text: v.value, location: v.location }] : [];
  });
}

/** A subchart's persistence switch; unknown when the values also write the key an older chart version read, since the chart version decides which applies. */
export function subchartPersistence(helm: HelmView, path: string, legacy: string | undefined): Fact<boolean> {
  const fact = chartFact(helm, path, helmTruthy);
  return legacy && helm.has(legacy) ? { ...fact, certainty: "unknown" } : fact;
}
