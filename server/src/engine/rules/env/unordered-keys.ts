import type { EnvFileEntry } from "../../model/cluster-model";
import { defineRule } from "../rule";
import { DOTENV_LINTER } from "./env-hygiene";

export const envUnorderedKeys = defineRule({
  meta: {
    id: "env/unordered-keys",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    offByDefault: true,
    title: "Variables out of alphabetical order within a group",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Off by default; turn it on with `rules: { env/unordered-keys: hint }` in `.scaleout.yaml`. Flags a variable of a `.env` or `env_file:` file that sorts before the one right above it, within a group: blank lines, comment lines and template tags start a new group, and so does a variable whose value reads (`${…}`) one of the group's names, since Compose resolves `${…}` only from the lines above.",
      whyItMatters:
        "Order does not matter to Compose except for `${…}` inside the file (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax), so this is a matter of taste: a team that keeps its env files sorted finds a variable, and a duplicate, at a glance.",
      example: {
        ".env": ["REDIS_HOST=redis", "NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", ""].join("\n"),
      },
      useInstead: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST=redis", "", "# Redis", "REDIS_HOST_PASSWORD=change-me", "REDIS_HOST_PORT=6379", ""].join("\n"),
      },
      fixSafety: "No quick fix: moving lines moves their comments and can change what a `${…}` below reads.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax", DOTENV_LINTER],
    },
  },
  check({ model, report }) {
    for (const env of model.envFiles ?? []) {
      // A line that is not an entry (blank, comment, template tag) ends the group.
      const separators = new Set((env.lines ?? []).filter((l) => l.kind !== "entry").map((l) => l.line));
      let group = new Set<string>();
      let previous: EnvFileEntry | undefined;
      let lastLine = -1;
      for (const entry of env.entries) {
        let between = false;
        for (let l = lastLine + 1; l < entry.line && !between; l++) between = separators.has(l);
        lastLine = entry.line;
        if (between || entry.reads.some((name) => group.has(name))) {
          group = new Set();
          previous = undefined;
        }
        const above = previous;
        group.add(entry.key);
        previous = entry;
        if (!above || above.key <= entry.key) continue;
        report({ message: `${entry.key} should come before ${above.key} to keep this group in alphabetical order.`, location: entry.keyLocation });
      }
    }
  },
});
