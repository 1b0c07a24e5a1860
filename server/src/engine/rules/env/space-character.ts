import type { Location } from "../../text/span";
import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, DOTENV_LINTER } from "./env-hygiene";

export const envSpaceCharacter = defineRule({
  meta: {
    id: "env/space-character",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Spaces around the equals sign",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags white space before or after the `=` of an entry in a `.env` or `env_file:` file (`REDIS_HOST = redis`). Compose trims it, so the value is the same; the hint is about how the file reads. The YAML-like `NAME: value` form, which Compose also accepts, is left alone.",
      whyItMatters:
        `Compose drops the white space around \`=\` (${COMPOSE_ENV_PARSER}), but a shell does not: \`source .env\` or \`. ./.env\` in a backup or upgrade script fails on \`REDIS_HOST = redis\`, and a reader may take the spaces for part of the value.`,
      example: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS = cloud.example.com", "REDIS_HOST=redis", ""].join("\n"),
      },
      useInstead: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST=redis", ""].join("\n"),
      },
      fixSafety: "Safe: the quick fix removes the white space around `=`, which Compose trims anyway, so every value stays the same.",
      sources: [COMPOSE_ENV_PARSER, "https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_09_01", DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      for (const entry of env.entries) {
        const { separator, value } = entry;
        if (!separator || separator.text !== "=" || !value) continue;
        const spans: Location[] = [];
        const before = { start: entry.keyLocation.span.end, end: separator.location.span.start };
        if (before.end > before.start) spans.push({ path: env.path, span: before });
        // An empty value: what follows `=` is trailing white space (env/trailing-whitespace).
        const valueStart = value.location.span.start - (value.quote === "none" ? 0 : 1);
        const after = { start: separator.location.span.end, end: valueStart };
        if (after.end > after.start && (value.text.length > 0 || value.quote !== "none")) spans.push({ path: env.path, span: after });
        if (spans.length === 0) continue;
        report({
          message: `${entry.key} has white space around "=": Compose trims it, but a shell that sources the file does not. Write ${entry.key}=… without spaces.`,
          location: { path: env.path, span: { start: spans[0].span.start, end: spans[spans.length - 1].span.end } },
          fixes: [fix.make(`Remove the spaces around "=" of ${entry.key}`, "safe", spans.map((at) => ({ path: at.path, span: at.span, newText: "" })))],
        });
      }
    }
  },
});
