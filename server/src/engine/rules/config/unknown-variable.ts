import type { Fix } from "../../findings";
import { catalog } from "../../knowledge/catalog";
import type { CatalogEntry } from "../../knowledge/catalog-schema";
import { imageVariableScopes } from "../../knowledge/image-variable-scopes";
import { chartProfileOf } from "../../knowledge/chart-profiles";
import { confusionOf } from "../../knowledge/variable-confusions";
import type { ChartKind, ChartValues, ConfiguredKey, EnvSetting, Product, WrittenNode } from "../../model/cluster-model";
import { walkConfiguredKeys } from "../../model/queries";
import type { Location } from "../../text/span";
import { defineRule, type ReportInput, type RuleContext } from "../rule";
import { isLikelyTypo } from "./accept-suggestion";

const imageName: Record<Product, string> = { nextcloud: "the nextcloud image", owncloud: "the owncloud/server image" };
// Names the Nextcloud image family uses; anything else on the service belongs to someone else (TZ, VIRTUAL_HOST…).
const nextcloudScope = /^(NEXTCLOUD_|SQLITE_|MYSQL_|POSTGRES_|REDIS_|SMTP_|MAIL_|OBJECTSTORE_|PHP_|APACHE_|OVERWRITE|TRUSTED_|FORWARDED_)/;
// Names only the Nextcloud image reads: on an ownCloud service they are a copy-paste from the wrong docs.
const nextcloudOnly = /^(NEXTCLOUD_|REDIS_HOST|OBJECTSTORE_|OVERWRITE|TRUSTED_PROXIES|FORWARDED_FOR_HEADERS|SQLITE_DATABASE)/;
const inactive = new Set(["removed", "renamed", "ignored"]);

interface Verdict {
  message: string;
  /** Rename the variable to this name. */
  renameTo?: string;
  /** Delete the entry (the image ignores it). */
  remove?: boolean;
}

function statusVerdict(name: string, entry: CatalogEntry, product: Product): Verdict {
  const image = imageName[product];
  if (entry.status === "removed") return { message: `${name} was removed from ${image}. ${entry.meaning}`, remove: true };
  if (entry.status === "renamed" && entry.replacement) return { message: `${name} was renamed to ${entry.replacement} in ${image}; the old name is not read any more.`, renameTo: entry.replacement };
  if (name.endsWith("_FILE") && entry.replacement) {
    return { message: `${image[0].toUpperCase()}${image.slice(1)} has no ${name}, so the file is never read: give ${entry.replacement} its value directly (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh).` };
  }
  return { message: `${name} is ignored by ${image}${entry.replacement ? `; use ${entry.replacement}` : ""}.` };
}

/**
 * What is wrong with an environment variable of an app service, or undefined when nothing is.
 * `wholeScope`: judge every name with the image's prefix, not only near misses (for container
 * environments with no config file of the user's own mounted).
 */
export function judgeVariable(name: string, product: Product, wholeScope = false, loneDotenv = false): Verdict | undefined {
  const entry = catalog.lookupVariable(name, product);
  if (entry) return entry.status && inactive.has(entry.status) ? statusVerdict(name, entry, product) : undefined;
  const confusion = confusionOf(name, product);
  // A lone `.env` (or a service with its own config file) may mean the name for someone else: only near misses there.
  if (confusion && wholeScope) {
    const image = imageName[product][0].toUpperCase() + imageName[product].slice(1);
    const said = `${image} does not read ${name} (${confusion.source}), so it is silently ignored`;
    return confusion.realName ? { message: `${said}; did you mean ${confusion.realName}?`, renameTo: confusion.realName } : { message: `${said}; use ${confusion.instead}.` };
  }
  if (product === "nextcloud") {
    if (name.startsWith("OWNCLOUD_")) {
      const plain = name.slice("OWNCLOUD_".length);
      const known = catalog.lookupVariable(plain, "nextcloud") ? plain : undefined;
      return { message: `${name} is an ownCloud variable: the nextcloud image ignores it${known ? `; did you mean ${known}?` : "."}`, renameTo: known };
    }
    if (!nextcloudScope.test(name)) return undefined;
  } else {
    if (nextcloudOnly.test(name) && catalog.lookupVariable(name, "nextcloud")) {
      const counterpart = catalog.lookupVariable(`OWNCLOUD_${name}`, "owncloud") ? `OWNCLOUD_${name}` : undefined;
      return { message: `${name} is a Nextcloud variable: the owncloud/server image ignores it${counterpart ? `; did you mean ${counterpart}?` : "."}`, renameTo: counterpart };
    }
    if (!name.startsWith("OWNCLOUD_")) return undefined;
    if (name.endsWith("_FILE")) {
      // owncloud/base has no file_env: no script reads *_FILE (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay).
      const base = name.slice(0, -5);
      return { message: `The owncloud/server image reads no _FILE variables, so ${name} is never read${catalog.lookupVariable(base, "owncloud") ? `: give ${base} its value directly` : ""} (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay).` };
    }
  }
  const suggestion = catalog.suggest(name, catalog.knownVariables(product));
  // A lone `.env` may be Compose's interpolation file (`OWNCLOUD_VERSION` for `image:`): only a
  // misspelling, not a name one segment short of a real one, says it was meant for the image.
  if (suggestion && isLikelyTypo(name, suggestion, !loneDotenv)) {
    // A known confusion names what was meant; a near spelling of another setting (POSTGRES_PORT → POSTGRES_HOST) would mislead.
    const meant = confusion ? confusion.realName : suggestion;
    return meant ? { message: `${name} is not a variable of ${imageName[product]}, so it is silently ignored; did you mean ${meant}?`, renameTo: meant } : undefined;
  }
  // The image's own prefix: the catalog and the scope's names are everything the image reads.
  const scope = imageVariableScopes[product];
  if (!wholeScope || !name.startsWith(scope.prefix) || scope.alsoRead.has(name)) return undefined;
  const plain = name.slice(scope.prefix.length);
  const unprefixed = catalog.lookupVariable(plain, product) ? plain : undefined;
  return {
    message: `${imageName[product][0].toUpperCase()}${imageName[product].slice(1)} does not read ${name} (${scope.sources[0]}), so it has no effect unless a config file of your own reads it${unprefixed ? `; did you mean ${unprefixed}?` : "."}`,
    renameTo: unprefixed,
  };
}

/** `- REDIS_HOST_PORT:6379` in a list: Compose reads a variable named "REDIS_HOST_PORT:6379". */
function colonSeparated(setting: EnvSetting): { name: string; value: string } | undefined {
  if (!setting.passthrough) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/.exec(setting.name);
  return m ? { name: m[1], value: m[2] } : undefined;
}

export const unknownVariable = defineRule({
  meta: {
    id: "config/unknown-variable",
    severity: "warning",
    formats: ["C", "H", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "Unknown, removed or misspelled image variable or chart key",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags environment variables of Nextcloud and ownCloud services (Compose `environment:`, `env_file:` files, a standalone `.env`) that the image does not read: misspellings close to a real variable (with \"did you mean\"), any other name with the image's own prefix (`NEXTCLOUD_HOST`, `NEXTCLOUD_OVERWRITEPROTOCOL` → `OVERWRITEPROTOCOL`, `OWNCLOUD_HOSTNAME`) that neither the image nor the server it runs reads (checked against the entrypoint, its config snippets and README, and ownCloud's ENVIRONMENT.md; not in a lone `.env`, which may be Compose's interpolation file, nor when a `*.php` config file of your own is mounted), names other images use for a setting this one reads under another name or inside another variable (`REDIS_PORT` → `REDIS_HOST_PORT` or `OWNCLOUD_REDIS_PORT`, `POSTGRES_PORT` → the port in `POSTGRES_HOST`, `TRUSTED_PROXY` → `TRUSTED_PROXIES`; also only on a service), removed variables such as `NEXTCLOUD_INIT_LOCK`, `_FILE` forms that do not exist (`REDIS_HOST_FILE`, any `OWNCLOUD_*_FILE`), the other product's variables, and list items written `NAME:value`. In Helm values it flags keys the chart ignores (`replicas` instead of `replicaCount`, `hpa.maxReplicas` instead of `hpa.maxPods`, the ownCloud chart's `replicaCount`) misspelled keys in the parts of the charts the catalog covers, and top-level keys no version of the chart's values.yaml has had (`monitoring:`, `toleration:` → `tolerations`) when the file is surely that chart's (named by a Chart.yaml, a Flux HelmRelease or an umbrella chart's dependency, or mostly the chart's own top-level keys). A custom chart's own values (a Chart.yaml of another name) are not checked. Unrelated variables (`TZ`, `VIRTUAL_HOST`) and keys under free-form sections (`nextcloud.extraEnv`, `podAnnotations`, subcharts) are left alone.",
      whyItMatters:
        "Neither the images nor the charts complain about a name they do not know: the setting silently keeps its default. A misspelled `OWNCLOUD_REDIS_ENABLE` leaves Redis off, `NEXTCLOUD_INIT_LOCK` no longer does anything since the entrypoint uses flock (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh), ownCloud has no `_FILE` secrets at all (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay), and the Nextcloud chart reads `replicaCount` and `hpa.maxPods`, not `replicas` or `hpa.maxReplicas` (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml): the cluster you configured is not the one that runs.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLE=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "      - TZ=Europe/Berlin",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Suggestion: the quick fix renames the variable or key to the suggested name. Safe: it removes a variable the image no longer reads, which changes nothing at run time. A rename turns a setting that was silently ignored into one that takes effect, so review the value before applying it.",
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check(context) {
    const { model } = context;
    const reported = new Set<string>();
    const once = (input: ReportInput): void => {
      const key = `${input.location.path}|${input.location.span.start}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report(input);
    };
    const chartKeys = new Map<ChartKind, (key: ConfiguredKey) => boolean>();
    walkConfiguredKeys(model, (key) => {
      if (key.surface.kind === "variable") {
        if (key.surface.product) checkVariable(context, key, key.surface.product, once);
        return;
      }
      const chart = key.surface.chart;
      let check = chartKeys.get(chart);
      if (!check) {
        check = chartKeyCheck(context, chart, once);
        chartKeys.set(chart, check);
      }
      return check(key);
    });
  },
});

function checkVariable({ model, project, fix }: RuleContext, key: ConfiguredKey, product: Product, once: (input: ReportInput) => void): void {
  const setting = key.setting!;
  const service = key.service!;
  const colon = colonSeparated(setting);
  if (colon) {
    if (!catalog.lookupVariable(colon.name, product)) return;
    once({
      message: `"${setting.name}" is one list item without "=": Compose reads a variable named "${setting.name}" with no value, so ${colon.name} stays unset. Write ${colon.name}=${colon.value}.`,
      location: setting.location,
      fixes: [replaceInEntry(project.textOf(setting.location.path), setting.location, /\s*:\s*/, "=", `Write ${colon.name}=${colon.value}`)],
    });
    return;
  }
  // A lone `.env` is often Compose's interpolation file, not the container's environment; a mounted
  // `*.php` config file may read any variable with getenv().
  const wholeScope = !model.standalone && !service.mounts.some((m) => /\.php$/i.test(m.target));
  const verdict = judgeVariable(setting.name, product, wholeScope, model.standalone);
  if (!verdict) return;
  const at = key.keyLocation;
  const fixes: (Fix | undefined)[] = [];
  if (verdict.renameTo && !service.env.has(verdict.renameTo)) fixes.push(fix.replace(at, verdict.renameTo, `Rename ${setting.name} to ${verdict.renameTo}`, "suggestion"));
  if (verdict.remove) fixes.push(fix.deleteLines(setting.location, `Remove ${setting.name}`, "safe"));
  // A lone `.env` configures one app: no service to name.
  once({ message: `${verdict.message}${model.standalone ? "" : ` (service ${service.name})`}`, location: at, fixes });
}

function replaceInEntry(text: string | undefined, at: Location, pattern: RegExp, replacement: string, title: string): Fix | undefined {
  const written = text?.slice(at.span.start, at.span.end);
  const m = written === undefined ? null : pattern.exec(written);
  if (!m) return undefined;
  const start = at.span.start + m.index;
  return { title, safety: "suggestion", edits: [{ path: at.path, span: { start, end: start + m[0].length }, newText: replacement }] };
}

/**
 * Top-level keys the chart's values.yaml has never had, when the file is surely that chart's:
 * named by a Chart.yaml, a HelmRelease or an umbrella's dependency, or (guessed from the keys) with
 * at least three top-level keys, three in four of them the chart's. Keys that only hold a YAML
 * anchor (`x-common: &common`, `_defaults`, or one aliased elsewhere) are left alone.
 */
function foreignTopLevelKeys(values: ChartValues | undefined, topLevelKeys: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (!values) return out;
  const own = new Set([...topLevelKeys, "global"]);
  const entries = values.root.entries.filter((e) => !e.merged);
  const ownCount = entries.filter((e) => own.has(e.key)).length;
  if (!values.chartNamed && (entries.length < 3 || ownCount * 4 < entries.length * 3)) return out;
  const reused = reusedNodes(values.root);
  for (const entry of entries) {
    // A map merged elsewhere (`<<: *defaults`) is reached through its entries, which the merge copies.
    const merged = entry.value?.kind === "map" && entry.value.entries.some((e) => e.value !== undefined && reused.has(e.value));
    if (own.has(entry.key) || /^(x-|_|\.)/.test(entry.key) || (entry.value && reused.has(entry.value)) || merged) continue;
    out.add(entry.key);
  }
  return out;
}

/** Nodes reached more than once: anchors reused through aliases. */
function reusedNodes(root: WrittenNode): Set<WrittenNode> {
  const seen = new Set<WrittenNode>();
  const reused = new Set<WrittenNode>();
  const walk = (node: WrittenNode | undefined): void => {
    if (!node) return;
    if (seen.has(node)) {
      reused.add(node);
      return;
    }
    seen.add(node);
    if (node.kind === "map") for (const entry of node.entries) walk(entry.value);
    else if (node.kind === "list") for (const item of node.items) walk(item);
  };
  walk(root);
  return reused;
}

/** Judges one key of a chart's values; false: skip the keys below it. */
function chartKeyCheck({ fix, model }: RuleContext, chart: ChartKind, once: (input: ReportInput) => void): (key: ConfiguredKey) => boolean {
  const chartName = `the ${chart} chart`;
  const chartVersion = model.chartValues?.chartVersion;
  const profile = chartProfileOf(chart);
  const topLevelKeys = profile?.topLevelKeys ?? [];
  const foreign = foreignTopLevelKeys(model.chartValues, topLevelKeys);
  const known = catalog.knownValuePaths(chart);
  const childrenOf = (parentPath: string): string[] => {
    const prefix = parentPath ? `${parentPath}.` : "";
    const out = new Set<string>();
    for (const path of known) if (path.startsWith(prefix)) out.add(path.slice(prefix.length).split(".")[0]);
    return [...out];
  };
  const isPrefix = (path: string): boolean => known.some((p) => p.startsWith(`${path}.`));
  return (key) => {
    const path = key.name;
    const parentPath = key.parent ?? "";
    const keyAt = key.keyLocation;
    const sibling = (name: string): boolean => (key.siblings ?? []).includes(name);
    const catalogEntry = catalog.lookupValue(chart, path);
    if (catalogEntry) {
      if (!catalogEntry.status || !inactive.has(catalogEntry.status)) return !catalogEntry.openChildren;
      // A vendored chart older than the change still reads the key.
      if (catalogEntry.since && chartVersion && compareVersions(chartVersion, catalogEntry.since) < 0) return !catalogEntry.openChildren;
      const replacement = catalogEntry.replacement;
      const sameParent = replacement !== undefined && replacement.slice(0, replacement.lastIndexOf(".") + 1) === (parentPath ? `${parentPath}.` : "");
      const newKey = replacement?.slice(replacement.lastIndexOf(".") + 1);
      once({
        message: `${path} is ${catalogEntry.status === "renamed" ? "no longer read" : "not read"} by ${chartName}${replacement ? `; it reads ${replacement}` : ""}. ${catalogEntry.meaning}`,
        location: keyAt,
        fixes: [sameParent && newKey && !sibling(newKey) ? fix.replace(keyAt, newKey, `Rename ${key.key} to ${newKey}`, "suggestion") : undefined],
      });
      return false;
    }
    if (isPrefix(path)) return true;
    if (catalog.lookupOpenParent(chart, path)) return false;
    if (!parentPath && foreign.has(key.key)) {
      const near = catalog.suggest(key.key, topLevelKeys);
      const typo = near && isLikelyTypo(key.key, near) ? near : undefined;
      once({
        message: `${key.key} is not a top-level key of ${chartName} in any of its versions (${profile!.sources[0]}), so Helm ignores it${typo ? `; did you mean ${typo}?` : "."}`,
        location: keyAt,
        fixes: [typo && !sibling(typo) ? fix.replace(keyAt, typo, `Rename ${key.key} to ${typo}`, "suggestion") : undefined],
      });
      return false;
    }
    // Keys the chart has that the catalog does not describe: no judgement.
    if (!parentPath && topLevelKeys.includes(key.key)) return false;
    const suggestion = catalog.suggest(key.key, childrenOf(parentPath));
    if (suggestion && isLikelyTypo(key.key, suggestion)) {
      const where = parentPath ? `under ${parentPath}` : "at the top level";
      once({
        message: `${key.key} is not a key of ${chartName} ${where}, so it is silently ignored; did you mean ${suggestion}?`,
        location: keyAt,
        fixes: [sibling(suggestion) ? undefined : fix.replace(keyAt, suggestion, `Rename ${key.key} to ${suggestion}`, "suggestion")],
      });
    }
    // Keys the catalog does not list below here may be real chart values: no judgement.
    return false;
  };
}

/** `6.6.10` < `8.0.0`: numeric by part; a pre-release or build suffix is ignored. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.split(/[-+]/)[0].split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
