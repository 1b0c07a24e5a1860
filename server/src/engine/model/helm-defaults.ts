import { parse } from "yaml";
import type { CatalogEntry } from "../knowledge/catalog-schema";
import type { ChartProfile } from "../knowledge/chart-profiles";

/**
 * Chart defaults as the templates see them, derived from the knowledge catalog (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml, https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud) so there is one table:
 * a value the user's file does not set has this value when the chart renders.
 */
function defaultsOf(entries: readonly CatalogEntry[]): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.default === undefined || entry.name.includes("*")) continue;
    table[entry.name] = typedDefault(entry);
  }
  return table;
}

function typedDefault(entry: CatalogEntry): unknown {
  const text = entry.default ?? "";
  switch (entry.type) {
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    case "integer": {
      const n = Number(text);
      return Number.isInteger(n) ? n : text;
    }
    case "list":
      if (text.startsWith("[")) {
        try {
          return parse(text) as unknown;
        } catch {
          return text;
        }
      }
      return text;
    default:
      return text;
  }
}

const defaultsByChart = new Map<string, Readonly<Record<string, unknown>>>();

/** The chart's defaults, computed once from its catalog entries. */
export function chartDefaults(profile: ChartProfile): Readonly<Record<string, unknown>> {
  let defaults = defaultsByChart.get(profile.chart);
  if (!defaults) {
    defaults = defaultsOf(profile.values);
    defaultsByChart.set(profile.chart, defaults);
  }
  return defaults;
}
