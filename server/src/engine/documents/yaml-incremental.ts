import type { Span } from "../text/span";
import { hasTemplateSyntax } from "./template-mask";
import { countNodes, MAX_NODES, parseFragment, type YamlFile, type YEntry, type YMap, type YNode } from "./yaml-tree";

/**
 * Re-parses only the block an edit falls in: one entry of the root map (a top-level key of a
 * values file) or one entry of a block map under it (one service under `services:`). The block
 * is read on its own and its subtree spliced into the previous tree, with every span after it
 * moved by the edit's length change. The result is exactly what `parseYaml` gives for the new
 * text (a property test holds it to that); whenever that is not certain, this returns
 * undefined and the caller parses the whole text:
 *
 * - the previous tree had a problem, or several documents, or directives, or its root is not a
 *   block map with its keys at the start of their lines;
 * - the edit is not strictly inside one block that has a next sibling (it touches the key's
 *   indentation, the line of the next key, or the last block, whose end the parents' spans share);
 * - the block's text, before or after, has a tab, a CR, an anchor, an alias, a merge key, a
 *   directive or a document marker (`&`, `*`, `<<`, `%`, `---`, `...` — also inside strings:
 *   when unsure, fall back), or the map holding it has merged entries;
 * - the new block does not read, alone, as exactly one entry without any error or warning;
 * - the text, before or after, holds a template opener (`{{`, `{%`, `{#`): a tag on one line
 *   changes how lines far from it read (see template-mask.ts).
 */
export function reparseYaml(previous: YamlFile, text: string): YamlFile | undefined {
  const before = previous.text;
  if (previous.problems.length > 0 || previous.roots.length !== 1) return undefined;
  if (previous.templates !== undefined || hasTemplateSyntax(text)) return undefined;
  if (previous.nodeCount === undefined) return undefined;
  const root = previous.roots[0];
  if (root.kind !== "map" || root.flow) return undefined;
  // Directives (`%YAML 1.1`, `%TAG`) change how a block reads: it would read differently alone.
  if (before.slice(0, root.span.start).includes("%")) return undefined;
  const edit = editBetween(before, text);
  if (!edit) return undefined;

  // The deepest block that holds the edit: a child of a top-level block map, else the top-level entry.
  const top = blockHolding(before, root, edit);
  if (!top) return undefined;
  const parent = root.entries[top.index];
  // The root's keys start their lines, as the stand-in parent of a nested block does.
  if (parent.keySpan.start !== top.start) return undefined;
  const inner = parent.value?.kind === "map" && !parent.value.flow ? blockHolding(before, parent.value, edit) : undefined;
  // An anchor on the parent map would share it with an alias elsewhere, which the splice would not update.
  const useInner = inner !== undefined && !hasRisk(before.slice(parent.keySpan.end, parent.value!.span.start));
  const block = useInner ? inner : top;

  const delta = text.length - before.length;
  const newEnd = block.end + delta;
  const oldBlock = before.slice(block.start, block.end);
  const newBlock = text.slice(block.start, newEnd);
  if (hasRisk(oldBlock) || hasRisk(newBlock)) return undefined;

  const entry = readBlock(previous.path, newBlock, block.start, block.indent, useInner);
  const old = (useInner ? (parent.value as YMap) : root).entries[block.index];
  // Same key position, and the block still ends before the next key.
  if (!entry || entry.keySpan.start !== old.keySpan.start || entry.span.end > newEnd) return undefined;
  // A full parse stops at MAX_NODES: past it, the spliced tree would not be the one it reads.
  const nodeCount = previous.nodeCount - countNodes(old.value) + countNodes(entry.value);
  if (nodeCount > MAX_NODES) return undefined;

  const shift = new Shifter(block.end, delta);
  let newRoot: YMap;
  if (useInner) {
    const map = parent.value as YMap;
    const newMap: YMap = { ...map, entries: shift.entriesWith(map.entries, block.index, entry), span: shift.span(map.span) };
    const newParent: YEntry = { ...parent, value: newMap, span: shift.span(parent.span) };
    newRoot = { ...root, entries: shift.entriesWith(root.entries, top.index, newParent), span: shift.span(root.span) };
  } else {
    newRoot = { ...root, entries: shift.entriesWith(root.entries, block.index, entry), span: shift.span(root.span) };
  }
  return { path: previous.path, text, roots: [newRoot], problems: [], nodeCount };
}

interface Edit {
  /** The edit replaced before[start, oldEnd) with after[start, newEnd). */
  start: number;
  oldEnd: number;
}

/** The edits between two texts as one replaced region: between their common prefix and suffix. */
function editBetween(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, oldEnd: before.length - suffix };
}

interface Block {
  /** Index of the entry in its map. */
  index: number;
  /** From the start of the key's line to the start of the next key's line. */
  start: number;
  end: number;
  /** The keys' indentation. */
  indent: number;
}

/**
 * The entry of a block map whose block strictly holds the edit: the edit starts after the first
 * character of its key and ends before the line break that ends its block (the next key's line
 * and the key's indentation stay as they were).
 */
function blockHolding(text: string, map: YMap, edit: Edit): Block | undefined {
  const entries = map.entries;
  if (entries.some((e) => e.merged)) return undefined;
  // The last entry whose key starts before the edit (keys are in text order).
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (entries[mid].keySpan.start < edit.start) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0 || found + 1 >= entries.length) return undefined;
  const entry = entries[found];
  const next = entries[found + 1];
  if (next.keySpan.start <= entry.keySpan.start || entry.keySpan.end <= entry.keySpan.start) return undefined;
  const start = lineStartOf(text, entry.keySpan.start);
  const end = lineStartOf(text, next.keySpan.start);
  // Both keys begin their lines, indented alike with spaces only.
  const indent = entry.keySpan.start - start;
  if (next.keySpan.start - end !== indent || !/^ *$/.test(text.slice(start, entry.keySpan.start)) || !/^ *$/.test(text.slice(end, next.keySpan.start))) return undefined;
  if (end <= start || text.charCodeAt(end - 1) !== 10) return undefined;
  if (edit.oldEnd > end - 1) return undefined;
  return { index: found, start, end, indent };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Tabs, CR, anchors, aliases, merge keys, directives and document markers: fall back. */
function hasRisk(block: string): boolean {
  return /[\t\r&*%]|<<|^(?:---|\.\.\.)/m.test(block) || block.charCodeAt(0) === 0xfeff;
}

/**
 * The block read on its own, between stand-ins for what surrounds it in the file: a parent key
 * above a nested block (so it reads at its own indentation) and a next key after it (a map
 * ends where the next key starts, past trailing comments, as it does in the file). The block's
 * entry, when the block reads as exactly that one entry.
 */
function readBlock(path: string, block: string, base: number, indent: number, nested: boolean): YEntry | undefined {
  const parent = nested ? "x:\n" : "";
  const next = `${" ".repeat(indent)}y:\n`;
  const nextKeyAt = base + block.length + indent;
  const root = parseFragment(path, parent + block + next, base - parent.length);
  let map = root;
  if (nested) {
    if (root?.kind !== "map" || root.entries.length !== 1 || root.entries[0].merged) return undefined;
    map = root.entries[0].value;
  }
  return twoEntries(map, nextKeyAt)?.[0];
}

/** The entries of a block map that are the block's own entry and the stand-in key at `nextKeyAt`. */
function twoEntries(node: YNode | undefined, nextKeyAt: number): [YEntry, YEntry] | undefined {
  if (node?.kind !== "map" || node.flow || node.entries.length !== 2) return undefined;
  const [entry, next] = node.entries;
  if (entry.merged || next.merged || next.keySpan.start !== nextKeyAt) return undefined;
  return [entry, next];
}

/** Copies of the nodes after the edit with their spans moved; nodes before it are shared as they are. */
class Shifter {
  private readonly copies = new Map<YNode, YNode>();

  constructor(
    private readonly from: number,
    private readonly delta: number,
  ) {}

  /** The entries with the one at `index` replaced and those after it moved. */
  entriesWith(entries: YEntry[], index: number, replacement: YEntry): YEntry[] {
    const out = entries.slice(0, index);
    out.push(replacement);
    for (let i = index + 1; i < entries.length; i++) out.push(this.entry(entries[i]));
    return out;
  }

  span(span: Span): Span {
    const { from, delta } = this;
    if (span.end < from) return span;
    return { start: span.start >= from ? span.start + delta : span.start, end: span.end + delta };
  }

  private entry(entry: YEntry): YEntry {
    // An edit that keeps the length (a replica count overtyped) moves nothing: share the rest as it is.
    if (this.delta === 0) return entry;
    return { ...entry, keySpan: this.span(entry.keySpan), value: entry.value && this.node(entry.value), span: this.span(entry.span) };
  }

  private node(node: YNode): YNode {
    // Wholly before the block (aliases only point back, so its subtree is too): shared as it is.
    if (node.span.end < this.from || this.delta === 0) return node;
    const known = this.copies.get(node);
    if (known) return known;
    let copy: YNode;
    if (node.kind === "scalar") copy = { ...node, span: this.span(node.span) };
    else if (node.kind === "map") copy = { ...node, entries: node.entries.map((e) => this.entry(e)), span: this.span(node.span) };
    else copy = { ...node, items: node.items.map((item) => this.node(item)), span: this.span(node.span) };
    this.copies.set(node, copy);
    return copy;
  }
}
