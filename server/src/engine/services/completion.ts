import type { DocumentCache } from "../documents/document-cache";
import { fileKindOf } from "../documents/file-kind";
import { asScalar, get, type YNode } from "../documents/yaml-tree";
import { catalog, type Product } from "../knowledge/catalog";
import type { CatalogEntry } from "../knowledge/catalog-schema";
import { chartProfiles } from "../knowledge/chart-profiles";
import { productOfEnv } from "../model/env-adapter";
import { chartOfValues } from "../model/helm-adapter";
import { databaseEngineOfImage, isRedisImage, productOfImage } from "../model/images";
import type { Span } from "../text/span";
import { catalogEntryMarkdown } from "./catalog-markdown";

/** One thing the editor may insert at the cursor. */
export interface CompletionCandidate {
  label: string;
  kind: "variable" | "key" | "value" | "host" | "file";
  /** One line next to the label (type, default). */
  detail?: string;
  /** Markdown: the catalog entry, the same text its hover shows. */
  documentation?: string;
  /** The text the candidate replaces: the word typed so far. */
  replace: Span;
  /** Text to insert when it differs from the label (`KEY: ` in a map, `KEY=` in a list). */
  insertText?: string;
}

/** A service of the project the cursor's file belongs to (for host names). */
export interface ProjectService {
  name: string;
  image: string;
}

export interface CompletionSources {
  cache: DocumentCache;
  /** Services of the compose files of the file's projects (besides the file's own). */
  services?: readonly ProjectService[];
  /** Paths (relative to the file's folder, `/`-separated) an `env_file:` may name. */
  envFileCandidates?: readonly string[];
}

/** Completion at an offset: image variables, their values, chart keys, host names and env files. */
export function completionsAt(path: string, text: string, offset: number, sources: CompletionSources): CompletionCandidate[] {
  const kind = fileKindOf(path, text);
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  if (kind === "env") return envCompletions(path, text, lineStart, prefix, sources);
  if (kind !== "compose" && kind !== "k8s" && kind !== "helm-values") return [];
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop();
  const context = yamlContextAt(lines, prefix);
  if (kind === "helm-values") return helmCompletions(path, text, lineStart, prefix, context, sources);
  if (kind === "compose") return composeCompletions(path, text, lineStart, prefix, context, sources);
  return k8sCompletions(path, text, lineStart, prefix, context, sources);
}

// --- .env files ---------------------------------------------------------------------------

function envCompletions(path: string, text: string, lineStart: number, prefix: string, sources: CompletionSources): CompletionCandidate[] {
  const products = productsOf(productOfEnv(sources.cache.envFile(path, text)));
  const name = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(prefix);
  if (name) return variableNames(products, spanOf(lineStart, prefix, name[2] ?? ""), "=");
  const value = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^"'\s]*)$/.exec(prefix);
  if (value) return variableValues(value[1], products, spanOf(lineStart, prefix, value[3]), sources.services ?? []);
  return [];
}

// --- Compose ------------------------------------------------------------------------------

function composeCompletions(path: string, text: string, lineStart: number, prefix: string, context: YamlContext, sources: CompletionSources): CompletionCandidate[] {
  const keys = context.ancestors.map((a) => a.key);
  const root = firstRoot(sources, path, text);
  const ownServices = servicesOf(root);
  const services = [...ownServices, ...(sources.services ?? []).filter((s) => !ownServices.some((o) => o.name === s.name))];
  const serviceName = keys[0] === "services" ? keys[1] : undefined;
  const image = serviceName !== undefined ? asScalar(get(root, "services", serviceName, "image"))?.text : undefined;
  const products = productsOf(image !== undefined ? productOfImage(image) : undefined);

  const line = parseLine(prefix);
  // env_file: a file of the project, as a scalar, a list item or a `path:` of the long form.
  const envFileValue =
    (line.key === "env_file" && line.value !== undefined && keys.length === 2 && serviceName !== undefined) ||
    (keys.at(-1) === "env_file" && ((line.dash && line.key === undefined) || (line.key === "path" && line.value !== undefined)));
  if (envFileValue) {
    const typed = line.value ?? /^\s*-\s+["']?([^"'#\s]*)$/.exec(prefix)?.[1] ?? "";
    return (sources.envFileCandidates ?? []).map((file) => ({ label: file, kind: "file" as const, replace: spanOf(lineStart, prefix, typed) }));
  }
  if (keys.at(-1) !== "environment") return [];
  if (line.dash) {
    // `- NAME=value` list style.
    const item = /^\s*-\s+(["']?)([A-Za-z_][A-Za-z0-9_]*)?(?:=([^"'\s]*))?$/.exec(prefix);
    if (!item) return [];
    if (item[3] !== undefined) return variableValues(item[2], products, spanOf(lineStart, prefix, item[3]), services);
    return variableNames(products, spanOf(lineStart, prefix, item[2] ?? ""), "=");
  }
  if (line.key !== undefined && line.value !== undefined) return variableValues(line.key, products, spanOf(lineStart, prefix, line.value), services);
  if (line.word !== undefined) return variableNames(products, spanOf(lineStart, prefix, line.word), ": ");
  return [];
}

// --- Kubernetes ---------------------------------------------------------------------------

function k8sCompletions(path: string, text: string, lineStart: number, prefix: string, context: YamlContext, sources: CompletionSources): CompletionCandidate[] {
  const parent = context.ancestors.at(-1);
  if (parent?.key !== "env" || !context.inItem) return [];
  const products = productsOf(productOfManifest(text));
  const line = parseLine(prefix);
  if (line.key === "name" && line.value !== undefined) return variableNames(products, spanOf(lineStart, prefix, line.value), "");
  if (line.key === "value" && line.value !== undefined) {
    const name = context.siblings.get("name");
    return name !== undefined ? variableValues(name, products, spanOf(lineStart, prefix, line.value), sources.services ?? []) : [];
  }
  return [];
}

/** The product of a manifest's official image (a file that shows one, and only one). */
function productOfManifest(text: string): Product | undefined {
  const found = new Set<Product>();
  for (const match of text.matchAll(/^\s*(?:-\s+)?image:\s*["']?([^"'\s#]+)/gm)) {
    const product = productOfImage(match[1]);
    if (product) found.add(product);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

// --- Helm values --------------------------------------------------------------------------

function helmCompletions(path: string, text: string, lineStart: number, prefix: string, context: YamlContext, sources: CompletionSources): CompletionCandidate[] {
  const chart = chartOfValues(firstRoot(sources, path, text));
  const charts = chart !== undefined ? [chart] : chartProfiles.map((p) => p.chart);
  const parentPath = context.ancestors.map((a) => a.key);
  const line = parseLine(prefix);
  if (line.key !== undefined && line.value !== undefined) {
    const entry = charts.map((c) => catalog.lookupValue(c, [...parentPath, line.key!].join("."))).find((e) => e !== undefined);
    return entry ? valuesOf(entry, spanOf(lineStart, prefix, line.value)) : [];
  }
  if (line.word === undefined) return [];
  const replace = spanOf(lineStart, prefix, line.word);
  const seen = new Set<string>();
  const out: CompletionCandidate[] = [];
  for (const each of charts) {
    for (const child of childKeys(each, parentPath)) {
      if (seen.has(child.key)) continue;
      seen.add(child.key);
      const entry = child.entry;
      out.push({
        label: child.key,
        kind: "key",
        detail: entry ? detailOf(entry) : "section",
        documentation: entry ? catalogEntryMarkdown(entry) : undefined,
        replace,
        insertText: entry && entry.type !== "any" ? `${child.key}: ` : `${child.key}:`,
      });
    }
  }
  return out;
}

/** The keys one level below a values path, from the catalog's dotted names. */
function childKeys(chart: string, parentPath: readonly string[]): { key: string; entry: CatalogEntry | undefined }[] {
  const depth = parentPath.length;
  const keys = new Set<string>();
  for (const name of catalog.knownValuePaths(chart)) {
    const segments = name.split(".");
    if (segments.length <= depth || parentPath.some((key, i) => segments[i] !== key)) continue;
    keys.add(segments[depth]);
  }
  return [...keys].map((key) => ({ key, entry: catalog.lookupValue(chart, [...parentPath, key].join(".")) }));
}

// --- Variables and values -----------------------------------------------------------------

function variableNames(products: readonly Product[], replace: Span, separator: string): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  for (const product of products) {
    for (const name of catalog.knownVariables(product)) {
      const entry = catalog.lookupVariable(name, product)!;
      out.push({ label: name, kind: "variable", detail: detailOf(entry), documentation: catalogEntryMarkdown(entry), replace, insertText: separator === "" ? undefined : `${name}${separator}` });
    }
  }
  return out;
}

function variableValues(name: string, products: readonly Product[], replace: Span, services: readonly ProjectService[]): CompletionCandidate[] {
  const entry = products.map((p) => catalog.lookupVariable(name, p)).find((e) => e !== undefined);
  const hosts = hostCandidates(name, services, replace);
  return [...(entry ? valuesOf(entry, replace) : []), ...hosts];
}

/** The values a boolean or an enum accepts, in the form the product reads. */
function valuesOf(entry: CatalogEntry, replace: Span): CompletionCandidate[] {
  const value = (label: string, detail: string): CompletionCandidate => ({ label, kind: "value", detail, replace });
  const isDefault = (v: string): string => (entry.default === v ? `${entry.name} (default)` : entry.name);
  if (entry.type === "enum" && entry.enumValues) return entry.enumValues.map((v) => value(v, isDefault(v)));
  if (entry.commonValues) return entry.commonValues.map((v) => value(v, isDefault(v)));
  if (entry.type !== "boolean") return [];
  if (entry.booleanForm === "0-1") return ["1", "0"].map((v) => value(v, isDefault(v)));
  // Any non-empty value turns it on: there is no "off" word to offer, only leaving it unset.
  if (entry.booleanForm === "any-set") return [value("true", `${entry.name}: any non-empty value turns it on; remove the line to turn it off`)];
  return ["true", "false"].map((v) => value(v, isDefault(v)));
}

/** Redis and database hosts: the project's services that run such an image. */
function hostCandidates(name: string, services: readonly ProjectService[], replace: Span): CompletionCandidate[] {
  let matches: (image: string) => boolean;
  if (/(^|_)REDIS_HOST$/.test(name)) matches = isRedisImage;
  else if (name === "MYSQL_HOST") matches = (image) => ["mysql", "mariadb"].includes(databaseEngineOfImage(image) ?? "");
  else if (name === "POSTGRES_HOST") matches = (image) => databaseEngineOfImage(image) === "postgres";
  else if (/(^|_)DB_HOST$/.test(name)) matches = (image) => databaseEngineOfImage(image) !== undefined;
  else return [];
  return services.filter((s) => matches(s.image)).map((s) => ({ label: s.name, kind: "host" as const, detail: `service running ${s.image}`, replace }));
}

function detailOf(entry: CatalogEntry): string {
  const type = entry.enumValues && entry.type === "enum" ? entry.enumValues.join(" | ") : entry.commonValues ? `${entry.type}: ${entry.commonValues.join(" | ")}` : entry.type;
  const fallback = entry.default === undefined || entry.default === "" || entry.secret ? "" : ` = ${entry.default}`;
  return `${type}${fallback}`;
}

function productsOf(product: Product | undefined): Product[] {
  // Without a detected product both lists are offered: ownCloud's and Nextcloud's names do not collide.
  return product !== undefined ? [product] : ["owncloud", "nextcloud"];
}

function servicesOf(root: YNode | undefined): ProjectService[] {
  const services = get(root, "services");
  if (services?.kind !== "map") return [];
  return services.entries.map((e) => ({ name: e.key, image: asScalar(get(e.value, "image"))?.text ?? "" }));
}

function firstRoot(sources: CompletionSources, path: string, text: string): YNode | undefined {
  return sources.cache.yamlFile(path, text).roots[0];
}

/** The span of the last `typed` characters before the cursor. */
function spanOf(lineStart: number, prefix: string, typed: string): Span {
  const end = lineStart + prefix.length;
  return { start: end - typed.length, end };
}

// --- Where the cursor is in a YAML document, from the indentation alone ----------------------

/** What the line before the cursor shows: `- `, a key typed so far, or `key: value` typed so far. */
interface LineShape {
  dash: boolean;
  /** A word being typed where a key goes. */
  word?: string;
  key?: string;
  /** The value typed so far after `key: `. */
  value?: string;
}

function parseLine(prefix: string): LineShape {
  const shape = /^\s*(-\s+)?(?:(["']?)([A-Za-z0-9_.\-/]+)\2:\s+["']?([^"'#]*)|([A-Za-z0-9_.\-]*))$/.exec(prefix);
  if (!shape) return { dash: /^\s*-\s/.test(prefix) };
  return { dash: shape[1] !== undefined, key: shape[3], value: shape[4], word: shape[5] };
}

interface YamlAncestor {
  key: string;
}

interface YamlContext {
  /** The keys above the cursor, from the document root (list items are not counted). */
  ancestors: YamlAncestor[];
  /** The cursor is inside an item of a block sequence of the last ancestor. */
  inItem: boolean;
  /** Scalar keys of the mapping the cursor is in (`name:` next to `value:`). */
  siblings: Map<string, string>;
}

interface LineInfo {
  dashCol: number | undefined;
  keyCol: number;
  key: string | undefined;
  value: string;
}

function lineInfo(line: string): LineInfo | undefined {
  const match = /^(\s*)(-\s+)?(?:(["']?)([^\s"'#:][^"'#:]*?)\3\s*:(?:\s+(.*?))?\s*(?:#.*)?$|.*)$/.exec(line);
  if (!match || /^\s*(#|$)/.test(line) || /^\s*(---|\.\.\.)\s*$/.test(line)) return undefined;
  const indent = match[1].length;
  const dashCol = match[2] !== undefined ? indent : undefined;
  return { dashCol, keyCol: indent + (match[2]?.length ?? 0), key: match[4], value: match[5] ?? "" };
}

/**
 * Walks up from the cursor's line by indentation, so it works while the document does not parse
 * yet (the usual state while typing). A parent is a `key:` line with nothing after the colon at a
 * smaller column (or, for a block sequence, the same column as its dashes).
 */
function yamlContextAt(lines: readonly string[], prefix: string): YamlContext {
  const current = /^(\s*)(-\s+)?/.exec(prefix)!;
  let col = current[1].length + (current[2]?.length ?? 0);
  let seqCol = current[2] !== undefined ? current[1].length : undefined;
  const ancestors: YamlAncestor[] = [];
  const siblings = new Map<string, string>();
  let inItem = seqCol !== undefined;
  let firstLevel = true;
  for (let i = lines.length - 1; i >= 0 && col > 0; i--) {
    const info = lineInfo(lines[i]);
    if (!info) continue;
    if (info.keyCol === col && seqCol === undefined) {
      // A sibling key in the same mapping; a dash in front makes this mapping a list item.
      if (firstLevel && info.key !== undefined) siblings.set(info.key, info.value);
      if (info.dashCol !== undefined) {
        seqCol = info.dashCol;
        if (firstLevel) inItem = true;
      }
      continue;
    }
    if (seqCol !== undefined && info.dashCol === seqCol) continue;
    if (info.keyCol >= col && info.dashCol === undefined) continue;
    const limit = seqCol ?? col;
    const isParent = info.key !== undefined && info.value === "" && (seqCol !== undefined ? info.keyCol <= limit && !(info.dashCol === limit) : info.keyCol < col);
    if (!isParent) {
      if (info.keyCol < limit) break;
      continue;
    }
    ancestors.unshift({ key: info.key! });
    firstLevel = false;
    col = info.keyCol;
    seqCol = info.dashCol;
  }
  return { ancestors, inItem, siblings };
}
