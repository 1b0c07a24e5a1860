import type { DocumentCache } from "../documents/document-cache";
import { asMap, asScalar, emptyMapAt, get, textOf, type YamlFile, type YMap, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import { basename, dirname, joinPath, type Workspace } from "../workspace";
import { helmfileReleases, isHelmfileName, kustomizeHelmCharts } from "./chart-sources";
import { argoValuesOf } from "./argo-application";
import { helmReleaseChart, helmReleaseValues } from "./flux-helm-release";
import { chartDeploymentsAround, kustomizationNamespaceOf, type Indexed } from "./k8s-elsewhere";
import type { HelmValuesLayer, HelmValuesSource } from "./project";
import type { LintOptions } from "../lint-api";
import { isBitnamiChart, isBitnamiRepository, type BitnamiChart } from "../knowledge/bitnami-charts";


/**
 * A release of a Bitnami database or Redis chart that the workspace deploys beside the project:
 * an Argo CD Application or a Flux HelmRelease of the chart, an umbrella chart that depends on
 * it, a kustomization's `helmCharts:` or a helmfile's `releases:`. What the files cannot show (the release name of an umbrella chart no Application deploys,
 * a templated namespace) is absent.
 */
export interface ChartRelease {
  chart: BitnamiChart;
  /** The release name: Argo CD `helm.releaseName`, else the Application's name; Flux `spec.releaseName`, else `[targetNamespace-]name`. */
  release?: string;
  /** `.Chart.Name` as the chart's templates see it: the chart, or an umbrella dependency's alias. */
  chartName: string;
  /** The namespace it is installed in. */
  namespace?: string;
  /** Its values, as the Nextcloud chart's release values are read. */
  values: HelmValuesSource;
  /** The line that deploys it: the Application's or HelmRelease's `chart:`, the umbrella's dependency. */
  anchor: Location;
  /** The files it is written in. */
  files: string[];
}

const plain = (node: YNode | undefined): string | undefined => {
  const scalar = asScalar(node);
  return scalar && !scalar.templated && scalar.text.trim() !== "" ? scalar.text.trim() : undefined;
};

const at = (file: YamlFile, node: YNode): Location => ({ path: file.path, span: node.span });

/**
 * The Bitnami database and Redis releases the workspace around `dir` deploys (see ChartRelease).
 * Read through the workspace search of k8s-elsewhere: bounded, and cached until a file changes.
 */
export function chartReleasesAround(dir: string, ws: Workspace, cache: DocumentCache, roots: readonly string[] | undefined): ChartRelease[] {
  const found = chartDeploymentsAround(dir, ws, cache, roots);
  if (!found) return [];
  const applications = (found.objects.get("Application") ?? []).filter((c) => /^argoproj\.io\//.test(textOf(get(c.doc, "apiVersion")) ?? ""));
  return [
    ...applicationReleases(applications),
    ...fluxReleases(found.objects.get("HelmRelease") ?? [], found.objects.get("HelmRepository") ?? []),
    ...umbrellaReleases(found.charts, applications, ws, cache),
    ...deployedReleases(found.deployers, ws, cache),
  ];
}

/** The Bitnami charts kustomizations (`helmCharts:`) and helmfiles deploy from a Bitnami repository. */
function deployedReleases(deployers: YamlFile[], ws: Workspace, cache: DocumentCache): ChartRelease[] {
  return deployers
    .flatMap((file) => (isHelmfileName(basename(file.path)) ? helmfileReleases(file, ws, cache) : kustomizeHelmCharts(file, ws, cache)))
    .flatMap(({ chart, repository, release, namespace, values, anchor, files }) =>
      isBitnamiChart(chart) && isBitnamiRepository(repository) ? [{ chart, chartName: chart, ...(release ? { release } : {}), ...(namespace ? { namespace } : {}), values, anchor, files }] : [],
    );
}

/** The sources of an Application (`spec.source`, the items of `spec.sources`). */
function sourcesOf(doc: YMap): YNode[] {
  const sources = get(doc, "spec", "sources");
  return [get(doc, "spec", "source"), ...(sources?.kind === "seq" ? sources.items : [])].filter((s): s is YNode => asMap(s) !== undefined);
}

/**
 * Argo CD Applications of a Bitnami chart: the release is `helm.releaseName`, else the
 * Application's name (https://argo-cd.readthedocs.io/en/stable/user-guide/helm/#helm-release-name),
 * installed in `spec.destination.namespace`.
 */
function applicationReleases(applications: Indexed[]): ChartRelease[] {
  const out: ChartRelease[] = [];
  for (const { doc, file } of applications) {
    for (const source of sourcesOf(doc)) {
      const chartNode = get(source, "chart");
      const chart = plain(chartNode)?.split("/").pop();
      if (!chart || !isBitnamiChart(chart) || !isBitnamiRepository(plain(get(source, "repoURL")))) continue;
      const values = argoValuesOf(file, source, chart, true);
      if (!values) continue;
      const release = plain(get(source, "helm", "releaseName")) ?? plain(get(doc, "metadata", "name"));
      const namespace = plain(get(doc, "spec", "destination", "namespace"));
      out.push({ chart, chartName: chart, ...(release ? { release } : {}), ...(namespace ? { namespace } : {}), values, anchor: at(file, chartNode!), files: [...new Set([file.path, values.file.path])] });
    }
  }
  return out;
}

/**
 * Flux HelmReleases of a Bitnami chart, from a HelmRepository of Bitnami's (the one the workspace
 * defines under that name, else one named after Bitnami). The release is `spec.releaseName`, else
 * `[targetNamespace-]name`, installed in `targetNamespace`, else the HelmRelease's namespace
 * (https://fluxcd.io/flux/components/helm/helmreleases/).
 */
function fluxReleases(helmReleases: Indexed[], repositories: Indexed[]): ChartRelease[] {
  const out: ChartRelease[] = [];
  for (const { doc, file, namespace: ownNamespace } of helmReleases) {
    const chart = helmReleaseChart(doc);
    if (!isBitnamiChart(chart)) continue;
    const sourceRef = get(doc, "spec", "chart", "spec", "sourceRef");
    if (plain(get(sourceRef, "kind")) !== "HelmRepository") continue;
    const repositoryName = plain(get(sourceRef, "name"));
    const repositoryNamespace = plain(get(sourceRef, "namespace")) ?? ownNamespace;
    const defined = repositories.filter((r) => plain(get(r.doc, "metadata", "name")) === repositoryName && (r.namespace === repositoryNamespace || r.namespace === "" || repositoryNamespace === ""));
    const bitnami = defined.length > 0 ? defined.every((r) => isBitnamiRepository(plain(get(r.doc, "spec", "url")))) : isBitnamiRepository(repositoryName);
    if (!bitnami) continue;
    const values = helmReleaseValues(file, doc, chart, true);
    if (!values) continue;
    const name = plain(get(doc, "metadata", "name"));
    const targetNamespace = plain(get(doc, "spec", "targetNamespace"));
    const release = plain(get(doc, "spec", "releaseName")) ?? (name ? (targetNamespace ? `${targetNamespace}-${name}` : name) : undefined);
    const namespace = targetNamespace ?? (ownNamespace !== "" ? ownNamespace : undefined);
    const chartNode = get(doc, "spec", "chart", "spec", "chart")!;
    out.push({ chart, chartName: chart, ...(release ? { release } : {}), ...(namespace ? { namespace } : {}), values, anchor: at(file, chartNode), files: [file.path] });
  }
  return out;
}

/**
 * Umbrella charts that depend on a Bitnami chart: its values are the `values.yaml` beside the
 * Chart.yaml, under the dependency's alias or name
 * (https://helm.sh/docs/chart_template_guide/subcharts_and_globals/). The release is the one of
 * the Argo CD Application whose `path:` is the chart's folder; without one it is unknown.
 */
function umbrellaReleases(charts: YamlFile[], applications: Indexed[], ws: Workspace, cache: DocumentCache): ChartRelease[] {
  const out: ChartRelease[] = [];
  for (const chartFile of charts) {
    const dir = dirname(chartFile.path);
    const valuesPath = joinPath(dir, "values.yaml");
    const text = ws.readFile(valuesPath);
    const valuesFile = text !== undefined ? cache.yamlFile(valuesPath, text) : undefined;
    if (valuesFile?.problems.some((p) => p.severity === "error")) continue;
    const valuesRoot = asMap(valuesFile?.roots[0]);
    const deployer = applications.flatMap(({ doc }) => sourcesOf(doc).map((source) => ({ doc, source }))).filter(({ source }) => {
      const path = plain(get(source, "path"))?.replace(/^\.?\/+|\/+$/g, "");
      return path !== undefined && path !== "" && (dir === path || dir.endsWith(`/${path}`));
    });
    const application = deployer.length === 1 ? deployer[0] : undefined;
    // Values the Application passes (its own files, inline values, parameters) lie above values.yaml: not read here.
    if (application && ["values", "valuesObject", "valueFiles", "parameters", "fileParameters"].some((key) => get(application.source, "helm", key) !== undefined)) continue;
    const release = application ? (plain(get(application.source, "helm", "releaseName")) ?? plain(get(application.doc, "metadata", "name"))) : undefined;
    const namespace = application ? plain(get(application.doc, "spec", "destination", "namespace")) : undefined;
    const dependencies = get(chartFile.roots[0], "dependencies");
    for (const dependency of dependencies?.kind === "seq" ? dependencies.items : []) {
      const chart = plain(get(dependency, "name"));
      if (!chart || !isBitnamiChart(chart) || !isBitnamiRepository(plain(get(dependency, "repository")))) continue;
      const key = plain(get(dependency, "alias")) ?? chart;
      // Switched off by its condition in the values: not deployed.
      const condition = plain(get(dependency, "condition"))?.split(",")[0]?.trim();
      const switchNode = condition ? asScalar(get(valuesRoot, ...condition.split("."))) : undefined;
      if (switchNode && !switchNode.templated && switchNode.value === false) continue;
      const version = plain(get(dependency, "version"));
      const sub = asMap(get(valuesRoot, key));
      const empty = emptyMapAt(chartFile.path, dependency.span.start);
      const values: HelmValuesSource = valuesFile && sub ? { file: valuesFile, root: sub, parentRoot: valuesRoot, chartName: chart } : { file: valuesFile ?? chartFile, root: empty, ...(valuesRoot ? { parentRoot: valuesRoot } : {}), chartName: chart };
      if (version) values.chartVersion = version;
      out.push({ chart, chartName: key, ...(release ? { release } : {}), ...(namespace ? { namespace } : {}), values, anchor: at(chartFile, get(dependency, "name")!), files: [chartFile.path, ...(valuesFile ? [valuesFile.path] : [])] });
    }
  }
  return out;
}

/**
 * The releases `.scaleout.yaml` declares (`releases:`): installed with `helm install` from values
 * files of the workspace, which the files alone cannot tie to a chart. A values file that cannot be
 * read whole leaves the release out.
 */
export function declaredReleases(declared: LintOptions["releases"], ws: Workspace, cache: DocumentCache): ChartRelease[] {
  const out: ChartRelease[] = [];
  for (const entry of declared ?? []) {
    if (!isBitnamiChart(entry.chart)) continue;
    const layers: HelmValuesLayer[] = [];
    for (const path of entry.values) {
      const text = ws.readFile(path);
      const file = text !== undefined ? cache.yamlFile(path, text) : undefined;
      if (!file || file.problems.some((p) => p.severity === "error")) break;
      const root = asMap(file.roots[0]) ?? emptyMapAt(path, 0);
      layers.push({ file, root });
    }
    if (layers.length !== entry.values.length || layers.length === 0) continue;
    const top = layers[layers.length - 1];
    const first = top.root.entries[0];
    const values: HelmValuesSource = { file: top.file, root: top.root, chartName: entry.chart, ...(layers.length > 1 ? { layers } : {}) };
    out.push({
      chart: entry.chart,
      chartName: entry.chart,
      release: entry.name,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
      values,
      anchor: { path: top.file.path, span: first ? first.keySpan : { start: 0, end: 0 } },
      files: layers.map((layer) => layer.file.path),
    });
  }
  return out;
}

/**
 * The namespace the project's own objects are installed in, when its files show one: a Flux
 * HelmRelease's target, an Argo CD Application's destination, the manifests' `metadata.namespace`
 * or the folder's kustomization `namespace:`. Undefined when they show none or several.
 */
export function namespaceOfProject(files: YamlFile[], dir: string, ws: Workspace, cache: DocumentCache): string | undefined {
  const found = new Set<string>();
  for (const file of files) {
    for (const doc of file.roots) {
      const kind = plain(get(doc, "kind"));
      if (!kind || kind === "Namespace") continue;
      const namespace =
        kind === "HelmRelease"
          ? (plain(get(doc, "spec", "targetNamespace")) ?? plain(get(doc, "metadata", "namespace")))
          : kind === "Application"
            ? plain(get(doc, "spec", "destination", "namespace"))
            : plain(get(doc, "metadata", "namespace"));
      if (namespace) found.add(namespace);
    }
  }
  const written = kustomizationNamespaceOf(dir, ws, cache)?.trim();
  const set = written && !/\{\{|\$\{/.test(written) ? written : undefined;
  // The kustomization's namespace replaces the one each object writes.
  if (set) return set;
  return found.size === 1 ? [...found][0] : undefined;
}
