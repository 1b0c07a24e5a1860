import { asMap, asScalar, entryOf, get, textOf, type YEntry, type YMap, type YNode, type YScalar, type YSeq } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import { CLUSTER_SCOPED, equalitySelector, nameMatches, Unappliable } from "./kustomize-select";
import { applyReplacements, resolveVars, type KustomizeVar, type ReplacedCount, type Replacement } from "./kustomize-replacements";

/**
 * What a kustomization does to the manifests it builds, applied to the parsed trees so that every
 * value a layer sets is the layer's own node (its file and span): a rule that reads it reports on
 * the overlay line. Patches (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/):
 * strategic merge (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md)
 * and JSON 6902 (https://www.rfc-editor.org/rfc/rfc6902); images
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/images/). What cannot be
 * applied exactly leaves the documents it may change out of the model: unknown, never a guess.
 */
export interface PatchTarget {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export type KustomizeTransform =
  /** A strategic merge patch: a partial resource; `target` from `patches:`, else the patch's own kind and name. */
  | { kind: "merge"; patch: YMap; target?: PatchTarget }
  /** A JSON 6902 patch: a list of operations on what `target` selects. */
  | { kind: "json6902"; ops: YSeq; target: PatchTarget }
  /** `images:` entries of one kustomization. */
  | { kind: "images"; entries: YMap[] }
  /** A patch the linter cannot read (broken YAML, not in the workspace with a known target): what it targets is unknown. */
  | { kind: "unknown"; target: PatchTarget }
  /** `namespace:` of a kustomization: set on every namespaced object it builds. */
  | { kind: "namespace"; value: YScalar }
  /** `namePrefix:`/`nameSuffix:`: the names outer layers' patches target by. */
  | { kind: "rename"; prefix: string; suffix: string }
  /** `commonLabels:` (selectors and templates too) or a `labels:` entry (its includeSelectors / includeTemplates). */
  | { kind: "labels"; labels: [string, YScalar][]; selectors: boolean; templates: boolean }
  /** `replacements:` of one kustomization, run after its other transforms; `replicas` collects what they write to `spec.replicas`. */
  | { kind: "replacements"; entries: Replacement[]; replicas: Map<string, ReplacedCount>; copied: Location[] }
  /** The legacy `vars:` of one kustomization: resolved once, after every layer's transforms. */
  | { kind: "vars"; vars: KustomizeVar[]; configured: boolean; copied: Location[] };

/** A transform and the files of the layer that has it (the manifests it builds): undefined, every document. */
export type ScopedTransform = KustomizeTransform & { scope?: ReadonlySet<string> };


/** Lists of core objects that a strategic merge merges item by item, and the key that identifies an item. */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  ports: "containerPort",
  imagePullSecrets: "name",
  hostAliases: "ip",
};

/**
 * The documents after the transforms, in order; a document a transform could not be applied to
 * exactly is left out (its facts are unknown), one a `$patch: delete` removes too.
 */
export function applyTransforms(docs: readonly YMap[], transforms: readonly ScopedTransform[]): (YMap | undefined)[] {
  const out: (YMap | undefined)[] = [...docs];
  // The names inner layers' namePrefix/nameSuffix give, by which outer layers' patches find them.
  const names = new Map<number, string>();
  const vars: { vars: KustomizeVar[]; configured: boolean; copied: Location[]; scope?: ReadonlySet<string> }[] = [];
  for (const t of transforms) {
    if (t.kind === "replacements") {
      applyReplacements(docs, out, names, t.entries, t.replicas, t.copied, t.scope);
      continue;
    }
    // Kustomize resolves vars last, once every layer is built (api/internal/target/kusttarget.go, ResolveVars).
    if (t.kind === "vars") {
      vars.push(t);
      continue;
    }
    for (let i = 0; i < out.length; i++) {
      const doc = out[i];
      if (!doc || (t.scope && !t.scope.has(doc.path))) continue;
      if (t.kind === "images") {
        out[i] = withImages(doc, t.entries);
        continue;
      }
      if (t.kind === "rename") {
        const name = names.get(i) ?? textOf(get(doc, "metadata", "name"));
        if (name !== undefined && !CLUSTER_SCOPED.has(textOf(get(doc, "kind")) ?? "")) names.set(i, `${t.prefix}${name}${t.suffix}`);
        continue;
      }
      if (t.kind === "labels") {
        out[i] = withLabels(doc, t.labels, t.selectors, t.templates);
        continue;
      }
      if (t.kind === "namespace") {
        const kind = textOf(get(doc, "kind"));
        if (kind && !CLUSTER_SCOPED.has(kind)) out[i] = withNamespace(doc, t.value);
        continue;
      }
      const target = t.kind === "merge" ? (t.target ?? ownTarget(t.patch)) : t.target;
      if (!target) continue;
      const matched = matches(doc, target, names.get(i));
      if (matched === false) continue;
      if (matched === undefined || t.kind === "unknown") {
        out[i] = undefined;
        continue;
      }
      try {
        out[i] = t.kind === "merge" ? mergeDoc(doc, t.patch) : applyOps(doc, t.ops);
      } catch (e) {
        if (!(e instanceof Unappliable)) throw e;
        out[i] = undefined;
      }
    }
  }
  if (vars.length > 0) resolveVars(docs, out, names, vars);
  return out;
}

function ownTarget(patch: YMap): PatchTarget | undefined {
  const name = textOf(get(patch, "metadata", "name"));
  const kind = textOf(get(patch, "kind"));
  return name && kind ? { kind, name, namespace: textOf(get(patch, "metadata", "namespace")) } : undefined;
}

/** true: the target selects the document; false: it does not; undefined: the linter cannot tell. */
export function matches(doc: YMap, target: PatchTarget, name = textOf(get(doc, "metadata", "name"))): boolean | undefined {
  if (target.kind !== undefined && !nameMatches(target.kind, textOf(get(doc, "kind")))) return false;
  if (target.name !== undefined && !nameMatches(target.name, name)) return false;
  if (target.namespace !== undefined) {
    const ns = textOf(get(doc, "metadata", "namespace"));
    // The namespace may come from a `namespace:` the linter does not apply: unknown when the document writes none.
    if (ns === undefined) return undefined;
    if (!nameMatches(target.namespace, ns)) return false;
  }
  for (const [selector, field] of [
    [target.labelSelector, "labels"],
    [target.annotationSelector, "annotations"],
  ] as const) {
    if (selector === undefined) continue;
    const wanted = equalitySelector(selector);
    if (!wanted) return undefined;
    const have = asMap(get(doc, "metadata", field));
    for (const [k, v] of wanted) if (textOf(entryOf(have, k)?.value) !== v) return false;
  }
  return true;
}

/** The document with `metadata.namespace` set to the kustomization's value, which is where it is written. */
function withNamespace(doc: YMap, value: YScalar): YMap {
  const metadataEntry = entryOf(doc, "metadata");
  const metadata = asMap(metadataEntry?.value);
  if (!metadataEntry || !metadata) return doc;
  const at = metadata.entries.findIndex((e) => e.key === "namespace");
  const entry: YEntry = at >= 0 ? { ...metadata.entries[at], value } : { key: "namespace", keySpan: value.span, value, span: value.span, merged: false };
  const entries = [...metadata.entries];
  if (at >= 0) entries[at] = entry;
  else entries.push(entry);
  return { ...doc, entries: doc.entries.map((e) => (e === metadataEntry ? { ...e, value: { ...metadata, entries } } : e)) };
}

// ---- labels ----

/**
 * Where Kustomize writes labels (https://github.com/kubernetes-sigs/kustomize/blob/master/api/internal/konfig/builtinpluginconsts/commonlabels.go
 * and metadatalabels.go): [kind ("" any), path, create]. `[]` steps into every item of a list; a
 * list met on the way is entered item by item, as Kustomize's field paths are.
 */
type LabelSpec = [string, string, boolean];
const TEMPLATE_LABELS: LabelSpec[] = [
  ["ReplicationController", "spec/template/metadata/labels", true],
  ["Deployment", "spec/template/metadata/labels", true],
  ["ReplicaSet", "spec/template/metadata/labels", true],
  ["DaemonSet", "spec/template/metadata/labels", true],
  ["StatefulSet", "spec/template/metadata/labels", true],
  ["StatefulSet", "spec/volumeClaimTemplates/[]/metadata/labels", true],
  ["Job", "spec/template/metadata/labels", true],
  ["CronJob", "spec/jobTemplate/metadata/labels", true],
  ["CronJob", "spec/jobTemplate/spec/template/metadata/labels", true],
];
const AFFINITY_PATHS = [
  "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];
const SELECTOR_LABELS: LabelSpec[] = [
  ["Service", "spec/selector", true],
  ["ReplicationController", "spec/selector", true],
  ["Deployment", "spec/selector/matchLabels", true],
  ...AFFINITY_PATHS.map((path): LabelSpec => ["Deployment", path, false]),
  ["ReplicaSet", "spec/selector/matchLabels", true],
  ["DaemonSet", "spec/selector/matchLabels", true],
  ["StatefulSet", "spec/selector/matchLabels", true],
  ...AFFINITY_PATHS.map((path): LabelSpec => ["StatefulSet", path, false]),
  ["Job", "spec/selector/matchLabels", false],
  ["CronJob", "spec/jobTemplate/spec/selector/matchLabels", false],
  ["PodDisruptionBudget", "spec/selector/matchLabels", false],
  ["NetworkPolicy", "spec/podSelector/matchLabels", false],
  ["NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false],
  ["NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false],
];

function withLabels(doc: YMap, labels: readonly [string, YScalar][], selectors: boolean, templates: boolean): YMap {
  const kind = textOf(get(doc, "kind")) ?? "";
  const specs: LabelSpec[] = [["", "metadata/labels", true], ...(templates || selectors ? TEMPLATE_LABELS : []), ...(selectors ? SELECTOR_LABELS : [])];
  let out = doc;
  for (const [specKind, path, create] of specs) {
    if (specKind !== "" && specKind !== kind) continue;
    const next = labelsAt(out, path.split("/"), labels, create);
    if (next?.kind === "map") out = next;
  }
  return out;
}

/** The node with `labels` set in the map at `segments`; the node itself where the path is absent and not to be created. */
function labelsAt(node: YNode, segments: readonly string[], labels: readonly [string, YScalar][], create: boolean): YNode {
  if (node.kind === "seq") {
    const items = segments[0] === "[]" ? segments.slice(1) : segments;
    return { ...node, items: node.items.map((item) => labelsAt(item, items, labels, create)) };
  }
  if (node.kind !== "map") return node;
  if (segments.length === 0) {
    const entries = node.entries.filter((e) => !labels.some(([key]) => key === e.key));
    for (const [key, value] of labels) entries.push({ key, keySpan: value.span, value, span: value.span, merged: false });
    return { ...node, entries };
  }
  const [head, ...rest] = segments;
  if (head === "[]") return node;
  const entry = entryOf(node, head);
  if (entry?.value) return { ...node, entries: node.entries.map((e) => (e === entry ? { ...e, value: labelsAt(entry.value!, rest, labels, create) } : e)) };
  if (!create || entry) return node;
  const anchor = labels[0][1];
  const empty: YMap = { kind: "map", entries: [], flow: false, path: anchor.path, span: anchor.span };
  const created = labelsAt(empty, rest, labels, create);
  return { ...node, entries: [...node.entries, { key: head, keySpan: anchor.span, value: created, span: anchor.span, merged: false }] };
}

// ---- strategic merge ----

function mergeDoc(doc: YMap, patch: YMap): YMap | undefined {
  merges = new WeakMap();
  const directive = textOf(entryOf(patch, "$patch")?.value);
  if (directive === "delete") return undefined;
  const merged = mergeNode(doc, patch, undefined);
  return merged?.kind === "map" ? merged : undefined;
}

function isNull(node: YNode | undefined): boolean {
  return node === undefined || (node.kind === "scalar" && node.value === null && node.quote === "plain");
}

/** Merges already made, by base and patch node: aliases share nodes, so an alias bomb stays linear. */
let merges = new WeakMap<YNode, Map<YNode, Map<string, YNode | undefined>>>();

/** The patch merged over the base; undefined: the key is deleted. */
function mergeNode(base: YNode | undefined, patch: YNode, field: string | undefined): YNode | undefined {
  if (!base) return mergeOnce(base, patch, field);
  let byPatch = merges.get(base);
  if (!byPatch) merges.set(base, (byPatch = new Map()));
  let byField = byPatch.get(patch);
  if (!byField) byPatch.set(patch, (byField = new Map()));
  const key = field ?? "";
  if (byField.has(key)) return byField.get(key);
  const out = mergeOnce(base, patch, field);
  byField.set(key, out);
  return out;
}

function mergeOnce(base: YNode | undefined, patch: YNode, field: string | undefined): YNode | undefined {
  if (patch.kind === "map") {
    const directive = textOf(entryOf(patch, "$patch")?.value);
    if (directive === "delete") return undefined;
    if (directive === "replace") return withoutDirectives(patch);
    if (directive !== undefined && directive !== "merge") throw new Unappliable();
    if (base?.kind !== "map") return withoutDirectives(patch);
    const entries = [...base.entries];
    for (const entry of patch.entries) {
      if (entry.key === "$patch") continue;
      if (entry.key.startsWith("$")) throw new Unappliable();
      const at = entries.findIndex((e) => e.key === entry.key);
      if (isNull(entry.value)) {
        if (at >= 0) entries.splice(at, 1);
        continue;
      }
      const value = mergeNode(at >= 0 ? entries[at].value : undefined, entry.value!, entry.key);
      if (value === undefined) {
        if (at >= 0) entries.splice(at, 1);
        continue;
      }
      // The value is the patch's node, so is the entry: its spans and the value's path agree.
      const next: YEntry = { ...(value === entry.value ? entry : { ...entry, value }), ...(patch.path !== base.path ? { keyPath: entry.keyPath ?? patch.path } : {}) };
      if (at >= 0) entries[at] = at >= 0 && value !== entry.value && value.path === base.path ? { ...entries[at], value } : next;
      else entries.push(next);
    }
    return { ...base, entries };
  }
  if (patch.kind === "seq") {
    const key = field ? MERGE_KEYS[field] : undefined;
    // A directive in a list Kubernetes merges as a whole (no merge key the linter knows): not applied.
    if (!key && patch.items.some((i) => entryOf(i, "$patch") !== undefined)) throw new Unappliable();
    if (!key || base?.kind !== "seq") return withoutDirectivesSeq(patch);
    return mergeList(base, patch, key);
  }
  // The same value (the patch's `name:` that finds its target): the base's node stays, where it is written.
  if (base?.kind === "scalar" && base.text === patch.text && base.quote === patch.quote) return base;
  return patch;
}

function mergeList(base: YSeq, patch: YSeq, key: string): YSeq {
  if (patch.items.some((item) => textOf(entryOf(item, "$patch")?.value) === "replace")) {
    return { ...patch, items: patch.items.filter((item) => textOf(entryOf(item, "$patch")?.value) !== "replace").map((item) => withoutDirectives(item)) };
  }
  const items = [...base.items];
  for (const item of patch.items) {
    const id = textOf(entryOf(item, key)?.value);
    if (item.kind !== "map" || id === undefined) throw new Unappliable();
    const at = items.findIndex((i) => textOf(entryOf(i, key)?.value) === id);
    const merged = mergeNode(at >= 0 ? items[at] : undefined, item, undefined);
    if (merged === undefined) {
      if (at >= 0) items.splice(at, 1);
    } else if (at >= 0) items[at] = merged;
    else items.push(merged);
  }
  return { ...base, items };
}

function withoutDirectives(node: YNode): YNode {
  if (node.kind === "map") {
    if (!node.entries.some((e) => e.key.startsWith("$"))) return node;
    return { ...node, entries: node.entries.filter((e) => !e.key.startsWith("$")) };
  }
  return node;
}

function withoutDirectivesSeq(seq: YSeq): YSeq {
  return seq.items.some((i) => i.kind === "map" && i.entries.some((e) => e.key.startsWith("$"))) ? { ...seq, items: seq.items.map(withoutDirectives) } : seq;
}

// ---- JSON 6902 ----

function applyOps(doc: YMap, ops: YSeq): YMap {
  let root: YNode = doc;
  for (const op of ops.items) {
    const name = textOf(get(op, "op"));
    const path = textOf(get(op, "path"));
    if (path === undefined || !path.startsWith("/")) throw new Unappliable();
    const tokens = path
      .slice(1)
      .split("/")
      .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
    const valueEntry = entryOf(op, "value");
    if (name === "add" || name === "replace") {
      if (!valueEntry?.value) throw new Unappliable();
      root = setAt(root, tokens, valueEntry, name);
    } else if (name === "remove") root = setAt(root, tokens, undefined, name);
    else if (name === "test") {
      // A test that holds changes nothing; one the linter cannot confirm leaves the result unknown.
      const found = nodeAt(root, tokens);
      if (!valueEntry?.value || found?.kind !== "scalar" || valueEntry.value.kind !== "scalar" || found.text !== valueEntry.value.text) throw new Unappliable();
    } else throw new Unappliable();
  }
  if (root.kind !== "map") throw new Unappliable();
  return root;
}

function nodeAt(node: YNode | undefined, tokens: string[]): YNode | undefined {
  let current = node;
  for (const t of tokens) {
    if (current?.kind === "map") current = entryOf(current, t)?.value;
    else if (current?.kind === "seq" && /^(0|[1-9]\d*)$/.test(t)) current = current.items[Number(t)];
    else return undefined;
  }
  return current;
}

/** A copy of `node` with the value at `tokens` added, replaced or (no value) removed; throws where the path does not lead. */
function setAt(node: YNode, tokens: string[], valueEntry: YEntry | undefined, op: string): YNode {
  const [head, ...rest] = tokens;
  if (head === undefined) {
    if (!valueEntry?.value) throw new Unappliable();
    return valueEntry.value;
  }
  if (node.kind === "map") {
    const at = node.entries.findIndex((e) => e.key === head);
    const entries = [...node.entries];
    if (rest.length > 0) {
      const child = at >= 0 ? entries[at].value : undefined;
      if (!child) throw new Unappliable();
      entries[at] = { ...entries[at], value: setAt(child, rest, valueEntry, op) };
    } else if (!valueEntry) {
      if (at < 0) throw new Unappliable();
      entries.splice(at, 1);
    } else {
      // `replace` of a key the object lacks fails in RFC 6902; read as the `add` it is meant as (`/spec/replicas` of a base that writes none).
      // The key as the operation's `value:` writes it: the entry lies in the patch, as its value does.
      const entry: YEntry = { key: head, keySpan: valueEntry.keySpan, value: valueEntry.value, span: valueEntry.span, merged: false, ...(valueEntry.value && valueEntry.value.path !== node.path ? { keyPath: valueEntry.value.path } : {}) };
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
    return { ...node, entries };
  }
  if (node.kind === "seq") {
    const items = [...node.items];
    const append = head === "-";
    if (!append && !/^(0|[1-9]\d*)$/.test(head)) throw new Unappliable();
    const index = append ? items.length : Number(head);
    if (rest.length > 0) {
      if (append || index >= items.length) throw new Unappliable();
      items[index] = setAt(items[index], rest, valueEntry, op);
    } else if (!valueEntry) {
      if (append || index >= items.length) throw new Unappliable();
      items.splice(index, 1);
    } else if (op === "add") {
      if (index > items.length) throw new Unappliable();
      items.splice(index, 0, valueEntry.value!);
    } else {
      if (append || index >= items.length) throw new Unappliable();
      items[index] = valueEntry.value!;
    }
    return { ...node, items };
  }
  throw new Unappliable();
}

// ---- images ----

const IMAGE_LISTS = ["containers", "initContainers", "ephemeralContainers"];

/** Splits `registry/name:tag@digest` into its name and the rest (`:tag`, `@digest`). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

function withImages(doc: YMap, entries: readonly YMap[]): YMap {
  // Aliases share nodes: each is rewritten once, so an alias bomb stays linear.
  const done = new Map<YNode, YNode>();
  const rewrite = (node: YNode): YNode => {
    const seen = done.get(node);
    if (seen) return seen;
    const out = rewriteOnce(node);
    done.set(node, out);
    return out;
  };
  const rewriteOnce = (node: YNode): YNode => {
    if (node.kind === "seq") {
      let changed = false;
      const items = node.items.map((i) => {
        const r = rewrite(i);
        if (r !== i) changed = true;
        return r;
      });
      return changed ? { ...node, items } : node;
    }
    if (node.kind !== "map") return node;
    let changed = false;
    const next = node.entries.map((e) => {
      if (!e.value) return e;
      const value = IMAGE_LISTS.includes(e.key) && e.value.kind === "seq" ? rewriteContainers(e.value, entries) : rewrite(e.value);
      if (value === e.value) return e;
      changed = true;
      return { ...e, value };
    });
    return changed ? { ...node, entries: next } : node;
  };
  return rewrite(doc) as YMap;
}

function rewriteContainers(list: YSeq, entries: readonly YMap[]): YSeq {
  let changed = false;
  const items = list.items.map((item) => {
    const imageEntry = entryOf(item, "image");
    const image = asScalar(imageEntry?.value);
    if (item.kind !== "map" || !imageEntry || !image || image.templated) return item;
    const replaced = imageFor(image, entries);
    if (!replaced) return item;
    changed = true;
    return { ...item, entries: item.entries.map((e) => (e === imageEntry ? { ...e, value: replaced } : e)) };
  });
  return changed ? { ...list, items } : list;
}

/** The image an `images:` entry makes of a container's image, as a node at the entry's line that sets it. */
function imageFor(image: YScalar, entries: readonly YMap[]): YScalar | undefined {
  const parts = splitImage(image.text);
  for (const entry of entries) {
    if (textOf(get(entry, "name")) !== parts.name) continue;
    const newName = asScalar(get(entry, "newName"));
    const newTag = asScalar(get(entry, "newTag"));
    const digest = asScalar(get(entry, "digest"));
    if (!newName && !newTag && !digest) return undefined;
    const name = newName?.text ?? parts.name;
    const suffix = digest ? `@${digest.text}` : newTag ? `:${newTag.text}` : `${parts.tag !== undefined ? `:${parts.tag}` : ""}${parts.digest !== undefined ? `@${parts.digest}` : ""}`;
    const text = `${name}${suffix}`;
    const at: Location = digest ?? newTag ?? newName!;
    // Quoted: a fix that rewrites the image in place must not write a whole image over `newTag:`.
    return { kind: "scalar", text, value: text, quote: "double", path: at.path, span: at.span };
  }
  return undefined;
}
