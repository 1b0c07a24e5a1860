import type { EnvFileModel } from "../../model/cluster-model";
import { defineRule } from "../rule";

/** True when an entry between the two definitions (by index) reads the key with `${KEY}` (it sees the earlier value). */
function readInBetween(env: EnvFileModel, earlier: number, later: number): boolean {
  const key = env.entries[earlier].key;
  return env.entries.slice(earlier + 1, later).some((e) => e.reads.includes(key));
}

export const envDuplicateKey = defineRule({
  meta: {
    id: "env/duplicate-key",
    severity: "warning",
    formats: ["E"],
    priority: "P1",
    clusterOnly: false,
    title: "Variable defined twice in one env file",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a variable that a `.env` or `env_file:` file defines a second time. The finding sits on the later line, which is the one Compose uses; the earlier line is dead.",
      whyItMatters:
        "Compose keeps the last definition, so whoever edits the first one (say `REDIS_HOST_PASSWORD` after a rotation) changes nothing, and the next person reads the wrong value. In a cluster the same env file feeds every node and the cron container, so a half-done edit goes everywhere at once (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh).",
      example: {
        ".env": ["APP_REPLICAS=2", "REDIS_HOST=redis", "APP_REPLICAS=4", ""].join("\n"),
      },
      useInstead: {
        ".env": ["REDIS_HOST=redis", "APP_REPLICAS=4", ""].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Safe: the quick fix deletes the earlier, overridden line, which leaves every effective value as it was. When a line in between reads the variable with `${…}` (it sees the earlier value), the fix is marked unsafe.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax", "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh"],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      const previous = new Map<string, number>();
      env.entries.forEach((entry, index) => {
        const before = previous.get(entry.key);
        previous.set(entry.key, index);
        if (before === undefined) return;
        const earlier = env.entries[before];
        // Separated by a template tag (`{% if %}`/`{% else %}`): possibly alternatives, not a duplicate.
        if (earlier.templateRegion !== entry.templateRegion) return;
        const safety = readInBetween(env, before, index) ? "unsafe" : "safe";
        report({
          message: `${entry.key} is defined again here (before on line ${earlier.line + 1}); Compose uses this later value, so the earlier line has no effect.`,
          location: entry.keyLocation,
          related: [{ location: earlier.keyLocation, message: `${entry.key} defined before here (overridden)` }],
          fixes: [fix.deleteLines(earlier.location, `Remove the overridden ${entry.key} on line ${earlier.line + 1}`, safety)],
        });
      });
    }
  },
});
