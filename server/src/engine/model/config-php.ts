import type { RelatedLocation } from "../findings";
import { blockScalarText } from "../documents/block-scalar";
import { readPhpConfig, type PhpValue } from "../documents/php-config";
import { asMap, entryOf, type YMap, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import { appPaths, naturalCompare } from "./queries";
import type { ClusterModel, ConfigPhpModel, ConfigPhpSetting, ConfigPhpValue, Product } from "./cluster-model";

/**
 * The `config.php` keys a chart's values write into the app's config directory.
 *
 * Nextcloud chart: every `nextcloud.configs.<name>` becomes `/var/www/html/config/<name>`
 * (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/config.yaml,
 * https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl).
 * ownCloud chart: `owncloud.configExtra` is rendered as JSON into `configmap.config.php`
 * (https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/secrets.yaml).
 * The app reads `config.php`, then every `*.config.php` in natural order of the names, each
 * file's keys replacing the earlier ones (https://github.com/nextcloud/server/blob/master/lib/private/Config.php,
 * https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#multiple-config-php-file).
 */
export function chartConfigPhp(product: Product, root: YMap | undefined, texts: ReadonlyMap<string, string>): ConfigPhpModel | undefined {
  const section = asMap(entryOf(root, product)?.value);
  const model = valuesConfigPhp(product, section, texts);
  const mounted = mountedConfigFiles(product, section);
  if (mounted.length === 0) return model;
  return { settings: model?.settings ?? new Map(), opaque: [...(model?.opaque ?? []), ...mounted] };
}

/** The app's config directory in each chart (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl, https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/values.yaml). */
const CONFIG_DIRECTORY: Record<Product, string> = { nextcloud: "/var/www/html/config", owncloud: "/mnt/data/config" };

/**
 * Config files mounted into the config directory through `extraVolumeMounts` (from a Secret, a
 * ConfigMap elsewhere): what they set is unknown.
 */
function mountedConfigFiles(product: Product, section: YMap | undefined): RelatedLocation[] {
  const mounts = entryOf(section, "extraVolumeMounts")?.value;
  if (!mounts) return [];
  if (mounts.kind !== "seq") return mounts.templated ? [{ location: { path: mounts.path, span: mounts.span }, message: `${product}.extraVolumeMounts is rendered by a template` }] : [];
  // ownCloud's chart moves it with `owncloud.volume.config`.
  const own = product === "owncloud" ? entryOf(asMap(entryOf(section, "volume")?.value), "config")?.value : undefined;
  const directory = own?.kind === "scalar" && !own.templated && own.text.trim().startsWith("/") ? own.text.trim().replace(/\/+$/, "") : CONFIG_DIRECTORY[product];
  const out: RelatedLocation[] = [];
  for (const item of mounts.items) {
    const path = entryOf(item, "mountPath")?.value;
    const target = path?.kind === "scalar" ? path.text.trim().replace(/\/+$/, "") : undefined;
    if (!item.templated && !path?.templated && target === undefined) continue;
    if (item.templated || path?.templated || target === directory || (target !== undefined && target.startsWith(`${directory}/`) && target.endsWith(".php"))) {
      const at = path ?? item;
      out.push({ location: { path: at.path, span: at.span }, message: `a config file mounted here (${product}.extraVolumeMounts) may set any key` });
    }
  }
  return out;
}

function valuesConfigPhp(product: Product, section: YMap | undefined, texts: ReadonlyMap<string, string>): ConfigPhpModel | undefined {
  if (product === "nextcloud") {
    const configs = entryOf(section, "configs");
    if (!configs?.value) return undefined;
    const map = asMap(configs.value);
    if (!map) return opaqueOnly({ path: configs.value.path, span: configs.value.span }, "nextcloud.configs is not a map of files the linter can read");
    const files = map.entries.filter((e) => e.key === "config.php" || e.key.endsWith(".config.php"));
    if (files.length === 0 && !map.templated) return undefined;
    const model: ConfigPhpModel = { settings: new Map(), opaque: [] };
    if (map.templated) model.opaque.push({ location: { path: map.path, span: map.span }, message: "a template renders further config files here" });
    // config.php first, then the others in the order the app loads them.
    const ordered = [...files].sort((a, b) => (a.key === "config.php" ? -1 : b.key === "config.php" ? 1 : naturalCompare(a.key, b.key)));
    const sourceOf = (path: string) => texts.get(path);
    for (const entry of ordered) configFileSettings(model, entry.key, `nextcloud.configs.${entry.key}`, entry.value, { path: map.path, span: entry.span }, sourceOf);
    return model;
  }
  const extra = entryOf(section, "configExtra");
  if (!extra?.value) return undefined;
  const label = "owncloud.configExtra";
  const map = asMap(extra.value);
  if (!map) return extra.value.templated ? opaqueOnly({ path: extra.value.path, span: extra.value.span }, `${label} is rendered by a template`) : undefined;
  const model: ConfigPhpModel = { settings: new Map(), opaque: [] };
  if (map.templated) model.opaque.push({ location: { path: map.path, span: map.span }, message: `a template renders further ${label} keys here` });
  for (const entry of map.entries) {
    // The image writes these keys into overwrite.config.php on every start, which the app reads
    // after configmap.config.php: the chart's value never takes effect
    // (https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/templates/config.php).
    if (OWNCLOUD_IMAGE_KEYS.has(entry.key)) continue;
    if (entry.templated) {
      model.opaque.push({ location: { path: map.path, span: entry.span }, message: `${label}: a template names this key` });
      continue;
    }
    const setting: ConfigPhpSetting = {
      key: entry.key,
      value: fromYaml(entry.value, { path: map.path, span: entry.span }),
      location: { path: map.path, span: entry.span },
      keyLocation: { path: map.path, span: entry.keySpan },
      file: "configmap.config.php",
      label,
    };
    model.settings.set(entry.key, setting);
  }
  return model.settings.size > 0 || model.opaque.length > 0 ? model : undefined;
}

/**
 * Keys the ownCloud image's config template always writes; `logfile` too, since the entrypoint
 * never leaves `OWNCLOUD_LOG_FILE` empty (https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/70-logging.sh).
 */
const OWNCLOUD_IMAGE_KEYS: ReadonlySet<string> = new Set(["apps_paths", "trusted_domains", "datadirectory", "dbtype", "dbhost", "dbname", "dbuser", "dbpassword", "dbtableprefix", "log_type", "logfile", "supportedDatabases", "upgrade.disable-web", "web-updater.enabled"]);

function opaqueOnly(location: Location, message: string): ConfigPhpModel {
  const opaque: RelatedLocation[] = [{ location, message }];
  return { settings: new Map(), opaque };
}

function fromPhp(value: PhpValue, located: (span: { start: number; end: number }) => Location): ConfigPhpValue {
  const location = located(value.span);
  switch (value.kind) {
    case "array":
      return {
        kind: "array",
        location,
        entries: value.entries.map((e) => ({ key: e.key, keyLocation: e.keySpan ? located(e.keySpan) : undefined, value: fromPhp(e.value, located) })),
        ...(value.openKeys ? { openKeys: true } : {}),
      };
    case "null":
      return { kind: "null", location };
    case "unknown":
      return { kind: "unknown", location };
    case "string":
      // `${NAME}` is filled in before the chart sees it when a Flux Kustomization substitutes variables (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution).
      return /\$\{[^}]*\}/.test(value.value) ? { kind: "unknown", location } : { kind: "string", value: value.value, location };
    default:
      return { kind: value.kind, value: value.value, location } as ConfigPhpValue;
  }
}

/** A YAML value as the chart's `toPrettyJson` and PHP's `json_decode(…, true)` give it to the app. */
function fromYaml(node: YNode | undefined, at: Location): ConfigPhpValue {
  if (!node) return { kind: "null", location: at };
  const location: Location = { path: node.path, span: node.span };
  if (node.templated) return { kind: "unknown", location };
  if (node.kind === "scalar") {
    const v = node.value;
    if (v === null || v === undefined) return { kind: "null", location };
    if (typeof v === "boolean") return { kind: "bool", value: v, location };
    if (typeof v === "number") return { kind: "number", value: v, location };
    if (/\$\{[^}]*\}/.test(String(v))) return { kind: "unknown", location };
    return { kind: "string", value: String(v), location };
  }
  if (node.kind === "seq") return { kind: "array", location, entries: node.items.map((item, i) => ({ key: i, value: fromYaml(item, location) })) };
  return {
    kind: "array",
    location,
    entries: node.entries.map((e) => ({ key: e.key, keyLocation: { path: node.path, span: e.keySpan }, value: fromYaml(e.value, { path: node.path, span: e.span }) })),
    ...(node.templated ? { openKeys: true } : {}),
  };
}

/**
 * The PHP ini files the Nextcloud chart adds from `nextcloud.phpConfigs` (into `conf.d`, or
 * `php-fpm.d` with nginx): https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl.
 */
export function chartPhpIniFiles(product: Product, root: YMap | undefined): RelatedLocation[] {
  if (product !== "nextcloud") return [];
  const configs = entryOf(asMap(entryOf(root, "nextcloud")?.value), "phpConfigs");
  const value = configs?.value;
  if (!value) return [];
  const map = asMap(value);
  if (map && map.entries.length === 0 && !map.templated) return [];
  if (!map && value.kind === "scalar" && !value.templated && (value.value === null || value.value === "")) return [];
  return [{ location: { path: value.path, span: value.span }, message: "nextcloud.phpConfigs adds PHP ini files" }];
}

/**
 * Reads one config file written in a YAML value (a values key, a ConfigMap key) into the model:
 * its keys replace the ones of the files read before it; a file the linter cannot read through
 * makes the model opaque.
 */
export function configFileSettings(model: ConfigPhpModel, file: string, label: string, node: YNode | undefined, at: Location, sourceOf: (path: string) => string | undefined): void {
  const source = node?.kind === "scalar" && !node.templated ? sourceOf(node.path) : undefined;
  // A literal block (`|`), or a value that is its file's text as it stands (a whole file a kustomize generator reads).
  const raw = source !== undefined && node?.kind === "scalar" && node.quote !== "block" && source.slice(node.span.start, node.span.end) === String(node.text) ? { content: String(node.text), toFile: (offset: number) => node.span.start + offset } : undefined;
  const block = raw ?? (source !== undefined && node?.kind === "scalar" && node.quote === "block" ? blockScalarText(source, node.span, String(node.text)) : undefined);
  if (!block || node?.kind !== "scalar") {
    model.opaque.push({ location: node ? { path: node.path, span: node.span } : at, message: `${label}: the linter reads only a literal block (\`|\`) of plain PHP` });
    return;
  }
  const read = readPhpConfig(block.content);
  const located = (span: { start: number; end: number }): Location => ({ path: node.path, span: { start: block.toFile(span.start), end: block.toFile(span.end) } });
  if (read.opaque) model.opaque.push({ location: located(read.opaque), message: `${label}: what this sets is decided at run time` });
  for (const [key, setting] of read.keys) {
    model.settings.set(key, { key, value: fromPhp(setting.value, located), location: located(setting.span), keyLocation: located(setting.keySpan), file, label });
  }
}

/**
 * Config files a Compose service mounts into the app's config directory
 * (`./redis.config.php:/var/www/html/config/redis.config.php`): the app reads them, the linter
 * does not, so every `config.php` key is unknown.
 */
export function markMountedConfigFiles(model: ClusterModel): void {
  for (const app of model.apps) {
    const directory = appPaths(app).config;
    const mounted = app.mounts.filter((m) => {
      const target = m.target.trim().replace(/\/+$/, "");
      const name = target.slice(target.lastIndexOf("/") + 1);
      return target === `${directory}/${name}` && (name === "config.php" || name.endsWith(".config.php"));
    });
    if (mounted.length === 0) continue;
    app.configPhp = {
      settings: app.configPhp?.settings ?? new Map(),
      opaque: [...(app.configPhp?.opaque ?? []), ...mounted.map((m): RelatedLocation => ({ location: m.location, message: `${m.target} is mounted from a file the linter does not read` }))],
    };
  }
}
