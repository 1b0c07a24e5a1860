import { defineRule } from "../rule";

// The same id as lint.ts UNUSED_IGNORE_RULE; written out because lint.ts imports the registry.

export const unusedIgnore = defineRule({
  meta: {
    id: "lint/unused-ignore",
    severity: "info",
    formats: ["C", "H", "E", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Ignore comment that silences nothing",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags a `# scaleout-ignore <rule-id> -- reason` or `# scaleout-ignore-file <rule-id>` comment when the rules it names report nothing on the lines it covers.",
      whyItMatters:
        "An ignore comment is a promise that someone looked at a finding and accepted it. Once the finding is gone (the deployment was fixed, the line moved, the rule id was misspelled) the stale comment misleads the next reader and would silently swallow a new, different problem on that line.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    # scaleout-ignore sessions/files-in-cluster -- single node, sessions are fine",
          "    environment:",
          "      - REDIS_HOST=redis",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", ""].join("\n"),
      },
      fixSafety: "Safe: the quick fix deletes the comment line; nothing else changes, because the comment silenced nothing.",
      sources: ["https://docs.astral.sh/ruff/rules/unused-noqa/", "https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives"],
    },
  },
  check() {
    // Deliberately empty: whether an ignore comment silenced anything is only known after every
    // other rule has reported, so the engine (lint.ts, applyIgnores) emits these findings itself.
    // This module carries the rule's id, severity and documentation for the registry.
  },
});
