import type { RelatedLocation } from "../findings";
import { asMap, asScalar, asSeq, entryOf, get, locationOf, textOf, type YMap } from "../documents/yaml-tree";
import type { EnvSetting } from "./cluster-model";
import { nodeLocation } from "./k8s-node-location";

/** A container's environment and the sources of it that the folder does not show. */
export interface ContainerEnv {
  env: Map<string, EnvSetting>;
  opaqueSources: RelatedLocation[];
}

/**
 * ConfigMaps and Secrets of the folder, by name. A ConfigMap's `data` is read as values; a
 * Secret's keys count as set with an unknown value, so no secret is ever shown.
 */
export class K8sEnvSources {
  private readonly configMaps = new Map<string, YMap>();
  private readonly secrets = new Map<string, YMap>();

  constructor(docs: YMap[]) {
    for (const doc of docs) {
      const kind = textOf(get(doc, "kind"));
      const name = textOf(get(doc, "metadata", "name"));
      if (!name) continue;
      if (kind === "ConfigMap") this.configMaps.set(name, doc);
      else if (kind === "Secret") this.secrets.set(name, doc);
    }
  }

  /**
   * `envFrom` first, later sources over earlier ones, then `env` over all of them, and a later
   * `env` item over an earlier one of the same name — the precedence Kubernetes applies.
   */
  containerEnv(container: YMap): ContainerEnv {
    const env = new Map<string, EnvSetting>();
    const opaqueSources: RelatedLocation[] = [];
    for (const item of asSeq(entryOf(container, "envFrom")?.value)?.items ?? []) {
      const source = asMap(item);
      if (!source || (!entryOf(source, "configMapRef") && !entryOf(source, "secretRef"))) continue;
      const prefix = textOf(get(source, "prefix")) ?? "";
      const configMapName = textOf(get(source, "configMapRef", "name"));
      const secretName = textOf(get(source, "secretRef", "name"));
      const from = nodeLocation(source);
      if (configMapName !== undefined && this.configMaps.has(configMapName)) {
        for (const entry of asMap(get(this.configMaps.get(configMapName), "data"))?.entries ?? []) {
          const value = asScalar(entry.value);
          const name = prefix + entry.key;
          env.set(name, {
            name,
            value: value?.text ?? "",
            passthrough: false,
            location: { path: entry.value?.path ?? from.path, span: entry.span },
            valueLocation: value ? locationOf(value) : undefined,
            origin: "env_file",
            related: [{ location: from, message: `the container takes ConfigMap ${configMapName} as environment here` }],
          });
        }
      } else if (secretName !== undefined && this.secrets.has(secretName)) {
        const secret = this.secrets.get(secretName);
        for (const block of ["data", "stringData"]) {
          for (const entry of asMap(get(secret, block))?.entries ?? []) {
            const name = prefix + entry.key;
            env.set(name, {
              name,
              value: "",
              passthrough: false,
              opaque: true,
              location: { path: entry.value?.path ?? from.path, span: entry.span },
              origin: "env_file",
              related: [{ location: from, message: `the container takes Secret ${secretName} as environment here` }],
            });
          }
        }
      } else {
        const what = configMapName !== undefined ? `ConfigMap ${configMapName}` : secretName !== undefined ? `Secret ${secretName}` : "a source";
        opaqueSources.push({ location: from, message: `environment from ${what}, which is not in this folder` });
      }
    }
    for (const item of asSeq(entryOf(container, "env")?.value)?.items ?? []) {
      const setting = this.envItem(asMap(item));
      if (setting) env.set(setting.name, setting);
    }
    return { env, opaqueSources };
  }

  /** One `env` item: a literal `value`, or `valueFrom` (a ConfigMap key of the folder is read). */
  private envItem(item: YMap | undefined): EnvSetting | undefined {
    const name = textOf(get(item, "name"));
    if (!item || !name) return undefined;
    const location = nodeLocation(item);
    const valueNode = asScalar(get(item, "value"));
    const from = get(item, "valueFrom");
    if (from === undefined) {
      return { name, value: valueNode?.text ?? "", passthrough: false, location, valueLocation: valueNode ? locationOf(valueNode) : undefined, origin: "environment", related: [], ...(valueNode?.templated ? { opaque: true } : {}) };
    }
    const mapName = textOf(get(from, "configMapKeyRef", "name"));
    const key = textOf(get(from, "configMapKeyRef", "key"));
    const data = mapName !== undefined ? asMap(get(this.configMaps.get(mapName), "data")) : undefined;
    const entry = key !== undefined ? entryOf(data, key) : undefined;
    const value = asScalar(entry?.value);
    if (entry && value) {
      return {
        name,
        value: value.text,
        passthrough: false,
        location,
        valueLocation: locationOf(value),
        origin: "environment",
        related: [{ location: { path: value.path, span: entry.span }, message: `the value comes from ConfigMap ${mapName}` }],
      };
    }
    // A Secret, a ConfigMap elsewhere, a field of the pod: set, with a value the files do not show.
    return { name, value: "", passthrough: false, opaque: true, location, origin: "environment", related: [] };
  }
}
