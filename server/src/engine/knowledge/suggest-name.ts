/**
 * "Did you mean": the closest candidate to an unknown name, or undefined.
 *
 * Case is ignored (`redis_host` → `REDIS_HOST`). A candidate qualifies when its optimal-string-alignment
 * Damerau-Levenshtein distance is at most 2 (names of 8 or more characters) or 1 (shorter names), when
 * one name is the other plus or minus at most three trailing or leading characters, or when the two
 * differ by one whole `_`/`.` segment (`REDIS_PASSWORD` → `REDIS_HOST_PASSWORD`,
 * `persistence.accessMode` → `persistence.owncloud.accessMode`). Ranking: distance 0, distance 1,
 * one segment, distance 2, affix; ties go to the closer length, then alphabetical order.
 * Exact matches yield undefined.
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const lowerName = name.toLowerCase();
  const limit = name.length >= 8 ? 2 : 1;
  let best: { candidate: string; score: number; lengthGap: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name) return undefined;
    const score = matchScore(lowerName, candidate.toLowerCase(), limit);
    if (score === undefined) continue;
    const lengthGap = Math.abs(candidate.length - name.length);
    if (
      best === undefined ||
      score < best.score ||
      (score === best.score && (lengthGap < best.lengthGap || (lengthGap === best.lengthGap && candidate < best.candidate)))
    ) {
      best = { candidate, score, lengthGap };
    }
  }
  return best?.candidate;
}

function matchScore(name: string, candidate: string, limit: number): number | undefined {
  if (name === candidate) return 0;
  const distance = boundedDistance(name, candidate, limit);
  // A whole missing or extra segment is a stronger hint than two scattered edits:
  // `REDIS_PORT` means `REDIS_HOST_PORT`, not `REDIS_HOST`.
  if (distance !== undefined && distance <= 1) return distance;
  if (differsByOneSegment(name, candidate)) return 1.5;
  if (distance !== undefined) return distance;
  if (differsByAffix(name, candidate)) return 2.5;
  return undefined;
}

function differsByAffix(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length < 6 || longer.length - shorter.length > 3) return false;
  return longer.startsWith(shorter) || longer.endsWith(shorter);
}

function differsByOneSegment(a: string, b: string): boolean {
  const segmentsA = a.split(/[._]/);
  const segmentsB = b.split(/[._]/);
  const [shorter, longer] = segmentsA.length <= segmentsB.length ? [segmentsA, segmentsB] : [segmentsB, segmentsA];
  if (longer.length !== shorter.length + 1 || shorter.length < 2) return false;
  for (let skip = 0; skip < longer.length; skip++) {
    const rest = longer.filter((_, index) => index !== skip);
    if (rest.every((segment, index) => segment === shorter[index])) return true;
  }
  return false;
}

/** Optimal string alignment distance, or undefined once it must exceed `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return undefined;
    beforePrevious = previous;
    previous = current;
  }
  const distance = previous[b.length]!;
  return distance <= limit ? distance : undefined;
}
