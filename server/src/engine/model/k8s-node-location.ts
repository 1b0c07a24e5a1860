import type { YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";

/**
 * A node's location without the line break that ends a block mapping or sequence, so a finding
 * on a list item (`- name: html` / `mountPath: /var/www/html`) ends where its text ends.
 */
export function nodeLocation(node: YNode): Location {
  return { path: node.path, span: { start: node.span.start, end: endOf(node) } };
}

function endOf(node: YNode): number {
  if (node.kind === "map" && !node.flow && node.entries.length > 0) {
    const last = node.entries[node.entries.length - 1];
    return last.value ? endOf(last.value) : last.span.end;
  }
  if (node.kind === "seq" && !node.flow && node.items.length > 0) return endOf(node.items[node.items.length - 1]);
  return node.span.end;
}
