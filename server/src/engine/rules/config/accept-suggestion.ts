import { boundedDistance } from "../../knowledge/suggest-name";

/**
 * Whether a "did you mean" is strong enough to report a name as a mistake. The catalog's
 * suggest() is generous (it serves hovers too); a finding needs a likely typo: one edit on
 * short names, two on names of 12 or more characters, or a segment the author left out
 * (`REDIS_PASSWORD` → `REDIS_HOST_PASSWORD`). A name with an extra segment is usually another
 * image's variable (`MYSQL_ROOT_PASSWORD` is MariaDB's), not a misspelling of `MYSQL_PASSWORD`.
 */
export function isLikelyTypo(name: string, suggestion: string, segmentMayBeMissing = true): boolean {
  const a = name.toLowerCase();
  const b = suggestion.toLowerCase();
  if (boundedDistance(a, b, a.length >= 12 ? 2 : 1) !== undefined) return true;
  if (!segmentMayBeMissing) return false;
  const mine = a.split(/[._]/);
  const theirs = b.split(/[._]/);
  if (mine.length < 2 || theirs.length !== mine.length + 1) return false;
  for (let skip = 0; skip < theirs.length; skip++) {
    const rest = theirs.filter((_, index) => index !== skip);
    if (rest.every((segment, index) => segment === mine[index])) return true;
  }
  return false;
}
