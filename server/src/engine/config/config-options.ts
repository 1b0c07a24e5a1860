import type { LintOptions } from "../lint-api";
import type { ScaleoutConfig } from "./scaleout-config";

/**
 * The engine options a validated `.scaleout.yaml` sets, for the CLI and the language server
 * alike. Every setting the engine reads passes through as it is (a setting added to the schema
 * and to LintOptions needs nothing here); only the file-selection globs stay with the caller, and
 * `nodes: 3` becomes cluster context, which the files themselves cannot show.
 */
export function lintOptionsOfConfig(config: ScaleoutConfig): LintOptions {
  const { include: _include, exclude: _exclude, nodes, assumeCluster, ...engineSettings } = config;
  const options: LintOptions = { ...engineSettings };
  if (assumeCluster === true || (nodes ?? 1) > 1) options.assumeCluster = true;
  return options;
}
