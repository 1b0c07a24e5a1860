import { templatedValue } from "./template-facts";
import type { RelatedLocation } from "../findings";
import { asMap, asScalar, asSeq, entryOf, get, locationOf, textOf, type YMap } from "../documents/yaml-tree";
import type { EnvSetting, UnseenSource } from "./cluster-model";
import { nodeLocation } from "./k8s-node-location";

/** A container's environment and the sources of it that the folder does not show. */
export interface ContainerEnv {
  env: Map<string, EnvSetting>;
  opaqueSources: RelatedLocation[];
  /** The ConfigMaps and Secrets of `envFrom`, and the ConfigMaps of `configMapKeyRef`, that the folder lacks. */
  unseen: UnseenSource[];
}

/**
 * ConfigMaps and Secrets of the folder, by name. A ConfigMap's `data` is read as values; a
 * Secret's keys count as set with an unknown value, so no secret is ever shown.
 */
export class K8sEnvSources {
  private readonly configMaps = new Map<string, YMap>();
  private readonly secrets = new Map<string, YMap>();

  /**
   * `elsewhere`: the ones of other folders of the workspace the project found (each the only one
   * of its name there); `ambiguous`: names several files define, which are neither read nor missing.
   */
  constructor(
    docs: YMap[],
    elsewhere: YMap[] = [],
    private readonly ambiguous: Set<string> = new Set(),
  ) {
    for (const doc of [...elsewhere, ...docs]) {
      const kind = textOf(get(doc, "kind"));
      const name = textOf(get(doc, "metadata", "name"));
      if (!name) continue;
      if (kind === "ConfigMap") this.configMaps.set(name, doc);
      else if (kind === "Secret") this.secrets.set(name, doc);
    }
  }

  /** The `data` of a ConfigMap of the folder; undefined when it is not in the folder. */
  configMapData(name: string): YMap | undefined {
    const doc = this.configMaps.get(name);
    return doc ? (asMap(get(doc, "data")) ?? { kind: "map", entries: [], flow: true, path: doc.path, span: doc.span }) : undefined;
  }

  /**
   * `envFrom` first, later sources over earlier ones, then `env` over all of them, and a later
   * `env` item over an earlier one of the same name — the precedence Kubernetes applies.
   */
  containerEnv(container: YMap): ContainerEnv {
    const env = new Map<string, EnvSetting>();
    const opaqueSources: RelatedLocation[] = [];
    const unseen: UnseenSource[] = [];
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
            ...templatedValue(value?.templated),
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
        const several = this.ambiguous.has(configMapName !== undefined ? `ConfigMap/${configMapName}` : `Secret/${secretName}`);
        opaqueSources.push({ location: from, message: several ? `environment from ${what}, which several files of the workspace define` : `environment from ${what}, which is not in this folder` });
        const nameNode = asScalar(get(source, configMapName !== undefined ? "configMapRef" : "secretRef", "name"));
        const at = nameNode ? locationOf(nameNode) : from;
        if (several) continue;
        if (configMapName !== undefined) unseen.push({ kind: "ConfigMap", name: configMapName, location: at });
        else if (secretName !== undefined) unseen.push({ kind: "Secret", name: secretName, location: at });
      }
    }
    for (const item of asSeq(entryOf(container, "env")?.value)?.items ?? []) {
      const setting = this.envItem(asMap(item), unseen);
      if (setting) env.set(setting.name, setting);
    }
    return { env, opaqueSources, unseen };
  }

  /** One `env` item: a literal `value`, or `valueFrom` (a ConfigMap key of the folder is read). */
  private envItem(item: YMap | undefined, unseen: UnseenSource[]): EnvSetting | undefined {
    const name = textOf(get(item, "name"));
    if (!item || !name) return undefined;
    const location = nodeLocation(item);
    const valueNode = asScalar(get(item, "value"));
    const from = get(item, "valueFrom");
    if (from === undefined) {
      return { name, value: valueNode?.text ?? "", passthrough: false, location, valueLocation: valueNode ? locationOf(valueNode) : undefined, origin: "environment", related: [], ...templatedValue(valueNode?.templated) };
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
    // Only a missing ConfigMap hides a value the folder could show: a Secret's values are never read.
    const mapNameNode = asScalar(get(from, "configMapKeyRef", "name"));
    if (mapName !== undefined && mapNameNode && !this.configMaps.has(mapName) && !this.ambiguous.has(`ConfigMap/${mapName}`)) unseen.push({ kind: "ConfigMap", name: mapName, location: locationOf(mapNameNode) });
    return { name, value: "", passthrough: false, opaque: true, location, origin: "environment", related: [] };
  }
}
