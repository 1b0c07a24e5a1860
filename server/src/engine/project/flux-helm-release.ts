import { asMap, asScalar, emptyMapAt, get, type YamlFile, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import type { HelmValuesSource } from "./project";

/** The chart a Flux HelmRelease deploys (`spec.chart.spec.chart`, or `spec.chartRef.name`), without a repository prefix. */
export function helmReleaseChart(doc: YNode): string {
  const chartName = asScalar(get(doc, "spec", "chart", "spec", "chart"))?.text ?? asScalar(get(doc, "spec", "chartRef", "name"))?.text;
  return (chartName ?? "").split("/").pop() ?? "";
}

/**
 * The values of a Flux HelmRelease: its `spec.values`. `valuesFrom` (ConfigMaps, Secrets) and the
 * chart's `valuesFiles` are merged below them
 * (https://fluxcd.io/flux/components/helm/helmreleases/#values-overrides), so what they set is
 * unknown here: an item with `targetPath` sets that one path, any other item may set anything.
 * Undefined without `spec.values`, unless `orDefaults`: the release then renders the chart's
 * defaults (an empty root placed at the chart's name).
 */
export function helmReleaseValues(file: YamlFile, doc: YNode, chart: string, orDefaults = false): HelmValuesSource | undefined {
  const written = asMap(get(doc, "spec", "values"));
  if (!written && !orDefaults) return undefined;
  const version = asScalar(get(doc, "spec", "chart", "spec", "version"))?.text;
  const valuesFrom = get(doc, "spec", "valuesFrom");
  const valuesFiles = get(doc, "spec", "chart", "spec", "valuesFiles");
  const unseenBelowPaths = new Map<string, Location>();
  let unseenBelow: Location | undefined;
  for (const item of [...(valuesFrom?.kind === "seq" ? valuesFrom.items : []), ...(valuesFiles?.kind === "seq" ? valuesFiles.items : [])]) {
    const targetPath = asScalar(get(item, "targetPath"));
    if (targetPath && !targetPath.templated && targetPath.text.trim() !== "") unseenBelowPaths.set(targetPath.text.trim(), { path: file.path, span: targetPath.span });
    else unseenBelow ??= { path: file.path, span: item.span };
  }
  const at = (get(doc, "spec", "chart", "spec", "chart") ?? get(doc, "spec", "chartRef", "name") ?? doc).span;
  const root = written ?? emptyMapAt(file.path, at.start);
  return { file, root, chartName: chart, ...(version ? { chartVersion: version } : {}), ...(unseenBelow ? { unseenBelow } : {}), ...(unseenBelowPaths.size > 0 ? { unseenBelowPaths } : {}) };
}
