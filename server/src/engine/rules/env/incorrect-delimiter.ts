import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, COMPOSE_TEMPLATE, DOTENV_LINTER, onlyInterpolated, POSIX_NAME } from "./env-hygiene";

/** After the first character (env/leading-character judges that one). */
const NOT_NAME_CHAR = /[^A-Za-z0-9_]/u;

export const envIncorrectDelimiter = defineRule({
  meta: {
    id: "env/incorrect-delimiter",
    severity: "info",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Variable name with a character a shell name cannot have",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a variable in a `.env` or `env_file:` file whose name has a character other than a letter, a digit or `_` after its first character: `REDIS-HOST`, `mail.from`, `NAME[0]`. Compose's env-file parser accepts `-`, `.`, `[`, `]` and non-ASCII letters, so this is not an error; it is a warning in the project's `.env` when no `env_file:` names that file, because Compose then reads it only to fill `${…}`, which cannot name such a variable.",
      whyItMatters:
        `A POSIX shell name is letters, digits and underscores only (${POSIX_NAME}), and the Nextcloud and ownCloud images configure themselves in shell scripts (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh): the container gets \`REDIS-HOST\`, but no script can read it. In a Compose file, \`\${REDIS-HOST}\` means "REDIS, or HOST when REDIS is unset" (${COMPOSE_TEMPLATE}), so the project's \`.env\` line is never used. The name was almost always meant with \`_\`.`,
      example: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS-HOST=redis", ""].join("\n"),
      },
      useInstead: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST=redis", ""].join("\n"),
      },
      fixSafety:
        "No quick fix: renaming the variable changes what the container gets, and a program that is not a shell script may read the name as written.",
      sources: [COMPOSE_ENV_PARSER, COMPOSE_TEMPLATE, POSIX_NAME, DOTENV_LINTER],
    },
  },
  check({ model, report }) {
    for (const env of model.envFiles ?? []) {
      const dead = onlyInterpolated(model, env);
      for (const entry of env.entries) {
        const first = String.fromCodePoint(entry.key.codePointAt(0) ?? 0);
        const rest = entry.key.slice(first.length);
        const bad = NOT_NAME_CHAR.exec(rest);
        if (!bad) continue;
        const char = String.fromCodePoint(rest.codePointAt(bad.index) ?? 0);
        const suggested = `${first}${rest.replace(/[^A-Za-z0-9_]/gu, "_")}`;
        report({
          message: dead
            ? `${entry.key} has "${char}" in its name, so \${…} in the Compose file cannot name it and Compose uses this .env only for \${…}: the line has no effect. Use "_" (${suggested}).`
            : `${entry.key} has "${char}" in its name: Compose passes it on, but no shell script (such as the image's entrypoint) can read it. Use "_" (${suggested}) unless the program reading it expects this name.`,
          location: entry.keyLocation,
          severity: dead ? "warning" : undefined,
        });
      }
    }
  },
});
