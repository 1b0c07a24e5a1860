import { catalog, type Product } from "./catalog";

/**
 * How each image splits the list variables it reads, and the chart values that render them.
 *
 * Nextcloud splits at white space: the entrypoint's `for DOMAIN in ${NEXTCLOUD_TRUSTED_DOMAINS}`
 * (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh) and `explode(' ', …)` for
 * `TRUSTED_PROXIES` and `FORWARDED_FOR_HEADERS`
 * (https://github.com/nextcloud/docker/blob/master/.config/reverse-proxy.config.php); a comma stays
 * part of an item. ownCloud splits at commas with `explode(',', …)` and trims only the trusted
 * domains (https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/templates/config.php),
 * so a space in any other item stays part of it.
 */
export interface ListVariable {
  name: string;
  product: Product;
  separator: "space" | "comma";
  /** The image trims each item: white space around a separator is harmless. */
  trimmed: boolean;
}

/** Items of these comma lists are trimmed (`array_map('trim', explode(',', …))`). */
const TRIMMED_COMMA_LISTS = new Set(["OWNCLOUD_TRUSTED_DOMAINS"]);

/** The list variable of a product, from the catalog's list separators. */
export function listVariableOf(name: string, product: Product): ListVariable | undefined {
  const entry = catalog.lookupVariable(name, product);
  if (!entry || entry.type !== "list" || !entry.listSeparator) return undefined;
  return { name, product, separator: entry.listSeparator, trimmed: entry.listSeparator === "space" || TRIMMED_COMMA_LISTS.has(name) };
}

/**
 * Chart values that render a list variable: a string copied as it is, or a YAML list the chart
 * joins with the separator (nextcloud/helm `_helpers.tpl`: `join " " .Values.nextcloud.trustedDomains`;
 * owncloud chart `_helpers.tpl` joins `owncloud.domain` and `owncloud.trustedDomains` with ",",
 * `envconfigmap.yaml` quotes the others as they are).
 */
export interface ListChartValue {
  chart: string;
  path: string;
  variable: string;
  form: "string" | "joined";
  source: string;
}

export const listChartValues: readonly ListChartValue[] = [
  { chart: "nextcloud", path: "nextcloud.trustedDomains", variable: "NEXTCLOUD_TRUSTED_DOMAINS", form: "joined", source: "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl" },
  { chart: "owncloud", path: "owncloud.trustedDomains", variable: "OWNCLOUD_TRUSTED_DOMAINS", form: "joined", source: "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/_helpers.tpl" },
  { chart: "owncloud", path: "owncloud.trustedProxies", variable: "OWNCLOUD_TRUSTED_PROXIES", form: "string", source: "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml" },
  { chart: "owncloud", path: "owncloud.forwardedForHeaders", variable: "OWNCLOUD_FORWARDED_FOR_HEADERS", form: "string", source: "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml" },
  { chart: "owncloud", path: "owncloud.corsAllowedDomains", variable: "OWNCLOUD_CORS_ALLOWED_DOMAINS", form: "string", source: "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml" },
  { chart: "owncloud", path: "owncloud.redis.seeds", variable: "OWNCLOUD_REDIS_SEEDS", form: "string", source: "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml" },
];

/** The list values of one chart. */
export function listChartValuesOf(chart: string): ListChartValue[] {
  return listChartValues.filter((value) => value.chart === chart);
}
