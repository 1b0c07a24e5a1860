import { MarkupKind, type Hover, type Range } from "vscode-languageserver";
import { asMap, asScalar, get } from "../engine/documents/yaml-tree";
import type { CatalogEntry } from "../engine/knowledge/catalog-schema";
import { catalog, type Product } from "../engine/knowledge/catalog";
import type { Engine } from "../engine/lint";
import { ruleById } from "../engine/rules/registry";
import type { LineIndexes } from "./line-indexes";
import { envKeyAt, yamlKeyAt, type KeyAtOffset } from "./key-at-offset";
import type { ProjectAnalyses } from "./project-analyses";
import { maskValue } from "../engine/services/redact";
import { ruleDocsMarkdown } from "../engine/services/rule-docs";

export interface HoverContext {
  engine: Engine;
  analyses: ProjectAnalyses;
  lineIndexes: LineIndexes;
  docsBaseUrl: string | undefined;
}

/** Hover at an offset of a file: the docs of the findings there, and the catalog entry of the key there. */
export function hoverAt(path: string, text: string, offset: number, context: HoverContext): Hover | undefined {
  const sections: string[] = [];
  let range: Range | undefined;
  const seenRules = new Set<string>();
  for (const { finding } of context.analyses.findingsIn(path)) {
    const { start, end } = finding.location.span;
    if (offset < start || offset > end || seenRules.has(finding.ruleId)) continue;
    const rule = ruleById(finding.ruleId);
    if (!rule) continue;
    seenRules.add(finding.ruleId);
    sections.push(ruleDocsMarkdown(rule.meta, { form: "panel", docsBaseUrl: context.docsBaseUrl, withExample: false }));
    range ??= context.lineIndexes.rangeOf(path, text, finding.location.span);
  }
  const known = catalogEntryAt(path, text, offset, context.engine);
  if (known) {
    sections.push(catalogMarkdown(known.entry, known.key));
    range ??= context.lineIndexes.rangeOf(path, text, known.key.span);
  }
  if (sections.length === 0) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join("\n\n---\n\n") }, range };
}

interface KnownKey {
  entry: CatalogEntry;
  key: KeyAtOffset;
}

function catalogEntryAt(path: string, text: string, offset: number, engine: Engine): KnownKey | undefined {
  const kind = engine.fileKind(path, text);
  if (kind === "env") {
    const key = envKeyAt(engine.cache.envFile(path, text), offset);
    const entry = key ? catalog.lookupVariable(key.path[0], productOfName(key.path[0])) : undefined;
    return key && entry ? { entry, key } : undefined;
  }
  if (kind !== "compose" && kind !== "helm-values") return undefined;
  const yaml = engine.cache.yamlFile(path, text);
  const key = yamlKeyAt(yaml, offset);
  if (!key) return undefined;
  if (kind === "compose") {
    const [top, service, section, variable] = key.path;
    if (top === "services" && section === "environment" && key.path.length === 4) {
      const image = asScalar(get(yaml.roots[0], "services", service, "image"))?.text ?? "";
      const entry = catalog.lookupVariable(variable, productOfImage(image) ?? productOfName(variable));
      return entry ? { entry, key } : undefined;
    }
    // `- NAME=value` lists and maps under `environment`, or in `x-` extension blocks merged into one.
    const name = key.path.at(-1) ?? "";
    if (key.isVariable || key.path.includes("environment") || top.startsWith("x-")) {
      const entry = /^[A-Z][A-Z0-9_]*$/.test(name) ? catalog.lookupVariable(name, productOfName(name)) : undefined;
      if (entry || key.isVariable) return entry ? { entry, key } : undefined;
    }
    const entry = catalog.lookupComposeKey(key.path.join("."));
    // Only the Compose keys that matter once the service runs more than once.
    return entry && entry.cluster !== "" ? { entry, key } : undefined;
  }
  const chart: Product = asMap(yaml.roots[0])?.entries.some((e) => e.key === "owncloud") ? "owncloud" : "nextcloud";
  const dotted = key.path.join(".");
  const entry = catalog.lookupValue(chart, dotted) ?? catalog.lookupValue(chart === "owncloud" ? "nextcloud" : "owncloud", dotted);
  return entry ? { entry, key } : undefined;
}

function productOfImage(image: string): Product | undefined {
  if (/owncloud/i.test(image)) return "owncloud";
  if (/nextcloud/i.test(image)) return "nextcloud";
  return undefined;
}

function productOfName(name: string): Product | undefined {
  return name.startsWith("OWNCLOUD_") ? "owncloud" : undefined;
}

const surfaceLabel: Record<CatalogEntry["surface"], string> = {
  "nextcloud-image": "Nextcloud image variable",
  "owncloud-image": "ownCloud image variable",
  "nextcloud-chart": "nextcloud/helm chart value",
  "owncloud-chart": "ownCloud chart value",
  compose: "Compose key",
};

/** The catalog entry as Markdown. Secret values (current and default) are masked, never shown. */
export function catalogMarkdown(entry: CatalogEntry, key: KeyAtOffset): string {
  const name = key.path.at(-1) ?? entry.name;
  const secret = entry.secret === true || catalog.isSecretName(entry.surface === "compose" ? name : entry.name);
  const shown = (value: string): string => inlineCode(maskValue(value, secret));
  const lines: string[] = [`**${entry.name}** · ${surfaceLabel[entry.surface]}`, "", entry.meaning, ""];
  const facts: string[] = [];
  if (entry.status && entry.status !== "current") facts.push(`Status: ${entry.status}${entry.replacement ? ` — use \`${entry.replacement}\`` : ""}`);
  facts.push(`Type: ${entry.type}${entry.enumValues ? ` (${entry.enumValues.map(inlineCode).join(", ")})` : ""}`);
  if (entry.default !== undefined) facts.push(`Default: ${entry.default === "" ? "empty" : shown(entry.default)}`);
  if (key.value !== undefined) facts.push(`Value here: ${key.value === "" ? "empty" : shown(key.value)}`);
  if (entry.installTimeOnly) facts.push("Applied at the first install only: later changes have no effect.");
  if (entry.runtime) facts.push("Read at runtime on every request: every node needs the same value.");
  if (entry.availability) facts.push(`Availability: ${entry.availability}`);
  lines.push(...facts.map((fact) => `- ${fact}`), "");
  if (entry.cluster !== "") lines.push(`**In a cluster:** ${entry.cluster}`, "");
  lines.push(`Source: ${entry.source}`);
  return lines.join("\n");
}

function inlineCode(value: string): string {
  const oneLine = value.replace(/\r?\n/g, " ");
  const clipped = oneLine.length > 120 ? `${oneLine.slice(0, 117)}…` : oneLine;
  const fence = clipped.includes("`") ? "``" : "`";
  return `${fence}${clipped.includes("`") ? ` ${clipped} ` : clipped}${fence}`;
}
