import type { Fix } from "../../findings";
import { catalog } from "../../knowledge/catalog";
import { chartProfileOf } from "../../knowledge/chart-profiles";
import type { CatalogEntry } from "../../knowledge/catalog-schema";
import type { ChartKind, ClusterModel, ConfiguredKey, EnvSetting, Product } from "../../model/cluster-model";
import { walkConfiguredKeys } from "../../model/queries";
import type { Location } from "../../text/span";
import { defineRule, type ReportInput } from "../rule";

const inactive = new Set(["removed", "renamed", "ignored"]);

function isActive(entry: CatalogEntry | undefined): entry is CatalogEntry {
  return entry !== undefined && (entry.status === undefined || !inactive.has(entry.status));
}

/** The `${X}` uses Compose cannot fill, by file: compose/undefined-variable's finding, not a wrong value. */
function unresolvedUses(model: ClusterModel): Map<string, Location[]> {
  const byPath = new Map<string, Location[]>();
  for (const use of model.interpolations ?? []) {
    if (use.resolved || use.whenUnset === "fallback") continue;
    const list = byPath.get(use.location.path) ?? [];
    list.push(use.location);
    byPath.set(use.location.path, list);
  }
  return byPath;
}

function hasUnresolvedReference(unresolved: Map<string, Location[]>, at: Location | undefined): boolean {
  if (!at) return false;
  return (unresolved.get(at.path) ?? []).some((use) => use.span.start >= at.span.start && use.span.end <= at.span.end);
}

/** The value the author probably meant: an enum member one typo away, or a boolean in lower case. */
function correctedValue(entry: CatalogEntry, value: string): string | undefined {
  if (entry.type === "enum" && entry.enumValues) {
    const caseFix = entry.enumValues.find((v) => v.toLowerCase() === value.toLowerCase());
    return caseFix ?? catalog.suggest(value, entry.enumValues);
  }
  if (entry.type === "boolean" && entry.booleanForm === "true-false" && /^(true|false)$/i.test(value)) return value.toLowerCase();
  return undefined;
}

export const invalidValue = defineRule({
  meta: {
    id: "config/invalid-value",
    severity: "error",
    formats: ["C", "H", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "Known variable or chart value with a value of the wrong type",
    fixSafety: "suggestion",
    docs: {
      whatItDoes:
        "Checks the values of known image variables (Compose `environment:`, `env_file:`, a standalone `.env`) and chart values against the catalog: integers (`OWNCLOUD_REDIS_PORT=abc`), enumerations (`OWNCLOUD_DB_TYPE=postgres`, which must be `pgsql`), lower-case `true`/`false` flags, sizes, paths and URLs, and flags that are on whenever they are set. A value built from `${…}` is checked after interpolation, with the `.env` line as related location; a reference Compose cannot fill is left to `compose/undefined-variable`.",
      whyItMatters:
        "The entrypoints do not validate: ownCloud turns on object storage only for the literal word `true` and knows only `sqlite`, `mysql` and `pgsql` as database types (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md); Nextcloud treats `NEXTCLOUD_INIT_HTACCESS=false` as on, because it only asks whether the variable is set (https://github.com/nextcloud/docker/blob/master/README.md). A wrong value therefore starts a node with a different configuration than intended, and in a cluster the nodes that get it right and the ones that get it wrong disagree.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_DB_TYPE=postgres",
          "      - OWNCLOUD_DB_HOST=db",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_DB_TYPE=pgsql",
          "      - OWNCLOUD_DB_HOST=db",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Suggestion, when the intended value is clear (an enumeration member one typo or a letter case away, `True` for `true`): the quick fix writes it in place. Other wrong values have no fix; only the author knows the number or path they meant.",
      sources: ["https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check({ model, project, fix, report }) {
    const reported = new Set<string>();
    const once = (input: ReportInput): void => {
      const key = `${input.location.path}|${input.location.span.start}`;
      if (reported.has(key)) return;
      reported.add(key);
      report(input);
    };

    const unresolved = unresolvedUses(model);
    walkConfiguredKeys(model, (key) => (key.surface.kind === "chart-value" ? checkChartValue(key, key.surface.chart) : checkVariable(key, key.surface.product)));

    function checkChartValue(key: ConfiguredKey, chart: ChartKind): boolean {
      const catalogEntry = catalog.lookupValue(chart, key.name);
      if (!isActive(catalogEntry)) return !catalogEntry;
      // database/helm-external-type reports this one, with what the chart renders instead.
      if (chartProfileOf(chart)?.externalDatabase?.type === key.name) return true;
      const value = key.scalar;
      if (!value || value.plain === null || key.certainty === "unknown") return !catalogEntry.openChildren;
      const problem = catalog.validateValue(catalogEntry, value.text);
      if (problem) {
        const corrected = correctedValue(catalogEntry, value.text);
        const quote = value.quote === "double" ? '"' : value.quote === "single" ? "'" : "";
        once({
          message: `${problem.message}.`,
          location: value.location,
          fixes: [corrected && value.quote !== "block" && !catalogEntry.secret ? fix.replace(value.location, `${quote}${corrected}${quote}`, `Change ${key.name} to ${corrected}`, "suggestion") : undefined],
        });
      }
      return !catalogEntry.openChildren;
    }

    function checkVariable(key: ConfiguredKey, product: Product | undefined): void {
      const setting = key.setting;
      // A value a template or a Secret decides is not written here: nothing to check.
      if (!product || !setting || setting.passthrough || key.certainty === "unknown") return;
      const entry = catalog.lookupVariable(setting.name, product);
      if (!isActive(entry)) return;
      if (hasUnresolvedReference(unresolved, setting.valueLocation)) return;
      const problem = catalog.validateValue(entry, setting.value);
      if (!problem) return;
      once({
        message: `${problem.message}${model.standalone ? "" : ` (service ${key.service!.name})`}.`,
        location: setting.valueLocation ?? setting.location,
        // "false" on an any-set flag is a legal value that means the opposite of what it says.
        severity: entry.booleanForm === "any-set" ? "warning" : undefined,
        related: setting.related,
        fixes: [valueFix(key, setting, entry)],
      });
    }

    function valueFix(key: ConfiguredKey, setting: EnvSetting, entry: CatalogEntry): Fix | undefined {
      const written = key.written;
      // Only a literal is rewritten in place; a value from `.env` is fixed where it is defined.
      if (!setting.valueLocation || entry.secret || written !== setting.value) return undefined;
      const corrected = correctedValue(entry, setting.value);
      if (!corrected) return undefined;
      // Keep the author's YAML quotes: Compose wants `true`/`false` quoted in an environment map.
      const raw = project.sourceAt(setting.valueLocation);
      const quote = setting.origin === "environment" && /^["']/.test(raw) && raw.length >= 2 && raw.endsWith(raw[0]) ? raw[0] : "";
      return fix.replace(setting.valueLocation, `${quote}${corrected}${quote}`, `Change ${setting.name} to ${corrected}`, "suggestion");
    }
  },
});
