import type { RelatedLocation } from "../findings";
import { asMap, asSeq, entryOf, get, locationOf, textOf, type YMap, type YNode } from "../documents/yaml-tree";
import type { ConfigPhpModel, Product } from "./cluster-model";
import { configFileSettings } from "./config-php";
import type { K8sEnvSources } from "./k8s-env";
import type { PodVolume } from "./k8s-storage";
import { naturalCompare } from "./queries";

/**
 * Where each image keeps its config files: Nextcloud's `/var/www/html/config`
 * (https://github.com/nextcloud/docker/blob/master/README.md), ownCloud's `OWNCLOUD_VOLUME_CONFIG`,
 * by default `/mnt/data/config` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md).
 */
const CONFIG_DIRECTORY: Record<Product, string> = { nextcloud: "/var/www/html/config", owncloud: "/mnt/data/config" };

/** The app reads `config.php` and every `*.config.php` of its config directory (https://github.com/nextcloud/server/blob/master/lib/private/Config.php). */
function isConfigFile(name: string): boolean {
  return name === "config.php" || name.endsWith(".config.php");
}

/**
 * The `config.php` keys an app container's ConfigMap files set: each ConfigMap key of the folder
 * mounted as a config file (a `subPath` into the config directory, or the ConfigMap as the whole
 * directory). A config file from a Secret or a ConfigMap the folder lacks may set any key.
 * Claims and emptyDirs mounted there hold what the app writes itself, and are left alone.
 */
export function k8sConfigPhp(product: Product, container: YMap, podVolumes: Map<string, PodVolume>, envSources: K8sEnvSources, sourceOf: (path: string) => string | undefined, directoryOverride?: string): ConfigPhpModel | undefined {
  const directory = directoryOverride ?? CONFIG_DIRECTORY[product];
  const files: { name: string; value: YNode | undefined; at: RelatedLocation["location"]; label: string }[] = [];
  const opaque: RelatedLocation[] = [];
  for (const mount of asSeq(entryOf(container, "volumeMounts")?.value)?.items ?? []) {
    const targetNode = get(mount, "mountPath");
    const target = textOf(targetNode)?.trim().replace(/\/+$/, "");
    if (!target || !targetNode) continue;
    const whole = target === directory;
    const name = target.startsWith(`${directory}/`) ? target.slice(directory.length + 1) : undefined;
    if (!whole && (name === undefined || name.includes("/") || !isConfigFile(name))) continue;
    const volume = podVolumes.get(textOf(get(mount, "name")) ?? "");
    if (volume && !volume.configMap && (volume.kind === "claim" || volume.kind === "emptydir" || volume.kind === "bind" || volume.volume)) continue;
    const data = volume?.configMap ? asMap(envSources.configMapData(volume.configMap.name)) : undefined;
    if (!volume?.configMap || !data || targetNode.templated) {
      opaque.push({ location: locationOf(targetNode), message: "a config file mounted here may set any key" });
      continue;
    }
    const items = volume.configMap.items;
    const subPath = textOf(get(mount, "subPath"));
    // Which keys become which files: the one `subPath` names (through `items` when listed), else every listed or every key.
    const keys: [string, string][] =
      subPath !== undefined
        ? [[items ? ([...items].find(([, path]) => path === subPath)?.[0] ?? "") : subPath, whole ? subPath : name!]]
        : items
          ? [...items].map(([key, path]): [string, string] => [key, whole ? path : name!])
          : data.entries.map((e): [string, string] => [e.key, whole ? e.key : name!]);
    for (const [key, file] of keys) {
      if (!isConfigFile(file)) continue;
      const entry = entryOf(data, key);
      if (!entry) {
        opaque.push({ location: locationOf(targetNode), message: `ConfigMap ${volume.configMap.name} has no key ${key}` });
        continue;
      }
      files.push({ name: file, value: entry.value, at: { path: data.path, span: entry.span }, label: `ConfigMap ${volume.configMap.name} (${key})` });
    }
  }
  if (files.length === 0 && opaque.length === 0) return undefined;
  const model: ConfigPhpModel = { settings: new Map(), opaque };
  const ordered = [...files].sort((a, b) => (a.name === "config.php" ? -1 : b.name === "config.php" ? 1 : naturalCompare(a.name, b.name)));
  for (const file of ordered) configFileSettings(model, file.name, file.label, file.value, file.at, sourceOf);
  return model;
}
