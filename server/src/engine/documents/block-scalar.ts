import type { Span } from "../text/span";

/** A literal block scalar's content and the way back from an offset in it to the file. */
export interface BlockScalarText {
  content: string;
  /** The file offset of a content offset (0 ≤ offset ≤ content.length). */
  toFile(offset: number): number;
}

/**
 * The content of a literal block scalar (`key: |`, `|-`, `|+`) as YAML reads it, with each
 * content character's place in the file: every content line is the file line without its
 * indentation, and a CRLF line break reads as one `\n`
 * (https://yaml.org/spec/1.2.2/#812-literal-style). Folded (`>`) scalars and explicit
 * indentation indicators are not mapped. `expected` is the scalar's value as the YAML parser
 * read it: when the mapping would give other text, there is no mapping (positions are never guessed).
 */
export function blockScalarText(file: string, span: Span, expected: string): BlockScalarText | undefined {
  let i = span.start;
  if (file[i] !== "|") return undefined;
  i++;
  while (file[i] === "-" || file[i] === "+") i++;
  if (/[1-9]/.test(file[i] ?? "")) return undefined;
  while (file[i] === "-" || file[i] === "+") i++;
  // The rest of the header line may be a comment.
  while (i < span.end && file[i] !== "\n") i++;
  i++;
  const lines: { fileStart: number; text: string }[] = [];
  let indent: number | undefined;
  const end = Math.min(span.end, file.length);
  while (i < end) {
    let lineEnd = file.indexOf("\n", i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const raw = file.slice(i, lineEnd).replace(/\r$/, "");
    const leading = /^ */.exec(raw)![0].length;
    if (indent === undefined && raw.trim() !== "") indent = leading;
    lines.push({ fileStart: i, text: raw });
    i = lineEnd + 1;
  }
  if (indent === undefined) return undefined;
  const starts: number[] = [];
  const fileStarts: number[] = [];
  let content = "";
  for (const line of lines) {
    const strip = Math.min(indent, /^ */.exec(line.text)![0].length);
    starts.push(content.length);
    fileStarts.push(line.fileStart + strip);
    content += line.text.slice(strip) + "\n";
  }
  // Chomping only changes line breaks at the end: compare without them.
  if (content.replace(/\n+$/, "") !== expected.replace(/\n+$/, "")) return undefined;
  return {
    content,
    toFile(offset: number): number {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      return fileStarts[low] + (offset - starts[low]);
    },
  };
}
