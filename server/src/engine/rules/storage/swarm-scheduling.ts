import { asMap, entryOf, get } from "../../documents/yaml-tree";
import type { ServiceModel } from "../../model/cluster-model";
import type { Project } from "../../project/project";

/**
 * Whether the service's replicas come from `deploy:` (Swarm schedules them across nodes, so a
 * `local` volume or a host path is per node) rather than from `scale:` (Compose starts them all
 * on one host, where a named volume is shared). `assumeCluster` says the stack spans nodes.
 */
export function isSpreadAcrossNodes(project: Project, service: ServiceModel): boolean {
  if (project.options.assumeCluster) return true;
  const at = service.replicas.location;
  if (!at) return false;
  for (const file of project.composeFiles) {
    if (file.path !== at.path) continue;
    const deploy = asMap(get(asMap(entryOf(file.roots[0], "services")?.value), service.name, "deploy"));
    for (const key of ["replicas", "mode"]) {
      const node = entryOf(deploy, key)?.value;
      if (node && node.span.start === at.span.start) return true;
    }
  }
  return false;
}
