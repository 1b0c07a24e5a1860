const secretWords = new Set(["password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "private", "credential", "credentials", "apikey"]);

// Names ending in these words describe a secret (where it is, whether it is on) rather than hold one.
const describingWords = new Set([
  "file", "path", "dir", "name", "enabled", "enable", "enforced", "mode", "type", "class",
  "ttl", "timeout", "lifetime", "length", "url", "host", "port", "user", "username",
]);

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
