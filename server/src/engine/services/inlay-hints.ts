import { asScalar, get, locationOf } from "../documents/yaml-tree";
import { catalog } from "../knowledge/catalog";
import { chartProfileOf } from "../knowledge/chart-profiles";
import type { ClusterModel, Fact, ServiceModel } from "../model/cluster-model";
import type { VariableReference } from "../project/interpolate";
import type { Project } from "../project/project";
import { LineIndex } from "../text/line-index";
import type { Location } from "../text/span";
import { basename } from "../workspace";
import { maskValue } from "./redact";

/**
 * A value the editor shows inline after the text that does not show it plainly: what a `${VAR}`
 * resolves to, and a service's effective replica count where the count written there is not it.
 */
export interface InlayHintFact {
  /** The hint sits at `location.span.end` of this file. */
  location: Location;
  /** Short: `= 3`, `= ••••••`, `= unknown`. Secrets are masked here already. */
  label: string;
  /** One or two sentences: where the value comes from. */
  tooltip: string;
}

const MAX_HINTS = 5_000;
/** `KEY: ` or `KEY=` before a value on its line: a `${VAR}` after a secret's key is masked (any such key: masking too much is harmless). */
const KEY_BEFORE = /([A-Za-z_][\w.-]*)["']?[ \t]*[:=]/g;

/**
 * The inlay hints of a project: one per `${VAR}` of its Compose files (the value Compose fills
 * in — never from `.env` for a stack, which `docker stack deploy` does not read), and one per place
 * a replica count is written (`replicas: ${APP_REPLICAS}`, a base manifest a kustomize overlay
 * rescales, `replicaCount` under an autoscaler) whose text is not the count the model arrived at.
 */
export function inlayHintsOf(project: Project, model: ClusterModel): InlayHintFact[] {
  const indexes = new Map<string, LineIndex>();
  const indexOf = (path: string): LineIndex => {
    const text = project.textOf(path) ?? "";
    let index = indexes.get(path);
    if (!index || index.text !== text) indexes.set(path, (index = new LineIndex(text)));
    return index;
  };
  const where = (location: Location): string => `${basename(location.path)}:${indexOf(location.path).positionAt(location.span.start).line + 1}`;
  const hints: InlayHintFact[] = [];
  const variableHintAt = new Map<string, InlayHintFact>();
  const key = (location: Location): string => `${location.path}\0${location.span.end}`;

  for (const site of project.interpolations) {
    if (hints.length >= MAX_HINTS) break;
    const { name } = site.reference;
    // A stack reads no `.env`: interpolationValue is undefined there whatever `.env` holds.
    const definition = project.interpolationValue(name, site.location.path) !== undefined ? site.definition : undefined;
    const text = project.textOf(site.location.path) ?? "";
    const lineStart = text.lastIndexOf("\n", site.location.span.start - 1) + 1;
    const secret = catalog.isMaskedName(name) || [...text.slice(lineStart, site.location.span.start).matchAll(KEY_BEFORE)].some((m) => catalog.isMaskedName(m[1]));
    const shown = (value: string): string => (value === "" ? '""' : oneLine(maskValue(value, secret)));
    const effect = effectOf(site.reference, definition?.value);
    const stack = (project.stackFiles?.size ?? 0) > 0;
    const unsetWhy = stack ? `docker stack deploy reads no .env: only the shell that deploys sets ${name}` : `${name} is not set in the project's files: a .env kept elsewhere or the shell that deploys sets it`;
    let label: string;
    let tooltip: string;
    if (effect.kind === "value") {
      label = `= ${shown(effect.value)}`;
      const fallback = effect.fromArgument && (site.reference.modifier === ":-" || site.reference.modifier === "-");
      if (fallback) label += " (default)";
      tooltip = definition
        ? `\${${name}} is ${fallback ? "empty" : "set"} in ${where(definition.location)}${fallback ? ": the default applies" : ""}`
        : `${name} is not set in the project's files: ${effect.value === "" ? "it is empty" : "the default applies"} unless the shell that deploys sets it`;
    } else {
      label = "= unknown";
      tooltip = effect.kind === "error" ? `${name} is not set in the project's files: Compose stops with "${effect.message}" unless the shell that deploys sets it` : unsetWhy;
    }
    const hint = { location: site.location, label, tooltip };
    // `.env.example`, `sample.conf`: the operator fills it in from there; still no value here.
    const documented = !definition && project.exampleVariables?.get(name);
    if (documented) hint.tooltip += `; ${where(documented.location)} documents it for the operator to fill in`;
    hints.push(hint);
    variableHintAt.set(key(site.location), hint);
  }

  const seen = new Set<ServiceModel>();
  const seenNames = new Set<string>();
  for (const service of [...model.apps, ...model.services]) {
    if (seen.has(service) || hints.length >= MAX_HINTS) continue;
    seen.add(service);
    // One workload's containers share its count: the first names it.
    const id = `${service.nameLocation.path}\0${service.nameLocation.span.start}\0${service.replicas.location?.span.start}`;
    if (seenNames.has(id)) continue;
    seenNames.add(id);
    const fact = service.replicas;
    if (fact.certainty === "defaulted" || (!fact.location && fact.related.length === 0)) continue;
    const count = countLabel(project, fact);
    for (const at of writtenCounts(project, model, service, fact)) {
      const value = valueAt(project, at);
      if (!value) continue;
      const plain = value.text.replace(/^(["'])(.*)\1$/, "$2");
      if (fact.certainty !== "unknown" && plain === String(fact.value)) continue;
      // A switch (`hpa.enabled: true`) is not a count: the count's own line gets the hint.
      if (!isCountKey(value.key) && !/^\d+$|\$/.test(plain)) continue;
      // `replicas: ${APP_REPLICAS}`: the variable's hint already shows the count there.
      const variable = variableHintAt.get(key(value.location));
      if (variable && fact.certainty !== "unknown" && project.sourceAt(value.location).trim().startsWith("${")) {
        if (variable.label === `= ${fact.value}`) {
          variable.tooltip += `; ${service.name} runs ${count.text} replicas`;
          continue;
        }
      }
      const from = [fact.location, ...fact.related.map((r) => r.location)].filter((l): l is Location => l !== undefined && !(l.path === at.path && l.span.start === at.span.start));
      hints.push({
        location: value.location,
        label: `${isCountKey(value.key) ? "=" : "replicas ="} ${count.text}`,
        tooltip: `Effective replicas of ${service.name}: ${count.text}${count.why}${from.length > 0 ? ` — from ${[...new Set(from.map(where))].join(", ")}` : ""}`,
      });
    }
  }
  return hints;
}

/** `fromArgument`: the value is the text after the modifier (a default or an alternative), not the variable's. */
type Effect = { kind: "value"; value: string; fromArgument?: boolean } | { kind: "unknown" } | { kind: "error"; message: string };

/** What one `${…}` becomes, by Compose's rules (https://docs.docker.com/reference/compose-file/interpolation/). */
function effectOf(reference: VariableReference, value: string | undefined): Effect {
  const { modifier, argument } = reference;
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  // A default or alternative that itself reads variables is shown as written only when it reads none.
  const literal = (text: string): Effect => (text.includes("$") ? { kind: "unknown" } : { kind: "value", value: text, fromArgument: true });
  switch (modifier) {
    case ":-":
      return nonEmpty ? { kind: "value", value } : literal(argument);
    case "-":
      return set ? { kind: "value", value } : literal(argument);
    case ":+":
      return nonEmpty ? literal(argument) : set ? { kind: "value", value: "" } : { kind: "unknown" };
    case "+":
      return set ? literal(argument) : { kind: "unknown" };
    case ":?":
      return nonEmpty ? { kind: "value", value } : { kind: "error", message: argument || `${reference.name} is required` };
    case "?":
      return set ? { kind: "value", value } : { kind: "error", message: argument || `${reference.name} is required` };
    default:
      return set ? { kind: "value", value } : { kind: "unknown" };
  }
}

function countLabel(project: Project, fact: Fact<number | "global">): { text: string; why: string } {
  if (fact.certainty === "unknown") return { text: "unknown", why: " (set where the files do not show it)" };
  if (fact.value === "global") return { text: "one per node", why: " (global mode)" };
  const autoscaled = /autoscal|maxReplicas|maxPods|hpa\./i.test(fact.label ?? "") || (fact.location !== undefined && project.sourceAt(fact.location) === "maxReplicas");
  return autoscaled ? { text: `up to ${fact.value}`, why: " (an autoscaler may scale it so far)" } : { text: String(fact.value), why: "" };
}

/**
 * The places that write a count for the service: where the model's count was set and the places
 * it names beside it (the manifest's `spec.replicas` an overlay or autoscaler overrides), and
 * for Compose every file's `deploy.replicas` / `scale` of the service (a base file an override
 * rescales).
 */
function writtenCounts(project: Project, model: ClusterModel, service: ServiceModel, fact: Fact<number | "global">): Location[] {
  const out: Location[] = [];
  const add = (location: Location | undefined): void => {
    if (location && !out.some((l) => l.path === location.path && l.span.start === location.span.start)) out.push(location);
  };
  add(fact.edit?.kind === "text" ? fact.edit.location : fact.location);
  for (const related of fact.related) add(related.location);
  // The chart's own count (`replicaCount: 1`) under an autoscaler that scales past it.
  const countPath = model.helm && (model.apps as ServiceModel[]).includes(service) ? chartProfileOf(model.helm.chart)?.replicas.count : undefined;
  if (model.helm && countPath) {
    const count = model.helm.get(countPath);
    if (count && !count.isDefault) add(count.valueLocation ?? count.location);
    // Every values layer that writes it: an earlier one a later layer overrides shows its own number.
    if (project.kind === "helm") {
      for (const file of project.yamlFiles) {
        const scalar = asScalar(get(file.roots[0], ...countPath.split(".")));
        if (scalar) add(locationOf(scalar));
      }
    }
  }
  if (project.kind === "compose" && project.composeFiles.some((f) => f.path === service.nameLocation.path)) {
    for (const file of project.composeFiles) {
      for (const path of [["deploy", "replicas"], ["scale"]]) {
        const scalar = asScalar(get(file.roots[0], "services", service.name, ...path));
        if (scalar) add(locationOf(scalar));
      }
    }
  }
  return out;
}

/**
 * The count written at a location: a scalar (`${APP_REPLICAS}`), or the value after a key on the
 * same line (`replicas: 1`, `maxReplicas: 10`). A `.env` line is left out: it names a variable,
 * whose own hint shows where it is used. Undefined when the line shows no value.
 */
function valueAt(project: Project, at: Location): { text: string; location: Location; key?: string } | undefined {
  const text = project.textOf(at.path);
  if (text === undefined || at.span.end > text.length) return undefined;
  const lineStart = text.lastIndexOf("\n", at.span.start - 1) + 1;
  let lineEnd = text.indexOf("\n", at.span.start);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  const written = text.slice(at.span.start, at.span.end);
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(line.trimStart()) && !/:/.test(line.slice(0, at.span.start - lineStart))) return undefined;
  const pair = /^([ \t]*(?:-[ \t]+)?)["']?([\w.-]+)["']?[ \t]*:[ \t]*/.exec(line);
  if (pair && at.span.start - lineStart <= pair[1].length + pair[2].length + 2) {
    // At the key: the value after it on the line, up to a comment.
    const start = lineStart + pair[0].length;
    const value = /^(?:"[^"]*"|'[^']*'|[^\s#]+)/.exec(text.slice(start, lineStart + line.length));
    if (!value) return undefined;
    return { text: value[0], location: { path: at.path, span: { start, end: start + value[0].length } }, key: pair[2] };
  }
  if (written.includes("\n")) return undefined;
  return { text: written, location: at, key: pair?.[2] };
}

function isCountKey(key: string | undefined): boolean {
  return key !== undefined && /^(?:replicas|replicaCount|count|scale|maxReplicas)$/.test(key);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\r?\n\s*/g, " ");
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
