import { asMap, asScalar, get } from "../../documents/yaml-tree";
import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { Project } from "../../project/project";

/**
 * Sets an access mode value to ReadWriteMany. The Nextcloud chart takes one string
 * (`persistence.accessMode`), the ownCloud chart a list (`persistence.owncloud.accessMode`,
 * FACTS §4.1): in a block list the ReadWriteOnce item is rewritten in place, so the author's
 * layout and comments stay; a missing list is added as `[ReadWriteMany]`.
 */
export function readWriteManyFix(project: Project, fix: FixBuilder, dottedPath: string, list: boolean, title: string): Fix | undefined {
  const root = project.helmValues?.root;
  const node = get(asMap(root), ...dottedPath.split("."));
  if (!list) {
    // Keep the author's quoting of the one string.
    const quote = node?.kind === "scalar" && node.quote === "double" ? '"' : node?.kind === "scalar" && node.quote === "single" ? "'" : "";
    return fix.setValue(dottedPath, `${quote}ReadWriteMany${quote}`, title, "unsafe");
  }
  if (node?.kind === "seq" && node.items.length > 0) {
    const items = node.items.map((item) => asScalar(item));
    const target = items.find((item) => item && /^ReadWriteOnce(Pod)?$/.test(item.text)) ?? items[0];
    if (!target) return undefined;
    const quote = target.quote === "double" ? '"' : target.quote === "single" ? "'" : "";
    if (target.quote === "block") return undefined;
    return fix.replace({ path: target.path, span: target.span }, `${quote}ReadWriteMany${quote}`, title, "unsafe");
  }
  if (node?.kind === "map") return undefined;
  return fix.setValue(dottedPath, "[ReadWriteMany]", title, "unsafe");
}
