import type { FileEdit, Fix, FixSafety } from "../findings";
import { asMap, asScalar, entryOf, ownEntries, visitNodes, type YMap } from "../documents/yaml-tree";
import type { ServiceModel } from "../model/cluster-model";
import type { Project } from "../project/project";
import type { FixBuilder } from "./fix-builder";

/**
 * Sets environment variables of a Kubernetes container: a literal `value` (in the container's
 * `env` item or the folder's ConfigMap) is replaced in place; a missing variable becomes a
 * `- name:` / `value:` item at the end of the container's block `env:` list, indented like its
 * items, or in a new `env:` block when the container has none. Undefined when a value the
 * files cannot show (a Secret, a `fieldRef`) is in the way, or the layout is a flow mapping.
 */
export function setK8sEnvs(fix: FixBuilder, project: Project, service: ServiceModel, pairs: [string, string][], title: string, safety: FixSafety): Fix | undefined {
  const edits: FileEdit[] = [];
  const missing: [string, string][] = [];
  for (const [name, value] of pairs) {
    const current = service.env.get(name);
    if (!current) {
      missing.push([name, value]);
      continue;
    }
    if (current.opaque || !current.valueLocation) return undefined;
    const written = (project.textOf(current.valueLocation.path) ?? "").slice(current.valueLocation.span.start, current.valueLocation.span.end);
    const quote = /^["']/.test(written) && written.length >= 2 && written.endsWith(written[0]) ? written[0] : "";
    edits.push({ path: current.valueLocation.path, span: current.valueLocation.span, newText: quote ? `${quote}${value}${quote}` : envValueText(value) });
  }
  if (missing.length > 0) {
    const container = containerOf(project, service);
    if (!container || container.flow) return undefined;
    const envEntry = entryOf(container, "env");
    const env = envEntry?.value;
    if (!envEntry) {
      // No `env:` yet: a new block after the container's last key, at the indentation of its keys.
      const keys = ownEntries(container);
      const indent = " ".repeat(fix.columnOf(container.path, keys[0].keySpan.start));
      const lines = ["env:", ...missing.flatMap(([n, v]) => [`  - name: ${n}`, `    value: ${envValueText(v)}`])];
      const edit = fix.insertLinesAfter(container.path, keys[keys.length - 1].span.end, lines, indent);
      if (!edit) return undefined;
      edits.push(edit);
      return fix.make(title, safety, edits);
    }
    if (env?.kind !== "seq" || env.flow || env.items.length === 0) return undefined;
    const first = asMap(env.items[0]);
    if (!first || first.flow) return undefined;
    // An item's map starts after its `- `: the dash sits two columns to the left.
    const indent = " ".repeat(Math.max(0, fix.columnOf(container.path, first.span.start) - 2));
    const lines = missing.flatMap(([n, v]) => [`- name: ${n}`, `  value: ${envValueText(v)}`]);
    const edit = fix.insertLinesAfter(container.path, env.items[env.items.length - 1].span.end, lines, indent);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits.length > 0 ? fix.make(title, safety, edits) : undefined;
}

/** Kubernetes rejects a non-string env value: `true`, `6379`, `null` are quoted. */
function envValueText(value: string): string {
  return /^[A-Za-z_/][\w./:-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(value) ? value : JSON.stringify(value);
}

/** The container mapping a service was read from (its `bodyLocation`). */
export function containerOf(project: Project, service: ServiceModel): YMap | undefined {
  const body = service.bodyLocation;
  if (!body) return undefined;
  let found: YMap | undefined;
  for (const file of project.yamlFiles) {
    if (file.path !== body.path) continue;
    for (const root of file.roots) {
      visitNodes(root, (node) => {
        if (!found && node.kind === "map" && node.span.start === body.span.start && node.span.end === body.span.end && asScalar(entryOf(node, "name")?.value)) found = node;
      });
    }
  }
  return found;
}
