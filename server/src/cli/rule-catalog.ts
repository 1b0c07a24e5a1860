import { allRules } from "../engine/rules/registry";
import type { Format, RuleMeta } from "../engine/rules/rule";

/** Every rule the CLI can report, in catalog order, from the registry (`lint/unused-ignore` included). */
export function ruleCatalog(): RuleMeta[] {
  return allRules.map((rule) => rule.meta);
}

export const formatNames: Record<Format, string> = { C: "Compose/Swarm", H: "Helm values", E: ".env", K: "Kubernetes" };

/** `sessions/files-in-cluster` → `sessions-files-in-cluster.md`, the page `docsUrlOf` points at. */
export function docsPageName(id: string): string {
  return `${id.replace("/", "-")}.md`;
}
