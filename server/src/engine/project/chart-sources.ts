import type { DocumentCache } from "../documents/document-cache";
import { asMap, asScalar, asSeq, emptyMapAt, get, type YamlFile, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import { dirname, joinPath, type Workspace } from "../workspace";
import type { HelmValuesLayer, HelmValuesSource } from "./project";

/**
 * A chart that a kustomization (`helmCharts:`) or a helmfile (`releases:`) deploys, with its
 * values in the order Helm layers them. Where the files cannot show a part (a generated release
 * name, a templated path) it is absent; a values file that cannot be read leaves the whole
 * deployment out.
 */
export interface ChartDeployment {
  /** The chart's name, without a repository prefix. */
  chart: string;
  /** The chart repository's URL, when the files give it. */
  repository?: string;
  version?: string;
  release?: string;
  namespace?: string;
  values: HelmValuesSource;
  /** The entry's `name:` or `chart:` line. */
  anchor: Location;
  /** The files it is written in: the kustomization or helmfile and the values files. */
  files: string[];
}

const plain = (node: YNode | undefined): string | undefined => {
  const scalar = asScalar(node);
  return scalar && !scalar.templated && typeof scalar.value === "string" && scalar.text.trim() !== "" ? scalar.text.trim() : undefined;
};

/** A values file next to `base`, parsed; undefined when it is not there, templated or broken. */
function valuesFile(base: string, name: string, ws: Workspace, cache: DocumentCache): HelmValuesLayer | undefined {
  if (/\.gotmpl$|\{\{/.test(name)) return undefined;
  const path = joinPath(base, name);
  const text = ws.readFile(path);
  if (text === undefined) return undefined;
  const file = cache.yamlFile(path, text);
  if (file.problems.some((p) => p.severity === "error") || file.roots.length > 1) return undefined;
  const root = asMap(file.roots[0]) ?? (file.roots.length === 0 ? emptyMapAt(path, 0) : undefined);
  return root ? { file, root } : undefined;
}

/** A deployment written in `file` at `at` (its chart line), with its values layered lowest first; the parts the file leaves out stay absent. */
function deployment(chart: string, named: Pick<ChartDeployment, "repository" | "version" | "release" | "namespace">, layers: HelmValuesLayer[], file: YamlFile, at: YNode): ChartDeployment {
  const top = layers[layers.length - 1];
  const version = named.version;
  const values: HelmValuesSource = { file: top?.file ?? file, root: top?.root ?? emptyMapAt(file.path, at.span.start), chartName: chart, ...(layers.length > 1 ? { layers } : {}), ...(version ? { chartVersion: version } : {}) };
  const present = Object.fromEntries(Object.entries(named).filter(([, v]) => v !== undefined)) as Partial<ChartDeployment>;
  return { chart, ...present, values, anchor: { path: file.path, span: at.span }, files: [...new Set([file.path, ...layers.map((l) => l.file.path)])] };
}

/**
 * The charts a kustomization inflates (`helmCharts:`): `valuesFile`, then `valuesInline` over it
 * (`valuesMerge: override`, the default; `merge` puts the file on top, `replace` drops it), then
 * `additionalValuesFiles`, each over the ones before; the release is `releaseName` (a generated
 * one without it) in `namespace`, else the kustomization's
 * (https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/helmchartargs.go,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/internal/builtins/HelmChartInflationGenerator.go).
 */
export function kustomizeHelmCharts(kustomization: YamlFile, ws: Workspace, cache: DocumentCache): ChartDeployment[] {
  const root = asMap(kustomization.roots[0]);
  const dir = dirname(kustomization.path);
  const out: ChartDeployment[] = [];
  for (const item of asSeq(get(root, "helmCharts"))?.items ?? []) {
    const nameNode = get(item, "name");
    const chart = plain(nameNode)?.split("/").pop();
    if (!chart || !nameNode) continue;
    const merge = plain(get(item, "valuesMerge")) ?? "override";
    if (!["override", "merge", "replace"].includes(merge)) continue;
    const fileName = plain(get(item, "valuesFile"));
    const fileLayer = fileName ? valuesFile(dir, fileName, ws, cache) : undefined;
    if (fileName && !fileLayer) continue;
    const inlineNode = get(item, "valuesInline");
    const inline = asMap(inlineNode);
    if (inlineNode && !inline) continue;
    const own: HelmValuesLayer[] = [];
    if (fileLayer && merge !== "replace") own.push(fileLayer);
    if (inline) own.splice(merge === "merge" ? 0 : own.length, 0, { file: kustomization, root: inline });
    const additional = (asSeq(get(item, "additionalValuesFiles"))?.items ?? []).map((n) => {
      const name = plain(n);
      return name ? valuesFile(dir, name, ws, cache) : undefined;
    });
    if (additional.some((layer) => layer === undefined)) continue;
    const layers = [...own, ...(additional as HelmValuesLayer[])];
    const named = { repository: plain(get(item, "repo")), version: plain(get(item, "version")), release: plain(get(item, "releaseName")), namespace: plain(get(item, "namespace")) ?? plain(get(root, "namespace")) };
    out.push(deployment(chart, named, layers, kustomization, nameNode));
  }
  return out;
}

/**
 * The releases a helmfile declares (`releases:`), with `chart: <repository>/<chart>` resolved
 * through its `repositories:` (or an `oci://` reference) and its `values:` files and inline maps in
 * order, later ones winning. A release with `installed: false`, `--set` values (`set:`),
 * encrypted `secrets:` or templated values files is left out: what they set is not in the files
 * (https://helmfile.readthedocs.io/en/latest/#configuration).
 */
export function helmfileReleases(helmfile: YamlFile, ws: Workspace, cache: DocumentCache): ChartDeployment[] {
  const root = asMap(helmfile.roots[0]);
  const dir = dirname(helmfile.path);
  const repositories = new Map<string, string>();
  for (const repo of asSeq(get(root, "repositories"))?.items ?? []) {
    const name = plain(get(repo, "name"));
    const url = plain(get(repo, "url"));
    if (name && url) repositories.set(name, url);
  }
  const out: ChartDeployment[] = [];
  for (const item of asSeq(get(root, "releases"))?.items ?? []) {
    const chartNode = get(item, "chart");
    const reference = plain(chartNode);
    if (!reference || !chartNode) continue;
    const installed = asScalar(get(item, "installed"));
    if (installed && (installed.templated || installed.value === false)) continue;
    if (get(item, "set") || get(item, "setString") || get(item, "secrets")) continue;
    let repository: string | undefined;
    let chart: string;
    if (reference.startsWith("oci://")) {
      chart = reference.split("/").pop()!;
      repository = reference.slice(0, reference.length - chart.length - 1);
    } else {
      const [repoName, name] = reference.includes("/") ? [reference.slice(0, reference.indexOf("/")), reference.slice(reference.indexOf("/") + 1)] : [undefined, reference];
      chart = name;
      repository = repoName !== undefined ? repositories.get(repoName) : undefined;
      // A local chart folder (`./charts/app`) is not a repository's chart.
      if (repoName === "." || repoName === ".." || (repoName !== undefined && repository === undefined)) continue;
    }
    const layers: (HelmValuesLayer | undefined)[] = (asSeq(get(item, "values"))?.items ?? []).map((v) => {
      if (asMap(v)) return { file: helmfile, root: asMap(v)! };
      const name = plain(v);
      return name ? valuesFile(dir, name, ws, cache) : undefined;
    });
    if (layers.some((layer) => layer === undefined)) continue;
    const named = { repository, version: plain(get(item, "version")), release: plain(get(item, "name")), namespace: plain(get(item, "namespace")) };
    out.push(deployment(chart, named, layers as HelmValuesLayer[], helmfile, chartNode));
  }
  return out;
}

export function isHelmfileName(name: string): boolean {
  return /^helmfile\.ya?ml$/.test(name);
}
