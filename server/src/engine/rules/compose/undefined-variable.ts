import { basename } from "../../workspace";
import { defineRule } from "../rule";

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
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/", "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh"],
    },
  },
  check({ model, fix, report }) {
    const envFiles = model.envFiles ?? [];
    const dotenv = envFiles.find((env) => env.interpolationSource);
    // The first env_file (not `.env`) that sets each name: the trap of a value Compose never interpolates.
    const envFileHome = new Map<string, string>();
    for (const env of envFiles) {
      if (env.interpolationSource) continue;
      for (const entry of env.entries) if (!envFileHome.has(entry.key)) envFileHome.set(entry.key, env.path);
    }
    for (const use of model.interpolations ?? []) {
      if (use.resolved || use.whenUnset === "fallback") continue;
      const required = use.whenUnset === "error";
      const home = envFileHome.get(use.name);
      const trap = home ? ` It is set in ${basename(home)}, but env_file values are never used for \${} interpolation.` : "";
      if (required) {
        const what = use.definition ? `is empty in ${basename(use.definition.path)}` : "is not defined in .env";
        report({
          message: `${use.name} ${what}, but \${${use.name}${use.modifier}…} requires a value: Compose refuses to start the project.${trap}`,
          location: use.location,
          severity: "error",
          related: use.definition ? [{ location: use.definition, message: `${use.name} is set (empty) here` }] : [],
          fixes: [],
        });
        continue;
      }
      report({
        message: `${use.name} is not defined in .env and has no default: Compose substitutes an empty string unless the shell happens to set it.${trap}`,
        location: use.location,
        fixes: [dotenv ? fix.defineVariable(use.name, "", `Add ${use.name}= to ${basename(dotenv.path)} (fill in the value)`, "suggestion") : undefined],
      });
    }
  },
});
