import type { EnvFileLine } from "../../model/cluster-model";
import { defineRule } from "../rule";
import { COMPOSE_ENV_SYNTAX, DOTENV_LINTER } from "./env-hygiene";

export const envExtraBlankLines = defineRule({
  meta: {
    id: "env/extra-blank-lines",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "More than one blank line in a row",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags two or more blank lines in a row in a `.env` or `env_file:` file, once per run, on the lines after the first. Compose skips blank lines, so this is a hint about layout. Empty lines inside a quoted multi-line value belong to the value and are not counted.",
      whyItMatters: `Compose ignores blank lines (${COMPOSE_ENV_SYNTAX}); one blank line separates groups of variables, and more than one only spreads the file out, so related settings (a Redis host and its password) drift apart on screen.`,
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "", "", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      fixSafety: "Safe: the quick fix deletes the extra blank lines and keeps one, which changes no value.",
      sources: [COMPOSE_ENV_SYNTAX, DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      const runs: EnvFileLine[][] = [];
      let previous: EnvFileLine | undefined;
      for (const line of env.lines ?? []) {
        const continues = line.kind === "blank" && previous?.kind === "blank" && previous.line === line.line - 1;
        if (continues) {
          const run = runs[runs.length - 1];
          if (run && run[run.length - 1] === previous) run.push(line);
          else runs.push([previous!, line]);
        }
        previous = line;
      }
      for (const run of runs) {
        const [first, second, last] = [run[0], run[1], run[run.length - 1]];
        const extra = run.length - 1;
        report({
          message: `${run.length} blank lines in a row: one is enough to separate groups of variables. Remove ${extra === 1 ? "the extra one" : `the ${extra} extra ones`}.`,
          location: { path: env.path, span: { start: second.location.span.start, end: last.location.span.end } },
          // From the end of the first blank line: its break and the extra lines go, one break stays.
          fixes: [fix.replace({ path: env.path, span: { start: first.location.span.end, end: last.location.span.end } }, "", `Remove ${extra === 1 ? "the extra blank line" : `${extra} extra blank lines`}`, "safe")],
        });
      }
    }
  },
});
