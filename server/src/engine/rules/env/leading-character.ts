import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, COMPOSE_ENV_SYNTAX, COMPOSE_TEMPLATE, DOTENV_LINTER, onlyInterpolated, POSIX_NAME } from "./env-hygiene";

const NAME_START = /^[A-Za-z_]/;

export const envLeadingCharacter = defineRule({
  meta: {
    id: "env/leading-character",
    severity: "info",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Variable name that starts with a digit or a symbol, or an indented line",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags a variable in a `.env` or `env_file:` file whose name starts with something other than a letter or `_` (`1ST_NODE`, `.HOST`, `-PORT`), which Compose accepts but no shell can read (a warning in the project's `.env` when no `env_file:` names it: `${…}` cannot name it either), and, as a hint, an entry indented with spaces or tabs, which Compose ignores.",
      whyItMatters:
        `A shell name cannot start with a digit (${POSIX_NAME}) and a \`\${…}\` in a Compose file cannot name such a variable (${COMPOSE_TEMPLATE}): the images' entrypoint scripts never see it (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). Indentation changes nothing for Compose (${COMPOSE_ENV_PARSER}) but reads like the continuation of the line above, which an env file does not have.`,
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "  OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      fixSafety:
        "Safe for indentation: the quick fix removes the white space before the name, which Compose skips anyway. A name that starts with a digit or a symbol has no quick fix: the new name is the author's choice.",
      sources: [COMPOSE_ENV_SYNTAX, COMPOSE_ENV_PARSER, COMPOSE_TEMPLATE, POSIX_NAME, DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      const dead = onlyInterpolated(model, env);
      const indentation = new Map((env.lines ?? []).filter((l) => l.kind === "entry" && l.indentation).map((l) => [l.line, l.indentation!]));
      for (const entry of env.entries) {
        if (!NAME_START.test(entry.key)) {
          const first = String.fromCodePoint(entry.key.codePointAt(0) ?? 0);
          report({
            message: dead
              ? `${entry.key} starts with "${first}", so \${…} in the Compose file cannot name it and Compose uses this .env only for \${…}: the line has no effect. Start the name with a letter or "_".`
              : `${entry.key} starts with "${first}": Compose passes it on, but no shell script (such as the image's entrypoint) can read it. Start the name with a letter or "_" unless the program reading it expects this name.`,
            location: entry.keyLocation,
            severity: dead ? "warning" : undefined,
          });
        }
        const indent = indentation.get(entry.line);
        if (indent) {
          report({
            message: `${entry.key} is indented: Compose ignores the white space, but it reads like a continuation of the line above. Start the line with the name.`,
            location: indent,
            severity: "hint",
            fixes: [fix.replace(indent, "", `Remove the indentation before ${entry.key}`, "safe")],
          });
        }
      }
    }
  },
});
