import { asScalar, entryOf } from "../documents/yaml-tree";
import type { Fix } from "../findings";
import type { ServiceModel } from "../model/cluster-model";
import type { Project } from "../project/project";
import type { FixBuilder } from "./fix-builder";

/** `--transaction-isolation=X`, also written with an underscore: the flag to rewrite rather than repeat. */
function flagPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[-_]/g, "[-_]");
  return new RegExp(`${escaped}=[A-Za-z_-]+`, "i");
}

/**
 * Passes `--name=value` to a Compose database service: a new `command:` when there is none (safe,
 * what the official examples do), else the flag rewritten or appended in a command that is only
 * server flags (unsafe: the command is the author's).
 */
export function setComposeServerFlag(fix: FixBuilder, project: Project, service: ServiceModel, name: string, value: string, title: string): Fix | undefined {
  const flag = `${name}=${value}`;
  if (!service.command) return fix.addServiceKey(service, [`command: ${flag}`], title, "safe");
  const node = entryOf(fix.serviceBody(service), "command")?.value;
  if (!node || node.span.start !== service.command.location?.span.start) return undefined;
  const firstWord = service.command.value.trim().split(/\s+/)[0] ?? "";
  if (!/^(-|mysqld$|mariadbd$)/.test(firstWord)) return undefined;
  // Another value already given: rewrite that one flag rather than add a second.
  const scalars = node.kind === "scalar" ? [node] : node.kind === "seq" ? node.items.filter((i) => i.kind === "scalar") : [];
  const same = flagPattern(name);
  for (const scalar of scalars) {
    if (scalar.kind !== "scalar" || scalar.quote === "block") continue;
    const match = same.exec(scalar.text);
    const opening = scalar.quote === "plain" ? 0 : 1;
    const written = (project.textOf(scalar.path) ?? "").slice(scalar.span.start + opening, scalar.span.end - opening);
    if (!match || written !== scalar.text) continue;
    const start = scalar.span.start + opening + match.index;
    return fix.make(title, "unsafe", [{ path: scalar.path, span: { start, end: start + match[0].length }, newText: flag }]);
  }
  if (node.kind === "scalar") {
    if (node.quote === "block") return undefined;
    const end = node.quote === "plain" ? node.span.end : node.span.end - 1;
    return fix.make(title, "unsafe", [{ path: node.path, span: { start: end, end }, newText: ` ${flag}` }]);
  }
  if (node.kind !== "seq" || node.items.length === 0) return undefined;
  const last = node.items[node.items.length - 1];
  if (node.flow) {
    const quoted = asScalar(last)?.quote === "double" ? `"${flag}"` : flag;
    return fix.make(title, "unsafe", [{ path: node.path, span: { start: last.span.end, end: last.span.end }, newText: `, ${quoted}` }]);
  }
  // Items start after "- ": the dash sits two columns to the left.
  const indent = " ".repeat(Math.max(0, fix.columnOf(node.path, node.items[0].span.start) - 2));
  const edit = fix.insertLinesAfter(node.path, last.span.end, [`- ${flag}`], indent);
  return edit ? fix.make(title, "unsafe", [edit]) : undefined;
}

/** The chart value that holds a server's flags, with the flag rewritten or appended (the text is the author's: unsafe). */
export function chartFlagsText(current: string | undefined, name: string, value: string): string {
  const flag = `${name}=${value}`;
  if (!current || current.trim() === "") return flag;
  const same = flagPattern(name);
  return same.test(current) ? current.replace(same, flag) : `${current.trimEnd()} ${flag}`;
}
