import { productProfiles, type DirectorySpec } from "../knowledge/product-profiles";
import type { AppRole, Certainty, ClusterModel, ConfigPhpSetting, ConfigPhpValue, DatabaseModel, EnvFileModel, EnvSetting, Fact, ServiceModel } from "./cluster-model";

/**
 * The one reading of the model that every rule shares: what "scaled", "set", "reaches" and
 * "where the data lives" mean does not depend on the file format the model came from.
 */

export function replicaCount(service: ServiceModel): number {
  return service.replicas.value === "global" ? Number.POSITIVE_INFINITY : service.replicas.value;
}

export function isScaled(service: ServiceModel): boolean {
  return service.replicas.value === "global" || service.replicas.value > 1;
}

/** An effective setting of an app: its value after the image default, and how sure that is. */
export interface SettingFact {
  name: string;
  /** undefined: not set, and no default either. */
  value: string | undefined;
  certainty: Certainty;
  /** The entry that sets it (absent when defaulted or unknown). */
  setting?: EnvSetting;
  /** How the user writes it where it is set ("REDIS_HOST", "redis.enabled"). */
  label: string;
}

/**
 * What an app's variable is: set in the files (known), left to the default (defaulted), or
 * possibly set somewhere the files do not show — a Secret or ConfigMap outside the workspace, a
 * value only a platform knows (unknown).
 */
export function settingOf(app: ServiceModel, name: string, imageDefault?: string): SettingFact {
  const setting = app.env.get(name);
  if (setting?.opaque) return { name, value: undefined, certainty: "unknown", setting, label: setting.label ?? name };
  if (!setting || setting.passthrough) {
    if ((app.opaqueEnvSources?.length ?? 0) > 0) return { name, value: undefined, certainty: "unknown", label: name };
    return { name, value: imageDefault, certainty: "defaulted", setting: setting?.passthrough ? setting : undefined, label: name };
  }
  return { name, value: setting.value, certainty: setting.isDefault ? "defaulted" : "known", setting, label: setting.label ?? name };
}

/** A fact's certainty, with the convention that a located fact is known and an unlocated one defaulted. */
export function certaintyOf(fact: Fact<unknown>): Certainty {
  return fact.certainty ?? (fact.location ? "known" : "defaulted");
}

/** The app's directory as the image resolves it: the variable, else its default under the data root. */
function directoryOf(app: AppRole, spec: DirectorySpec): string {
  const root = rootOf(app);
  const own = spec.variable ? app.env.get(spec.variable) : undefined;
  const value = own && !own.passthrough && !own.opaque ? own.value.trim() : "";
  return (value || spec.default.replace("${ROOT}", root)).replace(/\/+$/, "") || "/";
}

function rootOf(app: AppRole): string {
  const spec = productProfiles[app.product].dataRoot;
  const own = spec.variable ? app.env.get(spec.variable) : undefined;
  const value = own && !own.passthrough && !own.opaque ? own.value.trim() : "";
  return (value || spec.default).replace(/\/+$/, "");
}

/** The data root, the users' files and the config directory of an app, after its variables. */
export function appPaths(app: AppRole): { dataRoot: string; files: string; config: string } {
  const profile = productProfiles[app.product];
  return { dataRoot: rootOf(app), files: directoryOf(app, profile.files), config: directoryOf(app, profile.config) };
}

/** `db`, `db:3306` → `db`; brackets of an IPv6 literal stay. */
function hostName(value: string): string {
  return value.trim().replace(/:\d+$/, "");
}

/**
 * Whether a host name reaches the service: its Compose name; on Kubernetes the name of a Service
 * that selects its pods, also written `name.namespace.svc…`; and the workload's own name, by the
 * usual convention that a Service is named after its workload.
 */
export function reaches(model: ClusterModel, service: ServiceModel, host: string): boolean {
  const name = hostName(host);
  if (name === "") return false;
  if (name === service.name) return true;
  const names = service.hostnames ?? [];
  const first = name.split(".")[0];
  if (names.includes(name) || (/\.svc(\.|$)/.test(name) && names.includes(first))) return true;
  if (model.vocabulary.instance !== "pod") return false;
  const workload = service.name.split("/")[0];
  return name === workload || first === workload;
}

/**
 * The first item of `list` (the model's Redis servers or databases) whose service `host` reaches,
 * as `list.find((item) => reaches(model, item.service, host))` gives it, looked up by name: every
 * app asking every server made a lint quadratic in the services of a large stack.
 */
export function firstReached<T extends { service: ServiceModel }>(model: ClusterModel, list: readonly T[], host: string): T | undefined {
  const name = hostName(host);
  if (name === "") return undefined;
  let index = reachIndexes.get(list);
  if (!index) {
    index = new Map();
    list.forEach((item, i) => {
      // Every name reaches() compares the host (or its first label) with.
      for (const key of new Set([item.service.name, ...(item.service.hostnames ?? []), item.service.name.split("/")[0]])) {
        const at = index!.get(key);
        if (at) at.push(i);
        else index!.set(key, [i]);
      }
    });
    reachIndexes.set(list, index);
  }
  const candidates = [...new Set([...(index.get(name) ?? []), ...(index.get(name.split(".")[0]) ?? [])])].sort((a, b) => a - b);
  for (const i of candidates) if (reaches(model, list[i].service, host)) return list[i];
  return undefined;
}

const reachIndexes = new WeakMap<readonly { service: ServiceModel }[], Map<string, number[]>>();

/** The name other services write to reach this one: the Compose name, or a Kubernetes Service that selects it. */
export function addressOf(model: ClusterModel, service: ServiceModel): string | undefined {
  if (service.hostnames?.[0] !== undefined) return service.hostnames[0];
  // A Kubernetes pod is reachable by name only through a Service.
  return model.vocabulary.instance === "pod" ? undefined : service.name;
}

/** The Redis the apps should share: the only one, or the one named like `redis`. */
export function sharedRedis(model: ClusterModel): { service: ServiceModel; host?: string } | undefined {
  const redis = model.redis.length === 1 ? model.redis[0] : model.redis.find((r) => /redis/.test(r.service.name));
  if (!redis) return undefined;
  return { service: redis.service, host: addressOf(model, redis.service) };
}

/** The apps whose database host names this database. */
export function clientsOf(model: ClusterModel, database: DatabaseModel): AppRole[] {
  return model.apps.filter((app) => productProfiles[app.product].databaseHostVariables.some((name) => reaches(model, database.service, settingOf(app, name).value ?? "")));
}

/** The keys the files configure (variables, chart values), for the rules that check names, values and secrets. */
export { refersElsewhere, walkConfiguredKeys } from "./file-facts";

/** The project's `.env`, the file Compose fills `${NAME}` from (an `env_file:` only feeds containers). */
export function dotenvOf(model: ClusterModel): EnvFileModel | undefined {
  return model.envFiles?.find((env) => env.interpolationSource);
}

/**
 * Whether `${…}` in this deployment file is filled from the project's `.env`: `docker compose`
 * reads it, `docker stack deploy` does not, and with no `.env` the deploying shell decides.
 */
export function readsDotenv(model: ClusterModel, path: string): boolean {
  return dotenvOf(model) !== undefined && !(model.stackFiles ?? []).includes(path);
}

/** A `config.php` key as the deployment's own config files leave it. */
export interface ConfigPhpFact {
  key: string;
  /** known: a file sets it to a literal; unknown: a file may set it or replace it, or sets it to something only run time decides; defaulted: no file the linter sees sets it. */
  certainty: Certainty;
  setting?: ConfigPhpSetting;
}

export function configPhpOf(app: AppRole, key: string): ConfigPhpFact {
  const setting = app.configPhp?.settings.get(key);
  // A file the linter cannot read through may set any key, or replace one another file sets.
  if ((app.configPhp?.opaque.length ?? 0) > 0) return { key, certainty: "unknown", setting };
  if (setting) return { key, certainty: setting.value.kind === "unknown" ? "unknown" : "known", setting };
  return { key, certainty: "defaulted" };
}

/** The value below a path of nested arrays: undefined when absent, unknown when it cannot be told. */
export function configPhpValueAt(value: ConfigPhpValue | undefined, ...path: (string | number)[]): ConfigPhpValue | undefined {
  let current = value;
  for (const key of path) {
    if (!current || current.kind === "unknown") return current;
    if (current.kind !== "array") return undefined;
    const found = current.entries.find((e) => String(e.key) === String(key));
    if (!found) return current.openKeys ? { kind: "unknown", location: current.location } : undefined;
    current = found.value;
  }
  return current;
}

/** Whether a config file named `file` is read after the image's own `imageFile`, so its keys win (natural order of names, as `natsort`). */
export function loadsAfter(file: string, imageFile: string): boolean {
  return naturalCompare(file, imageFile) > 0;
}

/** PHP's natural order (`natsort`, strnatcmp): runs of digits compare as numbers, other characters by code. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = /[0-9]/.test(a[i]);
    const db = /[0-9]/.test(b[j]);
    if (da && db) {
      let ei = i;
      let ej = j;
      while (ei < a.length && /[0-9]/.test(a[ei])) ei++;
      while (ej < b.length && /[0-9]/.test(b[ej])) ej++;
      const na = a.slice(i, ei).replace(/^0+(?=.)/, "");
      const nb = b.slice(j, ej).replace(/^0+(?=.)/, "");
      if (na.length !== nb.length) return na.length - nb.length;
      if (na !== nb) return na < nb ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] !== b[j]) return a.charCodeAt(i) - b.charCodeAt(j);
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}
