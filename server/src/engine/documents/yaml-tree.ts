import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  Scalar,
  type Node as YamlNode,
  type Document,
} from "yaml";
import type { Location, Span } from "../text/span";
import { MAX_NESTING, nestingOverflowAt } from "./yaml-nesting";
import { maskTemplates, overlapping, pastTagLines, restoreTemplates, type TemplateMask } from "./template-mask";

/**
 * The engine's own YAML tree: every node knows its file and exact span. Aliases resolve to
 * the anchored node (shared, so an alias bomb costs memory linear in the text); merge keys
 * (`<<: *x`) are expanded with explicit keys winning, as YAML 1.1 and Compose do.
 */
export type YNode = YScalar | YMap | YSeq;

export type QuoteStyle = "plain" | "single" | "double" | "block";

export interface YScalar {
  kind: "scalar";
  /** The scalar as text ("" for null), which is how Compose reads environment values. */
  text: string;
  /** The YAML value (null, boolean, number, string) as the core schema reads it. */
  value: unknown;
  quote: QuoteStyle;
  path: string;
  span: Span;
  /** Its text holds a template expression (`https://{{ domain }}`): what it renders to is unknown. */
  templated?: boolean;
}

export interface YEntry {
  key: string;
  keySpan: Span;
  value: YNode | undefined;
  /** From the start of the key to the end of the value. */
  span: Span;
  /** The entry came from a `<<` merge, so its spans are where the anchor was defined. */
  merged: boolean;
  /** The key itself is a template expression: which key it renders to is unknown. */
  templated?: boolean;
  /** The value is written as an alias (`key: *name`): its span, where an edit of this entry alone belongs. */
  alias?: Span;
  /**
   * Compose's merge tags on the value: `!reset` drops what earlier files set for the key,
   * `!override` replaces it instead of merging (https://docs.docker.com/reference/compose-file/merge/#reset-value).
   */
  composeTag?: "reset" | "override";
  /** The file the key is written in when it is not the mapping's own (a key a kustomize patch adds to a base's mapping). */
  keyPath?: string;
}

/** Where an entry's key is written: in the mapping's file, unless a patch from another file added it. */
export function keyLocationOf(mapPath: string, entry: YEntry): { path: string; span: Span } {
  return { path: entry.keyPath ?? mapPath, span: entry.keySpan };
}

/** An entry from its key to the end of its value, when both lie in one file (a patch may write either); else its key alone. */
export function entryLocationOf(mapPath: string, entry: YEntry): { path: string; span: Span } {
  const path = entry.keyPath ?? mapPath;
  return { path, span: { start: entry.keySpan.start, end: entry.value && entry.value.path === path ? entry.value.span.end : entry.keySpan.end } };
}

export interface YMap {
  kind: "map";
  entries: YEntry[];
  flow: boolean;
  path: string;
  span: Span;
  /** A template renders further entries into it (`{{ toYaml .Values.env | nindent 4 }}`): it may hold more than it shows. */
  templated?: boolean;
  /** The maps its `<<` merge keys name, whose entries it shows as `merged` ones. */
  merges?: YMap[];
  /** Its anchor name (`&name`), by which another map can merge it. */
  anchor?: string;
}

export interface YSeq {
  kind: "seq";
  items: YNode[];
  flow: boolean;
  path: string;
  span: Span;
  /** A template renders further items into it: it may hold more than it shows. */
  templated?: boolean;
}

export interface YamlProblem {
  message: string;
  span: Span;
  severity: "error" | "warning";
  /** A limit was hit (nesting, alias expansion), not a syntax error: the message is whole as it is. */
  limit?: boolean;
}

export interface YamlFile {
  path: string;
  text: string;
  /** One root per `---` document; undefined roots for empty documents are left out. */
  roots: YNode[];
  problems: YamlProblem[];
  /** How many nodes the parse made (aliases counted once): an edit may not push it past MAX_NODES unnoticed. */
  nodeCount?: number;
  /** The Jinja or Go-template expressions of the text, in text order, each read as an unknown value (see template-mask.ts). */
  templates?: Span[];
  /** Lines that render content of their own (`{{ toYaml … | nindent 2 }}`): what they add is unknown. */
  renderedTemplates?: Span[];
}

export const MAX_NODES = 200_000;
const nestingMessage = `The YAML nests deeper than ${MAX_NESTING} levels: this file was not read.`;
const MAX_DEPTH = 1_000;

/** The nodes of a subtree as the parser counts them; a subtree without aliases has no shared nodes. */
export function countNodes(node: YNode | undefined): number {
  if (!node) return 0;
  if (node.kind === "scalar") return 1;
  if (node.kind === "seq") return node.items.reduce((n, item) => n + countNodes(item), 1);
  return node.entries.reduce((n, entry) => n + (entry.merged ? 0 : countNodes(entry.value)), 1);
}

export function parseYaml(path: string, text: string): YamlFile {
  const problems: YamlProblem[] = [];
  // Template expressions stand in for unknown values of the same length: every span stays the text's.
  const mask = maskTemplates(text);
  const source = mask?.masked ?? text;
  const tooDeep = nestingOverflowAt(source);
  if (tooDeep !== undefined) {
    const start = Math.min(tooDeep, text.length);
    problems.push({ message: nestingMessage, span: { start, end: Math.min(text.length, start + 1) }, severity: "warning", limit: true });
    return { path, text, roots: [], problems, ...(mask ? { templates: mask.all } : {}) };
  }
  let docs: Document.Parsed[];
  try {
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(source, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    problems.push({ message: `YAML could not be read: ${String(error)}`, span: { start: 0, end: 0 }, severity: "error" });
    return { path, text, roots: [], problems, ...(mask ? { templates: mask.all } : {}) };
  }
  const roots: YNode[] = [];
  let nodeCount = 0;
  for (const doc of docs) {
    for (const e of doc.errors) problems.push(problemOf(e, text, "error"));
    for (const w of doc.warnings) if (!isComposeMergeTag(w)) problems.push(problemOf(w, text, "warning"));
    const converter = new Converter(path, text, doc, 0, mask);
    const root = converter.convert(doc.contents as YamlNode | null);
    nodeCount += converter.nodeCount;
    // Every YAML reader refuses these (yaml.v3 in Compose and Helm: "unknown anchor"); an anchor is
    // seen only in its own file, so one from an included or base file does not count.
    for (const alias of converter.unresolvedAliases) {
      problems.push({ message: `The alias *${alias.name} names no anchor defined before it in this file: YAML readers (Compose, Helm, kubectl) refuse the file. An anchor counts only in the file that defines it; quote the value if \`*${alias.name}\` is meant as text.`, span: alias.span, severity: "error" });
    }
    // An empty document (a trailing `---`) reads as a zero-width null scalar: not a root.
    const empty = root?.kind === "scalar" && root.value === null && root.span.start === root.span.end;
    if (root && !empty) roots.push(root);
    const refused = excessiveAliasing(doc);
    if (refused) problems.push({ ...refused, limit: true });
    if (converter.truncated) {
      problems.push({ message: "The YAML expands to too many nodes (alias bomb?); only part of it was read.", span: { start: 0, end: 0 }, severity: "warning" });
    }
  }
  if (mask) {
    for (const span of mask.rendered) markRendered(roots, text, span);
    for (const problem of problems) {
      const start = pastTagLines(mask, problem.span.start);
      if (start !== problem.span.start && start < text.length) problem.span = { start, end: Math.min(text.length, Math.max(start + 1, problem.span.end)) };
    }
  }
  return { path, text, roots, problems, nodeCount, ...(mask ? { templates: mask.all, ...(mask.rendered.length > 0 ? { renderedTemplates: mask.rendered } : {}) } : {}) };
}

/** The last index below `length` for which `holds` is true, when it holds for a prefix; -1 for none. */
function lastBefore(length: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (holds(mid)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * A line-level output (`{{ toYaml .Values.env | nindent 4 }}`, `{% include %}`) renders content
 * the files do not show into the node it stands in: the deepest block whose key is less indented
 * than the tag. That node is marked, so what it holds is unknown rather than absent.
 */
function markRendered(roots: YNode[], text: string, span: Span): void {
  const column = span.start - (text.lastIndexOf("\n", span.start - 1) + 1);
  const columnOf = (offset: number): number => offset - (text.lastIndexOf("\n", offset - 1) + 1);
  let node: YNode | undefined;
  for (const root of roots) if (root.span.start <= span.start) node = root;
  while (node) {
    if (node.kind === "scalar") {
      node.templated = true;
      return;
    }
    if (node.kind === "seq") {
      const items = node.items;
      const last = items[lastBefore(items.length, (k) => items[k].span.start < span.start)];
      if (last?.kind === "map" && last.entries.length > 0 && columnOf(last.entries[0].keySpan.start) < column) {
        node = last;
        continue;
      }
      node.templated = true;
      return;
    }
    // Explicit entries are in text order, merged ones after them.
    const entries = node.entries;
    const explicit = lastBefore(entries.length, (k) => !entries[k].merged) + 1;
    const entry: YEntry | undefined = entries[lastBefore(explicit, (k) => entries[k].keySpan.start < span.start)];
    if (!entry || columnOf(entry.keySpan.start) >= column) {
      node.templated = true;
      return;
    }
    if (!entry.value) {
      node.templated = true;
      return;
    }
    node = entry.value;
  }
}

/**
 * The root of a fragment of a file (for the incremental re-parse): `text` is the fragment, its
 * spans are moved by `base` to where it stands in the file. Undefined unless the fragment is
 * exactly one document that reads without any error or warning.
 */
export function parseFragment(path: string, text: string, base: number): YNode | undefined {
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch {
    return undefined;
  }
  if (docs.length !== 1 || docs[0].errors.length > 0 || docs[0].warnings.length > 0) return undefined;
  const converter = new Converter(path, text, docs[0], base);
  const root = converter.convert(docs[0].contents as YamlNode | null);
  return converter.truncated ? undefined : root;
}

function problemOf(e: { message: string; pos: [number, number] }, text: string, severity: "error" | "warning"): YamlProblem {
  const start = clamp(e.pos?.[0] ?? 0, text.length);
  let end = clamp(e.pos?.[1] ?? start, text.length);
  if (end <= start) end = Math.min(text.length, start + 1);
  const firstLine = e.message.split("\n")[0];
  const span = { start: pairStart(text, start), end: pairEnd(text, Math.max(start, end)) };
  // The parser's own stack overflow, should a nesting the scan let through still be too deep.
  if (/Maximum call stack size exceeded/i.test(firstLine)) return { message: nestingMessage, span, severity: "warning", limit: true };
  // The parser counts positions in UTF-16 units: one character on from an emoji's first half is its second half.
  return { message: firstLine, span, severity };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const splitsPair = (text: string, offset: number): boolean => offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
/** An offset moved back to the start of the surrogate pair it would split. */
const pairStart = (text: string, offset: number): number => (splitsPair(text, offset) ? offset - 1 : offset);
/** An offset moved on past the surrogate pair it would split. */
const pairEnd = (text: string, offset: number): number => (splitsPair(text, offset) ? offset + 1 : offset);

/**
 * go-yaml (v2 since 2.2.4 and v3, which Compose, Helm and kubectl read YAML with) refuses a
 * document whose aliases make up too much of what it decodes: "yaml: document contains excessive
 * aliasing" (its decode.go, `allowedAliasRatio`, the fix of CVE-2019-11253). Counted here without
 * expanding anything, with sizes memoised per node, so a billion laughs costs its text's length.
 */
function excessiveAliasing(doc: Document.Parsed): Omit<YamlProblem, "limit"> | undefined {
  const sizes = new Map<unknown, { total: number; aliased: number }>();
  const inProgress = new Set<unknown>();
  let firstAlias: [number, number] | undefined;
  const sizeOf = (node: unknown): { total: number; aliased: number } => {
    if (!node || typeof node !== "object") return { total: 0, aliased: 0 };
    const known = sizes.get(node);
    if (known) return known;
    if (inProgress.has(node)) return { total: 1, aliased: 0 };
    inProgress.add(node);
    let result: { total: number; aliased: number };
    if (isAlias(node)) {
      firstAlias ??= node.range ? [node.range[0], node.range[1]] : undefined;
      const target = sizeOf(node.resolve(doc));
      // Everything decoded through an alias counts as aliased, the alias itself included.
      result = { total: target.total + 1, aliased: target.total + 1 };
    } else if (isMap(node) || isSeq(node)) {
      let total = 1;
      let aliased = 0;
      for (const item of node.items as unknown[]) {
        for (const part of isPair(item) ? [item.key, item.value] : [item]) {
          const child = sizeOf(part);
          total += child.total;
          aliased += child.aliased;
        }
      }
      result = { total, aliased };
    } else result = { total: 1, aliased: 0 };
    inProgress.delete(node);
    sizes.set(node, result);
    return result;
  };
  const { total, aliased } = sizeOf(doc.contents);
  if (!(aliased > 100 && total > 1000 && aliased / total > allowedAliasRatio(total)) || !firstAlias) return undefined;
  return {
    message: `The aliases in this file expand to ${Math.round(total).toLocaleString("en-US")} values, so Compose, Helm and kubectl refuse it ("yaml: document contains excessive aliasing", https://github.com/go-yaml/yaml/blob/v3/decode.go). It was read here without expanding them.`,
    span: { start: firstAlias[0], end: Math.max(firstAlias[0] + 1, firstAlias[1]) },
    severity: "error",
  };
}

/** go-yaml's allowed share of aliased values: 99% up to 400,000 decoded values, falling to 10% at 4,000,000. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(n, max));
}

class Converter {
  private readonly cache = new Map<YamlNode, YNode | undefined>();
  private readonly inProgress = new Set<YamlNode>();
  private count = 0;
  truncated = false;
  /** Aliases that name no anchor before them in the document (`*app` where another file defines `&app`). */
  readonly unresolvedAliases: { name: string; span: Span }[] = [];

  get nodeCount(): number {
    return this.count;
  }

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly doc: Document.Parsed,
    /** Where `text` starts in the file (a fragment's spans are the file's). */
    private readonly base = 0,
    private readonly mask?: TemplateMask,
  ) {}

  /** The text the parser read (the masked one when the file has templates). */
  private get source(): string {
    return this.mask?.masked ?? this.text;
  }

  convert(node: YamlNode | null | undefined): YNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) {
      let target: unknown;
      try {
        target = node.resolve(this.doc);
      } catch {
        target = undefined;
      }
      if (!target && node.range) this.unresolvedAliases.push({ name: node.source, span: this.spanOf(node) });
      return target ? this.convert(target as YamlNode) : undefined;
    }
    if (this.cache.has(node)) return this.cache.get(node);
    if (this.inProgress.has(node)) return undefined; // recursive alias
    // Deeper than any deployment file nests: the rest would overflow the stack.
    if (++this.count > MAX_NODES || this.inProgress.size > MAX_DEPTH) {
      this.truncated = true;
      return undefined;
    }
    this.inProgress.add(node);
    const result = this.convertFresh(node);
    this.inProgress.delete(node);
    this.cache.set(node, result);
    return result;
  }

  private spanOf(node: YamlNode): Span {
    const range = node.range;
    if (!range) return { start: 0, end: 0 };
    return { start: this.base + clamp(range[0], this.text.length), end: this.base + clamp(range[1], this.text.length) };
  }

  private convertFresh(node: YamlNode): YNode | undefined {
    if (isScalar(node)) return this.scalar(node);
    if (isMap(node)) {
      const entries: YEntry[] = [];
      const explicit = new Set<string>();
      const merges: YMap[] = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        // A collection as key: its source text (bounded: `{{{{…` must not be stringified whole).
        const keyText = keyNode && isScalar(keyNode) ? scalarText(keyNode.value) : keyNode?.range ? this.source.slice(keyNode.range[0], Math.min(keyNode.range[1], keyNode.range[0] + 256)) : "";
        const isMergeKey = keyText === "<<" && keyNode !== null && isScalar(keyNode) && keyNode.type === "PLAIN";
        const valueNode = item.value as YamlNode | null;
        if (isMergeKey || (keyNode && (keyNode as { source?: string }).source === "<<")) {
          const merged = this.convert(valueNode);
          if (merged?.kind === "map") merges.push(merged);
          else if (merged?.kind === "seq") for (const m of merged.items) if (m.kind === "map") merges.push(m);
          continue;
        }
        const keySpan = keyNode ? this.spanOf(keyNode) : { start: 0, end: 0 };
        const value = this.convert(valueNode);
        const valueEnd = valueNode?.range ? this.base + clamp(valueNode.range[1], this.text.length) : keySpan.end;
        const templatedKey = this.templatedSpans(keySpan);
        const key = templatedKey ? restoreTemplates(keyText, this.text, overlapping(this.mask!.inline, keySpan)) : keyText;
        explicit.add(key);
        const entry: YEntry = { key, keySpan, value, span: { start: keySpan.start, end: Math.max(keySpan.end, valueEnd) }, merged: false };
        if (templatedKey) entry.templated = true;
        if (valueNode && isAlias(valueNode) && value) entry.alias = this.spanOf(valueNode);
        const tag = valueNode && !isAlias(valueNode) ? valueNode.tag : undefined;
        if (tag === "!reset" || tag === "!override") entry.composeTag = tag === "!reset" ? "reset" : "override";
        entries.push(entry);
      }
      // Earlier merge sources win over later ones; explicit keys win over all.
      for (const source of merges) {
        for (const entry of source.entries) {
          if (explicit.has(entry.key)) continue;
          explicit.add(entry.key);
          entries.push({ ...entry, merged: true });
        }
      }
      const map: YMap = { kind: "map", entries, flow: Boolean(node.flow), path: this.path, span: this.spanOf(node) };
      if (merges.length > 0) map.merges = merges;
      if (typeof node.anchor === "string" && node.anchor !== "") map.anchor = node.anchor;
      return map;
    }
    if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        const converted = this.convert(item as YamlNode);
        if (converted) items.push(converted);
      }
      return { kind: "seq", items, flow: Boolean(node.flow), path: this.path, span: this.spanOf(node) };
    }
    return undefined;
  }

  private scalar(node: Scalar): YScalar {
    const quote: QuoteStyle =
      node.type === Scalar.QUOTE_DOUBLE ? "double" : node.type === Scalar.QUOTE_SINGLE ? "single" : node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL ? "block" : "plain";
    const source = (node as { source?: string }).source;
    // Compose reads plain scalars as strings; keep the written text for numbers so "0770" stays "0770".
    const text = quote === "plain" && typeof source === "string" ? (node.value === null ? "" : source) : scalarText(node.value);
    const span = this.spanOf(node);
    const templated = this.templatedSpans(span);
    if (templated) {
      // Read back with the expressions it holds: `https://{{ domain }}`, a string whatever it renders to.
      const restored = restoreTemplates(text, this.text, overlapping(this.mask!.inline, span));
      return { kind: "scalar", text: restored, value: restored, quote, path: this.path, span, templated: true };
    }
    return { kind: "scalar", text, value: node.value, quote, path: this.path, span };
  }

  /** The template expressions inside a span, or undefined when there are none. */
  private templatedSpans(span: Span): Span[] | undefined {
    if (!this.mask || span.end <= span.start) return undefined;
    const found = overlapping(this.mask.all, span);
    return found.length > 0 ? found : undefined;
  }
}

/** Compose's own tags, which the YAML parser does not know: not a problem of the file. */
function isComposeMergeTag(warning: { code: string; message: string }): boolean {
  return warning.code === "TAG_RESOLVE_FAILED" && /Unresolved tag: !(reset|override)\b/.test(warning.message);
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

// ---- navigation helpers -------------------------------------------------------------------

/**
 * Key → entry of each map, built on the first lookup: rules and adapters look keys up per
 * service, so a linear scan per lookup made a lint quadratic in the size of the file. Kept
 * beside the tree (not in it) so the tree stays plain data; rebuilt if the entries changed.
 */
const indexes = new WeakMap<YEntry[], Map<string, YEntry>>();

function indexOf(map: YMap): Map<string, YEntry> {
  const entries = map.entries;
  let index = indexes.get(entries);
  if (index && index.size <= entries.length) {
    // Cheap staleness check: the last entry is where the index says its key is.
    const last = entries[entries.length - 1];
    if (last === undefined ? index.size === 0 : index.get(last.key) === last) return index;
  }
  index = new Map();
  // Later entries win, as a duplicate key does in YAML.
  for (const entry of entries) index.set(entry.key, entry);
  indexes.set(entries, index);
  return index;
}

export function entryOf(map: YNode | undefined, key: string): YEntry | undefined {
  if (!map || map.kind !== "map") return undefined;
  if (map.entries.length < 8) {
    for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
    return undefined;
  }
  return indexOf(map).get(key);
}

/** The entries written in the mapping itself, with a key (`? ` alone has none: no place to align with or insert after). */
export function ownEntries(map: YMap): YEntry[] {
  return map.entries.filter((e) => !e.merged && e.keySpan.end > e.keySpan.start);
}

export function get(node: YNode | undefined, ...keys: string[]): YNode | undefined {
  let current = node;
  for (const key of keys) {
    current = entryOf(current, key)?.value;
    if (!current) return undefined;
  }
  return current;
}

export function asMap(node: YNode | undefined): YMap | undefined {
  return node?.kind === "map" ? node : undefined;
}

export function asSeq(node: YNode | undefined): YSeq | undefined {
  return node?.kind === "seq" ? node : undefined;
}

export function asScalar(node: YNode | undefined): YScalar | undefined {
  return node?.kind === "scalar" ? node : undefined;
}

export function textOf(node: YNode | undefined): string | undefined {
  return node?.kind === "scalar" ? node.text : undefined;
}

export function locationOf(node: { path: string; span: Span }): Location {
  return { path: node.path, span: node.span };
}

/** A mapping with no entries, placed at `offset` of the file: the values of a release that writes none (the chart's defaults apply). */
export function emptyMapAt(path: string, offset: number): YMap {
  return { kind: "map", entries: [], path, span: { start: offset, end: offset }, flow: false };
}

export function entryLocation(map: YMap, entry: YEntry): Location {
  return { path: map.path, span: entry.keySpan };
}

/** Visits every node once (the tree is a DAG when aliases share nodes). */
export function visitNodes(root: YNode, visit: (node: YNode, keyPath: string[]) => void): void {
  const seen = new Set<YNode>();
  // A visitor that takes no key path gets none: copying the path per node was most of the walk.
  const wantsPath = visit.length >= 2;
  const noPath: string[] = [];
  const walk = (node: YNode, keyPath: string[]): void => {
    if (seen.has(node)) return;
    seen.add(node);
    visit(node, keyPath);
    if (node.kind === "map") for (const e of node.entries) if (e.value) walk(e.value, wantsPath ? [...keyPath, e.key] : noPath);
    if (node.kind === "seq") for (const item of node.items) walk(item, keyPath);
  };
  walk(root, wantsPath ? [] : noPath);
}

/**
 * The nodes of a file that more than one place uses: an anchored node named by an alias or a
 * merge key besides its own place (or by two of them), and everything inside it. Editing one
 * changes every place that uses it. A top-level `x-` key (a Compose extension field) is only a
 * place to define anchors, not a use.
 */
export function sharedNodes(file: YamlFile): Set<YNode> {
  const uses = new Map<YNode, number>();
  const shared = new Set<YNode>();
  // Each node is entered at most twice (a second use makes it and all below it shared), so an alias bomb stays linear.
  const visit = (node: YNode | undefined): void => {
    if (!node) return;
    const count = (uses.get(node) ?? 0) + 1;
    if (count > 2) return;
    uses.set(node, count);
    if (count === 2) shared.add(node);
    if (node.kind === "seq") for (const item of node.items) visit(item);
    if (node.kind === "map") {
      for (const entry of node.entries) if (!entry.merged) visit(entry.value);
      for (const source of node.merges ?? []) visit(source);
    }
  };
  for (const root of file.roots) {
    if (root.kind !== "map") {
      visit(root);
      continue;
    }
    for (const entry of root.entries) if (!entry.merged && !entry.key.startsWith("x-")) visit(entry.value);
    for (const source of root.merges ?? []) visit(source);
  }
  return shared;
}
