import type { Span } from "../text/span";
import { countBefore, maskTemplates, overlapping } from "./template-mask";

export type EnvQuote = "none" | "single" | "double";

export interface EnvEntry {
  key: string;
  keySpan: Span;
  /** The value as written (without quotes), before escapes and interpolation. */
  rawValue: string;
  /** Span of the value text inside the quotes (empty span after `=` for `KEY=`). */
  valueSpan: Span;
  quote: EnvQuote;
  /** `KEY` on its own line: the value comes from the shell environment. */
  inherited: boolean;
  exported: boolean;
  /** From the first character of the line to the end of the value (closing quote included). */
  span: Span;
  /** Index of the line the key is on (0-based). */
  line: number;
  /** The value holds a template expression (`https://{{ domain }}`): what it renders to is unknown. */
  templated?: boolean;
  /**
   * In a templated file, how many tag lines (`{% if %}`, `{% else %}`) come before it: two
   * entries with different counts may be alternatives the template chooses between.
   */
  templateRegion?: number;
}

export interface EnvComment {
  text: string;
  span: Span;
  line: number;
}

export interface EnvProblem {
  message: string;
  span: Span;
}

export interface EnvFile {
  path: string;
  text: string;
  entries: EnvEntry[];
  comments: EnvComment[];
  problems: EnvProblem[];
  /**
   * The text holds Jinja or Go-template expressions (`.env.j2`): lines whose key is a template
   * are left out, and a tag alone on its line may render further entries the file does not show.
   */
  templated?: boolean;
  /** Template lines that may write variables the file does not show (a key that is a template, a line-level `{{ … }}` or include). */
  unknownEntries?: Span[];
}

const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;

/**
 * Reads a `.env` / `env_file` the way Compose's env-file parser does: `export` prefixes,
 * `KEY=value` and `KEY: value`, `#` comments, ` #` inline comments on unquoted values,
 * single quotes literal, double quotes with escapes, quoted values across lines, a lone
 * `KEY` inherited from the shell. A line it would reject becomes a problem; the rest is kept.
 */
export function parseEnvFile(path: string, text: string): EnvFile {
  const mask = maskTemplates(text);
  if (!mask) return parseEnvText(path, text);
  // Read the text with each expression as a stand-in of its length, then put the written text back.
  const read = parseEnvText(path, mask.masked);
  const entries: EnvEntry[] = [];
  const unknownEntries: Span[] = mask.rendered.slice();
  for (const entry of read.entries) {
    if (overlapping(mask.all, entry.keySpan).length > 0) {
      unknownEntries.push(entry.span);
      continue;
    }
    const rawValue = text.slice(entry.valueSpan.start, entry.valueSpan.end);
    const templated = overlapping(mask.all, entry.valueSpan).length > 0;
    const templateRegion = countBefore(mask.lineLevel, entry.span.start);
    entries.push(templated ? { ...entry, rawValue, templated, templateRegion } : { ...entry, templateRegion });
  }
  // A tag alone on its line reads as a comment; it is not one.
  const comments = read.comments.map((c) => ({ ...c, text: text.slice(c.span.start, c.span.end) })).filter((c) => c.text.startsWith("#"));
  // A line a template writes may not read as an env line until it is rendered: not a problem of the file.
  const problems: EnvProblem[] = [];
  for (const problem of read.problems) {
    const line = lineOf(mask.masked, problem.span);
    if (overlapping(mask.all, line).length > 0) unknownEntries.push(line);
    else problems.push(problem);
  }
  unknownEntries.sort((a, b) => a.start - b.start);
  return { path, text, entries, comments, problems, templated: true, unknownEntries };
}

function lineOf(text: string, span: Span): Span {
  const start = text.lastIndexOf("\n", span.start - 1) + 1;
  let end = text.indexOf("\n", span.end);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === "\r") end--;
  return { start, end };
}

function parseEnvText(path: string, text: string): EnvFile {
  const entries: EnvEntry[] = [];
  const comments: EnvComment[] = [];
  const problems: EnvProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const n = text.length;

  const isLineBreak = (c: string | undefined): boolean => c === "\n" || c === "\r";
  const skipLineBreak = (): void => {
    if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
    else i++;
    line++;
  };
  const lineEndFrom = (from: number): number => {
    let j = from;
    while (j < n && !isLineBreak(text[j])) j++;
    return j;
  };

  while (i < n) {
    const c = text[i];
    if (isLineBreak(c)) {
      skipLineBreak();
      continue;
    }
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const lineStart = i;
    if (c === "#") {
      const end = lineEndFrom(i);
      comments.push({ text: text.slice(i, end), span: { start: i, end }, line });
      i = end;
      continue;
    }
    let exported = false;
    const exportMatch = /^export[ \t]+/.exec(text.slice(i, i + 16));
    if (exportMatch) {
      exported = true;
      i += exportMatch[0].length;
    }
    const keyStart = i;
    let keyEnd = i;
    let separator: string | undefined;
    let bad: number | undefined;
    while (i < n && !isLineBreak(text[i])) {
      const ch = text[i];
      if (ch === "=" || ch === ":") {
        separator = ch;
        break;
      }
      if (ch === " " || ch === "\t") {
        i++;
        continue;
      }
      // Whole code points: a character outside the BMP is two UTF-16 units, never split.
      const codePoint = String.fromCodePoint(text.codePointAt(i) ?? 0);
      if (!KEY_CHAR.test(codePoint) && bad === undefined) bad = i;
      i += codePoint.length;
      keyEnd = i;
    }
    const key = text.slice(keyStart, keyEnd);
    const keySpan = { start: keyStart, end: keyEnd };
    if (bad !== undefined) {
      const end = lineEndFrom(bad);
      const badChar = String.fromCodePoint(text.codePointAt(bad) ?? 0);
      // The name up to the separator only: what follows it is the value.
      problems.push({ message: `unexpected character "${badChar}" in variable name "${text.slice(keyStart, keyEnd).trim()}"`, span: { start: bad, end: bad + badChar.length } });
      i = end;
      continue;
    }
    if (key.includes(" ")) {
      // Compose refuses the whole file: "key cannot contain a space" (compose-go dotenv parser).
      problems.push({ message: `variable name "${key}" contains a space`, span: keySpan });
      i = lineEndFrom(i);
      continue;
    }
    if (separator === undefined) {
      // A key alone on its line: Compose takes the value from the shell environment.
      if (key.length === 0) {
        i = lineEndFrom(i);
        continue;
      }
      entries.push({ key, keySpan, rawValue: "", valueSpan: { start: keyEnd, end: keyEnd }, quote: "none", inherited: true, exported, span: { start: lineStart, end: keyEnd }, line });
      continue;
    }
    if (key.length === 0) {
      const end = lineEndFrom(i);
      problems.push({ message: "missing variable name before the separator", span: { start: i, end: i + 1 } });
      i = end;
      continue;
    }
    const keyLine = line;
    i++; // separator
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    const q = text[i];
    if (q === "'" || q === '"') {
      const open = i;
      let j = i + 1;
      let escaped = false;
      let closed = -1;
      let lines = 0;
      while (j < n) {
        const ch = text[j];
        if (ch === "\n") lines++;
        if (ch !== q) {
          escaped = !escaped && ch === "\\";
          j++;
          continue;
        }
        if (escaped) {
          escaped = false;
          j++;
          continue;
        }
        closed = j;
        break;
      }
      if (closed < 0) {
        const end = lineEndFrom(open);
        // The value is not echoed: it is often a password, and the span shows it.
        problems.push({ message: `unterminated quoted value (no closing ${q})`, span: { start: open, end } });
        i = end;
        continue;
      }
      entries.push({
        key,
        keySpan,
        rawValue: text.slice(open + 1, closed),
        valueSpan: { start: open + 1, end: closed },
        quote: q === "'" ? "single" : "double",
        inherited: false,
        exported,
        span: { start: lineStart, end: closed + 1 },
        line: keyLine,
      });
      line += lines;
      i = closed + 1;
      // Whatever follows the closing quote on the line: a comment or nothing.
      const end = lineEndFrom(i);
      const tail = text.slice(i, end);
      const commentAt = tail.indexOf("#");
      if (commentAt >= 0) comments.push({ text: tail.slice(commentAt), span: { start: i + commentAt, end }, line });
      else if (tail.trim().length > 0) problems.push({ message: "unexpected text after the closing quote", span: { start: i + tail.search(/\S/), end } });
      i = end;
      continue;
    }
    const end = lineEndFrom(i);
    let valueText = text.slice(i, end);
    // Compose cuts an unquoted value only at " #": a tab before # stays part of the value.
    const inlineComment = valueText.indexOf(" #");
    const cut = inlineComment >= 0 ? inlineComment : undefined;
    if (cut !== undefined) {
      comments.push({ text: valueText.slice(cut + 1), span: { start: i + cut + 1, end }, line });
      valueText = valueText.slice(0, cut);
    }
    const trimmed = valueText.replace(/\s+$/u, "");
    entries.push({
      key,
      keySpan,
      rawValue: trimmed,
      valueSpan: { start: i, end: i + trimmed.length },
      quote: "none",
      inherited: false,
      exported,
      span: { start: lineStart, end: i + trimmed.length },
      line: keyLine,
    });
    i = end;
  }
  return { path, text, entries, comments, problems };
}

/** Double-quoted values expand the usual escapes (`\$` stays a `$$` for interpolation); single-quoted and unquoted ones are literal. */
export function unescapeDoubleQuoted(raw: string): string {
  return raw.replace(/\\(.)/gs, (_m, ch: string) => {
    switch (ch) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "\\":
        return "\\";
      case '"':
        return '"';
      case "$":
        // `\$` is a literal dollar: Compose turns it into `$$` before interpolating.
        return "$$";
      default:
        return `\\${ch}`;
    }
  });
}
