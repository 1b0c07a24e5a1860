import type { EnvFile } from "../documents/env-file";
import type { YEntry, YNode } from "../documents/yaml-tree";
import type { RelatedLocation } from "../findings";
import type { Certainty, EnvSetting } from "./cluster-model";

/**
 * Template expressions (`{{ domain }}`, `{% if %}`) in the files: what they render to is decided
 * when the template is rendered, so every fact built from them is unknown (see
 * documents/template-mask.ts for how they are read).
 */

/** "unknown" for a node whose text holds a template expression; undefined leaves the adapter's own certainty. */
export function certaintyOfScalar(node: YNode | undefined): Certainty | undefined {
  return node?.templated ? "unknown" : undefined;
}

/** An env setting whose value a template writes: set, its value unknown, its text copyable to another template line. */
export function templatedValue(templated: boolean | undefined): Pick<EnvSetting, "opaque" | "templated"> {
  return templated ? { opaque: true, templated: true } : {};
}

/** A template writes content into the node (or the entry's missing value) that the files do not show. */
export function rendersUnknown(entry: YEntry | undefined): boolean {
  return entry?.templated === true || entry?.value?.templated === true;
}

export function templateSource(location: RelatedLocation["location"]): RelatedLocation {
  return { location, message: "a template sets further variables here" };
}

/** The lines of a templated env file that may set variables it does not show. */
export function templateSourcesOfEnv(env: EnvFile): RelatedLocation[] {
  return (env.unknownEntries ?? []).map((span) => templateSource({ path: env.path, span }));
}
