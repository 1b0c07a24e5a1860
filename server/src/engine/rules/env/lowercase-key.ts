import { defineRule } from "../rule";
import { COMPOSE_ENV_PARSER, DOTENV_LINTER } from "./env-hygiene";

/** Names that are lower case by convention: curl, wget and PHP's HTTP clients read these spellings (https://curl.se/docs/manpage.html#ENVIRONMENT). */
const CONVENTIONALLY_LOWER = new Set(["http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"]);
/** SOPS writes its metadata into an encrypted dotenv file under this prefix (https://github.com/getsops/sops/blob/main/stores/dotenv/store.go). */
const SOPS_METADATA = /^sops_/;
/** Nextcloud reads `NC_<config.php key>` in the key's own case (`NC_default_phone_region`): https://github.com/nextcloud/server/blob/master/lib/private/Config.php */
const NEXTCLOUD_CONFIG_OVERRIDE = /^NC_/;

export const envLowercaseKey = defineRule({
  meta: {
    id: "env/lowercase-key",
    severity: "hint",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Variable name with lower-case letters",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a variable in a `.env` or `env_file:` file whose name has lower-case letters (`redis_host`, `Nextcloud_Admin_User`). Compose accepts such names and keeps their case, so this is a hint, not an error. The proxy variables that are lower case by convention (`http_proxy`, `https_proxy`, `no_proxy`, `ftp_proxy`, `all_proxy`), Nextcloud's `NC_<config.php key>` overrides, which keep the key's case (`NC_default_phone_region`), and the `sops_…` metadata SOPS writes into an encrypted file are left alone.",
      whyItMatters:
        `Variable names are case-sensitive: \`redis_host\` and \`REDIS_HOST\` are two variables, and the variables of the Nextcloud and ownCloud images are upper case (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md), so a lower-case copy of one is silently not read. A name in mixed case is easy to mistype in the \`\${…}\` that reads it (${COMPOSE_ENV_PARSER}).`,
      example: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "redis_host=redis", ""].join("\n"),
      },
      useInstead: {
        ".env": ["NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.com", "REDIS_HOST=redis", "no_proxy=localhost,redis", ""].join("\n"),
      },
      fixSafety: "No quick fix: renaming the variable changes what the container gets and breaks every `${…}` that reads the old name.",
      sources: [COMPOSE_ENV_PARSER, "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://curl.se/docs/manpage.html#ENVIRONMENT", "https://github.com/getsops/sops/blob/main/stores/dotenv/store.go", "https://github.com/nextcloud/server/blob/master/lib/private/Config.php", DOTENV_LINTER],
    },
  },
  check({ model, report }) {
    for (const env of model.envFiles ?? []) {
      for (const entry of env.entries) {
        if (entry.key === entry.key.toUpperCase() || CONVENTIONALLY_LOWER.has(entry.key) || SOPS_METADATA.test(entry.key) || NEXTCLOUD_CONFIG_OVERRIDE.test(entry.key)) continue;
        report({
          message: `${entry.key} has lower-case letters: names are case-sensitive, so ${entry.key.toUpperCase()} would be another variable. Write it in upper case if that is the name its reader expects.`,
          location: entry.keyLocation,
        });
      }
    }
  },
});
