import type { Span } from "../text/span";

/**
 * A reader for the `config.php` snippets deployments embed: `$CONFIG = array (…);` and
 * `$CONFIG['key'] = …;` with literal values. Nothing is executed. Any value the text does not
 * spell out as a literal — `getenv('REDIS_HOST')`, a constant, `'a' . 'b'`, a variable — is an
 * unknown value, and a `$CONFIG` assignment under a condition or loop makes the keys it touches
 * unknown (or every key, when it replaces the whole array): the reader never guesses.
 *
 * Nextcloud and ownCloud include each config file and merge its `$CONFIG` into the configuration
 * (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#multiple-config-php-file,
 * https://github.com/nextcloud/server/blob/master/lib/private/Config.php).
 */

export type PhpValue =
  | { kind: "string"; value: string; span: Span }
  | { kind: "number"; value: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "null"; span: Span }
  | { kind: "array"; entries: PhpArrayEntry[]; span: Span; /** An entry's key is not a literal: a key not listed may still be there. */ openKeys?: boolean }
  | { kind: "unknown"; span: Span };

export interface PhpArrayEntry {
  key: string | number;
  /** The written key; absent for an item without `key =>`. */
  keySpan?: Span;
  value: PhpValue;
  /** From the key (or the value, without one) to the end of the value. */
  span: Span;
}

/** A top-level key of `$CONFIG` as the snippet leaves it. */
export interface PhpConfigKey {
  key: string;
  /** Where the key is written (`'memcache.locking'`). */
  keySpan: Span;
  /** unknown when a condition decides whether (or what) the snippet sets. */
  value: PhpValue;
  /** The whole entry or assignment. */
  span: Span;
}

export interface PhpConfigFile {
  keys: Map<string, PhpConfigKey>;
  /**
   * The snippet may set keys the reader cannot name (the whole `$CONFIG` under a condition, a
   * computed key, unreadable text): any key not in `keys` is unknown. The span says where.
   */
  opaque?: Span;
}

const FLOW_WORDS: ReadonlySet<string> = new Set(["return", "exit", "die", "goto", "throw", "include", "include_once", "require", "require_once", "eval", "endif", "endforeach", "endfor", "endwhile", "endswitch"]);

/** Inputs larger than this are not read: every key is unknown. */
export const MAX_PHP_CONFIG_LENGTH = 256 * 1024;
const MAX_DEPTH = 64;

type TokenKind = "string" | "dstring" | "number" | "ident" | "variable" | "punct" | "open" | "close" | "end";

interface Token {
  kind: TokenKind;
  text: string;
  span: Span;
  /** A string's value; undefined for a double-quoted string that interpolates variables. */
  value?: string;
  number?: number;
}

/** The tokens of the PHP code, or the offset where the text stops being readable. */
function tokenize(text: string): { tokens: Token[]; brokenAt?: number } {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  // Text before `<?php` is output, not code.
  const open = text.indexOf("<?php", i);
  if (open < 0) return { tokens, brokenAt: i };
  i = open + 5;
  while (i < n) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      // A line comment ends at the line break or at `?>`.
      while (i < n && text[i] !== "\n" && text[i] !== "\r" && !(text[i] === "?" && text[i + 1] === ">")) i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return { tokens, brokenAt: i };
      i = close + 2;
      continue;
    }
    if (c === "?" && text[i + 1] === ">") break;
    const start = i;
    if (c === "'") {
      let value = "";
      i++;
      while (i < n && text[i] !== "'") {
        if (text[i] === "\\" && (text[i + 1] === "'" || text[i + 1] === "\\")) {
          value += text[i + 1];
          i += 2;
        } else value += text[i++];
      }
      if (i >= n) return { tokens, brokenAt: start };
      i++;
      tokens.push({ kind: "string", text: text.slice(start, i), span: { start, end: i }, value });
      continue;
    }
    if (c === '"') {
      const read = doubleQuoted(text, i);
      if (!read) return { tokens, brokenAt: start };
      i = read.end;
      tokens.push({ kind: "dstring", text: text.slice(start, i), span: { start, end: i }, value: read.value });
      continue;
    }
    if (c === "<" && text.startsWith("<<<", i)) return { tokens, brokenAt: i }; // heredoc: not read
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9][0-9_]*(?:[eE][+-]?[0-9_]+)?|[0-9][0-9_]*\.)/.exec(text.slice(i, i + 64));
      const raw = m ? m[0] : c;
      i += raw.length;
      tokens.push({ kind: "number", text: raw, span: { start, end: i }, number: phpNumber(raw) });
      continue;
    }
    if (c === "$" && /[A-Za-z_\x80-\uffff]/.test(text[i + 1] ?? "")) {
      i++;
      while (i < n && /[A-Za-z0-9_\x80-\uffff]/.test(text[i])) i++;
      tokens.push({ kind: "variable", text: text.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (/[A-Za-z_\\\x80-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z0-9_\\\x80-\uffff]/.test(text[i])) i++;
      tokens.push({ kind: "ident", text: text.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      tokens.push({ kind: "open", text: c, span: { start, end: i + 1 } });
      i++;
      continue;
    }
    if (c === ")" || c === "]" || c === "}") {
      tokens.push({ kind: "close", text: c, span: { start, end: i + 1 } });
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    const punct = two === "=>" || two === "::" || two === "->" || two === "==" || two === "!=" || two === "??" || two === ".=" || two === "&&" || two === "||" ? two : c;
    i += punct.length;
    tokens.push({ kind: "punct", text: punct, span: { start, end: i } });
  }
  return { tokens };
}

/** PHP's double-quoted string: escapes decoded; undefined value when it interpolates a variable. */
function doubleQuoted(text: string, from: number): { end: number; value?: string } | undefined {
  let i = from + 1;
  let value = "";
  let interpolates = false;
  const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", v: "\v", e: "\x1b", f: "\f", "\\": "\\", $: "$", '"': '"' };
  while (i < text.length && text[i] !== '"') {
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1] ?? "";
      if (next in simple) {
        value += simple[next];
        i += 2;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        value += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
        i += 1 + octal[0].length;
        continue;
      }
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(i + 1, i + 4));
      if (hex) {
        value += String.fromCharCode(parseInt(hex[1], 16));
        i += 1 + hex[0].length;
        continue;
      }
      const unicode = /^u\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(i + 1, i + 10));
      if (unicode) {
        const code = parseInt(unicode[1], 16);
        value += code <= 0x10ffff ? String.fromCodePoint(code) : "";
        i += 1 + unicode[0].length;
        continue;
      }
      value += c;
      i++;
      continue;
    }
    if ((c === "$" && /[A-Za-z_{]/.test(text[i + 1] ?? "")) || (c === "{" && text[i + 1] === "$")) interpolates = true;
    value += c;
    i++;
  }
  if (i >= text.length) return undefined;
  return { end: i + 1, value: interpolates ? undefined : value };
}

function phpNumber(raw: string): number {
  const clean = raw.replace(/_/g, "");
  if (/^0[xX]/.test(clean)) return parseInt(clean.slice(2), 16);
  if (/^0[bB]/.test(clean)) return parseInt(clean.slice(2), 2);
  if (/^0[oO]/.test(clean)) return parseInt(clean.slice(2), 8);
  if (/^0[0-7]+$/.test(clean)) return parseInt(clean, 8);
  return Number(clean);
}

/** PHP turns a decimal-integer string key into an int key. */
function arrayKey(value: string | number | boolean): string | number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && /^(0|-?[1-9][0-9]{0,15})$/.test(value)) return Number(value);
  return value;
}

class Reader {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  get index(): number {
    return this.pos;
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Skips to just after the `;` that ends the statement (or the block that is the statement). */
  skipStatement(): Span {
    const first = this.peek();
    const start = first?.span.start ?? 0;
    let end = start;
    let depth = 0;
    while (!this.done) {
      const t = this.next()!;
      end = t.span.end;
      if (t.kind === "open") depth++;
      else if (t.kind === "close") {
        depth = Math.max(0, depth - 1);
        // A block `{ … }` after a control head ends the statement, unless `else`/`elseif` continues it.
        if (depth === 0 && t.text === "}") {
          const after = this.peek();
          if (after?.kind === "ident" && /^(else|elseif|catch|finally)$/i.test(after.text)) continue;
          if (after?.kind === "punct" && after.text === ";") {
            this.next();
            end = after.span.end;
          }
          break;
        }
      } else if (depth === 0 && t.kind === "punct" && t.text === ";") break;
    }
    return { start, end };
  }

  /** An expression up to `,` `;` `=>` or the closing bracket of its level: a literal when it is one, else unknown. */
  value(depth: number): PhpValue {
    const first = this.peek();
    if (!first) return { kind: "unknown", span: { start: 0, end: 0 } };
    const literal = depth < MAX_DEPTH ? this.literal(depth) : undefined;
    if (literal && this.atEndOfExpression()) return literal;
    // Anything else (a call, a constant, an operator after a literal): read over it, unknown.
    let end = literal?.span.end ?? first.span.start;
    let level = 0;
    while (!this.done) {
      const t = this.peek()!;
      if (level === 0 && (t.kind === "close" || (t.kind === "punct" && (t.text === "," || t.text === ";" || t.text === "=>")))) break;
      this.next();
      if (t.kind === "open") level++;
      else if (t.kind === "close") level--;
      end = t.span.end;
    }
    return { kind: "unknown", span: { start: first.span.start, end } };
  }

  private atEndOfExpression(): boolean {
    const t = this.peek();
    return !t || t.kind === "close" || (t.kind === "punct" && (t.text === "," || t.text === ";" || t.text === "=>"));
  }

  private literal(depth: number): PhpValue | undefined {
    const t = this.peek()!;
    if (t.kind === "string" || (t.kind === "dstring" && t.value !== undefined)) {
      this.next();
      return { kind: "string", value: t.value!, span: t.span };
    }
    if (t.kind === "number") {
      this.next();
      return { kind: "number", value: t.number!, span: t.span };
    }
    if (t.kind === "punct" && (t.text === "-" || t.text === "+") && this.peek(1)?.kind === "number") {
      this.next();
      const number = this.next()!;
      return { kind: "number", value: t.text === "-" ? -number.number! : number.number!, span: { start: t.span.start, end: number.span.end } };
    }
    if (t.kind === "ident") {
      const word = t.text.toLowerCase().replace(/^\\/, "");
      if ((word === "true" || word === "false" || word === "null") && !(this.peek(1)?.kind === "open" && this.peek(1)?.text === "(")) {
        this.next();
        return word === "null" ? { kind: "null", span: t.span } : { kind: "bool", value: word === "true", span: t.span };
      }
      if (word === "array" && this.peek(1)?.text === "(") {
        this.next();
        return this.array(t.span.start, ")", depth);
      }
      return undefined;
    }
    if (t.kind === "open" && t.text === "[") return this.array(t.span.start, "]", depth);
    return undefined;
  }

  /** At the opening bracket: the items up to the matching close. */
  private array(start: number, close: string, depth: number): PhpValue {
    this.next();
    const entries: PhpArrayEntry[] = [];
    const index = new Map<string | number, number>();
    const put = (entry: PhpArrayEntry) => {
      const at = index.get(entry.key);
      if (at === undefined) index.set(entry.key, entries.push(entry) - 1);
      else entries[at] = entry;
    };
    let openKeys = false;
    let nextIndex = 0;
    while (!this.done) {
      const t = this.peek()!;
      if (t.kind === "close") {
        this.next();
        if (t.text !== close) return { kind: "unknown", span: { start, end: t.span.end } };
        return { kind: "array", entries, span: { start, end: t.span.end }, ...(openKeys ? { openKeys } : {}) };
      }
      if (t.kind === "punct" && t.text === ",") {
        this.next();
        continue;
      }
      if (t.kind === "punct" && t.text === "...") {
        openKeys = true;
        this.value(depth + 1);
        continue;
      }
      const first = this.value(depth + 1);
      if (this.peek()?.kind === "punct" && this.peek()!.text === "=>") {
        this.next();
        const value = this.value(depth + 1);
        const span = { start: first.span.start, end: value.span.end };
        const key = first.kind === "string" || first.kind === "bool" ? arrayKey(first.value) : first.kind === "number" && Number.isInteger(first.value) ? first.value : first.kind === "null" ? "" : undefined;
        if (key === undefined) {
          openKeys = true;
          continue;
        }
        put({ key, keySpan: first.span, value, span });
        if (typeof key === "number" && key >= nextIndex) nextIndex = key + 1;
        continue;
      }
      if (first.span.start === first.span.end && this.peek() === t) {
        // Nothing was read (a stray token): step over it so the loop ends.
        this.next();
        openKeys = true;
        continue;
      }
      put({ key: nextIndex++, value: first, span: first.span });
    }
    return { kind: "unknown", span: { start, end: this.tokens[this.tokens.length - 1]?.span.end ?? start } };
  }
}

function setEntry(entries: PhpArrayEntry[], entry: PhpArrayEntry): void {
  const at = entries.findIndex((e) => e.key === entry.key);
  if (at >= 0) entries[at] = entry;
  else entries.push(entry);
}

/** A literal `$CONFIG['a']['b']` path, or undefined when an index is not a literal. */
function readIndexes(reader: Reader): { keys: { key: string | number; span: Span }[]; literal: boolean; append: boolean } {
  const keys: { key: string | number; span: Span }[] = [];
  let literal = true;
  let append = false;
  while (reader.peek()?.kind === "open" && reader.peek()!.text === "[") {
    reader.next();
    if (reader.peek()?.kind === "close" && reader.peek()!.text === "]") {
      reader.next();
      append = true;
      continue;
    }
    const index = reader.value(1);
    const close = reader.next();
    if (close?.text !== "]") return { keys, literal: false, append };
    if (index.kind === "string" || index.kind === "bool") keys.push({ key: arrayKey(index.value), span: index.span });
    else if (index.kind === "number" && Number.isInteger(index.value)) keys.push({ key: index.value, span: index.span });
    else literal = false;
  }
  return { keys, literal, append };
}

/** Sets `value` at `path` below `base`, creating arrays, as PHP does. */
function setPath(base: PhpValue | undefined, path: { key: string | number; span: Span }[], value: PhpValue, span: Span): PhpValue {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const array: PhpValue = base?.kind === "array" ? { ...base, entries: [...base.entries] } : { kind: "array", entries: [], span };
  if (array.kind !== "array") return value;
  const old = array.entries.find((e) => e.key === head.key)?.value;
  // Writing into an unknown value leaves it unknown.
  const inner = old?.kind === "unknown" ? old : setPath(old, rest, value, span);
  setEntry(array.entries, { key: head.key, keySpan: head.span, value: inner, span });
  return array;
}

/** Reads a snippet's `$CONFIG`. Never throws; linear in the text. */
export function readPhpConfig(text: string): PhpConfigFile {
  const keys = new Map<string, PhpConfigKey>();
  if (text.length > MAX_PHP_CONFIG_LENGTH) return { keys, opaque: { start: 0, end: 0 } };
  const { tokens, brokenAt } = tokenize(text);
  let opaque: Span | undefined = brokenAt !== undefined ? { start: brokenAt, end: Math.min(text.length, brokenAt + 1) } : undefined;
  // Code that may end the file early, pull in another file or run a block in the alternative
  // syntax (`if (…): … endif;`): which assignments take effect is decided at run time.
  const flow = tokens.find((t, i) => t.kind === "ident" && FLOW_WORDS.has(t.text.toLowerCase()) && !(tokens[i - 1]?.kind === "punct" && (tokens[i - 1].text === "->" || tokens[i - 1].text === "::")));
  if (flow) opaque ??= flow.span;
  const reader = new Reader(tokens);
  const markUnknown = (key: string, keySpan: Span, span: Span) => {
    keys.set(key, { key, keySpan, value: { kind: "unknown", span }, span });
  };
  while (!reader.done) {
    const t = reader.peek()!;
    if (t.kind === "variable" && t.text === "$CONFIG") {
      reader.next();
      const { keys: path, literal, append } = readIndexes(reader);
      const op = reader.peek();
      if (!literal || append || op?.kind !== "punct" || op.text !== "=") {
        // `$CONFIG[$x] = …`, `$CONFIG['a'][] = …`, `$CONFIG += …`, `$CONFIG['a'] .= …`: what it sets is not a literal.
        const rest = reader.skipStatement();
        const span = { start: t.span.start, end: rest.end };
        if (path.length > 0 && literal) markUnknown(String(path[0].key), path[0].span, span);
        else opaque ??= span;
        continue;
      }
      reader.next();
      const value = reader.value(0);
      const end = reader.peek()?.text === ";" ? reader.next()!.span.end : value.span.end;
      const span = { start: t.span.start, end };
      if (path.length === 0) {
        // The whole array is replaced: earlier keys are gone.
        keys.clear();
        if (value.kind !== "array") {
          opaque = span;
          continue;
        }
        if (value.openKeys) opaque = span;
        for (const entry of value.entries) keys.set(String(entry.key), { key: String(entry.key), keySpan: entry.keySpan ?? entry.span, value: entry.value, span: entry.span });
        continue;
      }
      const top = String(path[0].key);
      const old = keys.get(top);
      if (path.length > 1 && !old && opaque) {
        // An earlier unreadable part may have set the rest of this key.
        markUnknown(top, path[0].span, span);
        continue;
      }
      keys.set(top, { key: top, keySpan: path[0].span, value: setPath(old?.value, path.slice(1), value, span), span: old && path.length > 1 ? { start: Math.min(old.span.start, span.start), end: span.end } : span });
      continue;
    }
    // Any other statement: a condition, a loop, a function, another variable. The `$CONFIG`
    // keys it touches are decided at run time.
    const statementStart = reader.peek()!.span.start;
    const before = reader.index;
    const span = reader.skipStatement();
    for (let k = before; k < tokens.length && tokens[k].span.start < span.end; k++) {
      const token = tokens[k];
      if (token.kind !== "variable" || token.text !== "$CONFIG") continue;
      const index = tokens[k + 1]?.text === "[" ? tokens[k + 2] : undefined;
      const closing = tokens[k + 3];
      if (index && (index.kind === "string" || (index.kind === "dstring" && index.value !== undefined)) && closing?.text === "]") {
        markUnknown(index.value!, index.span, { start: statementStart, end: span.end });
      } else {
        opaque ??= { start: statementStart, end: span.end };
      }
    }
  }
  return opaque ? { keys, opaque } : { keys };
}

/** The value at a path of nested arrays: undefined when absent, unknown when it cannot be told. */
export function phpValueAt(value: PhpValue | undefined, ...path: (string | number)[]): PhpValue | undefined {
  let current = value;
  for (const key of path) {
    if (!current) return undefined;
    if (current.kind === "unknown") return current;
    if (current.kind !== "array") return undefined;
    const found = current.entries.find((e) => e.key === arrayKey(key));
    if (!found) return current.openKeys ? { kind: "unknown", span: current.span } : undefined;
    current = found.value;
  }
  return current;
}
