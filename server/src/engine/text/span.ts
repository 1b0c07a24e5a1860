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
