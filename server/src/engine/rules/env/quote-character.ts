import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, COMPOSE_ENV_SYNTAX, DOTENV_LINTER } from "./env-hygiene";

/** A quote character that has no partner in the value. */
function loneQuote(value: string): string | undefined {
  for (const q of ['"', "'"]) if (value.split(q).length % 2 === 0) return q;
  return undefined;
}

export const envQuoteCharacter = defineRule({
  meta: {
    id: "env/quote-character",
    severity: "info",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Quote character kept inside an unquoted value",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags an unquoted value in a `.env` or `env_file:` file that has a quote character without a partner (`OWNCLOUD_TRUSTED_DOMAINS=cloud.example.com\"`, `SMTP_NAME=it's`). Compose strips quotes only when the value starts with one, so this quote becomes part of the value. Quoted values (`NAME=\"a b\"`, `NAME='$x'`) are fine in Compose and are not flagged, and neither is a value with matched quotes inside (`JSON={\"a\":1}`).",
      whyItMatters:
        `Only a quote at the start of the value opens a quoted value (${COMPOSE_ENV_SYNTAX}, ${COMPOSE_ENV_PARSER}); anywhere else it is a character of the value. A stray quote left from editing ends up in a domain, a host name or a password, and the setting fails on every node in a way the file does not show.`,
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com\"", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=\"cloud.example.com\"", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      fixSafety: "No quick fix: only the author knows whether the quote belongs to the value.",
      sources: [COMPOSE_ENV_SYNTAX, COMPOSE_ENV_PARSER, DOTENV_LINTER],
    },
  },
  check({ model, report }) {
    for (const env of model.envFiles ?? []) {
      for (const entry of env.entries) {
        const value = entry.value;
        if (!value || value.quote !== "none" || entry.templated) continue;
        const q = loneQuote(value.text);
        if (!q) continue;
        // The value is not echoed: it may be a password.
        report({
          message: `The unquoted value of ${entry.key} has a ${q} without a partner: Compose keeps it as part of the value. Remove it, or quote the whole value.`,
          location: value.location,
        });
      }
    }
  },
});
