import type { DocumentCache } from "../documents/document-cache";
import { fileKindOf } from "../documents/file-kind";
import { asScalar, get } from "../documents/yaml-tree";
import type { Finding, Fix } from "../findings";
import { catalog } from "../knowledge/catalog";
import type { CatalogEntry } from "../knowledge/catalog-schema";
import { chartProfiles } from "../knowledge/chart-profiles";
import { productOfEnv } from "../model/env-adapter";
import { chartOfValues } from "../model/helm-adapter";
import { productOfImage } from "../model/images";
import { docsUrlOf, ruleById } from "../rules/registry";
import type { Span } from "../text/span";
import { envKeyAt, yamlKeyAt, type KeyAtOffset } from "./key-at-offset";
import { catalogEntryMarkdown, inlineCode } from "./catalog-markdown";
import type { HoverFacts } from "./hover-facts";

export interface HoverSources {
  cache: DocumentCache;
  /** The findings of the file (from every project that reads it). */
  findings: Iterable<Finding>;
  /** Where the rule docs link points (see docsUrlOf). */
  docsBaseUrl?: string;
  /** `${VAR}` values and replica counts of the projects that read the file, for this very text. */
  facts?: Iterable<HoverFacts>;
  /** The link to a rule's page when the editor opens it itself (a `command:` link), instead of docsUrlOf. */
  ruleLink?: (ruleId: string) => string;
}

/** What to show at a position: the setting under the cursor, then the findings there. */
export interface HoverInfo {
  /** What the hover is about: the key's span, else the first finding's. */
  span: Span;
  /** The rules with a finding at the position, in the findings' order, each once. */
  ruleIds: string[];
  /** The catalog entry of the key at the position, when the catalog knows it. */
  entry: CatalogEntry | undefined;
  /** Everything above as Markdown sections separated by rules; secret values masked. */
  markdown: string;
}

/** The hover at an offset of a file, or undefined when there is nothing to say. */
export function hoverAt(path: string, text: string, offset: number, sources: HoverSources): HoverInfo | undefined {
  const here: Finding[] = [];
  const ruleIds: string[] = [];
  for (const finding of sources.findings) {
    const { start, end } = finding.location.span;
    if (offset < start || offset > end || ruleIds.includes(finding.ruleId) || !ruleById(finding.ruleId)) continue;
    ruleIds.push(finding.ruleId);
    here.push(finding);
  }
  const known = catalogEntryAt(path, text, offset, sources.cache);
  const sections: string[] = [];
  const fact = factAt(path, offset, sources.facts ?? []);
  if (fact) sections.push(fact.markdown);
  // On a key its own docs come first; the findings follow, short, each linking to its rule's page.
  if (known) sections.push(catalogEntryMarkdown(known.entry, { name: known.key.path.at(-1), value: known.key.value }));
  if (here.length > 0) sections.push(findingsMarkdown(here, (id) => sources.ruleLink?.(id) ?? docsUrlOf(id, sources.docsBaseUrl)));
  const span = fact?.span ?? known?.key.span ?? here[0]?.location.span;
  if (!span) return undefined;
  return { span, ruleIds, entry: known?.entry, markdown: sections.join("\n\n---\n\n") };
}

/** The `${VAR}` or replica count under the cursor: its value as the project resolves it, and from where. */
function factAt(path: string, offset: number, facts: Iterable<HoverFacts>): { span: Span; markdown: string } | undefined {
  const at = (location: { path: string; span: Span }): boolean => location.path === path && offset >= location.span.start && offset <= location.span.end;
  const lines: string[] = [];
  let span: Span | undefined;
  for (const { variables, replicas } of facts) {
    const count = replicas.find((r) => at(r.location));
    if (count && lines.length === 0) {
      const value = count.unknown ? "unknown (set outside the files)" : count.value === "global" ? "one per node (global mode)" : String(count.value);
      const from = count.from.length > 0 ? ` — from ${count.from.join(", ")}` : "";
      lines.push(`Effective replicas of **${count.service}**: ${value}${from}`);
      span = count.location.span;
    }
    const variable = variables.find((v) => at(v.location));
    if (variable && !lines.some((l) => l.startsWith(`\`\${${variable.name}}\``))) {
      const name = `\`\${${variable.name}}\``;
      if (variable.value !== undefined) lines.push(`${name} = ${variable.value === "" ? "empty" : inlineCode(variable.value)} — set in ${variable.setAt}`);
      else if (variable.fallback !== undefined) lines.push(`${name} is not set in the project's files: the default ${variable.fallback === "" ? "(empty)" : inlineCode(variable.fallback)} applies unless the shell that deploys sets it`);
      else lines.push(`${name} is not set in the project's files: only the shell that deploys can set it`);
      span = variable.location.span;
    }
  }
  return span ? { span, markdown: lines.join("\n\n") } : undefined;
}

/**
 * One finding: its message, why in one sentence, the fix in one line and the link to its page.
 * Several on one token: one line each, so the hover stays readable (the page has the rest).
 */
export function findingsMarkdown(findings: readonly Finding[], linkOf: (ruleId: string) => string): string {
  const link = (id: string): string => `[${id}](${linkOf(id)})`;
  if (findings.length > 1) return findings.map((f) => `- ${f.severity} · ${oneLine(f.message)} — ${link(f.ruleId)}`).join("\n");
  const [finding] = findings;
  const meta = ruleById(finding.ruleId)!.meta;
  return [
    `**${oneLine(finding.message)}**`,
    "",
    `${finding.severity} · ${link(finding.ruleId)}`,
    "",
    `Why: ${firstSentence(meta.docs.whyItMatters)}`,
    "",
    `Fix: ${fixLine(finding)}`,
  ].join("\n");
}

const fixLabel: Record<Fix["safety"], string> = { safe: "quick fix", unsafe: "quick fix, unsafe: review it", suggestion: "suggestion" };

function fixLine(finding: Finding): string {
  const fix = finding.fixes.find((f) => f.safety === "safe") ?? finding.fixes[0];
  if (fix) return `${oneLine(fix.title)} (${fixLabel[fix.safety]})`;
  // The docs' fix-safety text may describe another format's fix: say only what holds here.
  return "no quick fix here; the message says what to change and the rule's page shows how.";
}

/** Up to the first full stop that ends a sentence (not the dot of a URL or a file name). */
function firstSentence(text: string): string {
  const flat = oneLine(text);
  const end = /(?<!\b(?:e\.g|i\.e|vs|etc|cf))[.!?](?=\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

interface KnownKey {
  entry: CatalogEntry;
  key: KeyAtOffset;
}

// The product comes from the model's own detection (official images, the variables of a lone
// .env), so a hover never describes a setting of a product the rules do not see there. Without
// one, the catalog is searched by name: ownCloud's and Nextcloud's variable names do not collide.
function catalogEntryAt(path: string, text: string, offset: number, cache: DocumentCache): KnownKey | undefined {
  const kind = fileKindOf(path, text);
  if (kind === "env") {
    const env = cache.envFile(path, text);
    const key = envKeyAt(env, offset);
    const entry = key ? catalog.lookupVariable(key.path[0], productOfEnv(env)) : undefined;
    return key && entry ? { entry, key } : undefined;
  }
  if (kind !== "compose" && kind !== "helm-values") return undefined;
  const yaml = cache.yamlFile(path, text);
  const key = yamlKeyAt(yaml, offset);
  if (!key) return undefined;
  if (kind === "compose") {
    const [top, service, section, variable] = key.path;
    if (top === "services" && section === "environment" && key.path.length === 4) {
      const image = asScalar(get(yaml.roots[0], "services", service, "image"))?.text ?? "";
      const entry = catalog.lookupVariable(variable, productOfImage(image));
      return entry ? { entry, key } : undefined;
    }
    // `- NAME=value` lists and maps under `environment`, or in `x-` extension blocks merged into one.
    const name = key.path.at(-1) ?? "";
    if (key.isVariable || key.path.includes("environment") || top.startsWith("x-")) {
      const entry = /^[A-Z][A-Z0-9_]*$/.test(name) ? catalog.lookupVariable(name) : undefined;
      if (entry || key.isVariable) return entry ? { entry, key } : undefined;
    }
    const entry = catalog.lookupComposeKey(key.path.join("."));
    // Only the Compose keys that matter once the service runs more than once.
    return entry && entry.cluster !== "" ? { entry, key } : undefined;
  }
  const chart = chartOfValues(yaml.roots[0]);
  const dotted = key.path.join(".");
  // A values file that does not show its chart: the first chart that knows the key.
  const entry = (chart ? catalog.lookupValue(chart, dotted) : undefined) ?? chartProfiles.map((p) => catalog.lookupValue(p.chart, dotted)).find((e) => e !== undefined);
  return entry ? { entry, key } : undefined;
}

