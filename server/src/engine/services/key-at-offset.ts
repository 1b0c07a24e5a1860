import type { EnvFile } from "../documents/env-file";
import type { YamlFile, YNode } from "../documents/yaml-tree";
import type { Span } from "../text/span";

/** The setting name under the cursor: a YAML key (with the keys above it) or a variable name. */
export interface KeyAtOffset {
  /** Keys from the document root; list items add their index. For `- NAME=value` the last key is NAME. */
  path: string[];
  span: Span;
  /** The value as written, when it is a scalar. */
  value: string | undefined;
  /** `- NAME=value` in a list, or a `.env` line: an environment variable rather than a YAML key. */
  isVariable: boolean;
}

/**
 * Walks down the spans only (no full traversal), so a hover costs a few comparisons per level.
 * Aliased nodes keep the spans of their anchor, so they never contain the offset and are skipped.
 */
export function yamlKeyAt(file: YamlFile, offset: number): KeyAtOffset | undefined {
  for (const root of file.roots) {
    if (!within(root.span, offset)) continue;
    const found = walk(root, [], offset, file.text);
    if (found) return found;
  }
  return undefined;
}

export function envKeyAt(file: EnvFile, offset: number): KeyAtOffset | undefined {
  for (const entry of file.entries) {
    if (within(entry.keySpan, offset)) return { path: [entry.key], span: entry.keySpan, value: entry.inherited ? undefined : entry.rawValue, isVariable: true };
  }
  return undefined;
}

function walk(node: YNode, path: string[], offset: number, text: string): KeyAtOffset | undefined {
  if (node.kind === "map") {
    for (const entry of node.entries) {
      if (entry.merged) continue;
      if (within(entry.keySpan, offset)) {
        return { path: [...path, entry.key], span: entry.keySpan, value: entry.value?.kind === "scalar" ? entry.value.text : undefined, isVariable: false };
      }
      if (entry.value && within(entry.value.span, offset)) return walk(entry.value, [...path, entry.key], offset, text);
    }
    return undefined;
  }
  if (node.kind === "seq") {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      if (!within(item.span, offset)) continue;
      if (item.kind === "scalar") return listVariableAt(item.text, item.span, path, offset, text);
      return walk(item, [...path, String(i)], offset, text);
    }
  }
  return undefined;
}

/** `- NAME=value` (or `- NAME`) in a list: the NAME part, located in the exact source text. */
function listVariableAt(itemText: string, itemSpan: Span, path: string[], offset: number, text: string): KeyAtOffset | undefined {
  const name = /^([A-Za-z_][A-Za-z0-9_.-]*)(=|$)/.exec(itemText);
  if (!name) return undefined;
  const source = text.slice(itemSpan.start, itemSpan.end);
  const at = source.indexOf(name[1]);
  if (at < 0) return undefined;
  const span = { start: itemSpan.start + at, end: itemSpan.start + at + name[1].length };
  if (!within(span, offset)) return undefined;
  return { path: [...path, name[1]], span, value: name[2] === "=" ? itemText.slice(name[0].length) : undefined, isVariable: true };
}

/** Inclusive of the end, so a cursor right after the last character still counts. */
function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
