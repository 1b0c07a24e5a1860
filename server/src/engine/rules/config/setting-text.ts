import type { EnvSetting } from "../../model/cluster-model";
import type { Project } from "../../project/project";

/** The value as the author wrote it (YAML quotes removed), or undefined when it has no own text. */
export function writtenValue(project: Project, setting: EnvSetting): string | undefined {
  const at = setting.valueLocation;
  if (!at) return undefined;
  const raw = project.textOf(at.path)?.slice(at.span.start, at.span.end);
  if (raw === undefined) return undefined;
  const quoted = setting.origin === "environment" && raw.length >= 2 && /^["']/.test(raw) && raw.endsWith(raw[0]);
  return quoted ? raw.slice(1, -1) : raw;
}

/**
 * The text to copy a setting to another service: the written text when it holds `${…}` (so the
 * copy follows `.env` the way the original does), otherwise the resolved value.
 */
export function copyableValue(project: Project, setting: EnvSetting): string {
  const written = writtenValue(project, setting);
  return written !== undefined && written.includes("$") ? written : setting.value;
}
