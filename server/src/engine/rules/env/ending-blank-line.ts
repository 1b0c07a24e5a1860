import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, DOTENV_LINTER } from "./env-hygiene";

export const envEndingBlankLine = defineRule({
  meta: {
    id: "env/ending-blank-line",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Env file without a line break at the end",
    fixSafety: "safe",
    docs: {
      whatItDoes: "Flags a `.env` or `env_file:` file whose last line does not end with a line break. Compose reads the last line all the same, so this is a hint.",
      whyItMatters:
        `A line is text ended by a line break (https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap03.html#tag_03_206). Without it, \`echo "REDIS_HOST=redis" >> .env\` in a setup script glues the new variable onto the last value, which Compose then reads as one value (${COMPOSE_ENV_PARSER}), and \`cat\` of several env files merges two lines.`,
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_REDIS_ENABLED=true"].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      fixSafety: "Safe: the quick fix adds a line break of the kind the file already uses (LF or CRLF) at the end, which changes no value.",
      sources: ["https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap03.html#tag_03_206", COMPOSE_ENV_PARSER, DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      const ending = env.ending;
      const last = env.lines?.[env.lines.length - 1];
      if (!ending?.missingLineBreak || !last) continue;
      report({
        message: "The file does not end with a line break: a line appended later (echo … >> file) would join the last one. Add a line break at the end.",
        location: last.location,
        fixes: [fix.make("Add a line break at the end of the file", "safe", [{ path: env.path, span: ending.location.span, newText: ending.lineBreak }])],
      });
    }
  },
});
