import type { EnvFile } from "../documents/env-file";
import type { Project } from "../project/project";
import { variablesOf } from "../project/load-project";
import { chownOnStart } from "./compose-adapter";
import { configuredVariables, fileFactsOf } from "./file-facts";
import { sqliteOfEnv } from "./sqlite-selection";
import { templateSourcesOfEnv, templatedValue } from "./template-facts";
import type { AppRole, ClusterModel, EnvSetting, Product } from "./cluster-model";

/** The product a lone `.env` configures, from its variable names. */
export function productOfEnv(env: EnvFile): Product | undefined {
  let owncloud = 0;
  let nextcloud = 0;
  for (const entry of env.entries) {
    if (entry.key.startsWith("OWNCLOUD_")) owncloud++;
    else if (/^(NEXTCLOUD_|REDIS_HOST|SQLITE_DATABASE|OBJECTSTORE_S3_|OBJECTSTORE_SWIFT_|OVERWRITE|TRUSTED_PROXIES|APACHE_DISABLE_REWRITE_IP)/.test(entry.key)) nextcloud++;
  }
  if (owncloud === 0 && nextcloud === 0) return undefined;
  return owncloud >= nextcloud ? "owncloud" : "nextcloud";
}

/** A `.env` on its own: one app whose environment is the file (cluster only by assumption). */
export function buildEnvModel(project: Project): ClusterModel {
  const env = project.dotenv;
  const empty: ClusterModel = { format: "env", vocabulary: { instance: "node" }, standalone: true, services: [], apps: [], databases: [], redis: [], syncAgents: [], volumes: new Map(), cluster: { inCluster: false, reasons: [] }, ...fileFactsOf(project) };
  if (!env) return empty;
  const product = productOfEnv(env);
  if (!product) return empty;
  const variables = variablesOf(env);
  const settings = new Map<string, EnvSetting>();
  for (const entry of env.entries) {
    const value = variables.get(entry.key)?.value ?? "";
    settings.set(entry.key, {
      name: entry.key,
      value,
      passthrough: entry.inherited,
      location: { path: env.path, span: entry.span },
      valueLocation: entry.inherited ? undefined : { path: env.path, span: entry.valueSpan },
      origin: "env_file",
      related: [],
      ...templatedValue(entry.templated),
    });
  }
  // A setting the file lacks is reported at the first key: a visible range on the file's first entry.
  const first = env.entries[0];
  const anchor = { path: env.path, span: first ? first.keySpan : { start: 0, end: 0 } };
  const app: AppRole = { name: env.path.slice(env.path.lastIndexOf("/") + 1), nameLocation: anchor, replicas: { value: 1, related: [] }, env: settings, mounts: [], ports: [], product, role: "web" };
  const templateSources = templateSourcesOfEnv(env);
  if (templateSources.length > 0) app.opaqueEnvSources = templateSources;
  app.chownOnStart = chownOnStart(product, app);
  app.sqlite = sqliteOfEnv(app);
  return { ...empty, services: [app], apps: [app], configuredKeys: configuredVariables(project, [app], [app]), cluster: { inCluster: project.options.assumeCluster === true, reasons: [] } };
}
