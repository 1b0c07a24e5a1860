import { entryOf, visitNodes } from "../documents/yaml-tree";
import type { Project } from "../project/project";
import type { Location } from "../text/span";

/**
 * The value to edit behind a Kubernetes replica count: the model locates `spec.replicas` at its
 * key, and an autoscaler's `maxReplicas` (or a DaemonSet's `kind`) is no count to lower in place,
 * so only a plain `replicas:` scalar qualifies.
 */
export function k8sReplicasValue(project: Project, location: Location | undefined): Location | undefined {
  if (!location) return undefined;
  let found: Location | undefined;
  for (const file of project.yamlFiles) {
    if (file.path !== location.path) continue;
    for (const root of file.roots) {
      visitNodes(root, (node) => {
        if (found || node.kind !== "map") return;
        const entry = entryOf(node, "replicas");
        if (entry?.value?.kind === "scalar" && entry.keySpan.start === location.span.start && entry.keySpan.end === location.span.end) found = { path: entry.value.path, span: entry.value.span };
      });
    }
  }
  return found;
}
