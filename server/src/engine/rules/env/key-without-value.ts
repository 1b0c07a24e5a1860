import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, COMPOSE_ENV_SYNTAX, DOTENV_LINTER } from "./env-hygiene";

export const envKeyWithoutValue = defineRule({
  meta: {
    id: "env/key-without-value",
    severity: "info",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Variable without a value or an equals sign",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a line of a `.env` or `env_file:` file that is a variable name alone, without `=` (`REDIS_HOST_PASSWORD`). Compose accepts it: it takes the value from the environment `docker compose` runs in, and leaves the variable unset when that has none. `NAME=` (an empty value) is not flagged.",
      whyItMatters:
        `Whether the variable is set then depends on the shell of whoever deploys (${COMPOSE_ENV_PARSER}): a deploy from CI or another admin's session runs with it unset, and on every node and in the cron container the image falls back to its default. A name alone also looks like a forgotten value.`,
      example: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST_PASSWORD", ""].join("\n"),
      },
      useInstead: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST_PASSWORD=${REDIS_PASSWORD:?set REDIS_PASSWORD}", ""].join("\n"),
      },
      fixSafety: "No quick fix: `NAME=` would set an empty value instead of the one from the environment, which is a different setting.",
      sources: [COMPOSE_ENV_SYNTAX, COMPOSE_ENV_PARSER, DOTENV_LINTER],
    },
  },
  check({ model, report }) {
    for (const env of model.envFiles ?? []) {
      for (const entry of env.entries) {
        if (!entry.inherited) continue;
        report({
          message: `${entry.key} has no "=": Compose takes its value from the environment it runs in and leaves it unset when that has none. Write ${entry.key}=<value> if this file should set it.`,
          location: entry.keyLocation,
        });
      }
    }
  },
});
