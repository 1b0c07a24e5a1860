/**
 * JSON written piece by piece, so a report of any size never becomes one string (a 1,000-service
 * stack's SARIF once passed V8's string limit: "Invalid string length"). The text is the same as
 * `JSON.stringify(value, null, 2)` of the value with every LazyArray's items in place.
 */

/** An array whose items are made one at a time, while it is written. */
export class LazyArray<T> {
  constructor(readonly items: Iterable<T>) {}
}

const INDENT = "  ";

export function* jsonChunks(value: unknown, level = 0): Generator<string> {
  if (value instanceof LazyArray) {
    yield* arrayChunks(value.items, level);
    return;
  }
  if (!containsLazy(value)) {
    const text = JSON.stringify(value, null, 2);
    yield level === 0 ? text : text.replace(/\n/g, `\n${INDENT.repeat(level)}`);
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayChunks(value, level);
    return;
  }
  const pad = INDENT.repeat(level + 1);
  let first = true;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined || typeof item === "function") continue;
    yield `${first ? "{\n" : ",\n"}${pad}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(item, level + 1);
  }
  yield first ? "{}" : `\n${INDENT.repeat(level)}}`;
}

function* arrayChunks(items: Iterable<unknown>, level: number): Generator<string> {
  const pad = INDENT.repeat(level + 1);
  let first = true;
  for (const item of items) {
    yield `${first ? "[\n" : ",\n"}${pad}`;
    first = false;
    yield* jsonChunks(item === undefined ? null : item, level + 1);
  }
  yield first ? "[]" : `\n${INDENT.repeat(level)}]`;
}

function containsLazy(value: unknown): boolean {
  if (value instanceof LazyArray) return true;
  if (Array.isArray(value)) return value.some(containsLazy);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsLazy);
  return false;
}

/** Chunks gathered into writes of about 64 KiB: few system calls, no giant string. */
export function writeChunks(chunks: Iterable<string>, write: (text: string) => void): void {
  let buffer: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    buffer.push(chunk);
    size += chunk.length;
    if (size >= 64 * 1024) {
      write(buffer.join(""));
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) write(buffer.join(""));
}
