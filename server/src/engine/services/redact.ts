import type { DocumentCache } from "../documents/document-cache";
import { fileKindOf } from "../documents/file-kind";
import { visitNodes } from "../documents/yaml-tree";
import { catalog } from "../knowledge/catalog";
import { maskSecret } from "../knowledge/mask-secret";
import { isSecretFilePath } from "../knowledge/secret-file-variables";
import type { Span } from "../text/span";

/** `NAME=value` inside a line or a scalar: list-style environment items, `.env` lines, CIFS `o:` options. */
const ASSIGNMENT = /(?<![\w.-])([A-Za-z_][\w.-]*)[ \t]*=[ \t]*/g;
/** `key: value` on one line, for text the YAML parser could not read. */
const YAML_PAIR = /^([ \t]*(?:-[ \t]+)?)(["']?)([A-Za-z_][\w.-]*)\2[ \t]*:[ \t]+/;
/** A value that only names another variable holds no secret itself (a `${X:-default}` may). */
const ONLY_REFERENCE = /^["']?\$(?:\{[A-Za-z_]\w*(?::?\?[^}]*)?\}|[A-Za-z_]\w*)["']?$/;
/** The password of a URL's user info: `redis://:pw@host`, `mysql://user:pw@db`. */
const URL_PASSWORD = /\w+:\/\/[^:@/\s]*:([^@/\s]+)@/g;
/** phpredis' `auth` parameter in a session save path: `tcp://redis:6379?auth=pw`. */
const URL_AUTH = /[?&]auth(?:\[\])?=([^&\s"'#]+)/gi;
/** Shorter values are too common (`true`, `no`) to hide inside messages. */
const MIN_REDACTED_VALUE_LENGTH = 4;

export interface MaskedLine {
  text: string;
  /** Display column of a 0-based UTF-16 column of the original line. */
  columnOf(original: number): number;
}

/**
 * The one place that decides what is a secret in text the user will see. The CLI passes every
 * output through a SecretRedactor: the values of secret keys (as the knowledge catalog decides,
 * by name) are masked in source excerpts, and their text is masked wherever it reappears — in
 * messages, related messages, diffs of fixes. Hovers mask a value with maskValue.
 */
export class SecretRedactor {
  private readonly spansByPath = new Map<string, { text: string; spans: Span[] }>();
  private readonly values = new Set<string>();

  constructor(private readonly cache: DocumentCache) {}

  /** Secret value spans of one file text, computed once per text. */
  secretSpans(path: string, text: string): Span[] {
    const cached = this.spansByPath.get(path);
    if (cached && cached.text === text) return cached.spans;
    const spans = this.findSecretSpans(path, text);
    this.spansByPath.set(path, { text, spans });
    return spans;
  }

  /**
   * Learns the secret values of the linted files before any message is printed. A value that
   * also stands outside a secret anywhere in them (a password `owncloud` that is also a service
   * name, `pass` inside `--requirepass`) is printed there anyway: masking it in messages would
   * only garble them.
   */
  learn(texts: Iterable<[string, string]>): void {
    const files = [...texts];
    const candidates = new Set<string>();
    for (const [path, text] of files) {
      for (const span of this.secretSpans(path, text)) {
        const value = text.slice(span.start, span.end).trim().replace(/^(["'])(.*)\1$/s, "$2");
        if (value.length >= MIN_REDACTED_VALUE_LENGTH) candidates.add(value);
      }
    }
    for (const value of candidates) {
      const onlySecret = files.every(([path, text]) => {
        const spans = this.secretSpans(path, text);
        for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
          if (!spans.some((span) => span.start <= at && at + value.length <= span.end)) return false;
        }
        return true;
      });
      if (onlySecret) this.values.add(value);
    }
  }

  redact(message: string): string {
    let out = message;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(maskSecret(value));
    }
    return out;
  }

  containsSecret(text: string): boolean {
    for (const value of this.values) if (text.includes(value)) return true;
    return false;
  }

  /** One line of a file with its secret values masked. */
  maskLine(path: string, text: string, lineStart: number, lineEnd: number): MaskedLine {
    const line = text.slice(lineStart, lineEnd);
    const cuts: { start: number; end: number; mask: string }[] = [];
    for (const span of this.secretSpans(path, text)) {
      let start = Math.max(span.start, lineStart) - lineStart;
      const end = Math.min(span.end, lineEnd) - lineStart;
      if (end <= start) continue;
      // Continuation lines of a block scalar keep their indentation.
      while (start < end && (line[start] === " " || line[start] === "\t")) start++;
      if (end <= start) continue;
      cuts.push({ start, end, mask: maskSecret(line.slice(start, end)) });
    }
    cuts.sort((a, b) => a.start - b.start);
    const merged: typeof cuts = [];
    for (const cut of cuts) {
      const last = merged.at(-1);
      if (last && cut.start <= last.end) last.end = Math.max(last.end, cut.end);
      else merged.push({ ...cut });
    }
    let masked = "";
    let at = 0;
    for (const cut of merged) {
      masked += line.slice(at, cut.start) + cut.mask;
      at = cut.end;
    }
    masked += line.slice(at);
    return {
      text: masked,
      columnOf(original: number): number {
        let shift = 0;
        for (const cut of merged) {
          if (original <= cut.start) break;
          if (original < cut.end) return cut.start + shift;
          shift += cut.mask.length - (cut.end - cut.start);
        }
        return original + shift;
      },
    };
  }

  private findSecretSpans(path: string, text: string): Span[] {
    const spans: Span[] = [];
    const kind = fileKindOf(path, text);
    if (kind === "env") {
      for (const entry of this.cache.envFile(path, text).entries) {
        if (!entry.inherited && entry.rawValue !== "" && isSecretName(entry.key) && !ONLY_REFERENCE.test(entry.rawValue)) spans.push(entry.valueSpan);
      }
    } else if (/\.ya?ml(\.\w+)?$/i.test(path) || kind !== undefined) {
      for (const root of this.cache.yamlFile(path, text).roots) {
        visitNodes(root, (node, keyPath) => {
          if (node.kind === "map") {
            for (const entry of node.entries) {
              const value = entry.value;
              if (value?.kind !== "scalar" || value.text === "" || ONLY_REFERENCE.test(value.text)) continue;
              if (isSecretName(entry.key) || isSecretName([...keyPath, entry.key].join("."))) spans.push(value.span);
            }
          }
        });
      }
    }
    // Line by line as well: text the parsers could not read, comments, `NAME=value` inside strings.
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
      for (const span of secretSpansOfLine(line)) spans.push({ start: lineStart + span.start, end: lineStart + span.end });
      lineStart = lineEnd + 1;
    }
    // `MYSQL_PASSWORD=/run/secrets/db` names where the secret is: masking it would hide the mistake a finding explains.
    return spans.filter((span) => !isSecretFilePath(text.slice(span.start, span.end).replace(/^(["'])(.*)\1$/s, "$2")));
  }
}

function isSecretName(name: string): boolean {
  return catalog.isSecretName(name);
}

/**
 * A value as a hover shows it: all of it masked when its key is a secret; otherwise only the
 * secrets inside it — mount options (`o: addr=…,password=…`), URLs (`redis://:pw@host`).
 */
export function maskValue(value: string, keyIsSecret: boolean): string {
  if (keyIsSecret) return isSecretFilePath(value) ? value : maskSecret(value);
  return value
    .split("\n")
    .map((line) => {
      const spans = secretSpansOfLine(line.replace(/\r$/, "")).sort((a, b) => a.start - b.start);
      let out = "";
      let at = 0;
      for (const span of spans) {
        if (span.end <= at) continue;
        const start = Math.max(span.start, at);
        out += line.slice(at, start) + maskSecret(line.slice(start, span.end));
        at = span.end;
      }
      return out + line.slice(at);
    })
    .join("\n");
}

/** Secret values on one line of any kind of file, as offsets into the line. */
export function secretSpansOfLine(line: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [URL_PASSWORD, URL_AUTH]) {
    for (const m of line.matchAll(pattern)) {
      const end = m.index + m[0].length - (pattern === URL_PASSWORD ? 1 : 0);
      spans.push({ start: end - m[1].length, end });
    }
  }
  const pair = YAML_PAIR.exec(line);
  if (pair && isSecretName(pair[3])) {
    const start = pair[0].length;
    const value = valueEnd(line, start, false);
    if (value > start && !/^[|>&*]/.test(line.slice(start)) && !ONLY_REFERENCE.test(line.slice(start, value))) spans.push({ start, end: value });
  }
  for (const m of line.matchAll(ASSIGNMENT)) {
    if (!isSecretName(m[1])) continue;
    const start = m.index + m[0].length;
    const end = valueEnd(line, start, true);
    if (end > start && !ONLY_REFERENCE.test(line.slice(start, end))) spans.push({ start, end });
  }
  return spans;
}

/**
 * Where a value starting at `start` ends: a quoted value at its closing quote; otherwise at a
 * ` #` comment, a quote that closes the enclosing string, the `,` before the next `name=` option
 * (CIFS `o:` strings), or the end of the line — trailing blanks left out.
 */
function valueEnd(line: string, start: number, inAssignment: boolean): number {
  const open = line[start];
  if (open === '"' || open === "'") {
    const close = line.indexOf(open, start + 1);
    return close < 0 ? line.length : close + 1;
  }
  let end = start;
  while (end < line.length) {
    const c = line[end];
    if ((c === "#" && end > start && /\s/.test(line[end - 1])) || (inAssignment && (c === '"' || c === "'"))) break;
    if (c === "," && /^,\s*[A-Za-z_][\w.-]*\s*=/.test(line.slice(end))) break;
    if (!inAssignment && (c === "," || c === "}" || c === "]") && /[{[]/.test(line.slice(0, start))) break;
    end++;
  }
  while (end > start && /\s/.test(line[end - 1])) end--;
  return end;
}
