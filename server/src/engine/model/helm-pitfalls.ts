import { parse } from "yaml";
import { asMap, entryOf, type YMap, type YNode } from "../documents/yaml-tree";
import { chartPitfalls, type IgnoredValuePitfall } from "../knowledge/chart-pitfalls";
import type { Location } from "../text/span";
import type { ChartCredential, ChartSwitch, ClusterModel, HelmView, IgnoredChartValue, UnquotedRender } from "./cluster-model";

/** Go templates: `if .Values.x` is false only for false, 0, "", null and empty collections. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value as object).length > 0;
  return true;
}

function nodeAt(release: { layers: readonly YMap[] }, path: string): YNode | undefined {
  for (let i = release.layers.length - 1; i >= 0; i--) {
    let node: YNode | undefined = release.layers[i];
    for (const segment of path.split(".")) {
      const entry = entryOf(asMap(node), segment);
      if (!entry || entry.merged) {
        node = undefined;
        break;
      }
      node = entry.value;
    }
    if (node) return node;
  }
  return undefined;
}

const normalisePath = (text: string): string => text.trim().replace(/\/+$/, "") || "/";

/**
 * What YAML reads `value: <text>` back as when it is not the same text: the way a template that
 * renders a value without `quote` changes it. Kubernetes decodes manifests with a YAML 1.1 reader
 * (yes/no/on/off are booleans there).
 */
export function rereadOf(text: string): string | undefined {
  if (/[\r\n]/.test(text)) return "several lines, which break the manifest";
  let read: unknown;
  try {
    const doc = parse(`value: ${text}\n`, { version: "1.1", prettyErrors: false }) as unknown;
    read = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>).value : undefined;
  } catch {
    return "invalid YAML, which breaks the manifest";
  }
  if (typeof read === "string") return read === text ? undefined : "a different text";
  if (read === null || read === undefined) return "no value (null)";
  if (typeof read === "number" || typeof read === "bigint") return "a number";
  if (typeof read === "boolean") return "a boolean";
  if (read instanceof Date) return "a date";
  return "a YAML collection";
}

/** The chart pitfall facts of a values file (knowledge/chart-pitfalls.ts). */
export function chartPitfallFacts(chart: string, helm: HelmView, top: YMap | undefined, anchor: Location, layers: readonly YMap[] = top ? [top] : []): Pick<ClusterModel, "chartSwitches" | "ignoredChartValues" | "unquotedRenders" | "chartCredentials"> {
  const pitfalls = chartPitfalls[chart];
  // Only values laid out for this chart: its app section (`owncloud:`, `nextcloud:`) is written. A
  // chart of one's own that is merely named `owncloud` (older community and Bitnami-derived ones)
  // has other templates and defaults. In a layered release, any of its files may write it.
  if (!pitfalls || !layers.some((layer) => entryOf(layer, chart))) return {};
  // The node as written in the highest file that writes the path (the one whose value wins).
  const root = { layers } as const;
  const chartSwitches: ChartSwitch[] = [];
  for (const pitfall of pitfalls.switches) {
    const node = nodeAt(root, pitfall.path);
    const value = helm.get(pitfall.path);
    if (node?.kind !== "scalar" || node.templated || (node.quote !== "single" && node.quote !== "double") || !value?.location) continue;
    const at = { path: node.path, span: node.span };
    chartSwitches.push({
      setting: { value: node.text, location: value.location, related: [], label: pitfall.path, edit: { kind: "text", location: at } },
      whenOn: pitfall.whenOn,
      offMeans: pitfall.offMeans,
      onText: pitfall.onText,
      offText: pitfall.offText,
      source: pitfall.source,
    });
  }
  const ignoredChartValues: IgnoredChartValue[] = [];
  for (const pitfall of pitfalls.ignoredValues) {
    const node = nodeAt(root, pitfall.path);
    const value = helm.get(pitfall.path);
    if (node?.kind !== "scalar" || node.templated || typeof node.value !== "string" || !value?.location) continue;
    if (normalisePath(node.text) === pitfall.appUses || mountedOver(helm, pitfall)) continue;
    ignoredChartValues.push({
      setting: { value: node.text, location: value.location, related: [], label: pitfall.path, edit: { kind: "text", location: { path: node.path, span: node.span } } },
      appUses: pitfall.appUses,
      consequence: pitfall.consequence,
      severity: pitfall.severity,
      source: pitfall.source,
    });
  }
  const unquotedRenders: UnquotedRender[] = [];
  for (const pitfall of pitfalls.unquoted) {
    if (!pitfall.when.every((p) => truthy(helm.get(p)?.value)) || pitfall.unlessAll.every((p) => truthy(helm.get(p)?.value))) continue;
    const switches = [...pitfall.when, ...pitfall.unlessAll].map((p) => helm.get(p));
    const value = helm.get(pitfall.path);
    if (!value || value.value === undefined) continue;
    const unknown = value.certainty === "unknown" || switches.some((s) => s?.certainty === "unknown");
    const text = value.value === null ? "" : String(value.value);
    // A value the values file writes as a number or boolean is one already; text is judged as rendered.
    const rereadAs = typeof value.value === "string" ? rereadOf(text) : value.value === null ? "no value (null)" : `a ${typeof value.value === "boolean" ? "boolean" : "number"}`;
    unquotedRenders.push({
      setting: {
        value: text,
        location: value.isDefault ? undefined : (value.valueLocation ?? value.location),
        related: [],
        certainty: unknown ? "unknown" : value.isDefault ? "defaulted" : "known",
        label: pitfall.path,
      },
      variable: pitfall.variable,
      ...(rereadAs ? { rereadAs } : {}),
      alternative: pitfall.alternative,
      source: pitfall.source,
    });
  }
  const chartCredentials: ChartCredential[] = [];
  for (const pitfall of pitfalls.credentials) {
    const switches = pitfall.when.map((p) => helm.get(p));
    if (!switches.every((s) => truthy(s?.value)) || (pitfall.unless && truthy(helm.get(pitfall.unless)?.value))) continue;
    // A value the catalog has no default for takes the chart's default from the pitfall.
    const value = helm.get(pitfall.path) ?? { value: pitfall.chartDefault, related: [], isDefault: true };
    if (!value || value.value === undefined) continue;
    const unknown = value.certainty === "unknown" || switches.some((s) => s?.certainty === "unknown") || (pitfall.unless !== undefined && helm.get(pitfall.unless)?.certainty === "unknown");
    const lastSwitch = [...switches].reverse().find((s) => s && !s.isDefault && s.location);
    const section = helm.get(pitfall.path.split(".")[0]);
    chartCredentials.push({
      setting: {
        value: value.value === null ? "" : String(value.value),
        location: value.isDefault ? undefined : (value.valueLocation ?? value.location),
        related: [],
        certainty: unknown ? "unknown" : value.isDefault ? "defaulted" : "known",
        defaultSource: value.isDefault ? "the chart default" : undefined,
        label: pitfall.path,
      },
      anchor: lastSwitch?.location ?? (section && !section.isDefault ? section.location : undefined) ?? anchor,
      what: pitfall.what,
      instead: pitfall.instead,
      chartDefault: pitfall.chartDefault,
    });
  }
  return { chartSwitches, ignoredChartValues, unquotedRenders, chartCredentials };
}

/** The app directory is mounted from elsewhere anyway (an extra volume mounted at it or above it). */
function mountedOver(helm: HelmView, pitfall: IgnoredValuePitfall): boolean {
  const extra = helm.get("owncloud.extraVolumeMounts");
  if (!extra || extra.isDefault) return false;
  if (extra.certainty === "unknown" || !Array.isArray(extra.value)) return extra.value !== null && extra.value !== undefined;
  return extra.value.some((m) => {
    const mountPath = typeof m === "object" && m !== null ? (m as Record<string, unknown>).mountPath : undefined;
    if (typeof mountPath !== "string") return true;
    const at = normalisePath(mountPath);
    return at === pitfall.appUses || pitfall.appUses.startsWith(`${at}/`) || at === "/";
  });
}
