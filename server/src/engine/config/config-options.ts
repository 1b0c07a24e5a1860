import type { LintOptions } from "../lint-api";
import { joinPath } from "../workspace";
import type { ScaleoutConfig } from "./scaleout-config";

/**
 * The engine options a validated `.scaleout.yaml` sets, for the CLI and the language server
 * alike. Every setting the engine reads passes through as it is (a setting added to the schema
 * and to LintOptions needs nothing here); only the file-selection globs stay with the caller, and
 * `nodes: 3` becomes cluster context, which the files themselves cannot show.
 */
export function lintOptionsOfConfig(config: ScaleoutConfig, configDir?: string): LintOptions {
  const { include: _include, exclude: _exclude, nodes, assumeCluster, helmValues, compose, releases, ...engineSettings } = config;
  const options: LintOptions = { ...engineSettings };
  if (assumeCluster === true || (nodes ?? 1) > 1) options.assumeCluster = true;
  // The engine knows files by absolute path; the config names them from its own folder.
  if (helmValues && configDir !== undefined) options.helmValues = helmValues.map((set) => set.map((path) => joinPath(configDir, path)));
  if (releases && configDir !== undefined) options.releases = releases.map((r) => ({ chart: r.chart.replace(/^bitnami\//, ""), name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), values: r.values.map((path) => joinPath(configDir, path)) }));
  // Compose file sets and env files are written relative to the folder of `.scaleout.yaml`.
  if (configDir !== undefined) {
    const sets = (compose?.files ?? []).map((set) => set.map((name) => joinPath(configDir, name))).filter((set) => set.length > 0);
    if (sets.length > 0) options.composeFileSets = sets;
    const envFiles = (compose?.envFiles ?? []).map((name) => joinPath(configDir, name));
    if (envFiles.length > 0) options.composeEnvFiles = envFiles;
  }
  return options;
}
