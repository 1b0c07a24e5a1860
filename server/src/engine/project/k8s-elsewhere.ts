import type { DocumentCache } from "../documents/document-cache";
import { kindByContent } from "../documents/file-kind";
import { asMap, asSeq, entryOf, get, textOf, type YamlFile, type YMap, type YNode } from "../documents/yaml-tree";
import { dirname, joinPath, type Workspace } from "../workspace";
import { kustomizationIn } from "./kustomize";
import { isHelmfileName } from "./chart-sources";
import { ReadGuard } from "../skipped-files";

/** A file read for the search only: one it cannot read is no finding of the project's (ReadGuard records those it reads). */
const peek = (ws: Workspace, path: string): string | undefined => (ws instanceof ReadGuard ? ws.peekFile(path) : ws.readFile(path));

/**
 * Objects of other folders of the workspace that a folder's manifests refer to: the claim a pod
 * mounts, the PersistentVolume a claim binds to, the ConfigMap or Secret a container reads, the
 * HorizontalPodAutoscaler that scales a workload. Each is taken only when it is the one object
 * of its kind, name and namespace the workspace holds; several are `ambiguous` (neither known
 * nor missing).
 */
export interface K8sElsewhere {
  /** The objects, in the files they are written in (each file is read by the project). */
  docs: YMap[];
  /** The files that hold them. */
  files: YamlFile[];
  /** `ConfigMap/name`, `Secret/name`, `PersistentVolumeClaim/name`: defined by several files of the workspace. */
  ambiguous: Set<string>;
  /**
   * Workloads of other folders that mount a claim the folder's workloads mount (the same claim
   * object, in the same namespace): a CronJob running cron.php beside the web Deployment. Each
   * is in `files` too.
   */
  workloads?: YMap[];
}

/** Folders and YAML files one search may visit: a workspace larger than this is not searched (what it holds is unknown). */
const MAX_DIRS = 400;
const MAX_FILES = 1500;
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 8;
/** How far above the folder the workspace root may be (as for example env files: `.git` or `.scaleout.yaml` marks it). */
const MAX_LEVELS_UP = 4;

const NAMESPACED = new Set(["PersistentVolumeClaim", "ConfigMap", "Secret", "HorizontalPodAutoscaler"]);
const WANTED_KIND = /^kind:\s*["']?(PersistentVolumeClaim|PersistentVolume|ConfigMap|Secret|HorizontalPodAutoscaler|Application|HelmRelease|HelmRepository)\b/m;
/** Objects that deploy a chart, and the Flux repositories they name: read for the releases of other charts (chart-releases.ts). */
const RELEASE_KINDS = new Set(["Application", "HelmRelease", "HelmRepository"]);
const SKIPPED_DIRS = new Set(["node_modules", "vendor", "templates", "charts"]);
/** Workloads whose pods mount claims: read only from files that name a claim. */
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "CronJob", "Job", "Pod"]);
const WORKLOAD_KIND = /^kind:\s*["']?(Deployment|StatefulSet|DaemonSet|ReplicaSet|CronJob|Job|Pod)\b/m;
/** Kustomization keys that change the objects it builds beyond their namespace. */
const TRANSFORMING = ["patches", "patchesStrategicMerge", "patchesJson6902", "replicas", "images", "namePrefix", "nameSuffix", "commonLabels", "labels", "components"];

export interface Indexed {
  doc: YMap;
  file: YamlFile;
  namespace: string;
}

/** What a kustomization of the scanned workspace does to the files around it. */
interface KustomizationInfo {
  /** Files and folders it lists in `resources:`/`bases:` (deployed through it, as it changes them). */
  resources: string[];
  /** Files it uses as patches: partial objects, not objects. */
  patches: string[];
  /** It changes what it builds beyond the namespace (patches, replicas, images, names, labels). */
  transforms: boolean;
}

interface ScanIndex {
  byKind: Map<string, Indexed[]>;
  /** Chart.yaml files that name a dependency from a Bitnami repository (an umbrella chart around a database). */
  charts: YamlFile[];
  /** Kustomizations with `helmCharts:` and helmfiles: they deploy charts too. */
  chartDeployers: YamlFile[];
  /** By folder. */
  kustomizations: Map<string, KustomizationInfo>;
}

const templatedText = (text: string): boolean => /\{\{|\{%|\$\{/.test(text);

/** The pod template's spec of a workload (a Pod's own spec). */
export function podSpecOf(doc: YMap, kind: string): YNode | undefined {
  return kind === "CronJob" ? get(doc, "spec", "jobTemplate", "spec", "template", "spec") : kind === "Pod" ? get(doc, "spec") : get(doc, "spec", "template", "spec");
}

/** The claims a workload's pods mount (`persistentVolumeClaim.claimName` of its pod volumes). */
function claimsOf(doc: YMap, kind: string): string[] {
  const names: string[] = [];
  for (const volume of asSeq(get(podSpecOf(doc, kind), "volumes"))?.items ?? []) {
    const name = textOf(get(volume, "persistentVolumeClaim", "claimName"));
    if (name) names.push(name);
  }
  return names;
}

/** Serving workloads and batch ones: a folder's second of the same sort is taken for another version of it, not an addition. */
const sortOf = (kind: string): string => (kind === "CronJob" || kind === "Job" ? "batch" : "serving");

/**
 * The folder a search covers: the nearest folder at or above `dir`, within a few levels, that is
 * a workspace root the run names (the linted folder, the editor's workspace folder), or holds
 * `.git` or `.scaleout.yaml`, or is the last one the workspace lets the linter list; else the
 * nearest workspace root above. Undefined when there is none: where the deployment ends is then
 * unknown, and nothing is searched.
 */
export function searchRootOf(dir: string, ws: Workspace, roots: readonly string[] = []): string | undefined {
  let current = dir;
  let listable: string | undefined;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const names = ws.listDir(current);
    if (names === undefined) return listable;
    listable = current;
    if (roots.includes(current) || names.includes(".git") || names.includes(".scaleout.yaml") || current === "/") return current;
    current = dirname(current);
  }
  // Deeper below a workspace folder than that: the folder itself (the search has its bounds).
  const holding = roots.filter((root) => dir.startsWith(root.endsWith("/") ? root : `${root}/`)).sort((a, b) => b.length - a.length);
  return holding[0];
}

/** The namespace the folder's kustomization sets on every object it builds, as written (a template's text included). */
export function kustomizationNamespaceOf(dir: string, ws: Workspace, cache: DocumentCache): string | undefined {
  return kustomizeNamespace(dir, ws, cache, new Map());
}

/** The namespace a kustomization of the folder sets on every object it builds (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/). */
function kustomizeNamespace(dir: string, ws: Workspace, cache: DocumentCache, memo: Map<string, string | undefined>, read?: Map<string, string>): string | undefined {
  if (memo.has(dir)) return memo.get(dir);
  const path = kustomizationIn(dir, ws);
  const text = path ? peek(ws, path) : undefined;
  if (path && text !== undefined) read?.set(path, text);
  const namespace = path && text !== undefined ? textOf(get(cache.yamlFile(path, text).roots[0], "namespace")) : undefined;
  memo.set(dir, namespace);
  return namespace;
}

/**
 * Finds, in the workspace around `dir`, the objects the manifests `files` refer to and do not
 * hold. `roots`: the run's workspace folders. Reads nothing outside what `ws` allows.
 */
export function k8sObjectsElsewhere(files: YamlFile[], dir: string, ws: Workspace, cache: DocumentCache, roots: readonly string[] | undefined): K8sElsewhere | undefined {
  const root = searchRootOf(dir, ws, roots);
  if (!root) return undefined;
  const memo = new Map<string, string | undefined>();
  const projectNamespace = kustomizeNamespace(dir, ws, cache, memo);
  const namespaceOf = (doc: YMap, fileDir: string, inProject: boolean): string =>
    textOf(get(doc, "metadata", "namespace")) ?? (inProject ? projectNamespace : undefined) ?? kustomizeNamespace(fileDir, ws, cache, memo) ?? "";

  // What the folder holds and what it refers to.
  const own = new Set<string>();
  const docs: YMap[] = [];
  for (const file of files) for (const doc of file.roots) if (doc.kind === "map") docs.push(doc);
  for (const doc of docs) {
    const kind = textOf(get(doc, "kind"));
    const name = textOf(get(doc, "metadata", "name"));
    if (kind && name) own.add(`${kind}/${name}`);
  }
  const wanted = new Map<string, Set<string>>();
  const want = (kind: string, name: string | undefined, namespace: string): void => {
    if (!name || own.has(`${kind}/${name}`) || /\{\{|\$\{/.test(name)) return;
    const key = `${kind}/${name}`;
    if (!wanted.has(key)) wanted.set(key, new Set());
    wanted.get(key)!.add(namespace);
  };
  const targeted = new Set<string>();
  for (const doc of docs) {
    if (textOf(get(doc, "kind")) === "HorizontalPodAutoscaler") targeted.add(`${textOf(get(doc, "spec", "scaleTargetRef", "kind"))}/${textOf(get(doc, "spec", "scaleTargetRef", "name"))}`);
  }
  for (const doc of docs) {
    const kind = textOf(get(doc, "kind")) ?? "";
    const namespace = namespaceOf(doc, dirname(doc.path), true);
    const podSpec = podSpecOf(doc, kind);
    if (asMap(podSpec) && kind !== "PersistentVolumeClaim") refsOfPod(podSpec!, (k, n) => want(k, n, namespace));
    const name = textOf(get(doc, "metadata", "name"));
    if ((kind === "Deployment" || kind === "StatefulSet" || kind === "ReplicaSet") && name && !targeted.has(`${kind}/${name}`)) want(`HorizontalPodAutoscaler->${kind}`, name, namespace);
  }
  // The claims the folder's workloads mount, by name: the namespaces and sorts of workload that mount each.
  const mounted = new Map<string, { namespaces: Set<string>; sorts: Set<string> }>();
  for (const doc of docs) {
    const kind = textOf(get(doc, "kind")) ?? "";
    if (!WORKLOAD_KINDS.has(kind)) continue;
    for (const claimName of claimsOf(doc, kind)) {
      const use = mounted.get(claimName) ?? { namespaces: new Set<string>(), sorts: new Set<string>() };
      use.namespaces.add(namespaceOf(doc, dirname(doc.path), true));
      use.sorts.add(sortOf(kind));
      mounted.set(claimName, use);
    }
  }
  if (wanted.size === 0 && mounted.size === 0) return undefined;

  const scanned = indexOf(root, ws, cache);
  if (!scanned) return undefined;
  const found0 = scanned.byKind;
  // The folder's own files are what it holds, not objects of elsewhere.
  const projectPaths = new Set(files.map((f) => f.path));
  const index = new Map<string, Indexed[]>();
  for (const [kind, list] of found0) index.set(kind, list.filter((c) => !projectPaths.has(c.file.path)));
  const found: Indexed[] = [];
  const ambiguous = new Set<string>();
  const workloads = workloadsBeside(mounted, docs, index, scanned.kustomizations, (doc) => namespaceOf(doc, dirname(doc.path), true));
  for (const w of workloads) {
    // What they read is looked up as the folder's own references are.
    const kind = textOf(get(w.doc, "kind")) ?? "";
    const podSpec = podSpecOf(w.doc, kind);
    if (asMap(podSpec)) refsOfPod(podSpec!, (k, n) => want(k, n, w.namespace));
    // The autoscaler written in its folder scales it.
    const name = textOf(get(w.doc, "metadata", "name"));
    const scalers = (index.get("HorizontalPodAutoscaler") ?? []).filter(
      (c) => dirname(c.file.path) === dirname(w.file.path) && c.namespace === w.namespace && textOf(get(c.doc, "spec", "scaleTargetRef", "kind")) === kind && textOf(get(c.doc, "spec", "scaleTargetRef", "name")) === name,
    );
    if (scalers.length === 1) found.push(scalers[0]);
  }
  const take = (key: string, namespaces: Set<string>, candidates: Indexed[]): Indexed | undefined => {
    // A name the folder uses from several namespaces: which object each means is not followed.
    if (namespaces.size !== 1) return undefined;
    const namespace = [...namespaces][0];
    const same = candidates.filter((c) => c.namespace === namespace);
    if (same.length > 1) ambiguous.add(key);
    return same.length === 1 ? same[0] : undefined;
  };
  const claims: YMap[] = docs.filter((d) => textOf(get(d, "kind")) === "PersistentVolumeClaim");
  for (const [key, namespaces] of wanted) {
    const [kind, name] = [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)];
    const candidates = kind.startsWith("HorizontalPodAutoscaler->")
      ? (index.get("HorizontalPodAutoscaler") ?? []).filter(
          (c) =>
            `${textOf(get(c.doc, "spec", "scaleTargetRef", "kind"))}` === kind.slice(kind.indexOf(">") + 1) &&
            textOf(get(c.doc, "spec", "scaleTargetRef", "name")) === name &&
            // An autoscaler written beside a workload of that name scales that one, not ours.
            !c.file.roots.some((doc) => textOf(get(doc, "kind")) === kind.slice(kind.indexOf(">") + 1) && textOf(get(doc, "metadata", "name")) === name),
        )
      : (index.get(kind) ?? []).filter((c) => textOf(get(c.doc, "metadata", "name")) === name);
    const hit = take(key, namespaces, candidates);
    if (!hit) continue;
    found.push(hit);
    if (kind === "PersistentVolumeClaim") claims.push(hit.doc);
  }
  // The PersistentVolumes the claims bind to: the one a claim names, else those of its class (the binder chooses; the model decides whether that choice is known).
  const ownVolumes = docs.filter((d) => textOf(get(d, "kind")) === "PersistentVolume");
  const volumes = index.get("PersistentVolume") ?? [];
  const namedByOthers = new Set<string>();
  for (const c of index.get("PersistentVolumeClaim") ?? []) {
    const volumeName = textOf(get(c.doc, "spec", "volumeName"));
    if (volumeName) namedByOthers.add(volumeName);
  }
  for (const claim of claims) {
    const volumeName = textOf(get(claim, "spec", "volumeName"));
    if (volumeName) {
      if (ownVolumes.some((v) => textOf(get(v, "metadata", "name")) === volumeName)) continue;
      const named = volumes.filter((v) => textOf(get(v.doc, "metadata", "name")) === volumeName);
      if (named.length === 1) found.push(named[0]);
      else if (named.length > 1) ambiguous.add(`PersistentVolume/${volumeName}`);
      continue;
    }
    const className = textOf(get(claim, "spec", "storageClassName"));
    // Without a class the cluster's default class provisions a volume; `""` binds only volumes without one.
    const classOf = (v: YMap): string => textOf(get(v, "spec", "storageClassName")) ?? "";
    if (className === undefined || ownVolumes.some((v) => classOf(v) === className)) continue;
    for (const v of volumes) {
      // A volume another claim of the workspace names is that claim's.
      if (classOf(v.doc) === className && !namedByOthers.has(textOf(get(v.doc, "metadata", "name")) ?? "")) found.push(v);
    }
  }
  const unique = [...new Set(found)];
  if (unique.length === 0 && ambiguous.size === 0 && workloads.length === 0) return undefined;
  const result: K8sElsewhere = { docs: unique.map((f) => f.doc), files: [...new Set([...unique, ...workloads].map((f) => f.file))], ambiguous };
  if (workloads.length > 0) result.workloads = workloads.map((w) => w.doc);
  return result;
}

/**
 * Workloads of other folders that mount one of the claims the folder's workloads mount, in the
 * same namespace, and mean the same claim object: their folder holds that claim, or holds none
 * of the name and the workspace holds only that one. Not taken: a workload of a sort (serving,
 * batch) the folder already has on that claim (a copy of the deployment, not an addition);
 * workloads of one sort from several folders (which of them runs is unknown); a file a
 * kustomization of another folder deploys (it may change it), or whose own kustomization
 * changes more than the namespace; a patch file; a templated or unclear namespace.
 */
function workloadsBeside(
  mounted: Map<string, { namespaces: Set<string>; sorts: Set<string> }>,
  docs: YMap[],
  index: Map<string, Indexed[]>,
  kustomizations: Map<string, KustomizationInfo>,
  namespaceOf: (doc: YMap) => string,
): Indexed[] {
  const taken: Indexed[] = [];
  const workloads = [...WORKLOAD_KINDS].flatMap((kind) => index.get(kind) ?? []);
  if (workloads.length === 0) return taken;
  const patchFiles = new Set<string>();
  const deployedFrom = new Map<string, string[]>();
  for (const [dir, info] of kustomizations) {
    for (const path of info.patches) patchFiles.add(path);
    for (const path of info.resources) deployedFrom.set(path, [...(deployedFrom.get(path) ?? []), dir]);
  }
  const managedElsewhere = (path: string): boolean => {
    const dir = dirname(path);
    return [...(deployedFrom.get(path) ?? []), ...(deployedFrom.get(dir) ?? [])].some((by) => by !== dir);
  };
  for (const [claimName, use] of mounted) {
    if (use.namespaces.size !== 1 || templatedText(claimName)) continue;
    const namespace = [...use.namespaces][0];
    if (templatedText(namespace)) continue;
    const isClaim = (doc: YMap, ns: string): boolean => ns === namespace && textOf(get(doc, "kind")) === "PersistentVolumeClaim" && textOf(get(doc, "metadata", "name")) === claimName;
    const ownClaims = docs.filter((d) => isClaim(d, namespaceOf(d)));
    const otherClaims = (index.get("PersistentVolumeClaim") ?? []).filter((c) => isClaim(c.doc, c.namespace));
    // The claim the folder mounts: its own, else the one the workspace holds; several, or none: unknown.
    const claim = ownClaims.length === 1 ? ownClaims[0] : ownClaims.length === 0 && otherClaims.length === 1 ? otherClaims[0].doc : undefined;
    if (!claim) continue;
    const allClaims = [...ownClaims, ...otherClaims.map((c) => c.doc)];
    const candidates = workloads.filter((w) => {
      const kind = textOf(get(w.doc, "kind")) ?? "";
      if (w.namespace !== namespace || use.sorts.has(sortOf(kind)) || !claimsOf(w.doc, kind).includes(claimName)) return false;
      const dir = dirname(w.file.path);
      if (patchFiles.has(w.file.path) || managedElsewhere(w.file.path) || kustomizations.get(dir)?.transforms) return false;
      // The claim it mounts is the folder's: the one of its own folder, else the only one of the workspace.
      const here = allClaims.filter((c) => dirname(c.path) === dir);
      return here.length > 0 ? here.length === 1 && here[0] === claim : allClaims.length === 1;
    });
    for (const sort of new Set(candidates.map((w) => sortOf(textOf(get(w.doc, "kind")) ?? "")))) {
      const ofSort = candidates.filter((w) => sortOf(textOf(get(w.doc, "kind")) ?? "") === sort);
      // From several folders: alternatives (dev and prod, examples), not one deployment.
      if (new Set(ofSort.map((w) => dirname(w.file.path))).size !== 1) continue;
      for (const w of ofSort) if (!taken.includes(w)) taken.push(w);
    }
  }
  return taken;
}

/** The objects a pod template names: claims, ConfigMaps and Secrets (`envFrom`, `valueFrom`, volumes). */
function refsOfPod(podSpec: YNode, want: (kind: string, name: string | undefined) => void): void {
  for (const volume of asSeq(get(podSpec, "volumes"))?.items ?? []) {
    want("PersistentVolumeClaim", textOf(get(volume, "persistentVolumeClaim", "claimName")));
    want("ConfigMap", textOf(get(volume, "configMap", "name")));
  }
  for (const key of ["containers", "initContainers"]) {
    for (const container of asSeq(get(podSpec, key))?.items ?? []) {
      for (const source of asSeq(get(container, "envFrom"))?.items ?? []) {
        want("ConfigMap", textOf(get(source, "configMapRef", "name")));
        want("Secret", textOf(get(source, "secretRef", "name")));
      }
      for (const item of asSeq(get(container, "env"))?.items ?? []) {
        want("ConfigMap", textOf(get(item, "valueFrom", "configMapKeyRef", "name")));
        want("Secret", textOf(get(item, "valueFrom", "secretKeyRef", "name")));
      }
    }
  }
}

interface Memo {
  generation: number;
  index: ScanIndex | undefined;
  /** The files the index took objects (or namespaces) from, with their texts then. */
  read: Map<string, string>;
}

/** Per parse cache (one per engine: the editor's lifetime, a CLI run), the last index of each root. */
const memos = new WeakMap<DocumentCache, Map<string, Memo>>();

/**
 * The index of `root`, searched again only when a file changed, appeared or went away (the
 * cache's generation, which the editor moves on every file event) or one of the files it took
 * objects from reads differently now (an edit in the editor, a fix staged).
 */
function indexOf(root: string, ws: Workspace, cache: DocumentCache): ScanIndex | undefined {
  let byRoot = memos.get(cache);
  if (!byRoot) memos.set(cache, (byRoot = new Map()));
  const memo = byRoot.get(root);
  if (memo && memo.generation === cache.generation && [...memo.read].every(([path, text]) => peek(ws, path) === text)) return memo.index;
  const read = new Map<string, string>();
  const generation = cache.generation;
  const index = scan(root, ws, cache, read);
  byRoot.set(root, { generation, index, read });
  return index;
}

/**
 * The storage, configuration and autoscaler objects of the manifests below `root`, by kind;
 * undefined when the workspace is larger than one search may read. Hidden folders, chart
 * sources (`templates/`, `charts/`) and dependencies are not manifests of the deployment.
 */
function scan(root: string, ws: Workspace, cache: DocumentCache, read: Map<string, string>): ScanIndex | undefined {
  const byKind = new Map<string, Indexed[]>();
  const charts: YamlFile[] = [];
  const chartDeployers: YamlFile[] = [];
  const kustomizations = new Map<string, KustomizationInfo>();
  const namespaces = new Map<string, string | undefined>();
  let dirs = 0;
  let files = 0;
  let entries = 0;
  const queue: [string, number][] = [[root, 0]];
  while (queue.length > 0) {
    const [dir, depth] = queue.shift()!;
    const names = ws.listDir(dir);
    if (!names) continue;
    if (++dirs > MAX_DIRS) return undefined;
    const kustomization = kustomizationInfo(dir, ws, cache, read);
    if (kustomization) kustomizations.set(dir, kustomization);
    const kustomizationPath = kustomization ? kustomizationIn(dir, ws) : undefined;
    const kustomizationText = kustomizationPath ? read.get(kustomizationPath) : undefined;
    if (kustomizationPath && kustomizationText !== undefined && /^helmCharts:/m.test(kustomizationText)) chartDeployers.push(cache.yamlFile(kustomizationPath, kustomizationText));
    for (const name of [...names].sort()) {
      const path = joinPath(dir, name);
      if (name.startsWith(".") || SKIPPED_DIRS.has(name)) continue;
      if (++entries > MAX_ENTRIES) return undefined;
      if (!/\.ya?ml$/i.test(name)) {
        // A folder lists; a file does not (and costs one look).
        if (depth < MAX_DEPTH) queue.push([path, depth + 1]);
        continue;
      }
      if (++files > MAX_FILES) return undefined;
      const text = peek(ws, path);
      if (isHelmfileName(name) && text !== undefined) {
        read.set(path, text);
        const helmfile = cache.yamlFile(path, text);
        if (!helmfile.problems.some((p) => p.severity === "error")) chartDeployers.push(helmfile);
        continue;
      }
      if (name === "Chart.yaml" && text !== undefined && /bitnami/i.test(text)) {
        read.set(path, text);
        const chart = cache.yamlFile(path, text);
        if (!chart.problems.some((p) => p.severity === "error")) charts.push(chart);
        continue;
      }
      if (text === undefined || !(WANTED_KIND.test(text) || (WORKLOAD_KIND.test(text) && text.includes("claimName"))) || kindByContent(text) !== "k8s") continue;
      read.set(path, text);
      const file = cache.yamlFile(path, text);
      // A file YAML cannot read whole may hold half an object: nothing of it is taken.
      if (file.problems.some((p) => p.severity === "error")) continue;
      for (const doc of file.roots) {
        const kind = textOf(get(doc, "kind"));
        if (doc.kind !== "map" || !kind || !textOf(get(doc, "metadata", "name"))) continue;
        if (kind !== "PersistentVolume" && !NAMESPACED.has(kind) && !WORKLOAD_KINDS.has(kind) && !RELEASE_KINDS.has(kind)) continue;
        if (!byKind.has(kind)) byKind.set(kind, []);
        const namespace = kind === "PersistentVolume" ? "" : (textOf(get(doc, "metadata", "namespace")) ?? kustomizeNamespace(dir, ws, cache, namespaces, read) ?? "");
        byKind.get(kind)!.push({ doc, file, namespace });
      }
    }
  }
  return { byKind, charts, chartDeployers, kustomizations };
}

/**
 * What the workspace around `dir` holds that deploys charts: Argo CD Applications, Flux
 * HelmReleases and HelmRepositories (each with its namespace as written or set by its
 * kustomization), umbrella Chart.yaml files with a Bitnami dependency, and the kustomizations
 * (`helmCharts:`) and helmfiles that deploy charts. Undefined when there
 * is no workspace to search or it is larger than one search may read.
 */
export function chartDeploymentsAround(dir: string, ws: Workspace, cache: DocumentCache, roots: readonly string[] | undefined): { objects: Map<string, Indexed[]>; charts: YamlFile[]; deployers: YamlFile[] } | undefined {
  const root = searchRootOf(dir, ws, roots);
  const index = root ? indexOf(root, ws, cache) : undefined;
  if (!index) return undefined;
  const objects = new Map<string, Indexed[]>();
  for (const kind of RELEASE_KINDS) objects.set(kind, index.byKind.get(kind) ?? []);
  return { objects, charts: index.charts, deployers: index.chartDeployers };
}

/** The folder's kustomization: what it deploys, patches and changes (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/). */
function kustomizationInfo(dir: string, ws: Workspace, cache: DocumentCache, read: Map<string, string>): KustomizationInfo | undefined {
  const path = kustomizationIn(dir, ws);
  const text = path ? peek(ws, path) : undefined;
  if (!path || text === undefined) return undefined;
  read.set(path, text);
  const file = cache.yamlFile(path, text);
  const root = asMap(file.roots[0]);
  // One YAML cannot read: what it deploys and changes is unknown, so all it may touch counts as changed.
  if (!root || file.problems.some((p) => p.severity === "error")) return { resources: [dir], patches: [], transforms: true };
  const local = (ref: string | undefined): string | undefined => (ref && !/^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\/|\?ref=/i.test(ref) ? joinPath(dir, ref) : undefined);
  const resources: string[] = [];
  for (const key of ["resources", "bases", "components"]) for (const item of asSeq(get(root, key))?.items ?? []) {
    const ref = local(textOf(item));
    if (ref) resources.push(ref);
  }
  const patches: string[] = [];
  for (const item of asSeq(get(root, "patchesStrategicMerge"))?.items ?? []) {
    const ref = textOf(item);
    if (ref && !ref.includes("\n")) patches.push(joinPath(dir, ref));
  }
  for (const key of ["patches", "patchesJson6902"]) for (const item of asSeq(get(root, key))?.items ?? []) {
    const ref = local(textOf(get(item, "path")));
    if (ref) patches.push(ref);
  }
  return { resources, patches, transforms: TRANSFORMING.some((key) => entryOf(root, key) !== undefined) };
}
