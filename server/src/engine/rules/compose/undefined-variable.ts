import type { RelatedLocation } from "../../findings";
import { dotenvOf } from "../../model/queries";
import { basename } from "../../workspace";
import { defineRule } from "../rule";
import { envFileHomes, unsetVariableUses } from "./unset-variables";

const MAX_OTHER_USES = 5;

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
        "Flags `${X}` and `$X` in a Compose file when the project's `.env` does not define `X` and the reference gives no default (`${X:-default}`), once per variable: at its first use, with the other uses as related locations. A required reference (`${X:?message}` or `${X?message}`) that stays unset is an error. `$$` (a literal dollar) is ignored. A variable that an example env file documents (`.env.example`, `.env.sample`, `.env.dist`, `.env.template`, `env.example`, `env.dist`, `example.env`, or an env-format `sample.conf` / `config_example.env`, beside the Compose file or at the repository root) is supplied by the operator and not reported. It reports only where a `.env` is read and lacks the variable: with no `.env` beside the Compose file, or in a Swarm stack file (its name or folder says `stack`, as in `stack.yml`, `docker-stack.yml`, `nextcloud.stack.yml`, `stacks/nextcloud.yml`, or a service sets `deploy.placement`), which `docker stack deploy` deploys without reading `.env`, every variable comes from the shell or tool that deploys (a script, SOPS, Portainer): `project/unseen-input` then lists them once as unknown instead.",
      whyItMatters:
        "Compose substitutes an empty string and only prints a warning, so `replicas: ${APP_REPLICAS}` or `REDIS_HOST=${REDIS_HOST}` quietly become empty on the machine that lacks the shell variable: a node starts without Redis, or a stack deploys with a different scale than the one reviewed. A required `${X:?…}` makes `docker compose up` and `docker stack deploy` stop. Variables set only in an `env_file:` do not count: Compose never uses them for `${}`. Substitution from `.env` is a feature of the Docker Compose CLI that Swarm does not support when running `docker stack deploy` (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/), so a stack's variables come from the deploying shell (`set -a; . ./.env; set +a` before deploying).",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${APP_REPLICAS}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${APP_REPLICAS:-1}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", "APP_REPLICAS=3", ""].join("\n"),
      },
      fixSafety:
        "Suggestion: the quick fix appends `X=` to the project's `.env` so the value has a visible home; you still fill in the value. It is not offered for `${X:?…}`, which an empty value does not satisfy.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/", "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh"],
    },
  },
  check({ model, fix, report }) {
    // Without a .env to read (none beside the file, or a stack file) the deploying shell or tool sets
    // every variable: not a mistake here but something unseen, which project/unseen-input says once.
    const dotenv = dotenvOf(model);
    if (!dotenv) return;
    // The first env_file (not `.env`) that sets each name: the trap of a value Compose never interpolates.
    const envFileHome = envFileHomes(model);
    const unset = unsetVariableUses(model);
    // `.env`, or the `--env-file`s that replace it.
    const sources = [...new Set((model.envFiles ?? []).filter((env) => env.interpolationSource).map((env) => basename(env.path)))].join(" or ");
    // Once per variable: at its first required use (an error), else at its first use; the others are related.
    for (const [name, uses] of unset) {
      const use = uses.find((u) => u.whenUnset === "error") ?? uses[0];
      const rest = uses.filter((u) => u !== use);
      // A few other uses, so a variable used in every service of a large stack does not bloat one finding.
      const others: RelatedLocation[] = rest.slice(0, MAX_OTHER_USES).map((u) => ({ location: u.location, message: `${name} is also used here` }));
      if (rest.length > MAX_OTHER_USES) others[MAX_OTHER_USES - 1].message += ` (and ${rest.length - MAX_OTHER_USES} more uses)`;
      const count = uses.length > 1 ? ` (${uses.length} uses)` : "";
      const home = envFileHome.get(name)?.path;
      const trap = home ? ` It is set in ${basename(home)}, but env_file values are never used for \${} interpolation.` : "";
      if (use.whenUnset === "error") {
        const message = `${name} ${use.definition ? `is empty in ${basename(use.definition.path)}` : `is not defined in ${sources}`}, but \${${name}${use.modifier}…} requires a value${count}: Compose refuses to start the project.${trap}`;
        report({
          message,
          location: use.location,
          severity: "error",
          related: [...(use.definition ? [{ location: use.definition, message: `${name} is set (empty) here` }] : []), ...others],
          fixes: [],
        });
        continue;
      }
      report({
        message: `${name} is not defined in ${sources} and has no default${count}: Compose substitutes an empty string unless the shell happens to set it.${trap}`,
        location: use.location,
        related: others,
        fixes: [fix.defineVariable(name, "", `Add ${name}= to ${basename(dotenv.path)} (fill in the value)`, "suggestion")],
      });
    }
  },
});
