import type { YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";

/**
 * A node's location without the line break that ends a block mapping or sequence, so a finding
 * on a list item (`- name: html` / `mountPath: /var/www/html`) ends where its text ends.
 */
export function nodeLocation(node: YNode): Location {
  return { path: node.path, span: { start: node.span.start, end: Math.max(node.span.start, endOf(node, node.path)) } };
}

function endOf(node: YNode, path: string): number {
  if (node.kind === "map" && !node.flow && node.entries.length > 0) {
    const last = node.entries[node.entries.length - 1];
    // A value a kustomize patch or replacement wrote lies in another file: the entry as this file writes it ends the map.
    if (last.value && last.value.path !== path) return (last.keyPath ?? path) === path ? last.span.end : node.span.end;
    return last.value ? endOf(last.value, path) : last.span.end;
  }
  if (node.kind === "seq" && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    return last.path === path ? endOf(last, path) : node.span.end;
  }
  return node.span.end;
}
