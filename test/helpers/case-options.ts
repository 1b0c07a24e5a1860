import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { lintOptionsOfConfig } from "../../server/src/engine/config/config-options";
import { parseScaleoutConfig } from "../../server/src/engine/config/scaleout-config";
import type { LintOptions } from "../../server/src/engine/lint-api";

/** The options the case's `.scaleout.yaml` sets, as the CLI reads them, under the ones expected.json gives. */
export function caseOptions(dir: string, options: LintOptions): LintOptions {
  const configFile = `${dir}/.scaleout.yaml`;
  if (!existsSync(configFile)) return options;
  const { config, problems } = parseScaleoutConfig(parse(readFileSync(configFile, "utf8")));
  assert.deepEqual(problems, [], `${configFile} is not a valid configuration`);
  return { ...lintOptionsOfConfig(config, dir), ...options };
}

