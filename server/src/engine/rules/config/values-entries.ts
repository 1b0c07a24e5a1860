import type { YEntry, YMap, YNode } from "../../documents/yaml-tree";

export interface ValuesEntry {
  /** Dotted path without sequence indexes, as the catalog names values (`nextcloud.extraEnv.name`). */
  path: string;
  /** The path of the mapping the entry sits in ("" at the top). */
  parentPath: string;
  entry: YEntry;
  map: YMap;
}

/**
 * Walks the keys of a Helm values document depth first. `visit` returns false to skip what is
 * below a key. Merged (`<<`) entries are skipped: their text is where the anchor was defined,
 * which the walk reaches on its own. Aliased nodes are visited once.
 */
export function walkValues(root: YNode | undefined, visit: (item: ValuesEntry) => boolean | void): void {
  const seen = new Set<YNode>();
  const walk = (node: YNode | undefined, parentPath: string): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (node.kind === "seq") {
      for (const item of node.items) walk(item, parentPath);
      return;
    }
    if (node.kind !== "map") return;
    for (const entry of node.entries) {
      if (entry.merged) continue;
      const path = parentPath ? `${parentPath}.${entry.key}` : entry.key;
      if (visit({ path, parentPath, entry, map: node }) === false) continue;
      walk(entry.value, path);
    }
  };
  walk(root, "");
}
