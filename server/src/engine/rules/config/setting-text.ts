import type { EnvSetting } from "../../model/cluster-model";
import { writtenValue } from "../../model/file-facts";
import type { Project } from "../../project/project";

/**
 * The text to copy a setting to another service: the written text when it holds `${…}` (so the
 * copy follows `.env` the way the original does), otherwise the resolved value.
 */
export function copyableValue(project: Project, setting: EnvSetting): string {
  const written = writtenValue(project, setting);
  return written !== undefined && written.includes("$") ? written : setting.value;
}
