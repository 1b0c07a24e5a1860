import { appDatabaseProfileOf } from "../knowledge/app-databases";
import type { AppDatabaseModel, ServiceModel } from "./cluster-model";

/**
 * Where the database file is: the image's directory, or the directory of the absolute path a
 * variable moves it to. A relative path, or a value the files do not show, leaves it unknown.
 * A server URL (`postgresql://…`) is no file: the selection decides about it.
 */
function databaseDirOf(service: ServiceModel, fallback: string, variables: string[]): string | undefined {
  const setting = variables.map((name) => service.env.get(name)).find((e) => e !== undefined);
  if (!setting) return fallback;
  if (setting.opaque || setting.passthrough) return undefined;
  const value = setting.value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return fallback;
  if (!value.startsWith("/")) return undefined;
  const dir = value.replace(/\/[^/]*$/, "");
  return dir === "" ? "/" : dir;
}

/**
 * The other apps of the project that keep an SQLite database in their container, and how sure
 * that is. An app whose database the files cannot see (a variable from a Secret, an env_file
 * that is not there, an unresolved value) is left out: unknown is not SQLite.
 */
export function appDatabasesOf(services: ServiceModel[]): AppDatabaseModel[] {
  const out: AppDatabaseModel[] = [];
  for (const service of services) {
    const profile = appDatabaseProfileOf(service.imageName, service.imageTag);
    if (!profile) continue;
    const databaseDir = databaseDirOf(service, profile.databaseDir, profile.fileVariables ?? []);
    if (databaseDir === undefined) continue;
    const base = { service, app: profile.app, databaseDir, sources: profile.sources, networkWarning: profile.networkWarning };
    const choice = profile.sqlite;
    if (choice.kind === "always") {
      out.push({ ...base, selection: "always" });
      continue;
    }
    const settings = [...service.env.values()];
    if (choice.kind === "default") {
      const relevant = settings.filter((e) => choice.serverWhen.some((w) => w.variable.test(e.name)));
      if (relevant.some((e) => e.opaque || e.passthrough)) continue;
      // A Secret or ConfigMap the files do not show may set the variable that selects a server.
      if (choice.serverWhen.length > 0 && relevant.length === 0 && (service.opaqueEnvSources?.length ?? 0) > 0) continue;
      if (relevant.some((e) => choice.serverWhen.some((w) => w.variable.test(e.name) && w.value.test(e.value)))) continue;
      out.push({ ...base, selection: "default" });
      continue;
    }
    // explicit: the first variable of the list that is set decides (the image's own name, then the generic one).
    const setting = choice.variables.map((name) => service.env.get(name)).find((e) => e !== undefined);
    if (!setting || setting.opaque || setting.passthrough || !choice.value.test(setting.value)) continue;
    out.push({ ...base, selection: "explicit", setting: setting.location });
  }
  return out;
}
