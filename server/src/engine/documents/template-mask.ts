import type { Span } from "../text/span";

/**
 * Jinja (`{{ x }}`, `{% if %}`, `{# #}`) and Go-template (`{{ .Values.x }}`, `{{- range }}`)
 * expressions in a YAML or env file, and the file's text with each of them replaced by a
 * stand-in of the same length, so that the parser reads the structure the template renders to
 * and every span of the result is a span of the original text:
 *
 * - a line that holds only tags becomes a comment (`#` and spaces): control tags (`{% if %}`,
 *   `{{ end }}`) keep both branches in the text; a line-level output (`{{ toYaml . | nindent 4 }}`,
 *   `{% include %}`) is remembered as content the files do not show;
 * - an expression inside a line becomes a run of one private-use character, which YAML reads
 *   as part of a plain or quoted scalar and an env file as part of a value.
 *
 * Linear in the text: an opener without its closer ends the scan for openers of its kind.
 */
export interface TemplateMask {
  /** The text with every expression replaced, same length as the original. */
  masked: string;
  /** Inline expressions (stand-ins for values), in text order. */
  inline: Span[];
  /** Line-level tags that render content (an output expression, an include), in text order. */
  rendered: Span[];
  /** Tags that stand alone on their lines and read as comments, in text order. */
  lineLevel: Span[];
  /** Every expression, inline or line-level, in text order. */
  all: Span[];
}

/** The characters an inline expression becomes; two alternate so that `{{a}}{{b}}` stays two runs. */
export const PLACEHOLDER = ["\uE000", "\uE001"] as const;
const PLACEHOLDER_RUN = /[\uE000]+|[\uE001]+/g;

/** File names that are templates whatever their text (`docker-compose.yml.j2`, `values.yaml.tpl`). */
export const TEMPLATE_EXTENSION = /\.(j2|jinja2?|tmpl|tpl|gotmpl)$/i;

/** Go-template actions that render nothing themselves (their body, if any, stays in the text). */
const GO_CONTROL = /^(?:if|else|end|range|with|define|block|break|continue|\/\*|\$[\w]*\s*:?=)/;
/** Jinja statements that render content where they stand. */
const JINJA_RENDERS = /^(?:include|import|from|call|filter)\b/;

interface Expression {
  start: number;
  end: number;
  /** Renders text (an output expression or an include), as opposed to a control tag or a comment. */
  renders: boolean;
}

/** The text has a template opener: cheap, and true for more texts than maskTemplates masks. */
export function hasTemplateSyntax(text: string): boolean {
  return text.includes("{{") || text.includes("{%") || text.includes("{#");
}

/** Undefined when the text holds no template expression (the common case costs one indexOf per opener kind). */
export function maskTemplates(text: string): TemplateMask | undefined {
  if (!hasTemplateSyntax(text)) return undefined;
  const expressions = scanExpressions(text);
  if (expressions.length === 0) return undefined;
  const out = text.split("");
  const inline: Span[] = [];
  const rendered: Span[] = [];
  const lineLevelTags: Span[] = [];
  const all: Span[] = [];
  let i = 0;
  let placeholderIndex = 0;
  while (i < expressions.length) {
    // The expressions of one line: line-level when nothing but whitespace surrounds them.
    let j = i;
    let lineLevel = onlySpaceBefore(text, expressions[i].start);
    while (lineLevel) {
      const next = expressions[j + 1];
      const gapEnd = next ? next.start : text.length;
      const k = skipSpace(text, expressions[j].end, gapEnd);
      if (next && k === next.start) {
        j++;
        continue;
      }
      lineLevel = k === text.length || text[k] === "\n" || text[k] === "\r";
      break;
    }
    if (lineLevel) {
      for (let k = i; k <= j; k++) {
        const e = expressions[k];
        for (let p = e.start; p < e.end; p++) out[p] = text[p] === "\n" || text[p] === "\r" ? text[p] : " ";
        all.push({ start: e.start, end: e.end });
        lineLevelTags.push({ start: e.start, end: e.end });
        if (e.renders) rendered.push({ start: e.start, end: e.end });
      }
      out[expressions[i].start] = "#";
      i = j + 1;
      continue;
    }
    const e = expressions[i];
    const ch = PLACEHOLDER[placeholderIndex++ % 2];
    // Newlines too: a multi-line expression inside a value renders into that one value.
    for (let p = e.start; p < e.end; p++) out[p] = ch;
    inline.push({ start: e.start, end: e.end });
    all.push({ start: e.start, end: e.end });
    i++;
  }
  return { masked: out.join(""), inline, rendered, lineLevel: lineLevelTags, all };
}

function scanExpressions(text: string): Expression[] {
  const found: Expression[] = [];
  const n = text.length;
  // Kinds of opener that found no closer: none later will either (each kind fails once, so the scan stays linear).
  const dead = new Set<string>();
  let i = 0;
  while (i < n - 1) {
    const open = text.indexOf("{", i);
    if (open < 0 || open >= n - 1) break;
    const kind = text[open + 1];
    if ((kind !== "{" && kind !== "%" && kind !== "#") || dead.has(kind)) {
      i = open + 1;
      continue;
    }
    const close = kind === "{" ? "}" : kind;
    const end = closerOf(text, open + 2, close);
    // `{#fff}` in a plain value is no Jinja comment: it leaves the other kinds of expression to be read.
    if (end < 0) {
      dead.add(kind);
      if (dead.size === 3) break;
      i = open + 1;
      continue;
    }
    found.push({ start: open, end, renders: renders(text.slice(open + 2, end - 2), kind) });
    i = end;
  }
  return found;
}

/** The offset after the closer (`}}`, `%}`, `#}`), skipping braces nested in the expression and quoted strings; -1 when there is none. */
function closerOf(text: string, from: number, close: string): number {
  const n = text.length;
  let depth = 0;
  let quote = "";
  for (let p = from; p < n; p++) {
    const c = text[p];
    if (quote) {
      // A quoted string does not run past its line (an apostrophe in prose is not a string); a Go raw string (`…`) may.
      if (c === "\n" && quote !== "`") quote = "";
      else if (c === "\\") p++;
      else if (c === quote) quote = "";
      continue;
    }
    if (close === "#") {
      if (c === "#" && text[p + 1] === "}") return p + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      quote = c;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}" && depth > 0) depth--;
    else if (depth === 0 && c === close && text[p + 1] === "}") return p + 2;
  }
  return -1;
}

function renders(inner: string, kind: string): boolean {
  const body = inner.replace(/^[-+~\s]+/, "");
  if (kind === "#") return false;
  if (kind === "%") return JINJA_RENDERS.test(body);
  return !GO_CONTROL.test(body);
}

/** Only spaces or tabs between the start of the line and `offset`. */
function onlySpaceBefore(text: string, offset: number): boolean {
  for (let p = offset - 1; p >= 0; p--) {
    const c = text[p];
    if (c === "\n") return true;
    if (c !== " " && c !== "\t") return p === 0 && c === "\uFEFF";
  }
  return true;
}

/** The first offset from `from` (before `limit`) that is not a space or tab. */
function skipSpace(text: string, from: number, limit: number): number {
  let p = from;
  while (p < limit && (text[p] === " " || text[p] === "\t")) p++;
  return p;
}

/**
 * A parse problem that the parser places on a tag line (it reads as a comment, and problems
 * start where the comments before a bad line start) belongs to the first line after the tags.
 */
export function pastTagLines(mask: TemplateMask, offset: number): number {
  const text = mask.masked;
  const tagAt = (p: number): Span | undefined => {
    const tag = overlapping(mask.lineLevel, { start: p, end: p + 1 })[0];
    return tag && tag.start <= p ? tag : undefined;
  };
  let tag = tagAt(offset);
  if (!tag) return offset;
  for (;;) {
    // To the start of the next line; on past it when that line is a tag line too.
    let at = tag.end;
    while (at < text.length && (text[at] === " " || text[at] === "\t")) at++;
    if (text[at] === "\r") at++;
    if (text[at] === "\n") at++;
    let first = at;
    while (first < text.length && (text[first] === " " || text[first] === "\t")) first++;
    const next = tagAt(first);
    if (!next || first >= text.length) return at;
    tag = next;
  }
}

/** The text of a scalar read from the masked text, with each stand-in run put back to the expression it replaced. */
export function restoreTemplates(value: string, original: string, inline: readonly Span[]): string {
  let index = 0;
  let failed = false;
  const restored = value.replace(PLACEHOLDER_RUN, () => {
    const span = inline[index++];
    if (!span) failed = true;
    return span ? original.slice(span.start, span.end) : "";
  });
  return failed || index !== inline.length ? value : restored;
}

/** How many spans of `sorted` end at or before `offset` (binary search). */
export function countBefore(sorted: readonly Span[], offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The spans of `sorted` that overlap `span` (binary search, then a walk). */
export function overlapping(sorted: readonly Span[], span: Span): Span[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].end <= span.start) low = mid + 1;
    else high = mid;
  }
  const out: Span[] = [];
  for (let k = low; k < sorted.length && sorted[k].start < Math.max(span.end, span.start + 1); k++) out.push(sorted[k]);
  return out;
}
