import { settingOf } from "../../model/queries";
import { defineRule } from "../rule";

/**
 * Characters that change meaning in the session save path the Nextcloud image writes, `"tcp://host:port?auth=<password>"`:
 * phpredis parses the query with PHP's query-string parser (split at `&`, URL-decoded), and the
 * whole path is a double-quoted ini value.
 */
const UNSAFE: readonly { char: string; effect: string }[] = [
  { char: "&", effect: "starts the next query parameter, so only the part before it is sent" },
  { char: "%", effect: "is URL-decoded with the two characters after it" },
  { char: "+", effect: "is URL-decoded to a space" },
  { char: '"', effect: "ends the quoted save_path in the ini file the image writes" },
];

export const redisPasswordUnsafeChars = defineRule({
  meta: {
    id: "sessions/redis-password-unsafe-chars",
    severity: "warning",
    formats: ["C", "E", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Redis password with characters that break the Nextcloud session path",
    fixSafety: "none",
    docs: {
      whatItDoes:
        'Flags a Nextcloud `REDIS_HOST_PASSWORD` written in the files (Compose `environment:`, an env file, a Kubernetes `env:` value) that contains `&`, `%`, `+` or `"` while `REDIS_HOST` is set. A password read from a secret file (`REDIS_HOST_PASSWORD_FILE`) or a Kubernetes Secret is not shown, so it is not checked.',
      whyItMatters:
        'The image writes the password unencoded into the PHP session save path, `session.save_path = "tcp://HOST:PORT?auth=PASSWORD"` (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). phpredis reads the part after `?` with PHP\'s query-string parser (https://github.com/phpredis/phpredis/blob/develop/redis_session.c), which splits at `&` and URL-decodes `%xx` and `+`; a `"` ends the quoted ini value. The session handler then sends a different password than `redis.config.php`, which takes it as it is: the cache and file locks work, but PHP sessions fail with authentication errors and users cannot stay logged in.',
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "      - REDIS_HOST_PASSWORD=Tq4&zR8%wX", "  redis:", "    image: redis:7", '    command: ["redis-server", "--requirepass", "Tq4&zR8%wX"]', ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "      - REDIS_HOST_PASSWORD=Tq4-zR8_wX", "  redis:", "    image: redis:7", '    command: ["redis-server", "--requirepass", "Tq4-zR8_wX"]', ""].join("\n"),
      },
      fixSafety: "No quick fix: generate a new password from letters, digits, `-` and `_` (`openssl rand -hex 24`) and set it on Redis and on every app container.",
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/nextcloud/docker/blob/master/.config/redis.config.php", "https://github.com/phpredis/phpredis/blob/develop/redis_session.c"],
    },
  },
  check({ model, report }) {
    // Services that share one environment block (a YAML anchor) are one setting to fix.
    const seen = new Set<string>();
    for (const app of model.apps) {
      if (app.product !== "nextcloud") continue;
      // Without REDIS_HOST the entrypoint writes no session path at all.
      const host = settingOf(app, "REDIS_HOST");
      if (host.certainty === "unknown" || !host.value) continue;
      const password = settingOf(app, "REDIS_HOST_PASSWORD");
      const setting = password.setting;
      if (password.certainty !== "known" || !setting || setting.templated || !password.value) continue;
      const found = UNSAFE.filter((u) => password.value!.includes(u.char));
      if (found.length === 0) continue;
      const key = `${setting.location.path}|${setting.location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const quoted = found.map((u) => `'${u.char}'`);
      const chars = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
      report({
        message: `${password.label} of ${app.name} contains ${chars}, which the image writes unencoded into the PHP session path (tcp://…?auth=…): ${found.map((u) => `'${u.char}' ${u.effect}`).join("; ")}. PHP sessions then fail to authenticate to Redis. Use a password of letters, digits, "-" and "_".`,
        location: setting.location,
        related: [...setting.related, ...(host.setting && !host.setting.passthrough ? [{ location: host.setting.location, message: "REDIS_HOST turns on Redis sessions" }] : [])],
      });
    }
  },
});
