import type { EnvFile } from "../documents/env-file";
import type { Span } from "../text/span";
import type { EnvFileLine, EnvFileModel } from "./cluster-model";

/** White space as Compose's env-file parser skips it (isSpace in compose-go dotenv/parser.go), line breaks aside. */
const TRAILING_SPACE = /[ \t\v\f\u0085\u00a0]+$/u;
const LEADING_SPACE = /^[ \t\v\f\u0085\u00a0]+/u;

/**
 * The lines of an env file as the layout rules see them: blank, comment, entry or other, with
 * the white space before and after the text. A line that starts inside a quoted value continues
 * that value (its white space and empty lines are the value's own) and is left out.
 */
export function envFileLayout(env: EnvFile): Pick<EnvFileModel, "lines" | "ending"> {
  const text = env.text;
  const quoted: Span[] = env.entries.filter((e) => e.quote !== "none").map((e) => e.valueSpan).sort((a, b) => a.start - b.start);
  let nextQuoted = 0;
  const entryLines = new Set(env.entries.map((e) => e.line));
  const lines: EnvFileLine[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = start;
    while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
    const next = text[end] === "\r" && text[end + 1] === "\n" ? end + 2 : end + 1;
    // The empty "line" after a final line break is not a line of the file.
    if (end === text.length && start === end && start > 0) break;
    // Quoted values in file order: skip those that end before this line.
    while (nextQuoted < quoted.length && quoted[nextQuoted].end < start) nextQuoted++;
    const around = quoted[nextQuoted];
    const continuesValue = around !== undefined && around.start < start && start <= around.end;
    if (!continuesValue) lines.push(lineOf(env, start, end, line, around, entryLines));
    if (end >= text.length) break;
    start = next;
    line++;
  }
  const lastChar = text[text.length - 1];
  const missingLineBreak = text.replace(/^\ufeff/, "").length > 0 && lastChar !== "\n" && lastChar !== "\r";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  return { lines, ending: { location: { path: env.path, span: { start: text.length, end: text.length } }, missingLineBreak, lineBreak } };
}

function lineOf(env: EnvFile, start: number, end: number, line: number, around: Span | undefined, entryLines: Set<number>): EnvFileLine {
  const path = env.path;
  // A byte-order mark is not indentation.
  const from = start === 0 && env.text.charCodeAt(0) === 0xfeff ? 1 : start;
  const content = env.text.slice(from, end);
  const location = { path, span: { start, end } };
  if (content.trim() === "") {
    const blank: EnvFileLine = { line, location, kind: "blank" };
    if (content.length > 0) blank.trailingWhitespace = { path, span: { start: from, end } };
    return blank;
  }
  const first = content.trimStart()[0];
  const kind: EnvFileLine["kind"] = first === "#" ? "comment" : entryLines.has(line) ? "entry" : "other";
  const result: EnvFileLine = { line, location, kind };
  const lead = LEADING_SPACE.exec(content);
  if (lead) result.indentation = { path, span: { start: from, end: from + lead[0].length } };
  const trail = TRAILING_SPACE.exec(content);
  if (trail) {
    const wsStart = end - trail[0].length;
    // White space that ends inside a quoted value is part of the value.
    // (Quoted values do not overlap, so only the first one not ended before the line can hold it.)
    if (!(around && around.start <= wsStart && end <= around.end)) result.trailingWhitespace = { path, span: { start: wsStart, end } };
  }
  return result;
}
