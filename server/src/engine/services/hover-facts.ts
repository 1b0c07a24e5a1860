import type { Location } from "../text/span";
import { catalog } from "../knowledge/catalog";
import type { ClusterModel } from "../model/cluster-model";
import type { Project } from "../project/project";
import { LineIndex } from "../text/line-index";
import { basename } from "../workspace";
import { maskValue } from "./redact";

/** A `${VAR}` of the project: what it resolved to and where that was set. */
export interface VariableHoverFact {
  location: Location;
  name: string;
  /** Masked when the name is a secret's. */
  value?: string;
  /** `.env:3`: where the value was set. */
  setAt?: string;
  /** `${X:-default}`: the text used when it is not set. */
  fallback?: string;
}

/** A service's replica count where the files set it, as the model reads it after overrides and `${…}`. */
export interface ReplicaHoverFact {
  location: Location;
  service: string;
  value: number | "global";
  unknown: boolean;
  /** The other places the count comes from (`.env:1`). */
  from: string[];
}

/** What hovers say about a project beyond its findings: kept with each lint, read by the editor. */
export interface HoverFacts {
  variables: VariableHoverFact[];
  replicas: ReplicaHoverFact[];
}

const MAX_FACTS = 5_000;

export function hoverFactsOf(project: Project, model: ClusterModel): HoverFacts {
  const indexes = new Map<string, LineIndex>();
  const where = (location: Location): string => {
    const text = project.textOf(location.path) ?? "";
    let index = indexes.get(location.path);
    if (!index || index.text !== text) indexes.set(location.path, (index = new LineIndex(text)));
    return `${basename(location.path)}:${index.positionAt(location.span.start).line + 1}`;
  };
  const variables: VariableHoverFact[] = project.interpolations.slice(0, MAX_FACTS).map((site) => {
    const { name, modifier, argument } = site.reference;
    const fact: VariableHoverFact = { location: site.location, name };
    // `docker stack deploy` reads no .env: a definition there does not fill a stack file's `${…}`.
    if (site.definition && project.interpolationValue(name, site.location.path) !== undefined) {
      fact.value = maskValue(site.definition.value, catalog.isMaskedName(name));
      fact.setAt = where(site.definition.location);
    }
    if (modifier === ":-" || modifier === "-") fact.fallback = argument;
    return fact;
  });
  const replicas: ReplicaHoverFact[] = [];
  const seen = new Set<string>();
  for (const service of [...model.apps, ...model.services]) {
    const { location } = service.replicas;
    if (!location || seen.has(service.name) || replicas.length >= MAX_FACTS) continue;
    seen.add(service.name);
    replicas.push({
      location,
      service: service.name,
      value: service.replicas.value,
      unknown: service.replicas.certainty === "unknown",
      from: service.replicas.related.map((r) => where(r.location)),
    });
  }
  return { variables, replicas };
}
