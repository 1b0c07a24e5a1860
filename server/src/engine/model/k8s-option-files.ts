import { asScalar, entryOf, get, locationOf, textOf, type YMap } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import type { K8sEnvSources } from "./k8s-env";
import type { PodVolume } from "./k8s-storage";
import { isolationLevelsIn, setsBinaryLog, type OptionSources } from "./server-options";

/**
 * Where MariaDB/MySQL images read option files: the official images' `/etc/mysql` (`my.cnf`,
 * `conf.d/`, `mariadb.conf.d/`) and `/etc/my.cnf*`, the Bitnami images' `conf/` directory
 * (https://mariadb.com/kb/en/configuring-mariadb-with-option-files/, https://github.com/bitnami/containers/tree/main/bitnami/mariadb#configuration-file).
 */
function isOptionPath(target: string): boolean {
  const t = target.replace(/\/+$/, "");
  return t === "/etc/mysql" || t.startsWith("/etc/mysql/") || t.startsWith("/etc/my.cnf") || /^\/opt\/bitnami\/(mariadb|mysql)\/conf(\/|$)/.test(t);
}

/**
 * A database container's server options as manifests write them: its `command` and `args`, and
 * the option files it mounts from ConfigMaps of the folder (the files a `subPath` or `items`
 * selects, else every key). An option file from anywhere else makes them unread.
 */
export function k8sOptionSources(container: YMap, podVolumes: Map<string, PodVolume>, envSources: K8sEnvSources, nameLocation: Location, sourceOf: (path: string) => string | undefined): OptionSources {
  const texts: OptionSources["texts"] = [];
  const args = entryOf(container, "args")?.value;
  const command = entryOf(container, "command")?.value;
  for (const node of [command, args]) {
    if (!node) continue;
    const text = node.kind === "scalar" ? node.text : node.kind === "seq" ? node.items.map((i) => textOf(i) ?? "").join(" ") : "";
    texts.push({ text, location: locationOf(node) });
  }
  let unread = false;
  for (const mount of (get(container, "volumeMounts")?.kind === "seq" ? (get(container, "volumeMounts") as { items: YMap[] }).items : [])) {
    const target = textOf(get(mount, "mountPath"));
    if (!target || !isOptionPath(target)) continue;
    const volume = podVolumes.get(textOf(get(mount, "name")) ?? "");
    const data = volume?.configMap ? envSources.configMapData(volume.configMap.name) : undefined;
    if (!volume?.configMap || !data) {
      unread = true;
      continue;
    }
    const subPath = textOf(get(mount, "subPath"));
    const items = volume.configMap.items;
    // Which keys become files at the mount: the one `subPath` names (through `items` when listed), the listed ones, or all.
    const keys = subPath !== undefined ? [items ? ([...items].find(([, path]) => path === subPath)?.[0] ?? "") : subPath] : items ? [...items.keys()] : data.entries.map((e) => e.key);
    for (const key of keys) {
      const value = asScalar(entryOf(data, key)?.value);
      if (!value) {
        unread = true;
        continue;
      }
      // Each setting of the file where it is written, so a finding points at its line.
      const source = sourceOf(value.path) ?? "";
      let located = false;
      let missed = false;
      for (const line of value.text.split("\n")) {
        if (!isolationLevelsIn(line).length && !setsBinaryLog(line)) continue;
        const at = source.indexOf(line.trim(), value.span.start);
        if (at < 0 || at >= value.span.end) {
          missed = true;
          continue;
        }
        texts.push({ text: line, location: { path: value.path, span: { start: at, end: at + line.trim().length } } });
        located = true;
      }
      if (!located || missed) texts.push({ text: value.text, location: locationOf(value) });
    }
  }
  const anchorNode = args ?? command;
  return { texts, anchor: anchorNode ? locationOf(anchorNode) : nameLocation, label: args || !command ? "args" : "command", unreadOptionFiles: unread };
}
