import { entryOf, ownEntries } from "../documents/yaml-tree";
import type { Fix } from "../findings";
import type { ServiceModel } from "../model/cluster-model";
import type { Project } from "../project/project";
import type { FixBuilder } from "./fix-builder";
import { containerOf } from "./k8s-env-edit";

/**
 * Passes `--name=value` to a MariaDB/MySQL container of a manifest: an `args:` line when the
 * container sets neither `command` nor `args`, so the image's entrypoint hands the flag to the
 * server, as a Compose `command:` does (safe). A container with its own command or arguments
 * gets no automatic edit: they are the author's.
 */
export function setK8sServerFlag(fix: FixBuilder, project: Project, service: ServiceModel, name: string, value: string, title: string): Fix | undefined {
  const container = containerOf(project, service);
  if (!container || container.flow || entryOf(container, "command") || entryOf(container, "args")) return undefined;
  const keys = ownEntries(container);
  if (keys.length === 0) return undefined;
  const indent = " ".repeat(fix.columnOf(container.path, keys[0].keySpan.start));
  const edit = fix.insertLinesAfter(container.path, keys[keys.length - 1].span.end, [`args: ["${name}=${value}"]`], indent);
  return edit ? fix.make(title, "safe", [edit]) : undefined;
}
