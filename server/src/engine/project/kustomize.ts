import { asMap, asScalar, asSeq, entryOf, get, locationOf, parseYaml, textOf, type YamlFile, type YEntry, type YMap, type YNode, type YScalar } from "../documents/yaml-tree";
import type { Location, Span } from "../text/span";
import type { PatchTarget, ScopedTransform } from "./kustomize-patch";
import { SCALABLE } from "./kustomize-select";
import { DEFAULT_FIELD_PATH, type FieldOptions, type KustomizeVar, type ReplacedCount, type Replacement, type ReplacementTarget, type ResourceSelector } from "./kustomize-replacements";
import { basename, joinPath, type Workspace } from "../workspace";

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
/** Layers followed through `resources:`: deep enough for base → component → overlay chains, bounded for cycles. */
const MAX_DEPTH = 8;


/**
 * A replica count a kustomization sets on a workload: its `replicas:` field, or a patch that
 * writes `spec.replicas`. `count` undefined: a patch the linter does not read may set it.
 */
export interface ReplicaOverride {
  /** The workload's `metadata.name`, as the base writes it; "*" for a patch without a target. */
  name: string;
  /** The kind a patch targets; absent: any kind `replicas:` applies to. */
  kind?: string;
  count?: number;
  /** The entry to point at: `count: 3`, or the patch's `replicas: 3`. */
  location: Location;
  /** The value's text, where a fix edits it. */
  valueLocation?: Location;
  /** How the user writes it ("replicas[nextcloud].count", "spec.replicas"). */
  label: string;
  /** A replacement's `spec.replicas` target: applies only to the workloads it wrote, with what it wrote (filled when the layers are applied). */
  replaced?: ReadonlyMap<string, ReplacedCount>;
}

/** What a folder's kustomization brings together: the manifests of its layers and what its layers change. */
export interface KustomizeLayers {
  /** The kustomization files read, innermost layer first. */
  kustomizations: string[];
  /** Manifests the layers list in `resources:`, in order (directories resolved through their own kustomization). */
  resources: string[];
  /** Files a layer uses as patches: not resources of their own. */
  patchFiles: Set<string>;
  /** Replica counts in the order Kustomize applies them: inner layers first, in a layer patches before `replicas:`. */
  replicas: ReplicaOverride[];
  /** The first reference to each file path a layer names (a resource or a patch), as written. */
  references: Map<string, { name: string; location: Location }>;
  /** ConfigMaps and Secrets the layers' generators make, before any patch (see generatedDocs). */
  generated: YMap[];
  /** Patches, `images:`, replacements and vars of every layer, in the order Kustomize applies them (see applyTransforms). */
  transforms: ScopedTransform[];
  /**
   * The values replacements and vars copy into other objects (filled when the layers are
   * applied): an edit there changes the object that writes it and every copy, so no fix edits them.
   */
  copied: Location[];
}

export function kustomizationIn(dir: string, ws: Workspace): string | undefined {
  const names = ws.listDir(dir) ?? [];
  const name = KUSTOMIZATION_NAMES.find((n) => names.includes(n));
  return name ? joinPath(dir, name) : undefined;
}

export function isKustomizationName(path: string): boolean {
  return KUSTOMIZATION_NAMES.includes(basename(path));
}

/**
 * Follows a folder's kustomization through `resources:` (and the older `bases:`): local files
 * and folders, each folder through its own kustomization, remote ones skipped. Only what the
 * replica count needs is read; each kustomization once.
 */
export function kustomizeLayers(dir: string, ws: Workspace, readYaml: (path: string) => YamlFile | undefined, manifestsIn: (dir: string) => string[], readText: (path: string) => string | undefined = (path) => ws.readFile(path)): KustomizeLayers | undefined {
  const top = kustomizationIn(dir, ws);
  if (!top) return undefined;
  const layers: KustomizeLayers = { kustomizations: [], resources: [], patchFiles: new Set(), replicas: [], references: new Map(), transforms: [], generated: [], copied: [] };
  const refer = (path: string, name: string, location: Location): void => {
    if (!layers.references.has(path)) layers.references.set(path, { name, location });
  };
  const visited = new Set<string>();
  const visit = (kustomizationPath: string, depth: number): void => {
    if (visited.has(kustomizationPath) || depth > MAX_DEPTH) return;
    visited.add(kustomizationPath);
    const firstResource = layers.resources.length;
    const firstKustomization = layers.kustomizations.length;
    const firstInner = layers.transforms.length;
    const file = readYaml(kustomizationPath);
    const root = asMap(file?.roots[0]);
    if (!file || !root) return;
    const here = kustomizationPath.slice(0, kustomizationPath.lastIndexOf("/")) || "/";
    // `components:` (https://kubectl.docs.kubernetes.io/guides/config_management/components/) after the resources, each through its own kustomization.
    for (const key of ["resources", "bases", "components"]) {
      for (const item of asSeq(get(root, key))?.items ?? []) {
        const ref = textOf(item);
        if (!ref || /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(ref) || ref.includes("?ref=")) continue;
        const path = joinPath(here, ref);
        const inner = kustomizationIn(path, ws);
        if (inner) visit(inner, depth + 1);
        else if (ws.listDir(path) !== undefined) layers.resources.push(...manifestsIn(path));
        else if (!layers.resources.includes(path)) {
          layers.resources.push(path);
          refer(path, ref, locationOf(item));
        }
      }
    }
    layers.kustomizations.push(kustomizationPath);
    for (const [key, kind] of [
      ["configMapGenerator", "ConfigMap"],
      ["secretGenerator", "Secret"],
    ] as const) {
      for (const item of asSeq(get(root, key))?.items ?? []) {
        const generated = generatedDoc(asMap(item), kind, here, (path, name, at) => {
          refer(path, name, at);
          return readText(path);
        });
        if (!generated) continue;
        if (generated.behavior === "create") layers.generated.push(generated.doc);
        // `merge`/`replace` change the map of that name an inner layer generates.
        else layers.transforms.push({ kind: "merge", patch: generated.doc });
      }
    }
    // Within a layer Kustomize runs the patch transformers before the replica count transformer.
    for (const item of asSeq(get(root, "patchesStrategicMerge"))?.items ?? []) {
      const ref = asScalar(item);
      if (!ref) continue;
      if (/\n/.test(ref.text)) layers.replicas.push(...inlinePatch(ref, undefined));
      else layers.replicas.push(...patchFile(joinPath(here, ref.text), ref.text, undefined, locationOf(ref)));
    }
    // The older `patchesJson6902:` (a target and a path or an inline patch), run after the others.
    const json6902: { target: PatchTarget; path?: YScalar; inline?: YScalar }[] = [];
    for (const item of asSeq(get(root, "patchesJson6902"))?.items ?? []) {
      const target = targetOf(asMap(get(item, "target")));
      const path = asScalar(get(item, "path"));
      const inline = asScalar(get(item, "patch"));
      if (target) json6902.push({ target, path, inline });
    }
    for (const item of asSeq(get(root, "patches"))?.items ?? []) {
      const map = asMap(item);
      const target = asMap(get(map, "target"));
      const targetRef = target ? { name: textOf(get(target, "name")) ?? "*", kind: textOf(get(target, "kind")) } : undefined;
      const path = asScalar(get(map, "path"));
      const inline = asScalar(get(map, "patch"));
      const selector = targetOf(target);
      if (path) layers.replicas.push(...patchFile(joinPath(here, path.text), path.text, targetRef, locationOf(path), selector));
      else if (inline) layers.replicas.push(...inlinePatch(inline, targetRef, selector));
    }
    // Then `namespace:`, `namePrefix:` and `nameSuffix:`, before the older JSON 6902 patches.
    const namespace = asScalar(get(root, "namespace"));
    if (namespace && namespace.text !== "" && !namespace.templated) layers.transforms.push({ kind: "namespace", value: namespace });
    const prefix = textOf(get(root, "namePrefix")) ?? "";
    const suffix = textOf(get(root, "nameSuffix")) ?? "";
    if (prefix !== "" || suffix !== "") layers.transforms.push({ kind: "rename", prefix, suffix });
    // `commonLabels:` on every object, its selectors and pod templates; `labels:` entries on what their options say
    // (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/). A set written with templates is not applied.
    const labelSets: { map: YMap | undefined; selectors: boolean; templates: boolean }[] = [{ map: asMap(get(root, "commonLabels")), selectors: true, templates: true }];
    for (const item of asSeq(get(root, "labels"))?.items ?? []) {
      const selectors = textOf(get(item, "includeSelectors")) === "true";
      labelSets.push({ map: asMap(get(item, "pairs")), selectors, templates: selectors || textOf(get(item, "includeTemplates")) === "true" });
    }
    for (const { map, selectors, templates } of labelSets) {
      const labels = (map?.entries ?? []).flatMap((e): [string, YScalar][] => {
        const value = asScalar(e.value);
        return value && !value.templated ? [[e.key, value]] : [];
      });
      if (map && !map.templated && labels.length > 0 && labels.length === map.entries.length) layers.transforms.push({ kind: "labels", labels, selectors, templates });
    }
    for (const { target, path, inline } of json6902) {
      const targetRef = { name: target.name ?? "*", kind: target.kind };
      if (path) layers.replicas.push(...patchFile(joinPath(here, path.text), path.text, targetRef, locationOf(path), target));
      else if (inline) layers.replicas.push(...inlinePatch(inline, targetRef, target));
    }
    for (const item of asSeq(get(root, "replicas"))?.items ?? []) {
      const name = textOf(get(item, "name"));
      const countEntry = entryOf(asMap(item), "count");
      const value = asScalar(countEntry?.value);
      if (!name || !countEntry || !value) continue;
      const n = Number(value.text);
      layers.replicas.push({
        name,
        count: Number.isInteger(n) && n >= 0 ? n : undefined,
        location: { path: file.path, span: { start: countEntry.keySpan.start, end: value.span.end } },
        valueLocation: value.quote === "plain" ? locationOf(value) : undefined,
        label: `replicas[${name}].count`,
      });
    }
    const images = (asSeq(get(root, "images"))?.items ?? []).map((i) => asMap(i)).filter((m): m is YMap => m !== undefined);
    if (images.length > 0) layers.transforms.push({ kind: "images", entries: images });
    // `replacements:` run last in a layer (api/internal/target/kusttarget_configplugin.go), inline or from a `path:` file of the folder.
    const replacements: Replacement[] = [];
    for (const item of asSeq(get(root, "replacements"))?.items ?? []) {
      const map = asMap(item);
      const path = asScalar(get(map, "path"));
      if (!map) continue;
      if (!path) {
        replacements.push(replacementOf(map));
        continue;
      }
      const filePath = joinPath(here, path.text);
      layers.patchFiles.add(filePath);
      refer(filePath, path.text, locationOf(path));
      const replacementFile = path.templated || entryOf(map, "source") || entryOf(map, "targets") ? undefined : readYaml(filePath);
      const content = replacementFile && !replacementFile.problems.some((p) => p.severity === "error") ? replacementFile.roots[0] : undefined;
      const list = content?.kind === "seq" ? content.items : content ? [content] : [];
      // A file not in the workspace, unreadable, or beside inline fields Kustomize refuses: it may set anything, as a patch not in the workspace may.
      if (list.length === 0) {
        layers.replicas.push({ name: "*", location: locationOf(path), label: "a replacement that is not in the workspace" });
        continue;
      }
      for (const r of list) replacements.push(asMap(r) ? replacementOf(asMap(r)!) : { at: locationOf(r), targets: [], unreadable: true });
    }
    if (replacements.length > 0) {
      const written = new Map<string, ReplacedCount>();
      layers.transforms.push({ kind: "replacements", entries: replacements, replicas: written, copied: layers.copied });
      for (const r of replacements) {
        for (const t of r.targets) {
          const fieldPath = t.fieldPaths.find((f) => f.path === "spec.replicas");
          if (fieldPath) layers.replicas.push({ name: "*", kind: t.select?.kind, location: fieldPath.at, label: "spec.replicas", replaced: written });
        }
      }
    }
    const vars = (asSeq(get(root, "vars"))?.items ?? []).flatMap((item) => varOf(asMap(item)) ?? []);
    if (vars.length > 0) layers.transforms.push({ kind: "vars", vars, configured: false, copied: layers.copied });
    // `configurations:` may add fields where vars are substituted (https://github.com/kubernetes-sigs/kustomize/blob/master/examples/transformerconfigs/README.md).
    if (entryOf(root, "configurations")) configured = true;
    // An inner layer changes only what it builds: its resources and what it generates. A
    // component (`kind: Component`) changes what the layer that lists it builds, so its
    // transforms take that layer's scope.
    if (depth > 0 && textOf(get(root, "kind")) !== "Component") {
      const scope = new Set([...layers.resources.slice(firstResource), ...layers.kustomizations.slice(firstKustomization)]);
      for (const t of layers.transforms.slice(firstInner)) if (!t.scope) t.scope = scope;
    }
  };

  /** A patch file: a strategic merge patch (a partial resource) or a JSON 6902 list of operations. */
  const patchFile = (path: string, written: string, target: { name: string; kind?: string } | undefined, reference: Location, selector?: PatchTarget): ReplicaOverride[] => {
    layers.patchFiles.add(path);
    refer(path, written, reference);
    const file = readYaml(path);
    // A patch that is not in the workspace may set anything on what it targets.
    if (!file) {
      if (selector) layers.transforms.push({ kind: "unknown", target: selector });
      return [{ name: target?.name ?? "*", kind: target?.kind, location: reference, label: "a patch that is not in the workspace" }];
    }
    if (file.problems.some((p) => p.severity === "error")) {
      if (selector) layers.transforms.push({ kind: "unknown", target: selector });
    } else addTransforms(file.roots, selector);
    return patchCounts(file.roots, target, (location) => location);
  };

  const addTransforms = (roots: YNode[], selector: PatchTarget | undefined): void => {
    for (const root of roots) {
      if (root.kind === "seq") {
        if (selector) layers.transforms.push({ kind: "json6902", ops: root, target: selector });
      } else if (root.kind === "map") layers.transforms.push({ kind: "merge", patch: root, target: selector });
    }
  };

  /** An inline patch: its text is parsed on its own, so its counts point at the whole `patch:` value. */
  const inlinePatch = (scalar: YScalar, target: { name: string; kind?: string } | undefined, selector?: PatchTarget): ReplicaOverride[] => {
    const parsed = parseYaml(`${scalar.path}#patch`, scalar.text);
    const whole = locationOf(scalar);
    const broken = parsed.problems.some((p) => p.severity === "error");
    if (broken) {
      if (selector) layers.transforms.push({ kind: "unknown", target: selector });
    } else {
      const offsets = blockOffsets(scalar, readYaml(scalar.path)?.text);
      addTransforms(parsed.roots.map((r) => relocated(r, whole, offsets)), selector);
    }
    if (!/replicas/.test(scalar.text)) return [];
    const counts = broken ? [] : patchCounts(parsed.roots, target, () => whole);
    return counts.length > 0 ? counts.map((c) => ({ ...c, valueLocation: undefined })) : [{ name: target?.name ?? "*", kind: target?.kind, location: whole, label: "an inline patch" }];
  };

  let configured = false;
  visit(top, 0);
  if (configured) for (const t of layers.transforms) if (t.kind === "vars") t.configured = true;
  return layers;
}

/**
 * The ConfigMap or Secret a generator entry makes (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/):
 * `literals` (`KEY=value`, quotes around the value removed), `envs` files (`KEY=value` lines,
 * `#` comments) and, for a ConfigMap, `files` (each file's text under its name or `key=`: a
 * `*.config.php` mounted into the app's config directory is read like one written inline). Its
 * name keeps no hash suffix: the references Kustomize rewrites to the hashed name are not
 * rewritten either, so both still meet. Undefined when part of its data is unknown to the linter
 * (a Secret's `files:`, a file not in the workspace, a `KEY` taken from the shell, a quoted
 * env-file value): then the map counts as not in the folder, so what it sets stays unknown.
 */
function generatedDoc(
  item: YMap | undefined,
  kind: "ConfigMap" | "Secret",
  here: string,
  readText: (path: string, name: string, at: Location) => string | undefined,
): { doc: YMap; behavior: string } | undefined {
  const nameNode = asScalar(get(item, "name"));
  // A Secret's `files:` are base64 data the model does not read: unknown, as before.
  if (!item || !nameNode || (kind === "Secret" && entryOf(item, "files"))) return undefined;
  const behavior = textOf(get(item, "behavior")) ?? "create";
  if (!["create", "merge", "replace"].includes(behavior)) return undefined;
  const entries: YEntry[] = [];
  const scalar = (text: string, path: string, span: Span): YScalar => ({ kind: "scalar", text, value: text, quote: "plain", path, span });
  const add = (key: string, value: string, path: string, keySpan: Span, valueSpan: Span): void => {
    const at = entries.findIndex((e) => e.key === key);
    const entry: YEntry = { key, keySpan, value: scalar(value, path, valueSpan), span: { start: keySpan.start, end: valueSpan.end }, merged: false };
    if (at >= 0) entries[at] = entry;
    else entries.push(entry);
  };
  for (const envRef of asSeq(get(item, "envs"))?.items ?? [asScalar(get(item, "env"))].filter((n): n is YScalar => n !== undefined)) {
    const ref = asScalar(envRef);
    if (!ref) return undefined;
    const path = joinPath(here, ref.text);
    const text = readText(path, ref.text, locationOf(ref));
    if (text === undefined) return undefined;
    let offset = 0;
    for (const line of text.split("\n")) {
      const start = offset;
      offset += line.length + 1;
      const body = line.replace(/\r$/, "");
      const trimmed = body.trimStart();
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      const lead = body.length - trimmed.length;
      const eq = trimmed.indexOf("=");
      if (eq <= 0) return undefined;
      const value = trimmed.slice(eq + 1);
      if (/^["']/.test(value)) return undefined;
      const keyStart = start + lead;
      add(trimmed.slice(0, eq), value, path, { start: keyStart, end: keyStart + eq }, { start: keyStart + eq + 1, end: keyStart + eq + 1 + value.length });
    }
  }
  // `files:`: each file's whole text under its name, or under `key=` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/).
  const files = get(item, "files");
  if (files && !asSeq(files)) return undefined;
  for (const fileRef of asSeq(files)?.items ?? []) {
    const ref = asScalar(fileRef);
    if (!ref || ref.templated) return undefined;
    const eq = ref.text.indexOf("=");
    const relative = (eq >= 0 ? ref.text.slice(eq + 1) : ref.text).trim();
    const key = eq >= 0 ? ref.text.slice(0, eq).trim() : basename(relative);
    if (key === "" || relative === "") return undefined;
    const path = joinPath(here, relative);
    const text = readText(path, relative, locationOf(ref));
    if (text === undefined) return undefined;
    add(key, text, path, ref.span, { start: 0, end: text.length });
  }
  for (const literal of asSeq(get(item, "literals"))?.items ?? []) {
    const node = asScalar(literal);
    if (!node) return undefined;
    const eq = node.text.indexOf("=");
    if (eq <= 0) return undefined;
    let value = node.text.slice(eq + 1);
    if (/^(".*"|'.*')$/s.test(value)) value = value.slice(1, -1);
    // A plain scalar's text is the file's: key and value are located on it; otherwise on the whole literal.
    const plain = node.quote === "plain";
    const keySpan = plain ? { start: node.span.start, end: node.span.start + eq } : node.span;
    const valueSpan = plain ? { start: node.span.start + eq + 1, end: node.span.end } : node.span;
    add(node.text.slice(0, eq), value, node.path, keySpan, valueSpan);
  }
  const place = { path: item.path, span: item.span };
  const map = (list: YEntry[]): YMap => ({ kind: "map", entries: list, flow: false, ...place });
  const entry = (key: string, value: YNode): YEntry => ({ key, keySpan: nameNode.span, value, span: nameNode.span, merged: false });
  const dataEntries = behavior === "replace" ? [entry("$patch", scalar("replace", item.path, nameNode.span)), ...entries] : entries;
  const metadata = [entry("name", nameNode)];
  const namespace = asScalar(get(item, "namespace"));
  if (namespace) metadata.push(entry("namespace", namespace));
  const doc = map([entry("apiVersion", scalar("v1", item.path, nameNode.span)), entry("kind", scalar(kind, item.path, nameNode.span)), entry("metadata", map(metadata)), entry("data", map(dataEntries))]);
  return { doc, behavior };
}

/** Kustomize's patch target (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/). */
function targetOf(target: YMap | undefined): PatchTarget | undefined {
  if (!target) return undefined;
  const field = (key: string): string | undefined => textOf(get(target, key));
  return { kind: field("kind"), name: field("name"), namespace: field("namespace"), labelSelector: field("labelSelector"), annotationSelector: field("annotationSelector") };
}

/**
 * Where each offset of a literal block scalar's text (`patch: |-`) lies in its file: the text is
 * the lines below the header with the block's indentation removed. Undefined for another style
 * or when the lines do not read back exactly (then nodes are placed on the whole value).
 */
function blockOffsets(scalar: YScalar, fileText: string | undefined): ((offset: number) => number) | undefined {
  if (scalar.quote !== "block" || fileText === undefined) return undefined;
  const header = fileText.slice(scalar.span.start, fileText.indexOf("\n", scalar.span.start));
  if (!/^\|[-+]?\d*\s*(#.*)?$/.test(header.trim())) return undefined;
  const lines = scalar.text.split("\n");
  const starts: number[] = [];
  let at = scalar.span.start + header.length + 1;
  let indent: number | undefined;
  for (const line of lines) {
    if (at > fileText.length) break;
    let end = fileText.indexOf("\n", at);
    if (end < 0) end = fileText.length;
    const source = fileText.slice(at, end).replace(/\r$/, "");
    if (line !== "") {
      indent ??= source.length - source.trimStart().length;
      if (source.slice(indent) !== line) return undefined;
    }
    starts.push(at + (line === "" ? 0 : (indent ?? 0)));
    at = end + 1;
  }
  if (starts.length === 0) return undefined;
  const lineStarts: number[] = [0];
  for (let i = 0; i < scalar.text.length; i++) if (scalar.text[i] === "\n") lineStarts.push(i + 1);
  return (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    const start = starts[Math.min(line, starts.length - 1)];
    return Math.min(start + offset - lineStarts[line], scalar.span.end);
  };
}

/**
 * An inline patch's nodes, placed in the kustomization: on their own lines of a literal block
 * (`patch: |-`), else on the whole `patch:` value (its text is parsed on its own, so its spans are not the file's).
 */
function relocated(node: YNode, at: Location, offsets?: (offset: number) => number, done = new Map<YNode, YNode>()): YNode {
  // Aliases share nodes: each is moved once, so an alias bomb stays linear.
  const seen = done.get(node);
  if (seen) return seen;
  const move = (span: Span): Span => (offsets ? { start: offsets(span.start), end: offsets(span.end) } : at.span);
  const place = { path: at.path, span: move(node.span) };
  let out: YNode;
  if (node.kind === "scalar") out = { ...node, ...place };
  else if (node.kind === "seq") out = { ...node, ...place, items: node.items.map((i) => relocated(i, at, offsets, done)) };
  else out = { ...node, ...place, merges: undefined, entries: node.entries.map((e) => ({ ...e, keySpan: move(e.keySpan), span: move(e.span), alias: undefined, value: e.value ? relocated(e.value, at, offsets, done) : undefined })) };
  done.set(node, out);
  return out;
}

function countOf(name: string, kind: string | undefined, node: YNode | undefined, location: Location, label: string): ReplicaOverride {
  const value = asScalar(node);
  const n = Number(value?.text);
  return { name, kind, count: value && Number.isInteger(n) && n >= 0 ? n : undefined, location, valueLocation: value?.quote === "plain" ? locationOf(value) : undefined, label };
}

/** The `spec.replicas` a strategic merge patch sets, or the `/spec/replicas` a JSON 6902 patch replaces or adds. */
function patchCounts(roots: YNode[], target: { name: string; kind?: string } | undefined, at: (location: Location) => Location): ReplicaOverride[] {
  const out: ReplicaOverride[] = [];
  for (const root of roots) {
    const ops = asSeq(root);
    if (ops) {
      if (!target) continue;
      for (const op of ops.items) {
        const opName = textOf(get(op, "op"));
        if (textOf(get(op, "path")) !== "/spec/replicas" || (opName !== "replace" && opName !== "add")) continue;
        const valueEntry = entryOf(asMap(op), "value");
        const location = valueEntry ? { path: op.path, span: { start: valueEntry.keySpan.start, end: valueEntry.value?.span.end ?? valueEntry.keySpan.end } } : locationOf(op);
        out.push(countOf(target.name, target.kind, valueEntry?.value, at(location), "value"));
      }
      continue;
    }
    const name = textOf(get(root, "metadata", "name")) ?? target?.name;
    const kind = textOf(get(root, "kind")) ?? target?.kind;
    const entry = entryOf(asMap(get(root, "spec")), "replicas");
    if (!name || !entry) continue;
    out.push(countOf(name, kind, entry.value, at({ path: root.path, span: { start: entry.keySpan.start, end: entry.value?.span.end ?? entry.keySpan.end } }), "spec.replicas"));
  }
  return out;
}

/** The replica count the layers give a workload: the last override that applies to it. */
export function replicaOverrideOf(overrides: readonly ReplicaOverride[], kind: string, name: string): ReplicaOverride | undefined {
  if (!SCALABLE.has(kind)) return undefined;
  let found: ReplicaOverride | undefined;
  for (const o of overrides) {
    if (o.replaced) {
      const written = o.replaced.get(`${kind}/${name}`);
      if (written) found = { ...o, ...written, name };
      continue;
    }
    if ((o.name === name || o.name === "*") && (!o.kind || o.kind === kind)) found = o;
  }
  return found;
}


/** A text field of a kustomization entry; `false`: written but not as plain text the linter can read. */
function plainField(map: YMap | undefined, key: string): string | undefined | false {
  const entry = entryOf(map, key);
  if (!entry) return undefined;
  const value = asScalar(entry.value);
  return value && !value.templated && value.value !== null && typeof value.value !== "object" ? value.text : false;
}

/** A selector (https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/selector.go); undefined when a field cannot be read. */
function selectorOf(map: YMap | undefined): ResourceSelector | undefined {
  if (!map || map.templated) return undefined;
  const out: ResourceSelector = {};
  for (const key of ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] as const) {
    const value = plainField(map, key);
    if (value === false) return undefined;
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** `options:` (api/types/replacement.go FieldOptions); undefined when it cannot be read. */
function optionsOf(map: YMap | undefined): FieldOptions | undefined {
  const out: FieldOptions = { index: 0, create: false };
  if (!map) return out;
  const delimiter = plainField(map, "delimiter");
  const index = plainField(map, "index");
  const create = plainField(map, "create");
  if (delimiter === false || index === false || create === false) return undefined;
  if (delimiter) out.delimiter = delimiter;
  if (index !== undefined) {
    if (!/^[-+]?\d{1,18}$/.test(index.trim())) return undefined;
    out.index = Number(index);
  }
  if (create !== undefined) {
    if (create !== "true" && create !== "false") return undefined;
    out.create = create === "true";
  }
  return out;
}

/** A replacement entry (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replacements/). */
function replacementOf(map: YMap): Replacement {
  const at = locationOf(map);
  let unreadable = false;
  const sourceMap = asMap(get(map, "source"));
  const sourceValueEntry = entryOf(map, "sourceValue");
  const sourceValue = asScalar(sourceValueEntry?.value);
  let source: Replacement["source"];
  if (sourceMap) {
    const select = selectorOf(sourceMap);
    const fieldPath = plainField(sourceMap, "fieldPath");
    const options = optionsOf(asMap(get(sourceMap, "options")));
    if (select && fieldPath !== false && options) source = { select, fieldPath: fieldPath || DEFAULT_FIELD_PATH, options };
    else unreadable = true;
  }
  // Both, neither, or a source written otherwise: Kustomize refuses it.
  if ((sourceMap ? 1 : 0) + (sourceValueEntry ? 1 : 0) !== 1 || (entryOf(map, "source") && !sourceMap) || (sourceValueEntry && (!sourceValue || sourceValue.templated))) unreadable = true;
  const targets: ReplacementTarget[] = [];
  const targetItems = asSeq(get(map, "targets"))?.items ?? [];
  if (targetItems.length === 0) unreadable = true;
  for (const item of targetItems) {
    const t = asMap(item);
    const select = selectorOf(asMap(get(t, "select")));
    const rejects = asSeq(get(t, "reject"))?.items ?? [];
    const reject = rejects.map((r) => selectorOf(asMap(r)));
    const options = optionsOf(asMap(get(t, "options")));
    const pathsNode = get(t, "fieldPaths");
    const fieldPaths = (asSeq(pathsNode)?.items ?? []).map((p) => ({ path: asScalar(p) && !asScalar(p)!.templated ? asScalar(p)!.text : undefined, at: locationOf(p) }));
    if (!t || !select || reject.some((r) => !r) || !options || (pathsNode && !asSeq(pathsNode)) || fieldPaths.some((p) => p.path === undefined)) unreadable = true;
    targets.push({
      select,
      reject: reject.filter((r): r is ResourceSelector => r !== undefined),
      fieldPaths: fieldPaths.length > 0 ? fieldPaths.map((p) => ({ path: p.path ?? "", at: p.at })) : [{ path: DEFAULT_FIELD_PATH, at: select && t ? locationOf(get(t, "select")!) : at }],
      options: options ?? { index: 0, create: false },
    });
  }
  return { at, source, ...(sourceValue && !sourceValue.templated ? { value: sourceValue } : {}), targets, ...(unreadable ? { unreadable } : {}) };
}

/** A `vars:` entry (https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/var.go); undefined when it cannot be read. */
function varOf(map: YMap | undefined): KustomizeVar | undefined {
  const name = plainField(map, "name");
  const objref = asMap(get(map, "objref"));
  if (!map || !name || !objref) return undefined;
  const apiVersion = plainField(objref, "apiVersion");
  const kind = plainField(objref, "kind");
  const objName = plainField(objref, "name");
  const namespace = plainField(objref, "namespace");
  const fieldPath = plainField(asMap(get(map, "fieldref")), "fieldpath") ?? plainField(asMap(get(map, "fieldref")), "fieldPath");
  // A var the linter cannot read is still declared: every `$(NAME)` of it is unknown.
  const unreadable = apiVersion === false || kind === false || objName === false || namespace === false || fieldPath === false;
  const [group, version] = apiVersion ? (apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion]) : [plainField(objref, "group") || "", plainField(objref, "version") || ""];
  return {
    name,
    objref: unreadable ? undefined : { group, version, kind: kind || "", name: objName || "", ...(namespace ? { namespace } : {}) },
    fieldPath: (fieldPath || DEFAULT_FIELD_PATH) as string,
    at: locationOf(map),
  };
}
