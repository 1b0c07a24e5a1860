/** Half-open range of UTF-16 code units into the exact text of one file. */
export interface Span {
  start: number;
  end: number;
}

/** A span in a named file. `path` is an absolute file system path (the LSP shell maps URIs). */
export interface Location {
  path: string;
  span: Span;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function spanContains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset < outer.end;
}

export function spanLength(s: Span): number {
  return s.end - s.start;
}
