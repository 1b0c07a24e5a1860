import type { CatalogEntry } from "./catalog-schema";
import { chartProfiles } from "./chart-profiles";
import { composeKeys } from "./compose-keys";
import { maskSecret } from "./mask-secret";
import { nextcloudChartValues } from "./nextcloud-chart-values";
import { nextcloudImageVariables } from "./nextcloud-image-variables";
import { owncloudChartValues } from "./owncloud-chart-values";
import { owncloudImageVariables } from "./owncloud-image-variables";
import { looksLikeSecretName } from "./secret-name-pattern";
import { suggestName } from "./suggest-name";
import { type ValueProblem, validateValue } from "./validate-value";

export type Product = "nextcloud" | "owncloud";

export interface KnownNamesOptions {
  /** Also list removed, renamed and ignored names (default: only names the product reads). */
  includeInactive?: boolean;
}

function indexByName(entries: readonly CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  return new Map(entries.map((entry) => [entry.name, entry]));
}

const variablesByProduct: Record<Product, ReadonlyMap<string, CatalogEntry>> = {
  nextcloud: indexByName(nextcloudImageVariables),
  owncloud: indexByName(owncloudImageVariables),
};
const valuesByChart: Record<string, ReadonlyMap<string, CatalogEntry>> = Object.fromEntries(chartProfiles.map((p) => [p.chart, indexByName(p.values)]));
const charts: readonly string[] = chartProfiles.map((p) => p.chart);
const noValues: ReadonlyMap<string, CatalogEntry> = new Map();
const composeKeysByName = indexByName(composeKeys);

const products: readonly Product[] = ["nextcloud", "owncloud"];

function isActive(entry: CatalogEntry): boolean {
  return entry.status === undefined || entry.status === "current" || entry.status === "deprecated";
}

function names(entries: Iterable<CatalogEntry>, options: KnownNamesOptions | undefined): string[] {
  const result: string[] = [];
  for (const entry of entries) if (options?.includeInactive || isActive(entry)) result.push(entry.name);
  return result;
}

/** Array indexes are not part of catalog paths: `a.b[0].c` and `a.b.0.c` both become `a.b.c`. */
function normalizePath(path: string): string {
  return path
    .replace(/\[\d+\]/g, "")
    .split(".")
    .filter((segment) => segment !== "" && !/^\d+$/.test(segment))
    .join(".");
}

function matchesPattern(pattern: string, segments: readonly string[]): boolean {
  const parts = pattern.split(".");
  return parts.length === segments.length && parts.every((part, index) => part === "*" || part === segments[index]);
}

function lookupVariable(name: string, product?: Product): CatalogEntry | undefined {
  if (product !== undefined) return variablesByProduct[product].get(name);
  for (const each of products) {
    const entry = variablesByProduct[each].get(name);
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/**
 * Names repeat across every service of a file and every lint of a session, and a Compose key is
 * matched against every pattern: the answers are kept, up to a bound so a session that sees
 * endless distinct names does not grow without limit.
 */
const MEMO_LIMIT = 20_000;
const composeKeyMemo = new Map<string, CatalogEntry | undefined>();
const secretNameMemo = new Map<string, boolean>();
/** By the name as written (before normalizePath): the redactor asks for every key of every file on each lint. */
const maskedNameMemo = new Map<string, boolean>();

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

function lookupValue(chart: string, dottedPath: string): CatalogEntry | undefined {
  return (valuesByChart[chart] ?? noValues).get(normalizePath(dottedPath));
}

/**
 * The nearest ancestor whose children the catalog does not list (`nextcloud.configs`, a subchart
 * such as `mariadb`): an unknown key below it is not necessarily a mistake.
 */
function lookupOpenParent(chart: string, dottedPath: string): CatalogEntry | undefined {
  const segments = normalizePath(dottedPath).split(".");
  for (let length = segments.length - 1; length > 0; length--) {
    const entry = (valuesByChart[chart] ?? noValues).get(segments.slice(0, length).join("."));
    if (entry?.openChildren) return entry;
  }
  return undefined;
}

/**
 * Accepts the catalog pattern (`services.*.deploy.replicas`), a concrete path
 * (`services.app.deploy.replicas`, `volumes.nc_data.driver_opts.o`) or a path relative to a
 * service (`deploy.replicas`).
 */
function lookupComposeKey(dottedPath: string): CatalogEntry | undefined {
  const path = normalizePath(dottedPath);
  if (composeKeyMemo.has(path)) return composeKeyMemo.get(path);
  return remember(composeKeyMemo, path, findComposeKey(path));
}

function findComposeKey(path: string): CatalogEntry | undefined {
  const exact = composeKeysByName.get(path);
  if (exact !== undefined) return exact;
  for (const candidate of [path, `services.*.${path}`]) {
    const segments = candidate.split(".");
    for (const entry of composeKeys) if (matchesPattern(entry.name, segments)) return entry;
  }
  return undefined;
}

function knownVariables(product: Product, options?: KnownNamesOptions): string[] {
  return names(variablesByProduct[product].values(), options);
}

function knownValuePaths(chart: string, options?: KnownNamesOptions): string[] {
  return names((valuesByChart[chart] ?? noValues).values(), options);
}

function knownComposeKeys(): string[] {
  return composeKeys.map((entry) => entry.name);
}

/**
 * The catalog decides for every name it knows (so `OWNCLOUD_REDIS_TLS_LOCAL_PK`, a path, is not a
 * secret and `OBJECTSTORE_S3_KEY` is); unknown names go by their wording.
 */
function isSecretName(name: string): boolean {
  const path = normalizePath(name);
  const known = secretNameMemo.get(path);
  if (known !== undefined) return known;
  return remember(secretNameMemo, path, judgeSecretName(path));
}

function judgeSecretName(path: string): boolean {
  const entries = entriesNamed(path);
  if (entries.length > 0) return entries.some((entry) => entry.secret === true);
  return looksLikeSecretName(path);
}

function entriesNamed(path: string): CatalogEntry[] {
  return [lookupVariable(path), ...charts.map((chart) => valuesByChart[chart].get(path)), lookupComposeKey(path)].filter((entry): entry is CatalogEntry => entry !== undefined);
}

/**
 * Whether output masks the value of a name: every secret name, and the unknown environment
 * names that end in `_KEY` (`CONSUMER_KEY`) although their wording alone does not make them a
 * secret for the rules: a needless mask costs less than a leaked key.
 */
function isMaskedName(name: string): boolean {
  const known = maskedNameMemo.get(name);
  if (known !== undefined) return known;
  return remember(maskedNameMemo, name, judgeMaskedName(name));
}

function judgeMaskedName(name: string): boolean {
  if (isSecretName(name)) return true;
  const path = normalizePath(name);
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY$/.test(path.split(".").at(-1) ?? "") && entriesNamed(path).length === 0;
}

export const catalog = {
  entries: {
    nextcloudImage: nextcloudImageVariables,
    owncloudImage: owncloudImageVariables,
    nextcloudChart: nextcloudChartValues,
    owncloudChart: owncloudChartValues,
    compose: composeKeys,
  },
  lookupVariable,
  lookupValue,
  lookupOpenParent,
  lookupComposeKey,
  knownVariables,
  knownValuePaths,
  knownComposeKeys,
  suggest: suggestName,
  isSecretName,
  isMaskedName,
  validateValue: (entry: CatalogEntry, value: string): ValueProblem | undefined => validateValue(entry, value),
  maskSecret,
} as const;
