import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { Project } from "../../project/project";
import { LineIndex } from "../../text/line-index";
import { basename } from "../../workspace";
import { defineRule } from "../rule";

/** Appends `NAME=` to the project's `.env`, in the file's own line-break style. */
function addToDotenv(project: Project, fix: FixBuilder, name: string): Fix | undefined {
  const env = project.dotenv;
  if (!env || env.entries.some((e) => e.key === name)) return undefined;
  const text = env.text;
  const eol = new LineIndex(text).eol;
  // A file without a final line break keeps that style, so several fixes append cleanly.
  const line = text.length > 0 && !/[\r\n]$/.test(text) ? `${eol}${name}=` : `${name}=${eol}`;
  return fix.make(`Add ${name}= to ${basename(env.path)} (fill in the value)`, "suggestion", [{ path: env.path, span: { start: text.length, end: text.length }, newText: line }]);
}

export const composeUndefinedVariable = defineRule({
  meta: {
    id: "compose/undefined-variable",
    severity: "warning",
    formats: ["C"],
    priority: "P1",
    clusterOnly: false,
    title: "Interpolated variable with no value and no default",
    fixSafety: "suggestion",
    docs: {
      whatItDoes:
        "Flags `${X}` and `$X` in a Compose file when the project's `.env` does not define `X` and the reference gives no default (`${X:-default}`). A required reference (`${X:?message}` or `${X?message}`) that stays unset is an error. `$$` (a literal dollar) is ignored.",
      whyItMatters:
        "Compose substitutes an empty string and only prints a warning, so `replicas: ${APP_REPLICAS}` or `REDIS_HOST=${REDIS_HOST}` quietly become empty on the machine that lacks the shell variable: a node starts without Redis, or a stack deploys with a different scale than the one reviewed. A required `${X:?…}` makes `docker compose up` and `docker stack deploy` stop. Variables set only in an `env_file:` do not count: Compose never uses them for `${}`.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${APP_REPLICAS}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${APP_REPLICAS:-1}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", "APP_REPLICAS=3", ""].join("\n"),
      },
      fixSafety:
        "Suggestion: the quick fix appends `X=` to the project's `.env` so the value has a visible home; you still fill in the value. It is offered only when a `.env` exists and does not mention `X`, and not for `${X:?…}`, which an empty value does not satisfy.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/", "FACTS §1.1 Runtime variables"],
    },
  },
  check({ project, fix, report }) {
    for (const site of project.interpolations) {
      const { reference } = site;
      if (reference.resolved) continue;
      const required = reference.modifier === ":?" || reference.modifier === "?";
      if (reference.modifier !== "" && !required) continue;
      const envFileHome = [...project.envFiles.values()].find((env) => env !== project.dotenv && env.entries.some((e) => e.key === reference.name));
      const trap = envFileHome ? ` It is set in ${basename(envFileHome.path)}, but env_file values are never used for \${} interpolation.` : "";
      if (required) {
        const what = site.definition ? `is empty in ${basename(site.definition.location.path)}` : "is not defined in .env";
        report({
          message: `${reference.name} ${what}, but \${${reference.name}${reference.modifier}…} requires a value: Compose refuses to start the project.${trap}`,
          location: site.location,
          severity: "error",
          related: site.definition ? [{ location: site.definition.location, message: `${reference.name} is set (empty) here` }] : [],
          fixes: [],
        });
        continue;
      }
      report({
        message: `${reference.name} is not defined in .env and has no default: Compose substitutes an empty string unless the shell happens to set it.${trap}`,
        location: site.location,
        fixes: [addToDotenv(project, fix, reference.name)],
      });
    }
  },
});
