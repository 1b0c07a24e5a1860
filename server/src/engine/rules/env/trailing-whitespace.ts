import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, COMPOSE_ENV_SYNTAX, DOTENV_LINTER } from "./env-hygiene";

export const envTrailingWhitespace = defineRule({
  meta: {
    id: "env/trailing-whitespace",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "White space at the end of a line",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags spaces and tabs at the end of a line of a `.env` or `env_file:` file, outside quoted values. Compose trims them from an unquoted value, so this is a hint. White space inside quotes is part of the value and is not flagged.",
      whyItMatters:
        `Compose drops white space after an unquoted value (${COMPOSE_ENV_PARSER}), but it is invisible in an editor and a diff: a reader cannot tell whether a password was meant to end in a space (it would need quotes to keep one), and a whitespace-only change shows up as an edit of the value.`,
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com  ", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_REDIS_ENABLED=true", 'OWNCLOUD_MAIL_FROM_NAME="ownCloud "', ""].join("\n"),
      },
      fixSafety: "Safe: the quick fix deletes the white space, which Compose does not keep in any value.",
      sources: [COMPOSE_ENV_SYNTAX, COMPOSE_ENV_PARSER, DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      for (const line of env.lines ?? []) {
        const at = line.trailingWhitespace;
        if (!at) continue;
        report({
          message: `Line ${line.line + 1} ends with white space: Compose ignores it, but it is invisible. Remove it.`,
          location: at,
          fixes: [fix.replace(at, "", "Remove the trailing white space", "safe")],
        });
      }
    }
  },
});
