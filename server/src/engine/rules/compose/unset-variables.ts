import type { ClusterModel, VariableUse } from "../../model/cluster-model";
import { dotenvOf, readsDotenv } from "../../model/queries";
import type { Location } from "../../text/span";

/**
 * The `${X}` uses compose/undefined-variable reports, by name in order of first use: no value
 * from the project's `.env` (read by the file), no default, not documented by an example env
 * file. Empty without a `.env`: the deploying shell then decides. compose/env-file-not-interpolated
 * reports the env_file trap only for names outside this map, so one `${X}` gets one finding.
 */
export function unsetVariableUses(model: ClusterModel): Map<string, VariableUse[]> {
  const unset = new Map<string, VariableUse[]>();
  if (!dotenvOf(model)) return unset;
  // A variable an example env file documents is one the operator supplies: not a finding.
  const documented = model.exampleVariables ?? new Map();
  for (const use of model.interpolations ?? []) {
    if (use.resolved || use.whenUnset === "fallback" || documented.has(use.name) || !readsDotenv(model, use.location.path)) continue;
    const uses = unset.get(use.name);
    if (uses) uses.push(use);
    else unset.set(use.name, [use]);
  }
  return unset;
}

/** The first env_file (not the project's `.env`) that sets each name, with the entry: values Compose never interpolates. */
export function envFileHomes(model: ClusterModel): Map<string, { path: string; entry: Location }> {
  const homes = new Map<string, { path: string; entry: Location }>();
  for (const env of model.envFiles ?? []) {
    if (env.interpolationSource) continue;
    for (const entry of env.entries) if (!homes.has(entry.key)) homes.set(entry.key, { path: env.path, entry: entry.location });
  }
  return homes;
}
