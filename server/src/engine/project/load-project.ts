import type { RelatedLocation } from "../findings";
import type { DocumentCache } from "../documents/document-cache";
import { unescapeDoubleQuoted, type EnvFile } from "../documents/env-file";
import { fileKindOf, isOverrideName } from "../documents/file-kind";
import { asMap, asScalar, entryOf, get, visitNodes, type YamlFile, type YMap, type YNode, type YScalar } from "../documents/yaml-tree";
import { overlapping } from "../documents/template-mask";
import { chartProfileOf, ourChartFrom } from "../knowledge/chart-profiles";
import type { LintOptions } from "../lint-api";
import type { Location, Span } from "../text/span";
import type { RefusedInput } from "../model/cluster-model";
import { basename, dirname, joinPath, type Workspace } from "../workspace";
import { hasInterpolation, interpolate, MAX_EXPANDED_LENGTH } from "./interpolate";
import { kustomizationIn, kustomizeLayers, type KustomizeLayers } from "./kustomize";
import { argoApplicationSource } from "./argo-application";
import { helmReleaseChart, helmReleaseValues } from "./flux-helm-release";
import { chartReleasesAround, declaredReleases, namespaceOfProject } from "./chart-releases";
import { helmfileReleases, isHelmfileName, kustomizeHelmCharts, type ChartDeployment } from "./chart-sources";
import { k8sObjectsElsewhere, type K8sElsewhere } from "./k8s-elsewhere";
import { applyTransforms } from "./kustomize-patch";
import { composeBuildOf, type Dockerfile } from "./dockerfile";
import type { HelmValuesSource, InterpolationSite, ParseProblem, Project, ProjectKind, ResolvedText, VariableDefinition } from "./project";

export interface ProjectSpec {
  kind: ProjectKind;
  entry: string;
  /** Helm: the values files of the release, lowest first, when the settings layer several (the entry is the last one read). */
  valuesLayers?: string[];
  /** The file that gives the layers when no setting does (a helmfile): read with the project, so a change there re-lints it. */
  layersFrom?: string;
  /**
   * A Compose file set (`docker compose -f a.yaml -f b.yaml`, or `COMPOSE_FILE` in the `.env`),
   * in merge order; `entry` is its first file. Absent: the entry and its `compose.override.yaml`.
   */
  files?: string[];
  /**
   * The `.env` whose `COMPOSE_FILE` named `files`: Compose reads it from the working directory
   * before it knows the files, so it fills `${VAR}` even when the first file is in another folder.
   */
  dotenv?: string;
}

const COMPOSE_BASE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

/** A file named as Compose names its files: a base name, or `compose*.yaml` / `docker-compose*.yml`. */
function isComposeName(name: string): boolean {
  return COMPOSE_BASE_NAMES.includes(name) || /^(docker-)?compose[\w.-]*\.ya?ml$/i.test(name);
}

/** Which project a file belongs to. Undefined: the engine has nothing to say about it. */
export function discoverProject(path: string, ws: Workspace, cache: DocumentCache, options: LintOptions = {}): ProjectSpec | undefined {
  // A file a set of the options lists is a Compose file whatever its name or content shows.
  const listed = options.composeFileSets?.find((set) => set.includes(path));
  if (listed && ws.readFile(path) !== undefined) return { kind: "compose", entry: listed[0], files: listed };
  const spec = discoverOwnProject(path, ws, cache, options);
  if (spec?.kind !== "compose" && spec?.kind !== "env") return spec;
  // A file of a Compose file set is linted as part of that set; so is the `.env` of its project
  // directory, an `--env-file`, and a base or override file that a set replaces.
  const set = fileSetOf(path, ws, cache, options) ?? (spec.kind === "compose" ? fileSetOf(spec.entry, ws, cache, options) : undefined);
  if (set) return { kind: "compose", entry: set.files[0], files: set.files, ...(set.dotenv && set.dotenv !== joinPath(dirname(set.files[0]), ".env") ? { dotenv: set.dotenv } : {}) };
  if ((options.composeEnvFiles ?? []).includes(path)) {
    const first = options.composeFileSets?.[0];
    if (first && first.length > 0) return { kind: "compose", entry: first[0], files: first };
    const base = COMPOSE_BASE_NAMES.map((name) => joinPath(dirname(path), name)).find((candidate) => ws.readFile(candidate) !== undefined);
    if (base) return { kind: "compose", entry: base };
  }
  return spec;
}

/**
 * The Compose file set that deploys `path`: the first of the sets given in the options (CLI
 * `--file`, `.scaleout.yaml` `compose.files`, the editor's `scaleout.compose.files`) that lists
 * it or whose project directory holds it as `.env`, else the `COMPOSE_FILE` of the `.env` in its
 * folder or the two above. Compose reads `COMPOSE_FILE` from that `.env` as from the shell, its
 * paths separated by `COMPOSE_PATH_SEPARATOR` (`:` on Linux and macOS, the hosts that run the
 * stacks linted here) and relative to that folder, the working directory
 * (https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_file,
 * https://github.com/compose-spec/compose-go/blob/main/cli/options.go `WithConfigFileEnv`).
 */
function fileSetOf(path: string, ws: Workspace, cache: DocumentCache, options: LintOptions): { files: string[]; dotenv?: string } | undefined {
  for (const set of options.composeFileSets ?? []) {
    if (set.length > 0 && (set.includes(path) || joinPath(dirname(set[0]), ".env") === path)) return { files: set };
  }
  // `--env-file` replaces the `.env`, and with it the `COMPOSE_FILE` it may set.
  if ((options.composeEnvFiles ?? []).length > 0) return undefined;
  let dir = dirname(path);
  for (let level = 0; level < 3; level++) {
    const dotenv = joinPath(dir, ".env");
    const set = composeFileVariable(dotenv, ws, cache);
    if (set && (set.includes(path) || dotenv === path)) return { files: set, dotenv };
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The files `COMPOSE_FILE` in this `.env` names, in order; undefined when it sets none or one with `${…}` left unknown. */
function composeFileVariable(envPath: string, ws: Workspace, cache: DocumentCache): string[] | undefined {
  const text = ws.readFile(envPath);
  if (text === undefined || !text.includes("COMPOSE_FILE")) return undefined;
  const variables = variablesOf(cache.envFile(envPath, text));
  const value = variables.get("COMPOSE_FILE")?.value;
  if (value === undefined || value.trim() === "" || value.includes("$")) return undefined;
  const separator = variables.get("COMPOSE_PATH_SEPARATOR")?.value || ":";
  const files = value.split(separator).map((name) => name.trim()).filter((name) => name !== "" && !/^[a-z]+:\/\//i.test(name));
  // No real set is longer; a `.env` that lists thousands of names must not make every lint read them.
  return files.length > 0 ? [...new Set(files.map((name) => joinPath(dirname(envPath), name)))].slice(0, MAX_SET_FILES) : undefined;
}

/** The most files of a `COMPOSE_FILE` set that are read. */
const MAX_SET_FILES = 32;

function discoverOwnProject(path: string, ws: Workspace, cache: DocumentCache, options: LintOptions): ProjectSpec | undefined {
  const text = ws.readFile(path);
  if (text === undefined) return undefined;
  if (isChartTemplate(path, ws)) return undefined;
  const kind = fileKindOf(path, text);
  const dir = dirname(path);
  const layered = kind === "compose" || kind === "env" || kind === "chart" ? undefined : (valuesLayersOf(path, ws, options) ?? (kind === "helm-values" ? helmfileLayersOf(path, ws, cache) : undefined));
  if (layered) return layered;
  switch (kind) {
    case "compose": {
      const name = basename(path);
      if (isOverrideName(name)) {
        const base = name.replace(/\.override(\.ya?ml)$/i, "$1");
        const candidates = [base, ...COMPOSE_BASE_NAMES].map((n) => joinPath(dir, n));
        for (const candidate of candidates) if (candidate !== path && ws.readFile(candidate) !== undefined) return { kind: "compose", entry: candidate };
      }
      // A file another Compose file includes or extends is linted as part of that project, not on its own half.
      return { kind: "compose", entry: includerOf(path, ws, cache) ?? path };
    }
    case "env": {
      // An env file read by a compose project of the same folder belongs to that project.
      for (const name of ws.listDir(dir) ?? []) {
        if (!isComposeName(name)) continue;
        if (isOverrideName(name)) continue;
        const composePath = joinPath(dir, name);
        const composeText = ws.readFile(composePath);
        if (composeText === undefined) continue;
        if (basename(path) === ".env") return { kind: "compose", entry: composePath };
        const yaml = cache.yamlFile(composePath, composeText);
        if (envFilesOf(yaml).some((ref) => joinPath(dir, ref) === path)) return { kind: "compose", entry: composePath };
      }
      return { kind: "env", entry: path };
    }
    case "helm-values": {
      // The values of a chart a kustomization of the folder inflates belong to that kustomization's build.
      const kustomization = ourChartInflatedIn(dir, ws, cache);
      if (kustomization?.files.includes(path)) return { kind: "k8s", entry: k8sManifestsIn(dir, ws)[0] ?? kustomization.files[0] };
      return { kind: "helm", entry: path };
    }
    case "k8s": {
      // The manifests of one folder deploy together (a kustomization, a numbered series).
      const siblings = k8sManifestsIn(dir, ws);
      return { kind: "k8s", entry: siblings[0] ?? path };
    }
    case "chart":
      return undefined;
    default:
      // Any YAML beside (or one folder below) the Chart.yaml of the nextcloud or owncloud chart is a values layer.
      if (/\.ya?ml$/i.test(path) && besideOurChart(dir, ws, cache)) return { kind: "helm", entry: path };
      return undefined;
  }
}

/**
 * The release a values file is layered in by the settings (the first set that lists it): its
 * files that the workspace holds, lowest first; the last is the entry, so the release is linted once.
 */
function valuesLayersOf(path: string, ws: Workspace, options: LintOptions | undefined): ProjectSpec | undefined {
  const set = options?.helmValues?.find((layers) => layers.includes(path));
  if (!set) return undefined;
  const present = [...new Set(set)].filter((layer) => layer === path || ws.readFile(layer) !== undefined);
  return { kind: "helm", entry: present[present.length - 1], valuesLayers: present };
}

/**
 * The nextcloud or owncloud chart the folder's kustomization inflates (`helmCharts:`), with its
 * values as the generator layers them (chart-sources.ts); undefined when it inflates none.
 */
function ourChartInflatedIn(dir: string, ws: Workspace, cache: DocumentCache): ChartDeployment | undefined {
  const path = kustomizationIn(dir, ws);
  const text = path ? ws.readFile(path) : undefined;
  if (!path || text === undefined || !/^helmCharts\s*:/m.test(text)) return undefined;
  const file = cache.yamlFile(path, text);
  if (file.problems.some((p) => p.severity === "error")) return undefined;
  return kustomizeHelmCharts(file, ws, cache).find((d) => ourChartFrom(d.chart, d.repository) !== undefined);
}

/** How many folders above a values file a helmfile that lists it may be. */
const HELMFILE_LEVELS_UP = 3;

/**
 * The release of the nextcloud or owncloud chart a helmfile (in the values file's folder or up to
 * three above it) deploys with this file and others: its values files in the helmfile's order,
 * as `valuesLayersOf` gives a set of the settings. A release that also has inline values, or whose
 * files cannot all be read, is not layered here (each file is linted on its own).
 */
function helmfileLayersOf(path: string, ws: Workspace, cache: DocumentCache): ProjectSpec | undefined {
  let dir = dirname(path);
  for (let level = 0; level <= HELMFILE_LEVELS_UP; level++) {
    const names = ws.listDir(dir);
    if (names === undefined) return undefined;
    const name = names.find(isHelmfileName);
    const text = name ? ws.readFile(joinPath(dir, name)) : undefined;
    if (name && text !== undefined) {
      const release = helmfileReleases(cache.yamlFile(joinPath(dir, name), text), ws, cache).find((d) => ourChartFrom(d.chart, d.repository) && d.files.includes(path));
      const layers = release ? (release.values.layers ?? [{ file: release.values.file }]).map((layer) => layer.file.path) : [];
      if (!release || layers.length < 2 || layers.some((layer) => !release.files.slice(1).includes(layer))) return undefined;
      return { kind: "helm", entry: layers[layers.length - 1], valuesLayers: [...new Set(layers)], layersFrom: joinPath(dir, name) };
    }
    if (names.includes(".git") || dir === dirname(dir)) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * A file under a chart's `templates/` folder is Go-template source that Helm renders with the
 * chart's values, not a manifest: what it deploys is only known after rendering, so it is not
 * read as Kubernetes YAML (the values file is what the rules read).
 * https://helm.sh/docs/topics/charts/#the-chart-file-structure
 */
function isChartTemplate(path: string, ws: Workspace): boolean {
  let dir = dirname(path);
  for (let depth = 0; depth < 6 && dir !== dirname(dir); depth++, dir = dirname(dir)) {
    if (basename(dir) !== "templates") continue;
    const chartRoot = dirname(dir);
    if (ws.readFile(joinPath(chartRoot, "Chart.yaml")) !== undefined || ws.readFile(joinPath(chartRoot, "Chart.yml")) !== undefined) return true;
  }
  return false;
}

function besideOurChart(dir: string, ws: Workspace, cache: DocumentCache): boolean {
  for (const chartPath of [joinPath(dir, "Chart.yaml"), joinPath(dirname(dir), "Chart.yaml")]) {
    const text = ws.readFile(chartPath);
    if (text === undefined) continue;
    return isOurChart(cache.yamlFile(chartPath, text), ws);
  }
  return false;
}

/**
 * A Chart.yaml of the nextcloud or owncloud chart. A chart source of one's own (a `templates/`
 * folder beside it) that only reuses the name — `helm create owncloud`, a Bitnami-derived copy —
 * renders its values with its own templates, so it is ours only when it names the official
 * chart's repository in `home` or `sources`, as a vendored copy of the official chart does.
 */
function isOurChart(chartFile: YamlFile, ws: Workspace): boolean {
  const chart = asMap(chartFile.roots[0]);
  const profile = chartProfileOf(asScalar(get(chart, "name"))?.text);
  if (!chart || !profile) return false;
  // A chart that depends on a chart of our names wraps it (an umbrella): its values are that dependency's.
  const dependencies = get(chart, "dependencies");
  if ((dependencies?.kind === "seq" ? dependencies.items : []).some((d) => chartProfileOf(asScalar(get(d, "name"))?.text))) return false;
  const templates = ws.listDir(joinPath(dirname(chartFile.path), "templates")) ?? [];
  if (templates.length === 0) return true;
  const repository = officialRepository(profile.sources[0]);
  const sources = get(chart, "sources");
  const named = [asScalar(get(chart, "home"))?.text, ...(sources?.kind === "seq" ? sources.items.map((item) => asScalar(item)?.text) : [])];
  return repository !== undefined && named.some((url) => url !== undefined && url.replace(/\.git$/, "").replace(/\/+$/, "").endsWith(repository));
}

/** `https://github.com/nextcloud/helm/blob/main/…` → `github.com/nextcloud/helm`. */
function officialRepository(source: string | undefined): string | undefined {
  const match = /^https:\/\/(github\.com\/[^/]+\/[^/]+)/.exec(source ?? "");
  return match?.[1];
}

function valuesFileSource(file: YamlFile | undefined, chartFile: YamlFile | undefined, ws: Workspace, release: YamlFile[] = file ? [file] : []): HelmValuesSource | undefined {
  const root = asMap(file?.roots[0]);
  if (!file || !root) return undefined;
  const chart = asMap(chartFile?.roots[0]);
  const name = asScalar(get(chart, "name"))?.text;
  if (!chart || name === undefined || isOurChart(chartFile!, ws)) return { file, root };
  // A chart of its own (`name: my-cloud`): its values are not our chart's, except under the key of a
  // dependency that is one of our charts, where Helm hands them to that subchart
  // (https://helm.sh/docs/chart_template_guide/subcharts_and_globals/).
  const dependencies = get(chart, "dependencies");
  for (const dependency of dependencies?.kind === "seq" ? dependencies.items : []) {
    const dependencyName = asScalar(get(dependency, "name"))?.text;
    if (!dependencyName || !ourChartFrom(dependencyName, asScalar(get(dependency, "repository"))?.text)) continue;
    // A dependency the release's values switch off is not deployed; the next one of ours may be.
    if (!dependencyEnabled(dependency, release)) continue;
    const key = asScalar(get(dependency, "alias"))?.text ?? dependencyName;
    const subchartValues = asMap(get(root, key));
    const umbrellaPaths = (asScalar(get(dependency, "condition"))?.text ?? "").split(",").map((p) => p.trim()).filter((p) => p.startsWith(`${key}.`)).map((p) => p.slice(key.length + 1));
    const version = asScalar(get(dependency, "version"))?.text;
    if (subchartValues) return { file, root: subchartValues, parentRoot: root, chartName: dependencyName, ...(umbrellaPaths.length > 0 ? { umbrellaPaths } : {}), ...(version ? { chartVersion: version } : {}) };
  }
  return undefined;
}

/**
 * Whether an umbrella chart deploys a dependency: the first of its `condition` paths that the
 * values set to a boolean decides; else its `tags` (on when one is true, off when one is false and
 * none true); else it is on (https://helm.sh/docs/topics/charts/#tags-and-condition-fields-in-dependencies).
 * The values of the release's files, the higher file winning.
 */
function dependencyEnabled(dependency: YNode, release: YamlFile[]): boolean {
  const valueAt = (path: string): unknown => {
    for (let i = release.length - 1; i >= 0; i--) {
      const node = get(release[i].roots[0], ...path.split("."));
      if (node?.kind === "scalar" && node.value !== null) return node.templated ? undefined : node.value;
      if (node) return undefined;
    }
    return undefined;
  };
  for (const path of (asScalar(get(dependency, "condition"))?.text ?? "").split(",").map((p) => p.trim())) {
    const value = path ? valueAt(path) : undefined;
    if (typeof value === "boolean") return value;
  }
  const tags = get(dependency, "tags");
  const switches = (tags?.kind === "seq" ? tags.items : []).map((tag) => (tag.kind === "scalar" ? valueAt(`tags.${tag.text}`) : undefined));
  return switches.includes(true) || !switches.includes(false);
}

/**
 * The values of a release: the last file's, with the files below it as layers when there are
 * several. A layer that holds nothing for our chart (an umbrella's file without its key) is left out.
 */
function layeredValuesSource(files: YamlFile[], chartFile: YamlFile | undefined, ws: Workspace): HelmValuesSource | undefined {
  const top = valuesFileSource(files[files.length - 1], chartFile, ws, files);
  if (files.length < 2) return top;
  const layers = files.map((file) => valuesFileSource(file, chartFile, ws, files)).filter((source): source is HelmValuesSource => source !== undefined);
  const winner = top ?? layers[layers.length - 1];
  if (!winner) return undefined;
  return { ...winner, layers: layers.map((layer) => ({ file: layer.file, root: layer.root, ...(layer.parentRoot ? { parentRoot: layer.parentRoot } : {}) })) };
}

/** A Flux HelmRelease of the nextcloud or owncloud chart: its `spec.values` are chart values. */
function helmReleaseSource(files: YamlFile[]): HelmValuesSource | undefined {
  for (const file of files) {
    for (const doc of file.roots) {
      if (asScalar(get(doc, "kind"))?.text !== "HelmRelease") continue;
      const chart = helmReleaseChart(doc);
      // The HelmRepository is named by its object's name only; one named after Bitnami serves Bitnami's charts.
      const source = ourChartFrom(chart, asScalar(get(doc, "spec", "chart", "spec", "sourceRef", "name"))?.text) ? helmReleaseValues(file, doc, chart) : undefined;
      if (source) return source;
    }
  }
  return undefined;
}

/** Settings that name the database or Redis server by host: the chart's external servers, the images' variables. */
const SERVER_HOST_SETTING = /\b(externalDatabase|externalRedis|MYSQL_HOST|POSTGRES_HOST|REDIS_HOST|OWNCLOUD_DB_HOST|OWNCLOUD_REDIS_HOST)\b/;

const MAX_MANIFESTS = 50;
/** Manifests of a folder and the kustomize layers below it, together. */
const MAX_LAYERED_MANIFESTS = 200;

function k8sManifestsIn(dir: string, ws: Workspace): string[] {
  const out: string[] = [];
  for (const name of (ws.listDir(dir) ?? []).sort()) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const path = joinPath(dir, name);
    const text = ws.readFile(path);
    if (text !== undefined && fileKindOf(path, text) === "k8s") out.push(path);
    if (out.length >= MAX_MANIFESTS) break;
  }
  return out;
}

/**
 * The Compose file of this folder or the two above that includes `path` (`include:`) or extends a
 * service from it (`extends: { file }`); undefined when none does.
 */
function includerOf(path: string, ws: Workspace, cache: DocumentCache): string | undefined {
  let dir = dirname(path);
  for (let level = 0; level < 3; level++) {
    for (const { file, names } of includersIn(dir, ws, cache)) if (file !== path && names.includes(path)) return file;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Per folder listing (a run's workspace hands out the same array), its Compose files that include or extend others. */
const includersByListing = new WeakMap<string[], { file: string; names: string[] }[]>();

function includersIn(dir: string, ws: Workspace, cache: DocumentCache): { file: string; names: string[] }[] {
  const listing = ws.listDir(dir);
  if (!listing) return [];
  const known = includersByListing.get(listing);
  if (known) return known;
  const found: { file: string; names: string[] }[] = [];
  for (const name of [...listing].sort()) {
    if (isOverrideName(name) || !isComposeName(name)) continue;
    const file = joinPath(dir, name);
    const text = ws.readFile(file);
    if (text === undefined || (!text.includes("include") && !text.includes("extends"))) continue;
    const yaml = cache.yamlFile(file, text);
    const names = [...includesOf(yaml, dir).flatMap((item) => item.paths.map((p) => p.path)), ...extendsFilesOf(yaml).map((ref) => joinPath(dir, ref.name))];
    if (names.length > 0) found.push({ file, names });
  }
  includersByListing.set(listing, found);
  return found;
}

function envFilesOf(yaml: YamlFile): string[] {
  const out: string[] = [];
  const services = asMap(get(yaml.roots[0], "services"));
  for (const service of services?.entries ?? []) {
    const envFile = entryOf(service.value, "env_file")?.value;
    const items = envFile?.kind === "seq" ? envFile.items : envFile ? [envFile] : [];
    for (const item of items) {
      const text = item.kind === "scalar" ? item.text : item.kind === "map" ? asScalar(get(item, "path"))?.text : undefined;
      if (text) out.push(text);
    }
  }
  return out;
}

export function loadProject(spec: ProjectSpec, ws: Workspace, cache: DocumentCache, options: LintOptions): Project {
  const files: string[] = [];
  const texts = new Map<string, string>();
  const parseProblems: ParseProblem[] = [];
  const refusedPaths = new Map<string, string>();
  const refusedInputs: RefusedInput[] = [];
  const read = (path: string): string | undefined => {
    if (texts.has(path)) return texts.get(path);
    const text = ws.readFile(path);
    if (text !== undefined) {
      texts.set(path, text);
      files.push(path);
    } else {
      // A file the run skips (binary, over maxFileSize) is there, only unread: never "not in the workspace".
      const reason = ws.refusal?.(path) ?? (ws.skipReason?.(path) !== undefined ? "was skipped (see its lint/skipped-file finding)" : undefined);
      if (reason !== undefined) refusedPaths.set(path, reason);
    }
    return text;
  };
  const entryStart = { path: spec.entry, span: { start: 0, end: 0 } };
  const noteRefused = (path: string, role: RefusedInput["role"], name: string, location: Location): void => {
    const reason = refusedPaths.get(path);
    if (reason !== undefined && !refusedInputs.some((r) => r.name === name && r.location.path === location.path && r.location.span.start === location.span.start)) {
      refusedInputs.push({ role, name, reason, location });
    }
  };
  const readYaml = (path: string): YamlFile | undefined => {
    const text = read(path);
    if (text === undefined) return undefined;
    const yaml = cache.yamlFile(path, text);
    for (const p of yaml.problems) parseProblems.push({ location: { path, span: p.span }, message: p.message, fileKind: "yaml", severity: p.severity, ...(p.limit ? { limit: true } : {}) });
    return yaml;
  };
  const envFiles = new Map<string, EnvFile>();
  const readEnv = (path: string): EnvFile | undefined => {
    if (envFiles.has(path)) return envFiles.get(path);
    const text = read(path);
    if (text === undefined) return undefined;
    const env = cache.envFile(path, text);
    envFiles.set(path, env);
    for (const p of env.problems) parseProblems.push({ location: { path, span: p.span }, message: p.message, fileKind: "env", severity: "error" });
    return env;
  };

  const dir = dirname(spec.entry);
  const composeFiles: YamlFile[] = [];
  const yamlFiles: YamlFile[] = [];
  let chartFile: YamlFile | undefined;
  let dotenv: EnvFile | undefined;
  /** `--env-file` files, in order: together they fill `${VAR}` (then `dotenv` is the last of them). */
  const interpolationEnvs: EnvFile[] = [];
  let kustomize: KustomizeLayers | undefined;
  let k8sElsewhere: K8sElsewhere | undefined;
  const exampleVariables = new Map<string, VariableDefinition>();
  const stackFiles = new Set<string>();

  /** Where each Compose file's relative paths lead (an included file's project directory); absent: the entry's folder. */
  const composeDirs = new Map<string, string>();
  const dockerfiles = new Map<string, Dockerfile>();
  /** An included file's own env files, which fill what the project's variables leave unset. */
  const includedEnv = new Map<string, EnvFile[]>();
  const extendsFiles = new Map<string, YamlFile>();
  if (spec.kind === "compose") {
    const topFiles: YamlFile[] = [];
    if (spec.files) {
      // `-f a.yaml -f b.yaml`: each file merges over those before it, and no `compose.override.yaml`
      // is read (https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/).
      for (const path of spec.files) {
        const file = readYaml(path);
        if (file) topFiles.push(file);
      }
      const setStart = topFiles[0] ? { path: topFiles[0].path, span: { start: 0, end: 0 } } : entryStart;
      for (const path of spec.files) {
        if (topFiles.some((f) => f.path === path)) continue;
        const name = relativeName(dir, path);
        noteRefused(path, "override", name, setStart);
        if (!refusedPaths.has(path)) refusedInputs.push({ role: "override", name, reason: "is not in the workspace", location: setStart });
      }
    } else {
      const base = readYaml(spec.entry);
      if (base) topFiles.push(base);
      const name = basename(spec.entry);
      const overrideNames = new Set([name.replace(/(\.ya?ml)$/i, ".override.yaml"), name.replace(/(\.ya?ml)$/i, ".override.yml")]);
      for (const overrideName of overrideNames) {
        const override = readYaml(joinPath(dir, overrideName));
        noteRefused(joinPath(dir, overrideName), "override", overrideName, entryStart);
        if (override) {
          topFiles.push(override);
          break;
        }
      }
    }
    // Each file's `include:` comes before it: Compose imports the included services into it.
    const included = new Set<string>(topFiles.map((f) => f.path));
    const withIncludes = (file: YamlFile, fileDir: string, depth: number): void => {
      for (const item of includesOf(file, fileDir)) {
        const [first, ...more] = item.paths;
        const projectDir = item.projectDirectory ?? dirname(first.path);
        const envs = (item.envFiles ?? [joinPath(projectDir, ".env")]).map((p) => readEnv(p)).filter((e): e is EnvFile => e !== undefined);
        for (const { path, location } of [first, ...more]) {
          if (included.has(path)) continue;
          const target = depth >= MAX_INCLUDE_DEPTH ? undefined : readYaml(path);
          noteRefused(path, "include", location.name, location.at);
          if (!target) {
            if (!refusedPaths.has(path)) refusedInputs.push({ role: "include", name: location.name, reason: "is not in the workspace", location: location.at });
            continue;
          }
          included.add(path);
          composeDirs.set(path, projectDir);
          if (envs.length > 0) includedEnv.set(path, envs);
          withIncludes(target, projectDir, depth + 1);
          composeFiles.push(target);
        }
      }
    };
    for (const file of topFiles) {
      withIncludes(file, dir, 0);
      composeFiles.push(file);
    }
    const givenEnvFiles = options.composeEnvFiles ?? [];
    if (givenEnvFiles.length > 0) {
      // `--env-file a.env --env-file b.env`: read in order, a later file's value wins, and the
      // `.env` is not read (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file,
      // compose-go cli/options.go `WithEnvFiles`). One not read may set any variable: all stay unknown.
      const envStart = composeFiles[0] ? { path: composeFiles[composeFiles.length - 1].path, span: { start: 0, end: 0 } } : entryStart;
      let missing = false;
      for (const path of givenEnvFiles) {
        const env = readEnv(path);
        const name = relativeName(dir, path);
        noteRefused(path, "dotenv", name, envStart);
        if (env) interpolationEnvs.push(env);
        else {
          missing = true;
          if (!refusedPaths.has(path)) refusedInputs.push({ role: "dotenv", name, reason: "is not in the workspace", location: envStart });
        }
      }
      if (missing) interpolationEnvs.length = 0;
      dotenv = interpolationEnvs[interpolationEnvs.length - 1];
    } else {
      const dotenvPath = spec.dotenv ?? joinPath(dir, ".env");
      dotenv = readEnv(dotenvPath);
      noteRefused(dotenvPath, "dotenv", relativeName(dir, dotenvPath), entryStart);
    }
    for (const file of composeFiles) for (const ref of envFilesOf(file)) readEnv(joinPath(composeDirs.get(file.path) ?? dir, ref));
    // `extends: { file: … }`, followed from each file (and from what it extends) up to a depth.
    const pending = composeFiles.map((file) => ({ file, depth: 0 }));
    while (pending.length > 0) {
      const { file, depth } = pending.shift()!;
      for (const ref of extendsFilesOf(file)) {
        const path = joinPath(dirname(file.path), ref.name);
        if (extendsFiles.has(path) || composeFiles.some((f) => f.path === path)) continue;
        const target = depth < MAX_INCLUDE_DEPTH ? readYaml(path) : undefined;
        noteRefused(path, "extends", ref.name, ref.at);
        if (!target) {
          if (!refusedPaths.has(path) && !refusedInputs.some((r) => r.role === "extends" && r.name === ref.name)) refusedInputs.push({ role: "extends", name: ref.name, reason: "is not in the workspace", location: ref.at });
          continue;
        }
        extendsFiles.set(path, target);
        for (const envRef of envFilesOf(target)) readEnv(joinPath(dirname(path), envRef));
        pending.push({ file: target, depth: depth + 1 });
      }
    }
    for (const exampleDir of exampleEnvDirs(dir, ws)) {
      for (const name of (ws.listDir(exampleDir) ?? []).sort()) {
        if (!EXAMPLE_ENV_NAME.test(name) && !EXAMPLE_CONF_NAME.test(name)) continue;
        const path = joinPath(exampleDir, name);
        const text = ws.readFile(path);
        if (text === undefined) continue;
        const example = cache.envFile(path, text);
        // A `sample.conf` may be a web server's configuration: only an env file counts.
        if (!EXAMPLE_ENV_NAME.test(name) && (example.problems.length > 0 || example.entries.length === 0)) continue;
        read(path);
        for (const [key, definition] of variablesOf(example)) if (!exampleVariables.has(key)) exampleVariables.set(key, definition);
      }
    }
    // The Dockerfiles that `build:` names: what the built image starts from and changes.
    for (const file of [...composeFiles, ...extendsFiles.values()]) {
      for (const service of asMap(get(file.roots[0], "services"))?.entries ?? []) {
        const path = composeBuildOf(service.value, composeDirs.get(file.path) ?? dirname(file.path))?.dockerfilePath;
        if (path === undefined || dockerfiles.has(path)) continue;
        const text = read(path);
        if (text !== undefined) dockerfiles.set(path, cache.dockerfile(path, text));
      }
    }
    // `docker stack deploy` fills `${VAR}` from the deploying shell only; the setting wins over the names.
    const viaStack = options.deploy === "stack" || (options.deploy !== "compose" && composeFiles.some((file) => isStackFile(file)));
    if (viaStack) for (const file of composeFiles) stackFiles.add(file.path);
  } else if (spec.kind === "env") {
    dotenv = readEnv(spec.entry);
  } else if (spec.kind === "helm") {
    if (spec.layersFrom) read(spec.layersFrom);
    // Layers lowest first, the entry last: yamlFiles[last] is the file whose values win.
    for (const layer of spec.valuesLayers?.filter((path) => path !== spec.entry) ?? []) {
      const values = readYaml(layer);
      if (values) yamlFiles.push(values);
    }
    const values = readYaml(spec.entry);
    if (values) yamlFiles.push(values);
    // The chart beside the entry, else beside another layer (a release's values-prod.yaml kept apart from the chart).
    const layerDirs = [dir, ...(spec.valuesLayers ?? []).map((layer) => dirname(layer)).filter((d) => d !== dir)];
    search: for (const layerDir of layerDirs) {
      for (const chartPath of [joinPath(layerDir, "Chart.yaml"), joinPath(dirname(layerDir), "Chart.yaml")]) {
        if (ws.readFile(chartPath) === undefined) continue;
        chartFile = readYaml(chartPath);
        if (chartFile) break search;
      }
    }
  } else {
    // A kustomization adds the manifests of the layers it lists (`resources: [../../base]`); its patches are not manifests.
    kustomize = kustomizeLayers(dir, ws, readYaml, (d) => k8sManifestsIn(d, ws), read);
    const manifestPaths = new Set(k8sManifestsIn(dir, ws));
    for (const path of kustomize?.resources ?? []) if (manifestPaths.size < MAX_LAYERED_MANIFESTS) manifestPaths.add(path);
    for (const manifestPath of manifestPaths) {
      if (kustomize?.patchFiles.has(manifestPath)) continue;
      const manifest = readYaml(manifestPath);
      if (manifest) yamlFiles.push(manifest);
    }
    if (yamlFiles.length === 0) {
      const manifest = readYaml(spec.entry);
      if (manifest) yamlFiles.push(manifest);
    }
    // Generated ConfigMaps and Secrets join the manifests, located in the kustomization that generates them.
    if (kustomize && kustomize.generated.length > 0) {
      const where = kustomize.generated[0].path;
      yamlFiles.push({ path: where, text: read(where) ?? "", roots: kustomize.generated, problems: [] });
    }
    if (kustomize && kustomize.transforms.length > 0) yamlFiles.splice(0, yamlFiles.length, ...kustomizedFiles(yamlFiles, kustomize));
    for (const [path, reference] of kustomize?.references ?? []) noteRefused(path, kustomize!.patchFiles.has(path) ? "patch" : "resource", reference.name, reference.location);
    k8sElsewhere = k8sObjectsElsewhere(yamlFiles, dir, ws, cache, options.workspaceRoots);
    // The files they are in are the project's too: a change there re-lints it, and findings may point there.
    for (const doc of k8sElsewhere?.docs ?? []) read(doc.path);
    for (const doc of k8sElsewhere?.workloads ?? []) read(doc.path);
  }

  const inflated = spec.kind === "k8s" ? ourChartInflatedIn(dir, ws, cache) : undefined;
  for (const path of inflated?.files ?? []) read(path);
  const helmValues = spec.kind === "helm" ? layeredValuesSource(yamlFiles, chartFile, ws) : spec.kind === "k8s" ? (helmReleaseSource(yamlFiles) ?? argoApplicationSource(yamlFiles) ?? inflated?.values) : undefined;
  // Database and Redis releases of Bitnami charts beside it, when the app names a server by host.
  const chartReleases =
    (spec.kind === "helm" || spec.kind === "k8s") && yamlFiles.some((f) => SERVER_HOST_SETTING.test(f.text)) ? [...declaredReleases(options.releases, ws, cache), ...chartReleasesAround(dir, ws, cache, options.workspaceRoots)] : [];
  for (const release of chartReleases) for (const path of release.files) read(path);
  const namespace = chartReleases.length > 0 ? namespaceOfProject(yamlFiles, dir, ws, cache) : undefined;
  const reportTruncated = (env: EnvFile) => (entry: EnvFile["entries"][number]) =>
    parseProblems.push({
      location: { path: env.path, span: entry.span },
      message: `The value of ${entry.key} expands to more than ${MAX_EXPANDED_LENGTH.toLocaleString("en-US")} characters (nested \${…} references): it was cut off there.`,
      fileKind: "env",
      severity: "warning",
      limit: true,
    });
  const variables = new Map<string, VariableDefinition>();
  if (spec.kind === "compose" && dotenv) {
    // Each env file's `${X}` reads the files before it (compose-go dotenv.GetEnvFromFile).
    for (const env of interpolationEnvs.length > 0 ? interpolationEnvs : [dotenv]) for (const [key, definition] of variablesOf(env, reportTruncated(env), variables)) variables.set(key, definition);
  }
  // A `.env` on its own is interpolated by its model; the cut-off is reported here, once.
  if (spec.kind === "env" && dotenv) variablesOf(dotenv, reportTruncated(dotenv));
  // A stack's `${VAR}` is never filled from `.env`: unknown, though `.env` may define it (unseen-input says so).
  // An included file: the project's variables first, then its own `.env` for what they leave unset
  // (compose-go's include loader merges the included env file under the project's environment).
  const fileVariables = new Map<string, Map<string, VariableDefinition>>();
  for (const [path, envs] of includedEnv) {
    const own = new Map<string, VariableDefinition>();
    for (const env of envs) for (const [key, definition] of variablesOf(env)) if (!own.has(key)) own.set(key, definition);
    fileVariables.set(path, new Map([...own, ...variables]));
  }
  const variablesFor = (path: string): Map<string, VariableDefinition> => fileVariables.get(path) ?? variables;
  const lookupIn = (path: string) => (name: string): string | undefined => (stackFiles.size > 0 ? undefined : variablesFor(path).get(name)?.value);
  const variablesUnseen = spec.kind === "compose" && refusedInputs.some((r) => r.role === "dotenv");
  const resolveCache = new Map<YScalar, ResolvedText>();
  const resolve = (scalar: YScalar): ResolvedText => {
    const cached = resolveCache.get(scalar);
    if (cached) return cached;
    let result: ResolvedText;
    if (!hasInterpolation(scalar.text) && !scalar.text.includes("$$")) {
      result = { value: scalar.text, related: [], interpolated: false };
    } else {
      const r = interpolate(scalar.text, lookupIn(scalar.path));
      const related: RelatedLocation[] = [];
      for (const ref of r.references) {
        const def = ref.resolved ? variablesFor(scalar.path).get(ref.name) : undefined;
        if (def) related.push({ location: def.location, message: `${ref.name} is set here` });
      }
      // An env file that fills `${…}` but was not read may set any variable: then a default says nothing either.
      const unresolved = r.references.filter((ref) => !ref.resolved && (variablesUnseen || ref.modifier === "" || ref.modifier === "?" || ref.modifier === ":?")).map((ref) => ref.name);
      result = { value: r.value, related, interpolated: r.references.length > 0, unresolved: unresolved.length > 0 ? unresolved : undefined };
    }
    resolveCache.set(scalar, result);
    return result;
  };

  const interpolations: InterpolationSite[] = [];
  if (spec.kind === "compose") {
    for (const file of [...composeFiles, ...extendsFiles.values()]) {
      const lookup = lookupIn(file.path);
      for (const root of file.roots) {
        // Top-level x- extension fields are interpolated too, so nothing is skipped (and the
        // visitor takes no key path: building one per node was most of this walk's cost).
        visitNodes(root, (node) => {
          if (node.kind !== "scalar" || !node.text.includes("$")) return;
          const r = interpolate(node.text, lookup);
          for (const reference of r.references) {
            // `$value` inside `{{ $value | quote }}` is the template's variable, not Compose's.
            if (node.templated && file.templates && overlapping(file.templates, referenceSpan(file.text, node, reference.start, reference.end)).length > 0) continue;
            interpolations.push({ location: { path: file.path, span: referenceSpan(file.text, node, reference.start, reference.end) }, reference, definition: variablesFor(file.path).get(reference.name) });
          }
        });
      }
    }
  }

  const trackedEnvFiles = new Map<string, boolean>();
  for (const path of envFiles.keys()) {
    const tracked = ws.tracked?.(path);
    if (tracked !== undefined) trackedEnvFiles.set(path, tracked);
  }
  return {
    kind: spec.kind,
    entry: spec.entry,
    files,
    composeFiles,
    yamlFiles,
    chartFile,
    helmValues,
    kustomize,
    k8sElsewhere,
    ...(chartReleases.length > 0 ? { chartReleases } : {}),
    ...(namespace ? { namespace } : {}),
    dotenv,
    envFiles,
    trackedEnvFiles,
    variables,
    exampleVariables,
    stackFiles,
    interpolations,
    ...(interpolationEnvs.length > 0 ? { interpolationEnvFiles: interpolationEnvs } : {}),
    parseProblems,
    refusedPaths,
    refusedInputs,
    options,
    interpolationValue: (name: string, path?: string) => lookupIn(path ?? spec.entry)(name),
    variablesFor,
    composeDirs,
    extendsFiles,
    ...(dockerfiles.size > 0 ? { dockerfiles } : {}),
    resolve,
    textOf: (path) => texts.get(path),
    sourceAt: (location) => (texts.get(location.path) ?? "").slice(location.span.start, location.span.end),
  };
}

/**
 * Example env files, which document the variables an operator fills in: `.env.example`,
 * `.env.sample`, `.env.dist`, `.env.template`, `env.example`, `env.dist`, `example.env`,
 * `sample.env`, `nextcloud.env.example`, `.env.prod.sample`.
 */
export const EXAMPLE_ENV_NAME = /^(?:[\w-]+\.)?\.?env(?:\.[\w-]+)?[._-](?:example|sample|dist|template|tmpl|defaults?)$|^(?:example|sample|template)[._-]?\.?env$/i;

/** Other example env files, read as such only when they parse as env files: `sample.conf`, `config_example.env`. */
export const EXAMPLE_CONF_NAME = /^(?:[\w.-]*[._-])?(?:example|sample|template|dist)(?:[._-][\w.-]*)?\.(?:env|conf)$/i;

/**
 * Where example env files count: the Compose file's folder, and the repository root (the nearest
 * folder above with `.git` or `.scaleout.yaml`, at most four levels up).
 */
function exampleEnvDirs(dir: string, ws: Workspace): string[] {
  const dirs = [dir];
  const isRoot = (names: string[] | undefined): boolean => names !== undefined && (names.includes(".git") || names.includes(".scaleout.yaml"));
  if (isRoot(ws.listDir(dir))) return dirs;
  let current = dir;
  for (let level = 0; level < 4 && current !== "/"; level++) {
    current = dirname(current);
    const names = ws.listDir(current);
    if (names === undefined) break;
    if (isRoot(names)) {
      dirs.push(current);
      break;
    }
  }
  return dirs;
}

/**
 * A Compose file deployed with `docker stack deploy`: its name or folder says `stack`
 * (`stack.yml`, `docker-stack.yml`, `nextcloud.stack.yml`, `stacks/nextcloud.yml`), or a service
 * sets `deploy.placement`, which only Swarm reads.
 */
export function isStackFile(file: YamlFile): boolean {
  const name = basename(file.path).replace(/\.(j2|jinja2?|tmpl|tpl)$/i, "").replace(/\.ya?ml$/i, "");
  if (/(^|[._-])stacks?($|[._-])/i.test(name) || /^stacks?$/i.test(basename(dirname(file.path)))) return true;
  const services = asMap(get(file.roots[0], "services"));
  return (services?.entries ?? []).some((service) => get(service.value, "deploy", "placement") !== undefined);
}

/** Where `${X}` stands in the file: exact when the scalar's text is its source, else the whole scalar. */
function referenceSpan(text: string, scalar: YScalar, start: number, end: number): Span {
  const wanted = scalar.text.slice(start, end);
  const opening = scalar.quote === "plain" ? 0 : scalar.quote === "block" ? -1 : 1;
  if (opening >= 0) {
    const at = scalar.span.start + opening + start;
    if (text.slice(at, at + wanted.length) === wanted) return { start: at, end: at + wanted.length };
  }
  const source = text.slice(scalar.span.start, scalar.span.end);
  const found = source.indexOf(wanted);
  if (found >= 0) return { start: scalar.span.start + found, end: scalar.span.start + found + wanted.length };
  return scalar.span;
}

/**
 * The variables a `.env` defines, each interpolated with the ones before it, as Compose does.
 * A value that expands past MAX_EXPANDED_LENGTH is cut off there and `onTruncated` told its line.
 */
export function variablesOf(env: EnvFile, onTruncated?: (entry: EnvFile["entries"][number]) => void, before?: Map<string, VariableDefinition>): Map<string, VariableDefinition> {
  const variables = new Map<string, VariableDefinition>();
  for (const entry of env.entries) {
    if (entry.inherited) continue;
    let value = entry.quote === "double" ? unescapeDoubleQuoted(entry.rawValue) : entry.rawValue;
    if (entry.quote !== "single") {
      const result = interpolate(value, (n) => variables.get(n)?.value ?? before?.get(n)?.value);
      value = result.value;
      if (result.truncated) onTruncated?.(entry);
    }
    variables.set(entry.key, {
      name: entry.key,
      value,
      location: { path: env.path, span: entry.keySpan },
      valueLocation: { path: env.path, span: entry.valueSpan },
    });
  }
  return variables;
}

/** A path as the user wrote it relative to the project directory, else as it is. */
function relativeName(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}

/** How deep `include:` and `extends: { file }` are followed (Compose stops at a cycle; this also at depth). */
const MAX_INCLUDE_DEPTH = 8;

interface IncludeItem {
  /** The first file gives the project directory; the others are its overrides. */
  paths: { path: string; location: { name: string; at: Location } }[];
  projectDirectory?: string;
  envFiles?: string[];
}

/**
 * A file's `include:` items, short (`- other.yaml`) and long (`path:` one or a list,
 * `project_directory`, `env_file`), with paths relative to `fileDir`
 * (https://docs.docker.com/reference/compose-file/include/). An item with `${…}` or a template
 * in a path is left out: which file it names is unknown.
 */
function includesOf(file: YamlFile, fileDir: string): IncludeItem[] {
  const list = get(file.roots[0], "include");
  const out: IncludeItem[] = [];
  for (const item of list?.kind === "seq" ? list.items : []) {
    const pathNode = item.kind === "scalar" ? item : get(item, "path");
    const pathScalars = pathNode?.kind === "seq" ? pathNode.items : pathNode ? [pathNode] : [];
    const paths: IncludeItem["paths"] = [];
    for (const p of pathScalars) {
      if (p.kind !== "scalar" || p.templated || p.text.includes("$") || p.text.trim() === "" || /^[a-z]+:\/\//i.test(p.text)) continue;
      paths.push({ path: joinPath(fileDir, p.text.trim()), location: { name: p.text.trim(), at: { path: p.path, span: p.span } } });
    }
    if (paths.length === 0) continue;
    const projectDirectory = asScalar(get(item, "project_directory"))?.text;
    const envNode = get(item, "env_file");
    const envScalars = envNode?.kind === "seq" ? envNode.items : envNode ? [envNode] : [];
    const envFiles = envScalars.flatMap((e) => (e.kind === "scalar" && !e.templated && !e.text.includes("$") ? [joinPath(fileDir, e.text.trim())] : []));
    out.push({ paths, ...(projectDirectory && !projectDirectory.includes("$") ? { projectDirectory: joinPath(fileDir, projectDirectory) } : {}), ...(envScalars.length > 0 ? { envFiles } : {}) });
  }
  return out;
}

/** The files a file's services extend (`extends: { file: common.yml, service: web }`), as written. */
function extendsFilesOf(yaml: YamlFile): { name: string; at: Location }[] {
  const out: { name: string; at: Location }[] = [];
  for (const service of asMap(get(yaml.roots[0], "services"))?.entries ?? []) {
    const file = asScalar(get(entryOf(service.value, "extends")?.value, "file"));
    if (file && !file.templated && !file.text.includes("$") && file.text.trim() !== "") out.push({ name: file.text.trim(), at: { path: file.path, span: file.span } });
  }
  return out;
}

/**
 * The manifests as the kustomization builds them: each file keeps its own text, its documents
 * become the patched ones (what a layer sets is the layer's node, so findings land on its line),
 * and a document a patch may change in a way the linter cannot apply is left out.
 */
function kustomizedFiles(files: YamlFile[], kustomize: KustomizeLayers): YamlFile[] {
  const docs = files.flatMap((file) => file.roots.filter((root): root is YMap => root.kind === "map"));
  const patched = applyTransforms(docs, kustomize.transforms);
  let next = 0;
  return files.map((file) => {
    const roots: YNode[] = [];
    for (const root of file.roots) {
      const doc = root.kind === "map" ? patched[next++] : root;
      if (doc) roots.push(doc);
    }
    return { ...file, roots };
  });
}

/** What tells two projects apart: a Compose file set by its files (two sets may share their first file), any other by its entry. */
export function projectKeyOf(spec: ProjectSpec): string {
  return spec.files ? spec.files.join("\n") : spec.entry;
}
