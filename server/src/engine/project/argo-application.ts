import { asMap, asScalar, emptyMapAt, get, parseYaml, type YamlFile, type YMap, type YNode, type YScalar } from "../documents/yaml-tree";
import { ourChartFrom } from "../knowledge/chart-profiles";
import type { Location } from "../text/span";
import { basename } from "../workspace";
import type { HelmValuesLayer, HelmValuesSource } from "./project";

/**
 * An Argo CD Application of the nextcloud or owncloud chart (`spec.source`, or one of
 * `spec.sources`): its inline values as layers in Argo CD's order of precedence,
 * `parameters > valuesObject > values > valueFiles > the chart's values.yaml`
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/helm/). `values` is a YAML string: a
 * literal block (`values: |`) is read where it stands, so findings land on its lines; the
 * `valueFiles` live in the chart's repository, unseen here, so what they may set is unknown.
 */
export function argoApplicationSource(files: YamlFile[]): HelmValuesSource | undefined {
  for (const file of files) {
    for (const doc of file.roots) {
      if (asScalar(get(doc, "kind"))?.text !== "Application" || !/^argoproj\.io\//.test(asScalar(get(doc, "apiVersion"))?.text ?? "")) continue;
      const sources = get(doc, "spec", "sources");
      const candidates = [get(doc, "spec", "source"), ...(sources?.kind === "seq" ? sources.items : [])];
      for (const source of candidates) {
        const chart = chartOf(source);
        if (!chart) continue;
        const found = argoValuesOf(file, source!, chart);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The chart a source deploys: `chart:` from a Helm repository, or the folder `path:` of a Git repository. */
function chartOf(source: YNode | undefined): string | undefined {
  const named = asScalar(get(source, "chart"))?.text ?? (asScalar(get(source, "path"))?.text ? basename(asScalar(get(source, "path"))!.text.replace(/\/+$/, "")) : undefined);
  const chart = named?.split("/").pop();
  return chart && ourChartFrom(chart, asScalar(get(source, "repoURL"))?.text) ? chart : undefined;
}

/**
 * The values one source of an Application gives `chart`. Undefined when it writes none, unless
 * `orDefaults`: the release then renders the chart's defaults (an empty root at the source).
 */
export function argoValuesOf(file: YamlFile, source: YNode, chart: string, orDefaults = false): HelmValuesSource | undefined {
  const helm = get(source, "helm");
  const layers: HelmValuesLayer[] = [];
  const valuesNode = get(helm, "values");
  const inline = asScalar(valuesNode);
  let unreadable: Location | undefined;
  if (inline && inline.value !== null) {
    const root = literalBlockValues(file, inline);
    if (root) layers.push({ file: root.file, root: root.map });
    // A quoted or folded string is YAML the engine cannot place line by line: what it sets is unknown.
    else if (inline.text.trim() !== "") unreadable = { path: file.path, span: inline.span };
  } else if (asMap(valuesNode)) layers.push({ file, root: asMap(valuesNode)! });
  const object = asMap(get(helm, "valuesObject"));
  if (object) layers.push({ file, root: object });
  const valueFiles = get(helm, "valueFiles");
  const unseenFile = valueFiles?.kind === "seq" && valueFiles.items.length > 0 ? { path: file.path, span: valueFiles.items[0].span } : undefined;
  const unseenAbove = new Map<string, Location>();
  for (const key of ["parameters", "fileParameters"]) {
    const list = get(helm, key);
    for (const item of list?.kind === "seq" ? list.items : []) {
      const name = asScalar(get(item, "name"));
      if (name && name.text.trim() !== "") unseenAbove.set(name.text.trim(), { path: file.path, span: name.span });
    }
  }
  const top = layers[layers.length - 1];
  if (!top && !unseenFile && !unreadable && !orDefaults) return undefined;
  const version = asScalar(get(source, "targetRevision"))?.text;
  const empty = emptyMapAt(file.path, source.span.start);
  return {
    file: top?.file ?? file,
    root: top?.root ?? empty,
    chartName: chart,
    ...(layers.length > 1 ? { layers } : {}),
    ...(unseenFile || unreadable ? { unseenBelow: unreadable ?? unseenFile } : {}),
    ...(unseenAbove.size > 0 ? { unseenAbove } : {}),
    ...(version ? { chartVersion: version } : {}),
  };
}

/**
 * The values of a `values: |` block, parsed where they stand: everything else in the file is
 * blanked to spaces (line breaks kept), so every span is the file's own.
 */
function literalBlockValues(file: YamlFile, scalar: YScalar): { file: YamlFile; map: YMap } | undefined {
  if (scalar.quote !== "block" || file.text[scalar.span.start] !== "|") return undefined;
  const contentStart = file.text.indexOf("\n", scalar.span.start) + 1;
  if (contentStart <= 0 || contentStart >= scalar.span.end) return undefined;
  // One space per UTF-16 unit: offsets stay the file's.
  const blank = (text: string): string => text.replace(/[^\r\n]/g, " ");
  const blanked = blank(file.text.slice(0, contentStart)) + file.text.slice(contentStart, scalar.span.end) + blank(file.text.slice(scalar.span.end));
  const parsed = parseYaml(file.path, blanked);
  const map = asMap(parsed.roots[0]);
  if (!map || parsed.problems.some((p) => p.severity === "error")) return undefined;
  return { file: parsed, map };
}
