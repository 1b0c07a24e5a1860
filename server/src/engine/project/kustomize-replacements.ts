import { asMap, entryOf, get, textOf, type YEntry, type YMap, type YNode, type YScalar } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import { CLUSTER_SCOPED, equalitySelector, nameMatches, SCALABLE, Unappliable } from "./kustomize-select";

/**
 * Kustomize's `replacements:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replacements/,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/filters/replacement/replacement.go,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/replacement.go) and the legacy
 * `vars:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/vars/,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/var.go,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/filters/refvar/expand.go).
 *
 * A value copied whole is the source's own node, so a rule that reads it reports where it is
 * written. What Kustomize would refuse (no source, several, a missing field) or what the linter
 * does not follow (a field path form it does not read, a selector it cannot evaluate) never
 * leaves a known value behind: a scalar whose value cannot be known becomes a template-like
 * unknown (as a templated patch value is), and a document whose changed field cannot be found
 * is left out of the model (as one an unreadable patch targets is).
 */

/** Kustomize's selector (https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/selector.go). */
export interface ResourceSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** `options:` of a source or a target. */
export interface FieldOptions {
  delimiter?: string;
  index: number;
  create: boolean;
}

export interface ReplacementTarget {
  /** Undefined: the entry's `select:` could not be read. */
  select?: ResourceSelector;
  reject: ResourceSelector[];
  fieldPaths: { path: string; at: Location }[];
  options: FieldOptions;
}

export interface Replacement {
  /** The entry, where an unknown value it writes is placed. */
  at: Location;
  source?: { select: ResourceSelector; fieldPath: string; options: FieldOptions };
  /** `sourceValue:` (a literal). */
  value?: YScalar;
  targets: ReplacementTarget[];
  /** Something Kustomize would refuse or the linter cannot read: what its targets select is unknown. */
  unreadable?: boolean;
}

/** A `vars:` entry: `$(name)` becomes the field `fieldPath` of the object `objref` names. */
export interface KustomizeVar {
  name: string;
  /** Undefined: written in a way the linter cannot read, so its value is unknown. */
  objref?: { group: string; version: string; kind: string; name: string; namespace?: string };
  fieldPath: string;
  at: Location;
}

/** What a replacement writes to a workload's `spec.replicas`, by `Kind/name` as its base writes it. */
export interface ReplacedCount {
  count?: number;
  location: Location;
  valueLocation?: Location;
}

export const DEFAULT_FIELD_PATH = "metadata.name";
/** The text of a value the linter cannot know: read as a template expression is, so nothing treats it as known. */
const UNKNOWN_TEXT = "{{ kustomize replacement }}";
/** Field paths longer than this are not followed (a path is a line of a kustomization, not data). */
const MAX_SEGMENTS = 64;
/** Nodes one field path may visit. */
const MAX_VISITS = 100_000;

type Segment = { field: string } | { index: number } | { match: string; value: string } | { every: true };

/**
 * A field path as Kustomize splits it (kyaml/utils/pathsplitter.go SmarterPathSplitter): `.`
 * separated, `\.` an escaped dot, `[a.b]` one key, `[name=x]` a list item, `*` every item, a
 * number an index. Undefined for a form the linter does not follow (`[=value]`, `-`).
 */
export function parseFieldPath(path: string): Segment[] | undefined {
  let parts = path.split(".");
  if (parts.length > 1 && parts[0] === "") parts = parts.slice(1);
  const joined: string[] = [];
  for (const part of parts) {
    const last = joined.length - 1;
    if (last >= 0 && joined[last].endsWith("\\")) joined[last] = `${joined[last].slice(0, -1)}.${part}`;
    else joined.push(part);
  }
  const out: Segment[] = [];
  for (let i = 0; i < joined.length; i++) {
    let part = joined[i];
    if (part.startsWith("[") && !part.endsWith("]")) {
      const bracketed = [part];
      while (i < joined.length - 1) {
        i++;
        bracketed.push(joined[i]);
        if (joined[i].endsWith("]")) break;
      }
      part = bracketed.join(".");
      if (!part.includes("=")) part = part.replace(/^\[+|\]+$/g, "");
    }
    if (part === "*") out.push({ every: true });
    else if (/^(0|[1-9]\d{0,8})$/.test(part)) out.push({ index: Number(part) });
    else if (part.startsWith("[") && part.endsWith("]")) {
      const eq = part.indexOf("=");
      if (eq <= 1) return undefined;
      out.push({ match: part.slice(1, eq), value: part.slice(eq + 1, -1) });
    } else if (part === "-" || /^\d+$/.test(part)) return undefined;
    else out.push({ field: part });
  }
  return out.length > 0 && out.length <= MAX_SEGMENTS ? out : undefined;
}

// ---- selecting objects ----

interface Id {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** The object's current id and the one before namePrefix/nameSuffix (kustomize api/internal/utils/makeResIds.go). */
function idsOf(doc: YMap, renamed: string | undefined): Id[] {
  const apiVersion = textOf(get(doc, "apiVersion")) ?? "";
  const slash = apiVersion.indexOf("/");
  const group = slash >= 0 ? apiVersion.slice(0, slash) : "";
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  const base = { group, version, kind: textOf(get(doc, "kind")) ?? "", namespace: textOf(get(doc, "metadata", "namespace")) ?? "" };
  const name = textOf(get(doc, "metadata", "name")) ?? "";
  return renamed !== undefined && renamed !== name ? [{ ...base, name: renamed }, { ...base, name }] : [{ ...base, name }];
}

/** A target's select/reject by id: anchored regular expressions (api/types/selector.go SelectorRegex); undefined: cannot tell. */
function idSelected(ids: Id[], s: ResourceSelector): boolean | undefined {
  let unknown = false;
  for (const id of ids) {
    if (s.group && !nameMatches(s.group, id.group)) continue;
    if (s.version && !nameMatches(s.version, id.version)) continue;
    if (s.kind && !nameMatches(s.kind, id.kind)) continue;
    if (s.name && !nameMatches(s.name, id.name)) continue;
    if (s.namespace) {
      // A namespace the manifests do not write may come from where the linter does not look.
      if (id.namespace === "") {
        unknown = true;
        continue;
      }
      if (!nameMatches(s.namespace, id.namespace)) continue;
    }
    return true;
  }
  return unknown ? undefined : false;
}

/** A source's or a var's object: exact names (kyaml/resid/resid.go IsSelectedBy); undefined: cannot tell. */
function idEquals(ids: Id[], s: ResourceSelector, exactGvk: boolean): boolean | undefined {
  let unknown = false;
  for (const id of ids) {
    if (exactGvk ? id.group !== (s.group ?? "") || id.version !== (s.version ?? "") : (s.group && id.group !== s.group) || (s.version && id.version !== s.version)) continue;
    if ((s.kind || exactGvk) && id.kind !== (s.kind ?? "")) continue;
    if (s.name && id.name !== s.name) continue;
    if (s.namespace) {
      const effective = (ns: string): string => (CLUSTER_SCOPED.has(id.kind) ? "~cluster" : ns === "" ? "default" : ns);
      if (id.namespace === "" && effective(s.namespace) !== "default") {
        unknown = true;
        continue;
      }
      if (effective(id.namespace) !== effective(s.namespace)) continue;
    }
    return true;
  }
  return unknown ? undefined : false;
}

/** Label and annotation selectors of the equality form; undefined for another form. */
function metadataSelected(doc: YMap, s: ResourceSelector): boolean | undefined {
  for (const [selector, field] of [
    [s.labelSelector, "labels"],
    [s.annotationSelector, "annotations"],
  ] as const) {
    if (!selector) continue;
    const wanted = equalitySelector(selector);
    if (!wanted) return undefined;
    const have = asMap(get(doc, "metadata", field));
    for (const [k, v] of wanted) if (textOf(entryOf(have, k)?.value) !== v) return false;
  }
  return true;
}

const and = (a: boolean | undefined, b: boolean | undefined): boolean | undefined => (a === false || b === false ? false : a === undefined || b === undefined ? undefined : true);

/** Whether a target selects the document (replacement.go applyReplacement: select, then every reject). */
function targetSelects(doc: YMap, ids: Id[], target: ReplacementTarget & { select: ResourceSelector }): boolean | undefined {
  let selected = and(metadataSelected(doc, target.select), idSelected(ids, target.select));
  if (selected === false) return false;
  for (const reject of target.reject) {
    const byMetadata = reject.labelSelector || reject.annotationSelector ? metadataSelected(doc, reject) : false;
    const byId = reject.group || reject.version || reject.kind || reject.name || reject.namespace ? idSelected(ids, reject) : false;
    if (byMetadata === true || byId === true) return false;
    if (byMetadata === undefined || byId === undefined) selected = undefined;
  }
  return selected;
}

// ---- reading and writing fields ----

/** The node at a source field path (kyaml PathGetter: exact `[name=x]`, indexes, no `*`); undefined: not there or not followed. */
function sourceNodeAt(doc: YNode, path: string): YNode | undefined {
  const segments = parseFieldPath(path);
  if (!segments) return undefined;
  let node: YNode | undefined = doc;
  for (const s of segments) {
    if (!node) return undefined;
    if ("field" in s) node = node.kind === "map" ? entryOf(node, s.field)?.value : undefined;
    else if ("index" in s) node = node.kind === "seq" ? node.items[s.index] : undefined;
    else if ("match" in s) node = node.kind === "seq" ? node.items.find((i) => textOf(entryOf(i, s.match)?.value) === s.value) : undefined;
    else return undefined;
  }
  return node;
}

const isNullOrEmpty = (node: YNode | undefined): boolean =>
  !node || (node.kind === "scalar" && node.value === null && node.quote === "plain") || (node.kind === "map" && node.entries.length === 0) || (node.kind === "seq" && node.items.length === 0);

/** A `[name=value]` list selector: kyaml matches the value as an unanchored regular expression (kyaml/yaml/match.go visitElem); only plain ones are followed. */
function itemMatcher(value: string): ((text: string) => boolean) | undefined {
  if (!/^\^?[A-Za-z0-9_.\-/:@]*\$?$/.test(value)) return undefined;
  const re = new RegExp(value);
  return (text) => re.test(text.trim());
}

/** A value to write: a node, or one the linter cannot know (placed at `at`). */
type Written = { node: YNode } | { unknown: Location };

function unknownScalar(at: Location): YScalar {
  return { kind: "scalar", text: UNKNOWN_TEXT, value: UNKNOWN_TEXT, quote: "plain", path: at.path, span: at.span, templated: true };
}

/** The target field's new value (replacement.go setFieldValue). */
function written(target: YNode | undefined, value: Written, options: FieldOptions): YNode {
  if (options.delimiter) {
    // The delimiter joins text into a scalar that is there.
    if (target?.kind !== "scalar") throw new Unappliable();
    if ("unknown" in value) return unknownScalar({ path: target.path, span: target.span });
    if (value.node.kind !== "scalar") throw new Unappliable();
    const parts = target.text.split(options.delimiter);
    if (options.index < 0) parts.unshift(value.node.text);
    else if (options.index >= parts.length) parts.push(value.node.text);
    else parts[options.index] = value.node.text;
    const text = parts.join(options.delimiter);
    // Part of the text is the target's: the result is placed on the target's own value.
    return { ...target, text, value: text, templated: target.templated || value.node.templated || undefined };
  }
  if ("unknown" in value) {
    // An unknown value over a map or a list could take any shape: the document is unknown.
    if (target && target.kind !== "scalar") throw new Unappliable();
    return unknownScalar(value.unknown);
  }
  // A scalar keeps its own type (an int from a string source stays an int).
  if (target?.kind === "scalar") {
    if (value.node.kind !== "scalar") throw new Unappliable();
    const n = Number(value.node.text);
    return typeof target.value === "number" && value.node.text.trim() !== "" && Number.isFinite(n) ? { ...value.node, value: n } : value.node;
  }
  return value.node;
}

/**
 * The node with every field `segments` reaches set (kyaml/yaml/match.go PathMatcher); throws
 * where Kustomize would fail (no field found) or the linter does not follow the path (a field
 * inside a scalar's text, list items to create).
 */
function setField(node: YNode, segments: Segment[], make: (old: YNode | undefined) => YNode, create: boolean, keyAt: Location, found: { count: number; visits: number }): YNode {
  // `*` over lists of aliases multiplies: past the budget the document is unknown, never a hang.
  if (++found.visits > MAX_VISITS) throw new Unappliable();
  if (segments.length === 0) {
    found.count++;
    return make(node);
  }
  const [head, ...rest] = segments;
  if ("field" in head) {
    if (node.kind !== "map") throw new Unappliable();
    const at = node.entries.findIndex((e) => e.key === head.field);
    const entries = [...node.entries];
    if (at < 0) {
      if (!create || rest.some((s) => !("field" in s))) throw new Unappliable();
      const value = rest.length === 0 ? (found.count++, make(undefined)) : setField({ kind: "map", entries: [], flow: false, path: keyAt.path, span: keyAt.span }, rest, make, create, keyAt, found);
      const entry: YEntry = { key: head.field, keySpan: keyAt.span, value, span: keyAt.span, merged: false, ...(keyAt.path !== node.path ? { keyPath: keyAt.path } : {}) };
      entries.push(entry);
      return { ...node, entries };
    }
    const child = entries[at].value;
    // A scalar with more of the path below: Kustomize reads its text as YAML or JSON; not followed.
    if (rest.length > 0 && (!child || child.kind === "scalar")) throw new Unappliable();
    entries[at] = { ...entries[at], value: child ? setField(child, rest, make, create, keyAt, found) : (found.count++, make(undefined)) };
    return { ...node, entries };
  }
  if (node.kind !== "seq") throw new Unappliable();
  if ("index" in head) {
    if (head.index >= node.items.length) throw new Unappliable();
    const items = [...node.items];
    items[head.index] = setField(items[head.index], rest, make, create, keyAt, found);
    return { ...node, items };
  }
  const test = "match" in head ? itemMatcher(head.value) : () => true;
  if (!test) throw new Unappliable();
  const items = node.items.map((item) => {
    if ("match" in head) {
      const key = asMap(item) ? entryOf(item, head.match)?.value : undefined;
      if (key?.kind !== "scalar" || !test(key.text)) return item;
    }
    return setField(item, rest, make, create, keyAt, found);
  });
  return { ...node, items };
}

/** The document with the target's field paths set; throws when one is not found (Kustomize fails the build) or not followed. */
function withTarget(doc: YMap, target: ReplacementTarget, value: Written): YMap {
  let out: YNode = doc;
  for (const { path, at } of target.fieldPaths) {
    const segments = parseFieldPath(path);
    if (!segments) throw new Unappliable();
    const found = { count: 0, visits: 0 };
    out = setField(out, segments, (old) => written(old, value, target.options), target.options.create, at, found);
    if (found.count === 0) throw new Unappliable();
  }
  if (out.kind !== "map") throw new Unappliable();
  return out;
}

// ---- replacements ----

/**
 * Runs one kustomization's replacements over the documents it builds (`scope`), in order.
 * `docs` are the documents before any transform: one left out by an earlier transform may still be
 * the source, which makes the value unknown.
 */
export function applyReplacements(docs: readonly YMap[], out: (YMap | undefined)[], names: ReadonlyMap<number, string>, entries: readonly Replacement[], replicas: Map<string, ReplacedCount>, copied: Location[], scope: ReadonlySet<string> | undefined): void {
  const inScope = (i: number): boolean => !scope || scope.has(docs[i].path);
  for (const r of entries) {
    const value: Written = r.unreadable ? { unknown: r.at } : r.value ? { node: r.value } : sourceValue(r, docs, out, names, inScope);
    if ("node" in value) copied.push({ path: value.node.path, span: value.node.span });
    for (const target of r.targets) {
      for (let i = 0; i < out.length; i++) {
        const doc = out[i];
        if (!doc || !inScope(i)) continue;
        if (!target.select || r.unreadable) {
          if (target.select && targetSelects(doc, idsOf(doc, names.get(i)), { ...target, select: target.select }) !== false) out[i] = undefined;
          continue;
        }
        const selected = targetSelects(doc, idsOf(doc, names.get(i)), { ...target, select: target.select });
        if (selected === false) continue;
        if (selected === undefined) {
          out[i] = undefined;
          continue;
        }
        try {
          out[i] = withTarget(doc, target, value);
        } catch (e) {
          if (!(e instanceof Unappliable)) throw e;
          out[i] = undefined;
          continue;
        }
        const kind = textOf(get(doc, "kind")) ?? "";
        if (SCALABLE.has(kind) && target.fieldPaths.some((f) => f.path === "spec.replicas")) {
          const node = scalarAt(out[i], "spec", "replicas");
          const n = Number(node?.text);
          const exact = node && "node" in value && node === value.node;
          replicas.set(`${kind}/${textOf(get(doc, "metadata", "name")) ?? ""}`, {
            count: node && !node.templated && node.text.trim() !== "" && Number.isInteger(n) && n >= 0 ? n : undefined,
            location: node ? { path: node.path, span: node.span } : r.at,
            valueLocation: exact && node.quote === "plain" ? { path: node.path, span: node.span } : undefined,
          });
        }
      }
    }
  }
}

function scalarAt(doc: YMap | undefined, ...keys: string[]): YScalar | undefined {
  const node = get(doc, ...keys);
  return node?.kind === "scalar" ? node : undefined;
}

/** The source's value (replacement.go getReplacement), or unknown where Kustomize would fail or the linter cannot tell. */
/*
 * Kustomize copies a name after namePrefix/nameSuffix; the model keeps every object under the name
 * its manifest writes (references to it are not rewritten either), so the name as written is
 * what still meets its object there (`REDIS_HOST: redis` and the Service `redis`).
 */
function sourceValue(r: Replacement, docs: readonly YMap[], out: readonly (YMap | undefined)[], names: ReadonlyMap<number, string>, inScope: (i: number) => boolean): Written {
  const unknown: Written = { unknown: r.at };
  if (!r.source) return unknown;
  let found: YMap | undefined;
  for (let i = 0; i < docs.length; i++) {
    if (!inScope(i)) continue;
    const doc = out[i];
    // A document left out may be the source: what it holds is unknown.
    const matched = idEquals(idsOf(doc ?? docs[i], names.get(i)), r.source.select, false);
    if (matched === false) continue;
    if (matched === undefined || !doc || found) return unknown;
    found = doc;
  }
  const node = found ? sourceNodeAt(found, r.source.fieldPath) : undefined;
  if (!node || isNullOrEmpty(node)) return unknown;
  const { delimiter, index } = r.source.options;
  if (!delimiter) return { node };
  if (node.kind !== "scalar") return unknown;
  // A template may render to text with the delimiter in it: its parts are unknown.
  if (node.templated) return unknown;
  const parts = node.text.split(delimiter);
  if (index < 0 || index >= parts.length) return unknown;
  const text = parts[index];
  // Placed on the whole source value, where it comes from.
  return { node: { ...node, text, value: text } };
}

// ---- vars ----

/**
 * Where Kustomize substitutes `$(VAR)` (api/internal/konfig/builtinpluginconsts/varreference.go,
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/internal/konfig/builtinpluginconsts/varreference.go):
 * [kind ("" any), path]. A list met on the way is entered item by item.
 */
const POD_FIELDS = ["containers/args", "containers/command", "containers/env/value", "containers/volumeMounts/mountPath", "initContainers/args", "initContainers/command", "initContainers/env/value", "initContainers/volumeMounts/mountPath"];
const VAR_REFERENCES: [string, string][] = [
  ...POD_FIELDS.map((f): [string, string] => ["CronJob", `spec/jobTemplate/spec/template/spec/${f}`]),
  // As varreference.go writes it (without `spec/` before `volumes`).
  ["CronJob", "spec/jobTemplate/spec/template/volumes/nfs/server"],
  ...["DaemonSet", "Deployment", "Job", "ReplicaSet", "StatefulSet"].flatMap((kind): [string, string][] => [...POD_FIELDS.map((f): [string, string] => [kind, `spec/template/spec/${f}`]), ...(kind === "StatefulSet" ? [] : [[kind, "spec/template/spec/volumes/nfs/server"] as [string, string]])]),
  ["Deployment", "spec/template/metadata/annotations"],
  ["Ingress", "spec/rules/host"],
  ["Ingress", "spec/tls/hosts"],
  ["Ingress", "spec/tls/secretName"],
  ...POD_FIELDS.map((f): [string, string] => ["Pod", `spec/${f}`]),
  ["Pod", "spec/volumes/nfs/server"],
  ["Service", "spec/ports/port"],
  ["Service", "spec/ports/targetPort"],
  ["StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server"],
  ["PersistentVolume", "spec/nfs/server"],
  ["", "metadata/labels"],
  ["", "metadata/annotations"],
];

/** A var's value: a scalar node, or unknown (no object, several, a missing field, a template). */
type VarValue = { node: YScalar } | { unknown: true } | { unreplaced: true };

/** Resolves every layer's vars over the built documents (kustomize api/internal/accumulator/resaccumulator.go ResolveVars). */
export function resolveVars(docs: readonly YMap[], out: (YMap | undefined)[], names: ReadonlyMap<number, string>, layers: readonly { vars: KustomizeVar[]; configured: boolean; copied: Location[]; scope?: ReadonlySet<string> }[]): void {
  const values = new Map<string, VarValue>();
  const copied = layers[0]?.copied ?? [];
  for (const { vars, scope } of layers) {
    for (const v of vars) {
      // Two vars of one name: Kustomize refuses the build.
      if (values.has(v.name)) {
        values.set(v.name, { unknown: true });
        continue;
      }
      const value = varValue(v, docs, out, names, (i) => !scope || scope.has(docs[i].path));
      if ("node" in value) copied.push({ path: value.node.path, span: value.node.span });
      values.set(v.name, value);
    }
  }
  for (let i = 0; i < out.length; i++) {
    const doc = out[i];
    if (!doc) continue;
    const kind = textOf(get(doc, "kind")) ?? "";
    let next: YNode = doc;
    for (const [specKind, path] of VAR_REFERENCES) if (specKind === "" || specKind === kind) next = substituteAt(next, path.split("/"), values);
    // Fields a `configurations:` file adds are not read: a var there may or may not be substituted.
    if (layers.some((l) => l.configured)) next = unknownVarsIn(next, values, new Map());
    out[i] = next.kind === "map" ? next : doc;
  }
}

/** Every string that still names a declared var, as unknown. */
function unknownVarsIn(node: YNode, values: ReadonlyMap<string, VarValue>, done: Map<YNode, YNode>): YNode {
  const seen = done.get(node);
  if (seen) return seen;
  let out: YNode = node;
  if (node.kind === "scalar") {
    const named = typeof node.value === "string" && [...node.text.matchAll(/\$\(([^)]*)\)/g)].some((m) => values.has(m[1]));
    const text = named ? node.text.replace(/\$\(([^)]*)\)/g, (all, name: string) => (values.has(name) ? UNKNOWN_TEXT : all)) : node.text;
    if (named) out = { ...node, text, value: text, templated: true };
  } else if (node.kind === "seq") {
    const items = node.items.map((i) => unknownVarsIn(i, values, done));
    if (items.some((item, k) => item !== node.items[k])) out = { ...node, items };
  } else {
    const entries = node.entries.map((e) => {
      const value = e.value ? unknownVarsIn(e.value, values, done) : e.value;
      return value === e.value ? e : { ...e, value };
    });
    if (entries.some((e, k) => e !== node.entries[k])) out = { ...node, entries };
  }
  done.set(node, out);
  return out;
}

function varValue(v: KustomizeVar, docs: readonly YMap[], out: readonly (YMap | undefined)[], names: ReadonlyMap<number, string>, inScope: (i: number) => boolean): VarValue {
  if (!v.objref) return { unknown: true };
  let found: YMap | undefined;
  for (let i = 0; i < docs.length; i++) {
    if (!inScope(i)) continue;
    const doc = out[i];
    const matched = idEquals(idsOf(doc ?? docs[i], names.get(i)), v.objref, true);
    if (matched === false) continue;
    if (matched === undefined || !doc || found) return { unknown: true };
    found = doc;
  }
  if (!found) return { unknown: true };
  // `spec.ports[0].port` reads as `spec.ports.0.port` (kyaml/yaml/rnode.go GetFieldValue, convertSliceIndex).
  const path = v.fieldPath.replace(/\[(\d+)\]/g, ".$1");
  const node = sourceNodeAt(found, path);
  if (!node) return { unknown: true };
  // A map or a list is not substituted: `$(NAME)` stays (refvar/expand.go MakePrimitiveReplacer).
  if (node.kind !== "scalar") return { unreplaced: true };
  return { node };
}

/** Substitutions already made, by remaining path and node: aliases share nodes, so an alias bomb stays linear. */
type Done = Map<string, Map<YNode, YNode>>;

function substituteAt(node: YNode, segments: readonly string[], values: ReadonlyMap<string, VarValue>, done: Done = new Map()): YNode {
  const key = segments.join("/");
  let byNode = done.get(key);
  if (!byNode) done.set(key, (byNode = new Map()));
  const seen = byNode.get(node);
  if (seen) return seen;
  const out = substituteOnce(node, segments, values, done);
  byNode.set(node, out);
  return out;
}

function substituteOnce(node: YNode, segments: readonly string[], values: ReadonlyMap<string, VarValue>, done: Done): YNode {
  if (node.kind === "seq") {
    if (segments.length === 0) {
      let changed = false;
      const items = node.items.map((item) => {
        const next = item.kind === "scalar" ? substitute(item, values) : item;
        if (next !== item) changed = true;
        return next;
      });
      return changed ? { ...node, items } : node;
    }
    let changed = false;
    const items = node.items.map((item) => {
      const next = substituteAt(item, segments, values, done);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? { ...node, items } : node;
  }
  if (node.kind === "scalar") return segments.length === 0 ? substitute(node, values) : node;
  if (segments.length === 0) {
    let changed = false;
    const entries = node.entries.map((e) => {
      if (e.value?.kind !== "scalar") return e;
      const value = substitute(e.value, values);
      if (value === e.value) return e;
      changed = true;
      return { ...e, value };
    });
    return changed ? { ...node, entries } : node;
  }
  const [head, ...rest] = segments;
  const entry = entryOf(node, head);
  if (!entry?.value) return node;
  const value = substituteAt(entry.value, rest, values, done);
  return value === entry.value ? node : { ...node, entries: node.entries.map((e) => (e === entry ? { ...e, value } : e)) };
}

/** `$(NAME)` in a string (refvar/expand.go DoReplacements): `$$` is a `$`, an undeclared name stays as written. */
function substitute(scalar: YScalar, values: ReadonlyMap<string, VarValue>): YNode {
  if (typeof scalar.value !== "string" || !scalar.text.includes("$")) return scalar;
  const input = scalar.text;
  const whole = /^\$\(([^)]*)\)$/.exec(input);
  if (whole) {
    const value = values.get(whole[1]);
    // The whole value is the var's: its own node, where it is written.
    if (value && "node" in value) return value.node;
    if (value && "unknown" in value) return { ...unknownScalar(scalar), templated: true };
    return scalar;
  }
  let out = "";
  let unknown = false;
  let templated = false;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== "$" || i + 1 >= input.length) {
      out += input[i];
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += "$(";
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      const value = values.get(name);
      if (value && "node" in value) {
        out += value.node.text;
        templated ||= value.node.templated === true;
      } else if (value && "unknown" in value) {
        out += UNKNOWN_TEXT;
        unknown = true;
      } else out += `$(${name})`;
      i = close;
    } else out += "$";
  }
  if (out === input) return scalar;
  // Part of the text is the field's own: the result stays where the field is written.
  return { ...scalar, text: out, value: out, ...(unknown || templated || scalar.templated ? { templated: true } : {}) };
}
