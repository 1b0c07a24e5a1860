import type { Fix, RelatedLocation } from "../findings";
import type { AppRole, ClusterModel, EnvSetting, ServiceModel } from "../model/cluster-model";
import type { Location } from "../text/span";

/** Shared reading of the model, so every rule interprets "set", "true" and "where" alike. */

export function envValue(service: ServiceModel, name: string): string | undefined {
  const setting = service.env.get(name);
  if (!setting || setting.passthrough) return undefined;
  return setting.value;
}

/** Nextcloud's entrypoint tests "set at all"; ownCloud's scripts test emptiness. */
export function isSetNonEmpty(service: ServiceModel, name: string): boolean {
  if (service.env.get(name)?.opaque) return true;
  const v = envValue(service, name);
  return v !== undefined && v !== "";
}

/** ownCloud reads its boolean variables as the literal `true` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === "true";
}

/** Where a finding about a missing setting of this service belongs: the setting, else the service. */
export function settingOrService(service: ServiceModel, setting: EnvSetting | undefined): Location {
  return setting && !setting.passthrough ? setting.location : service.nameLocation;
}

export function webApps(model: ClusterModel): AppRole[] {
  return model.apps.filter((a) => a.role === "web");
}

const MAX_CLUSTER_REASONS = 3;

/**
 * The facts that put the project in cluster context, as related locations: the service's own
 * (its replica count) when it has some, else the first few of the project's, so a finding's
 * related information does not grow with the number of services in the file.
 */
export function clusterRelated(model: ClusterModel, about?: ServiceModel): RelatedLocation[] {
  const own = about ? model.cluster.reasonsByService?.get(about.name) : undefined;
  if (own && own.length > 0) return own;
  const all = model.cluster.reasons;
  if (all.length <= MAX_CLUSTER_REASONS + 1) return all;
  const shown = all.slice(0, MAX_CLUSTER_REASONS);
  const last = shown[shown.length - 1];
  return [...shown.slice(0, -1), { ...last, message: `${last.message} (and ${all.length - MAX_CLUSTER_REASONS} more reasons)` }];
}

export function withRelated(...groups: (RelatedLocation[] | RelatedLocation | undefined)[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const r of Array.isArray(group) ? group : group ? [group] : []) {
      const key = `${r.location.path}|${r.location.span.start}|${r.location.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/** Joins several fixes into one (all edits, the first title), dropping the missing ones. */
export function combineFixes(title: string, ...fixes: (Fix | undefined)[]): Fix | undefined {
  const present = fixes.filter((f): f is Fix => f !== undefined);
  if (present.length === 0 || present.length !== fixes.length) return undefined;
  const safety = present.some((f) => f.safety === "suggestion") ? "suggestion" : present.some((f) => f.safety === "unsafe") ? "unsafe" : "safe";
  // Two inserts at the same offset keep their order by being merged into one edit.
  const edits: Fix["edits"] = [];
  for (const fix of present) {
    for (const edit of fix.edits) {
      const same = edits.find((e) => e.path === edit.path && e.span.start === edit.span.start && e.span.end === edit.span.end && e.span.start === e.span.end);
      if (same) same.newText += edit.newText;
      else edits.push({ ...edit });
    }
  }
  return { title, safety, edits };
}
