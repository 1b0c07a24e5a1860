const secretWords = new Set(["password", "passwd", "pass", "pwd", "pw", "passphrase", "secret", "token", "private", "credential", "credentials", "apikey"]);

// Names ending in these words describe a secret (where it is, whether it is on) rather than hold one.
const describingWords = new Set([
  "file", "path", "dir", "name", "enabled", "enable", "enforced", "mode", "type", "class",
  "ttl", "timeout", "lifetime", "length", "url", "host", "port", "user", "username",
  "disabled", "allowed", "required", "policy", "method",
]);

// A word before the secret word that makes the name a switch about the secret, not the secret:
// Bitnami's `ALLOW_EMPTY_PASSWORD=yes`, the MariaDB/MySQL images' `MARIADB_RANDOM_ROOT_PASSWORD=yes`
// (https://github.com/bitnami/containers/blob/main/bitnami/redis/README.md,
// https://github.com/MariaDB/mariadb-docker/blob/master/docker-entrypoint.sh).
const switchWords = new Set(["allow", "random", "empty", "generate", "skip", "disable", "enable", "require"]);

// A `key` holds a secret only as an API, access, private, … key. A bare `key`, `topologyKey` or
// `passwordKey` is a Kubernetes label key, selector or the name of a key inside a Secret.
const secretKeyQualifiers = new Set(["api", "access", "secret", "private", "encryption", "signing", "master", "auth", "client", "license", "shared", "hmac", "jwt", "ssh", "tls", "ssl", "s3", "sse", "c", "app", "session"]);

/**
 * Whether a name the catalog does not know looks like it holds a secret: env names (`API_TOKEN`)
 * and dotted Helm paths (`mariadb.auth.rootPassword`). References to secrets are not secrets:
 * `*_FILE` paths, `existingSecret*`, `secretKeys.*`, `secretName`, `passwordKey`.
 */
export function looksLikeSecretName(name: string): boolean {
  const segments = name.split(".").filter((segment) => segment !== "" && !/^\d+$/.test(segment));
  const last = segments.at(-1);
  if (last === undefined) return false;
  if (segments.some((segment) => /^existingsecret/i.test(segment) || /^secretkeys$/i.test(segment))) return false;
  const words = splitWords(last);
  const lastWord = words.at(-1);
  if (lastWord === undefined || describingWords.has(lastWord)) return false;
  const firstSecret = words.findIndex((word) => secretWords.has(word));
  if (firstSecret > 0 && words.slice(0, firstSecret).some((word) => switchWords.has(word))) return false;
  if (lastWord === "key") {
    const before = words.at(-2);
    return before !== undefined && secretKeyQualifiers.has(before);
  }
  return words.some((word) => secretWords.has(word));
}

function splitWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}
