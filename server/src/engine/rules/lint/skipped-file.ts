import { defineRule } from "../rule";

// The same id as skipped-files.ts SKIPPED_FILE_RULE; written out because lint.ts imports the registry.

export const skippedFile = defineRule({
  meta: {
    id: "lint/skipped-file",
    severity: "info",
    formats: ["C", "H", "E", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "File that was not linted (binary, too large or unreadable)",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Reports, once, a file of a deployment that was not read: one that looks binary (a NUL byte or invalid UTF-8 in its first 8 KB, such as a `.env` saved as UTF-16 or an encrypted file), one larger than `maxFileSize` in `.scaleout.yaml` (5 MB by default), or one that cannot be read. The project is linted without it, as if it were not there.",
      whyItMatters:
        "Reading such a file line by line would give thousands of findings of garbage, and skipping it silently would let a CI run pass without having checked it. The CLI also exits 2 for it (unless `--no-fail-on-skip`).",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: owncloud/server:10.15", "    env_file: .env", ""].join("\n"),
        ".env": "\uFFFD\uFFFDO\u0000W\u0000N\u0000C\u0000L\u0000O\u0000U\u0000D\u0000_\u0000D\u0000O\u0000M\u0000A\u0000I\u0000N\u0000=\u0000\n",
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: owncloud/server:10.15", "    env_file: .env", ""].join("\n"),
        ".env": "OWNCLOUD_DOMAIN=cloud.example.com\n",
      },
      fixSafety: "No quick fix: save the file as UTF-8 text, move what is not a deployment file out of the linted folders, or raise `maxFileSize`.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax", "https://git-scm.com/docs/gitattributes#_marking_files_as_binary"],
    },
  },
  check() {
    // Deliberately empty: which files could not be read is known only while the project loads,
    // so the engine (lint.ts, ReadGuard) emits these findings itself. This module carries the
    // rule's id, severity and documentation for the registry.
  },
});
