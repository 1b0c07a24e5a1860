import type { DocumentCache } from "../documents/document-cache";
import type { FileEdit } from "../findings";
import { fileKindOf } from "../documents/file-kind";
import type { YNode } from "../documents/yaml-tree";
import { catalog } from "../knowledge/catalog";
import { maskSecret } from "../knowledge/mask-secret";
import { isSecretFilePath } from "../knowledge/secret-file-variables";
import type { Span } from "../text/span";

/** `NAME=value` inside a line or a scalar: list-style environment items, `.env` lines, CIFS `o:` options. */
const ASSIGNMENT = /(?<![\w.-])([A-Za-z_][\w.-]*)[ \t]*=[ \t]*/g;
/** `key: value` on one line, for text the YAML parser could not read. */
const YAML_PAIR = /^([ \t]*(?:-[ \t]+)?)(["']?)([A-Za-z_][\w.-]*)\2[ \t]*:[ \t]+/;
/** A value that only names another variable (Compose `${X}`, Kubernetes `$(X)`) holds no secret itself (a `${X:-default}` may). */
const ONLY_REFERENCE = /^["']?\$(?:\{[A-Za-z_]\w*(?::?\?[^}]*)?\}|\([A-Za-z_]\w*\)|[A-Za-z_]\w*)["']?$/;
/** The default or alternative of an interpolation: `${X:-default}`, `${X-default}`, `${X:+alt}` (https://docs.docker.com/reference/compose-file/interpolation/). */
const INTERPOLATION_DEFAULT = /\$\{([A-Za-z_]\w*):?[-+]([^}]*)\}/g;
/**
 * Password options on a command line or as the item after them in an array: redis-server's
 * `--requirepass`/`--masterauth` (https://redis.io/docs/latest/operate/oss_and_stack/management/config/,
 * "Passing arguments using the command line") and redis-cli's `-a`/`--pass` in health checks
 * (https://github.com/redis/redis/blob/unstable/src/redis-cli.c, its usage text).
 */
const PASSWORD_FLAG = /(?<![\w-])(?:--requirepass|--masterauth|--pass|-a)(?![\w-])/g;
/** `-a` and `--pass` are redis-cli's only where redis-cli runs. */
const isPasswordFlag = (flag: string, commandLine: string): boolean => /^--(?:requirepass|masterauth)$/.test(flag) || (/^(?:-a|--pass)$/.test(flag) && commandLine.includes("redis-cli"));
/** What separates the flag from its value: blanks, `=`, or the end of one array item and the start of the next (`"--requirepass", "pw"`). */
const FLAG_SEPARATOR = /(?:["']?[ \t]*,[ \t]*|[ \t]*=[ \t]*|[ \t]+)/y;
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
  private readonly values = new Set<string>();
  private longestFirst: string[] | undefined;
  private readonly redacted = new Map<string, string>();

  /**
   * `spansByPath` may be shared by redactors of successive lints (the language server's), so an
   * edit recomputes the spans of the edited file only.
   */
  constructor(
    private readonly cache: DocumentCache,
    private readonly spansByPath: SecretSpanMemo = new Map(),
  ) {}

  /** Secret value spans of one file text, computed once per text. */
  secretSpans(path: string, text: string): Span[] {
    return this.memo(path, text).spans;
  }

  private memo(path: string, text: string): SecretSpans {
    const cached = this.spansByPath.get(path);
    if (cached && cached.text === text) return cached;
    const spans = this.findSecretSpans(path, text);
    const entry = { text, spans, covered: coveredRanges(spans) };
    this.spansByPath.set(path, entry);
    return entry;
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
        for (const value of printedForms(text.slice(span.start, span.end))) if (value.length >= MIN_REDACTED_VALUE_LENGTH) candidates.add(value);
      }
    }
    for (const value of onlyInSecrets(candidates, files.map(([path, text]) => this.memo(path, text)))) this.values.add(value);
    this.longestFirst = undefined;
    this.redacted.clear();
  }

  redact(message: string): string {
    // Related messages repeat across findings ("app runs 3 replicas" on each of 1,000): once each.
    const known = this.redacted.get(message);
    if (known !== undefined) return known;
    this.longestFirst ??= [...this.values].sort((a, b) => b.length - a.length);
    let out = message;
    for (const value of this.longestFirst) {
      if (out.includes(value)) out = out.split(value).join(maskSecret(value));
    }
    this.redacted.set(message, out);
    return out;
  }

  containsSecret(text: string): boolean {
    for (const value of this.values) if (text.includes(value)) return true;
    return false;
  }

  /**
   * Whether a fix would write a secret where it is not now: an edit's new text holds a secret
   * value that no edit of the same fix takes away from where it stands. Moving a literal into
   * `.env` is fine; copying it into another service spreads it.
   */
  spreadsSecret(edits: readonly FileEdit[], textOf: (path: string) => string | undefined): boolean {
    const replaced = edits.map((e) => textOf(e.path)?.slice(e.span.start, e.span.end) ?? "").join("\n");
    const removed = `${replaced}\n${replaced.replace(/\$\$/g, "$")}`;
    for (const value of this.values) {
      if (!removed.includes(value) && edits.some((e) => e.newText.includes(value))) return true;
    }
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
      for (const root of this.cache.yamlFile(path, text).roots) secretSpansOfTree(root, spans);
    }
    // Line by line as well: text the parsers could not read, comments, `NAME=value` inside strings.
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
      for (const span of lineSpansOf(line)) spans.push({ start: lineStart + span.start, end: lineStart + span.end });
      lineStart = lineEnd + 1;
    }
    // `MYSQL_PASSWORD=/run/secrets/db` names where the secret is: masking it would hide the mistake a finding explains.
    return spans.filter((span) => !isSecretFilePath(text.slice(span.start, span.end).replace(/^(["'])(.*)\1$/s, "$2")));
  }
}

/**
 * secretSpansOfLine, remembered by the line's text: an edit changes one line, and the language
 * server finds the spans of the whole file again after each (most lines repeat between lints).
 */
const lineSpanMemo = new Map<string, readonly Span[]>();
const LINE_MEMO_LIMIT = 50_000;
const NO_SPANS: readonly Span[] = [];

function lineSpansOf(line: string): readonly Span[] {
  const known = lineSpanMemo.get(line);
  if (known !== undefined) return known;
  const found = secretSpansOfLine(line);
  if (lineSpanMemo.size >= LINE_MEMO_LIMIT) lineSpanMemo.clear();
  const spans = found.length === 0 ? NO_SPANS : found;
  lineSpanMemo.set(line, spans);
  return spans;
}

/**
 * The secret values of a YAML tree: a secret key's scalar (by its own name or its dotted path,
 * `redis.auth.password`), the `value` of a Kubernetes-style env item named like a secret
 * (`- name: DB_PASSWORD`), and the item after a password flag in a command array
 * (`[redis-server, --requirepass, pw]`). Each collection is entered once (aliases share them);
 * the dotted path is passed down as a string, since the walk runs over every file on each lint.
 */
function secretSpansOfTree(root: YNode, spans: Span[]): void {
  const seen = new Set<YNode>();
  let repeats = 0;
  const walk = (node: YNode, path: string, depth: number, out: Span[]): void => {
    if (node.kind === "scalar") return;
    if (seen.has(node)) {
      repeats++;
      return;
    }
    seen.add(node);
    if (depth === CACHED_DEPTH) {
      const cached = subtreeSpans.get(node);
      if (cached && cached.path === path) {
        out.push(...cached.spans);
        return;
      }
    }
    const own: Span[] = depth === CACHED_DEPTH ? [] : out;
    const repeatsBefore = repeats;
    if (node.kind === "map") {
      const named = node.entries.find((entry) => entry.key === "name")?.value;
      const itemIsSecret = named?.kind === "scalar" && isSecretName(named.text);
      for (const entry of node.entries) {
        const value = entry.value;
        if (value?.kind !== "scalar" || value.text === "" || ONLY_REFERENCE.test(value.text)) continue;
        if ((itemIsSecret && entry.key === "value") || isSecretName(entry.key) || isSecretName(path === "" ? entry.key : `${path}.${entry.key}`)) own.push(value.span);
      }
      for (const entry of node.entries) if (entry.value && entry.value.kind !== "scalar") walk(entry.value, path === "" ? entry.key : `${path}.${entry.key}`, depth + 1, own);
    } else {
      const commandLine = node.items.map((item) => (item.kind === "scalar" ? item.text : "")).join(" ");
      node.items.forEach((item, index) => {
        const next = node.items[index + 1];
        if (item.kind !== "scalar" || next?.kind !== "scalar" || next.text === "" || ONLY_REFERENCE.test(next.text)) return;
        if (isPasswordFlag(item.text.trim(), commandLine)) own.push(next.span);
      });
      for (const item of node.items) if (item.kind !== "scalar") walk(item, path, depth + 1, own);
    }
    if (depth !== CACHED_DEPTH) return;
    // A subtree that met a node already walked (an alias) depends on the walk's order: not kept.
    if (repeats === repeatsBefore) subtreeSpans.set(node, { path, spans: own });
    out.push(...own);
  };
  walk(root, "", 0, spans);
}

/**
 * The spans of each subtree two levels down (one service of a compose file, one key's block of
 * a values file), by node: an incremental re-parse keeps the nodes an edit did not touch (with
 * their spans), so after a keystroke only the edited block is walked again.
 */
const subtreeSpans = new WeakMap<YNode, { path: string; spans: Span[] }>();
const CACHED_DEPTH = 2;

interface SecretSpans {
  text: string;
  spans: Span[];
  /** The spans merged into disjoint ranges, in order: where a secret value stands. */
  covered: Span[];
}

export type SecretSpanMemo = Map<string, SecretSpans>;

function coveredRanges(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * The candidates that occur nowhere outside a secret value. One pass over each text, looking
 * candidates up by their first characters: searching the text once per candidate took minutes
 * for thousands of services with a password each.
 */
function onlyInSecrets(candidates: ReadonlySet<string>, files: readonly SecretSpans[]): string[] {
  const byPrefix = new Map<string, Set<string>>();
  for (const value of candidates) {
    const prefix = value.slice(0, MIN_REDACTED_VALUE_LENGTH);
    let bucket = byPrefix.get(prefix);
    if (!bucket) byPrefix.set(prefix, (bucket = new Set()));
    bucket.add(value);
  }
  if (byPrefix.size === 0) return [];
  // Most characters start no candidate: look at a prefix only where its first character could.
  const firstCodes = new Set([...byPrefix.keys()].map((prefix) => prefix.charCodeAt(0)));
  const outside = new Set<string>();
  for (const { text, covered } of files) {
    for (let at = 0; at + MIN_REDACTED_VALUE_LENGTH <= text.length; at++) {
      if (!firstCodes.has(text.charCodeAt(at))) continue;
      const bucket = byPrefix.get(text.slice(at, at + MIN_REDACTED_VALUE_LENGTH));
      if (!bucket) continue;
      for (const value of bucket) {
        if (!text.startsWith(value, at) || isCovered(covered, at, at + value.length)) continue;
        outside.add(value);
        bucket.delete(value);
      }
    }
  }
  return [...candidates].filter((value) => !outside.has(value));
}

/** Whether [start, end) lies inside one covered range (binary search: a value may occur thousands of times). */
function isCovered(covered: readonly Span[], start: number, end: number): boolean {
  let low = 0;
  let high = covered.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (covered[middle].end < end) low = middle + 1;
    else high = middle - 1;
  }
  return low < covered.length && covered[low].start <= start;
}

function isSecretName(name: string): boolean {
  return catalog.isMaskedName(name);
}

/**
 * The texts under which a secret written as `written` can reappear in output: without its
 * quotes (or the lone quote of an unterminated value), with Compose's `$$` read as `$`, and the
 * defaults of its `${X:-default}` references, which are what the value becomes when X is unset.
 */
function printedForms(written: string): string[] {
  const value = written.trim().replace(/^(["'])(.*)\1$/s, "$2").replace(/^["']/, "");
  const forms = [value];
  if (value.includes("$$")) forms.push(value.replace(/\$\$/g, "$"));
  for (const m of value.matchAll(INTERPOLATION_DEFAULT)) if (!ONLY_REFERENCE.test(m[2])) forms.push(m[2]);
  return forms;
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
  for (const m of line.matchAll(INTERPOLATION_DEFAULT)) {
    if (!isSecretName(m[1]) || m[2] === "" || ONLY_REFERENCE.test(m[2])) continue;
    const end = m.index + m[0].length - 1;
    spans.push({ start: end - m[2].length, end });
  }
  for (const m of line.matchAll(PASSWORD_FLAG)) {
    if (!isPasswordFlag(m[0], line)) continue;
    FLAG_SEPARATOR.lastIndex = m.index + m[0].length;
    if (!FLAG_SEPARATOR.exec(line)) continue;
    const start = FLAG_SEPARATOR.lastIndex;
    const end = flagValueEnd(line, start);
    if (end > start && !ONLY_REFERENCE.test(line.slice(start, end))) spans.push({ start, end });
  }
  return spans;
}

/** The end of a command-line option's value: its closing quote when quoted, else the next blank, quote, `,` or `]`. */
function flagValueEnd(line: string, start: number): number {
  const open = line[start];
  if (open === '"' || open === "'") {
    const close = line.indexOf(open, start + 1);
    return close < 0 ? line.length : close + 1;
  }
  let end = start;
  while (end < line.length && !/[\s"',\]]/.test(line[end])) end++;
  return end;
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
