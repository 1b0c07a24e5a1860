import { asMap, asSeq, entryOf, get, textOf, type YMap, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import type { Placement } from "./cluster-model";

/** The node label every node carries with its own name (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetesiohostname). */
const HOSTNAME = "kubernetes.io/hostname";

/** A workload of the folder and the labels of its pods. */
export interface PodTemplate {
  workload: string;
  workloadLocation: Location;
  labels: Map<string, string>;
  podSpec: YMap;
}

export function labelsOf(map: YMap | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of map?.entries ?? []) labels.set(entry.key, textOf(entry.value) ?? "");
  return labels;
}

const templated = (text: string | undefined): boolean => text !== undefined && /\{\{|\{%|\$\{/.test(text);

/**
 * Whether a label selector selects these labels: undefined when it uses what is not evaluated
 * here (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements).
 */
export function selects(selector: YNode | undefined, labels: Map<string, string>): boolean | undefined {
  const map = asMap(selector);
  if (!map) return undefined;
  let any = false;
  for (const entry of asMap(get(map, "matchLabels"))?.entries ?? []) {
    const wanted = textOf(entry.value);
    if (wanted === undefined || templated(wanted)) return undefined;
    any = true;
    if (labels.get(entry.key) !== wanted) return false;
  }
  for (const item of asSeq(get(map, "matchExpressions"))?.items ?? []) {
    const key = textOf(get(item, "key"));
    const operator = textOf(get(item, "operator"));
    const values = (asSeq(get(item, "values"))?.items ?? []).map((v) => textOf(v) ?? "");
    if (!key || !operator || values.some(templated)) return undefined;
    any = true;
    const has = labels.has(key);
    const value = labels.get(key);
    const ok =
      operator === "In" ? has && values.includes(value!) : operator === "NotIn" ? !has || !values.includes(value!) : operator === "Exists" ? has : operator === "DoesNotExist" ? !has : undefined;
    if (ok === undefined) return undefined;
    if (!ok) return false;
  }
  // An empty selector selects every pod (of the namespace): too broad to read as "beside that workload".
  return any ? true : undefined;
}

/**
 * Where the scheduler may place a workload's pods: pinned to one node by `nodeName`, a
 * `kubernetes.io/hostname` nodeSelector or required node affinity on that label with one value;
 * required beside other workloads by a podAffinity term on `kubernetes.io/hostname`
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/). Preferred terms
 * guarantee nothing and are ignored.
 */
export function placementOf(template: PodTemplate, all: PodTemplate[]): Placement {
  const spec = template.podSpec;
  const placement: Placement = { workload: template.workload, workloadLocation: template.workloadLocation, besides: [], unknown: false };
  const nodes: string[] = [];
  const nodeName = textOf(get(spec, "nodeName"));
  if (nodeName) nodes.push(nodeName);
  const bySelector = textOf(get(spec, "nodeSelector", HOSTNAME));
  if (bySelector) nodes.push(bySelector);
  for (const term of asSeq(get(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"))?.items ?? []) {
    for (const expression of asSeq(get(term, "matchExpressions"))?.items ?? []) {
      if (textOf(get(expression, "key")) !== HOSTNAME) continue;
      const values = (asSeq(get(expression, "values"))?.items ?? []).map((v) => textOf(v) ?? "");
      if (textOf(get(expression, "operator")) === "In" && values.length === 1) nodes.push(values[0]);
      else placement.unknown = true;
    }
  }
  if (nodes.some(templated) || new Set(nodes).size > 1) placement.unknown = true;
  else if (nodes.length > 0) placement.node = nodes[0];
  const required = entryOf(asMap(get(spec, "affinity", "podAffinity")), "requiredDuringSchedulingIgnoredDuringExecution");
  for (const term of asSeq(required?.value)?.items ?? []) {
    const topologyKey = textOf(get(term, "topologyKey"));
    if (topologyKey !== HOSTNAME) {
      if (topologyKey === undefined || templated(topologyKey)) placement.unknown = true;
      continue;
    }
    for (const other of all) {
      if (other === template) continue;
      const match = selects(get(term, "labelSelector"), other.labels);
      if (match === undefined) placement.unknown = true;
      else if (match) placement.besides.push(other.workload);
    }
  }
  if (required && !asSeq(required.value)) placement.unknown = true;
  return placement;
}
