import { asScalar, get, type YMap, type YNode } from "../documents/yaml-tree";
import { hasInterpolation, interpolate } from "../project/interpolate";
import { chartProfileOf } from "../knowledge/chart-profiles";
import { EXAMPLE_ENV_NAME } from "../project/load-project";
import type { Project } from "../project/project";
import { basename } from "../workspace";
import type { Location } from "../text/span";
import type { EnvEntry, EnvFile } from "../documents/env-file";
import { envFileLayout } from "./env-file-layout";
import type { AppRole, ChartKind, ChartValues, ClusterModel, ConfiguredKey, EnvFileEntry, EnvFileModel, EnvSetting, KeySurface, ServiceModel, VariableUse, WrittenEntry, WrittenMap, WrittenNode } from "./cluster-model";

/**
 * The format-neutral facts the file-hygiene rules read (names, values, `${…}` uses, env-file
 * lines): every adapter fills them from the files, so those rules never open a file themselves.
 */
export function fileFactsOf(project: Project): Pick<ClusterModel, "interpolations" | "envFiles" | "exampleVariables" | "stackFiles"> {
  const interpolations: VariableUse[] = project.interpolations.map(({ location, reference, definition }) => ({
    name: reference.name,
    location,
    modifier: reference.modifier,
    whenUnset: reference.modifier === "" ? "empty" : reference.modifier === ":?" || reference.modifier === "?" ? "error" : "fallback",
    resolved: reference.resolved,
    definition: definition?.location,
  }));
  const envFiles: EnvFileModel[] = [...project.envFiles.values()].map((env) => ({
    path: env.path,
    interpolationSource: env === project.dotenv || (project.interpolationEnvFiles?.includes(env) ?? false),
    ...(project.trackedEnvFiles?.has(env.path) ? { trackedByGit: project.trackedEnvFiles.get(env.path) } : {}),
    ...(EXAMPLE_ENV_NAME.test(basename(env.path)) ? { example: true } : {}),
    entries: env.entries.map((entry) => ({
      key: entry.key,
      keyLocation: { path: env.path, span: entry.keySpan },
      location: { path: env.path, span: entry.span },
      line: entry.line,
      reads: entry.quote === "single" ? [] : interpolate(entry.rawValue, () => undefined).references.map((r) => r.name),
      ...(entry.templateRegion !== undefined ? { templateRegion: entry.templateRegion } : {}),
      ...envEntryShape(env, entry),
    })),
    ...envFileLayout(env),
    ...(env.templated ? { templated: true } : {}),
  }));
  const exampleVariables = new Map<string, Location>();
  for (const [name, definition] of project.exampleVariables ?? []) exampleVariables.set(name, definition.location);
  return { interpolations, envFiles, exampleVariables, stackFiles: [...(project.stackFiles ?? [])] };
}

/** How an env-file entry is written: its separator, its value and quotes, whether the shell supplies it. */
function envEntryShape(env: EnvFile, entry: EnvEntry): Pick<EnvFileEntry, "separator" | "value" | "inherited" | "templated"> {
  const path = env.path;
  const shape: Pick<EnvFileEntry, "separator" | "value" | "inherited" | "templated"> = {};
  if (entry.templated) shape.templated = true;
  if (entry.inherited) {
    shape.inherited = true;
    return shape;
  }
  // The separator is the first `=` or `:` after the key (the key cannot contain either).
  const after = env.text.slice(entry.keySpan.end, entry.valueSpan.start);
  const at = after.search(/[=:]/);
  if (at >= 0) shape.separator = { text: after[at] as "=" | ":", location: { path, span: { start: entry.keySpan.end + at, end: entry.keySpan.end + at + 1 } } };
  shape.value = { text: entry.rawValue, location: { path, span: entry.valueSpan }, quote: entry.quote };
  return shape;
}

/** The variables the files write for each service (`environment:`, `env_file:`, a lone `.env`), in service order. */
export function configuredVariables(project: Project, services: ServiceModel[], apps: AppRole[]): ConfiguredKey[] {
  const keys: ConfiguredKey[] = [];
  const products = new Map<ServiceModel, AppRole["product"]>(apps.map((app) => [app, app.product]));
  for (const service of services) {
    const product = products.get(service);
    for (const setting of service.env.values()) {
      if (setting.origin !== "environment" && setting.origin !== "env_file") continue;
      const written = writtenValue(project, setting);
      keys.push({
        name: setting.name,
        key: setting.name,
        surface: { kind: "variable", product },
        file: setting.origin === "environment" ? "deployment" : "env-file",
        location: setting.location,
        keyLocation: nameLocation(project, setting.name, setting.location),
        certainty: setting.passthrough || setting.opaque ? "unknown" : "known",
        written,
        refersElsewhere: written !== undefined && refersElsewhere(written),
        service,
        setting,
      });
    }
  }
  return keys;
}

/** A value Helm, Flux, Compose or a template fills in later is a reference, not a value. */
export function refersElsewhere(text: string): boolean {
  return hasInterpolation(text) || hasTemplate(text);
}

/** A Jinja or Go-template expression or tag (`{{ x }}`, `{% if %}`) in a value. */
export function hasTemplate(text: string): boolean {
  return /\{[{%]/.test(text);
}

/** The value as the author wrote it (YAML quotes removed), or undefined when it has no own text. */
export function writtenValue(project: Project, setting: EnvSetting): string | undefined {
  const at = setting.valueLocation;
  if (!at) return undefined;
  const raw = project.textOf(at.path)?.slice(at.span.start, at.span.end);
  if (raw === undefined) return undefined;
  const quoted = setting.origin === "environment" && raw.length >= 2 && /^["']/.test(raw) && raw.endsWith(raw[0]);
  return quoted ? raw.slice(1, -1) : raw;
}

/**
 * Where the name is written inside its entry (`- NAME=value`, `NAME: value`, an env-file line
 * with `export`), so a finding and a rename touch the name alone.
 */
function nameLocation(project: Project, name: string, entry: Location): Location {
  const { path, span } = entry;
  const text = project.sourceAt({ path, span });
  // A plain search, not a RegExp built from the name: a name of a whole long line is "too large" for one.
  const word = /[A-Za-z0-9_]/;
  for (let at = text.indexOf(name); at >= 0 && name.length > 0; at = text.indexOf(name, at + 1)) {
    if ((at > 0 && word.test(text[at - 1])) || word.test(text[at + name.length] ?? "")) continue;
    const start = span.start + at;
    return { path, span: { start, end: start + name.length } };
  }
  return entry;
}

/** The values file as written; an aliased node becomes one shared node, so reuse costs nothing. */
export function chartValuesOf(project: Project, chart: ChartKind): ChartValues | undefined {
  const root = project.helmValues?.root;
  if (!root) return undefined;
  const done = new Map<YNode, WrittenNode>();
  const convert = (node: YNode): WrittenNode => {
    const known = done.get(node);
    if (known) return known;
    if (node.kind === "scalar") {
      const scalar: WrittenNode = { kind: "scalar", text: node.text, plain: node.value, quote: node.quote, location: { path: node.path, span: node.span } };
      done.set(node, scalar);
      return scalar;
    }
    if (node.kind === "seq") {
      const list: WrittenNode = { kind: "list", items: [] };
      done.set(node, list);
      for (const item of node.items) list.items.push(convert(item));
      return list;
    }
    return convertMap(node);
  };
  const convertMap = (node: YMap): WrittenMap => {
    const known = done.get(node);
    if (known?.kind === "map") return known;
    const map: WrittenMap = { kind: "map", entries: [] };
    done.set(node, map);
    for (const entry of node.entries) {
      map.entries.push({
        key: entry.key,
        keyLocation: { path: node.path, span: entry.keySpan },
        location: { path: node.path, span: entry.span },
        value: entry.value ? convert(entry.value) : undefined,
        merged: entry.merged,
      });
    }
    return map;
  };
  const chartFileName = asScalar(get(project.chartFile?.roots[0], "name"))?.text;
  // The values beside the chart's own Chart.yaml (a vendored copy) are for that version of it.
  // Or the version a HelmRelease, an Argo CD Application or an umbrella's dependency pins.
  const version = (chartFileName === chart ? asScalar(get(project.chartFile?.roots[0], "version"))?.text : undefined) ?? project.helmValues?.chartVersion;
  return {
    chart,
    root: convertMap(root),
    chartNamed: project.helmValues?.chartName === chart || chartFileName === chart,
    ...(version && /^\d+\.\d+\.\d+/.test(version) ? { chartVersion: version } : {}),
    ...(project.helmValues?.umbrellaPaths ? { umbrellaPaths: project.helmValues.umbrellaPaths } : {}),
    ...(project.helmValues?.layers ? { layers: project.helmValues.layers.filter((layer) => layer.root !== root).map((layer) => convertMap(layer.root)) } : {}),
  };
}

/**
 * Every key the files configure: the services' variables, then the values file's keys depth
 * first. For a chart value, `visit` returns false to skip the keys below it. Merged (`<<`) keys
 * are not visited (their text is where the anchor was defined, which the walk reaches on its
 * own), and an aliased node is walked once.
 */
export function walkConfiguredKeys(model: ClusterModel, visit: (key: ConfiguredKey) => boolean | void): void {
  for (const key of model.configuredKeys ?? []) visit(key);
  const values = model.chartValues;
  if (!values) return;
  const surface: KeySurface = { kind: "chart-value", chart: values.chart };
  const seen = new Set<WrittenNode>();
  const offByParent = new Map<string, boolean>();
  const switchedOff = (path: string): boolean => {
    if (!path) return false;
    const known = offByParent.get(path);
    if (known !== undefined) return known;
    // Go templates render `{{ if .Values.x.enabled }}` sections only when the value is truthy; only a false one is surely off.
    const enabled = model.helm?.get(`${path}.enabled`);
    const off = (enabled !== undefined && enabled.certainty !== "unknown" && enabled.value === false) || switchedOff(path.slice(0, Math.max(0, path.lastIndexOf("."))));
    offByParent.set(path, off);
    return off;
  };
  // Values the chart leaves out while a switch is on (`nextcloud.existingSecret.enabled: true`).
  const ignored = new Set<string>();
  for (const rule of chartProfileOf(values.chart)?.ignoredWhen ?? []) {
    const on = model.helm?.get(rule.switch);
    // Go templates' `if`: any non-empty value is on (the string "false" too).
    const truthy = on !== undefined && on.certainty !== "unknown" && (on.value === true || (typeof on.value === "string" && on.value !== "") || (typeof on.value === "number" && on.value !== 0));
    if (truthy) for (const path of rule.values) ignored.add(path);
  }
  const walk = (node: WrittenNode | undefined, parent: string): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (node.kind === "list") {
      for (const item of node.items) walk(item, parent);
      return;
    }
    if (node.kind !== "map") return;
    const siblings = node.entries.map((e) => e.key);
    for (const entry of node.entries) {
      if (entry.merged) continue;
      const name = parent ? `${parent}.${entry.key}` : entry.key;
      if (values.umbrellaPaths?.includes(name)) continue;
      const key = chartKey(entry, name, parent, siblings, surface);
      if (switchedOff(parent) || ignored.has(name)) key.switchedOff = true;
      if (visit(key) === false) continue;
      walk(entry.value, name);
    }
  };
  walk(values.root, "");
  for (const layer of values.layers ?? []) walk(layer, "");
}

/** `items` only one level deep: the walk reaches deeper keys itself. */
function chartKey(entry: WrittenEntry, name: string, parent: string, siblings: readonly string[], surface: KeySurface, withItems = true): ConfiguredKey {
  const value = entry.value;
  const scalar = value?.kind === "scalar" ? value : undefined;
  const items =
    value?.kind === "list" && withItems
      ? value.items.flatMap((item) => {
          if (item.kind !== "map") return [];
          const keys = item.entries.map((e) => e.key);
          return [item.entries.map((e) => chartKey(e, `${name}.${e.key}`, name, keys, surface, false))];
        })
      : undefined;
  const reference = scalar !== undefined && refersElsewhere(scalar.text);
  return {
    name,
    key: entry.key,
    surface,
    file: "deployment",
    location: entry.location,
    keyLocation: entry.keyLocation,
    certainty: scalar !== undefined && hasTemplate(scalar.text) ? "unknown" : "known",
    written: scalar?.text,
    refersElsewhere: reference,
    parent,
    scalar,
    items,
    siblings,
  };
}
