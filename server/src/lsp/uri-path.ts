/**
 * File URIs ↔ the engine's paths. The engine wants absolute paths with forward slashes; a
 * Windows path keeps the form the URI gives it, `/c:/deploy/compose.yaml` (drive letter
 * lower-cased, as VS Code does), so the engine's `joinPath`/`dirname` work on it unchanged.
 * `fsPathOf` turns that back into what Node's `fs` accepts.
 *
 * Only `file:` URIs have paths; `untitled:` and other schemes give undefined (nothing on disk
 * to relate them to). UNC URIs (`file://server/share/x`) are not supported: the engine's path
 * helpers collapse the leading `//`.
 */

const WINDOWS_DRIVE_PATH = /^\/([A-Za-z]):(\/|$)/;

export function uriToPath(uri: string): string | undefined {
  const match = /^file:\/\/([^/?#]*)([^?#]*)/i.exec(uri);
  if (!match) return undefined;
  const authority = decodePercent(match[1]);
  if (authority !== "" && authority.toLowerCase() !== "localhost") return undefined;
  let path = decodePercent(match[2]).replace(/\\/g, "/");
  if (path === "") path = "/";
  // `file:///C|/x` is an old spelling of a drive letter some clients still send.
  path = path.replace(/^\/([A-Za-z])\|/, "/$1:");
  const drive = WINDOWS_DRIVE_PATH.exec(path);
  if (drive) path = `/${drive[1].toLowerCase()}:${path.slice(3)}`;
  return path;
}

/** The URI of an engine path, encoded the way VS Code encodes it (`:` of a drive as `%3A`). */
export function pathToUri(path: string): string {
  let normalized = path.replace(/\\/g, "/");
  if (/^[A-Za-z]:/.test(normalized)) normalized = `/${normalized}`;
  const drive = WINDOWS_DRIVE_PATH.exec(normalized);
  if (drive) normalized = `/${drive[1].toLowerCase()}:${normalized.slice(3)}`;
  return `file://${normalized.split("/").map(encodeSegment).join("/")}`;
}

/** The path to hand to Node's `fs`: Windows drive paths lose the leading slash. */
export function fsPathOf(path: string): string {
  return WINDOWS_DRIVE_PATH.test(path) ? path.slice(1) : path;
}

function encodeSegment(segment: string): string {
  // encodeURIComponent leaves !'()* alone; RFC 3986 (and VS Code) encode them too.
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes %XX sequences that form valid UTF-8; a malformed one stays as written instead of throwing. */
function decodePercent(text: string): string {
  if (!text.includes("%")) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
        const code = parseInt(hex, 16);
        return code < 0x80 ? String.fromCharCode(code) : whole;
      });
    }
  });
}
