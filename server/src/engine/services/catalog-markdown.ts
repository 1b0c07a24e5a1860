import { catalog } from "../knowledge/catalog";
import type { CatalogEntry } from "../knowledge/catalog-schema";
import { chartProfiles } from "../knowledge/chart-profiles";
import { maskValue } from "./redact";

const surfaceLabel: Record<string, string> = {
  "nextcloud-image": "Nextcloud image variable",
  "owncloud-image": "ownCloud image variable",
  compose: "Compose key",
  ...Object.fromEntries(chartProfiles.map((p) => [`${p.chart}-chart`, p.valueLabel])),
};

export interface CatalogMarkdownOptions {
  /** The name as written (a Compose key's concrete path differs from its pattern). */
  name?: string;
  /** The value as written at the position, when there is one. */
  value?: string;
}

/**
 * A catalog entry as Markdown, the one text hovers and completion show for a setting, so the
 * two never disagree. Secret values (current and default) are masked, never shown.
 */
export function catalogEntryMarkdown(entry: CatalogEntry, options: CatalogMarkdownOptions = {}): string {
  const name = options.name ?? entry.name;
  const secret = entry.secret === true || catalog.isSecretName(entry.surface === "compose" ? name : entry.name);
  const shown = (value: string): string => inlineCode(maskValue(value, secret));
  const lines: string[] = [`**${entry.name}** · ${surfaceLabel[entry.surface]}`, "", entry.meaning, ""];
  const facts: string[] = [];
  if (entry.status && entry.status !== "current") facts.push(`Status: ${entry.status}${entry.replacement ? ` — use \`${entry.replacement}\`` : ""}`);
  facts.push(`Type: ${entry.type}${entry.enumValues ? ` (${entry.enumValues.map(inlineCode).join(", ")})` : entry.commonValues ? ` (usually ${entry.commonValues.map(inlineCode).join(" or ")})` : ""}`);
  if (entry.default !== undefined) facts.push(`Default: ${entry.default === "" ? "empty" : shown(entry.default)}`);
  if (options.value !== undefined) facts.push(`Value here: ${options.value === "" ? "empty" : shown(options.value)}`);
  if (entry.installTimeOnly) facts.push("Applied at the first install only: later changes have no effect.");
  if (entry.runtime) facts.push("Read at runtime on every request: every node needs the same value.");
  if (entry.availability) facts.push(`Availability: ${entry.availability}`);
  lines.push(...facts.map((fact) => `- ${fact}`), "");
  if (entry.cluster !== "") lines.push(`**In a cluster:** ${entry.cluster}`, "");
  lines.push(`Source: ${entry.source}`);
  return lines.join("\n");
}

export function inlineCode(value: string): string {
  const oneLine = value.replace(/\r?\n/g, " ");
  const clipped = oneLine.length > 120 ? `${oneLine.slice(0, 117)}…` : oneLine;
  const fence = clipped.includes("`") ? "``" : "`";
  return `${fence}${clipped.includes("`") ? ` ${clipped} ` : clipped}${fence}`;
}
