/**
 * Compose variable interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`,
 * `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`, with nesting inside the default. Offsets are into the
 * raw string given.
 */
export type Modifier = "" | ":-" | "-" | ":?" | "?" | ":+" | "+";

export interface VariableReference {
  name: string;
  modifier: Modifier;
  /** The text after the modifier (default, error message or alternative), unresolved. */
  argument: string;
  start: number;
  end: number;
  /** True when the variable had a value (or was set, for the non-colon forms). */
  resolved: boolean;
}

export interface InterpolationResult {
  value: string;
  references: VariableReference[];
  /** `${X:?msg}` with X unset, unterminated `${`. */
  errors: { message: string; start: number; end: number }[];
  /** The value grew past MAX_EXPANDED_LENGTH (nested references, an interpolation bomb) and was cut off there. */
  truncated?: boolean;
}

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * No deployment value is longer; `A1=${A0}${A0}…` nested eight deep in a 417-byte `.env` would
 * otherwise grow past what a string can hold.
 */
export const MAX_EXPANDED_LENGTH = 64 * 1024;
/** Nested defaults (`${A:-${B:-${C…}}}`) deeper than this are kept as written. */
const MAX_NESTED_DEFAULTS = 20;

export function interpolate(raw: string, lookup: Lookup): InterpolationResult {
  const references: VariableReference[] = [];
  const errors: InterpolationResult["errors"] = [];
  const state = { truncated: false };
  let value = expand(raw, 0, lookup, references, errors, 0, state);
  if (value.length > MAX_EXPANDED_LENGTH) {
    value = value.slice(0, MAX_EXPANDED_LENGTH);
    state.truncated = true;
  }
  return state.truncated ? { value, references, errors, truncated: true } : { value, references, errors };
}

function expand(raw: string, base: number, lookup: Lookup, refs: VariableReference[], errors: InterpolationResult["errors"], depth: number, state: { truncated: boolean }): string {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    if (out.length > MAX_EXPANDED_LENGTH) {
      state.truncated = true;
      break;
    }
    const c = raw[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const close = findClose(raw, i + 2);
      if (close < 0) {
        errors.push({ message: "unterminated `${`", start: base + i, end: base + raw.length });
        out += raw.slice(i);
        break;
      }
      const body = raw.slice(i + 2, close);
      const nameMatch = NAME.exec(body);
      if (!nameMatch) {
        errors.push({ message: `invalid interpolation format for \`\${${body}}\``, start: base + i, end: base + close + 1 });
        i = close + 1;
        continue;
      }
      const name = nameMatch[0];
      const rest = body.slice(name.length);
      const modifierMatch = /^(:-|-|:\?|\?|:\+|\+)?/.exec(rest);
      const modifier = (modifierMatch?.[1] ?? "") as Modifier;
      if (!modifier && rest.length > 0) {
        errors.push({ message: `invalid interpolation format for \`\${${body}}\``, start: base + i, end: base + close + 1 });
        i = close + 1;
        continue;
      }
      const argument = rest.slice(modifier.length);
      const argumentBase = base + i + 2 + name.length + modifier.length;
      const current = lookup(name);
      const isSet = current !== undefined;
      const isNonEmpty = isSet && current !== "";
      let resolved = isSet;
      let piece = current ?? "";
      const nested = (): string => (depth > MAX_NESTED_DEFAULTS ? argument : expand(argument, argumentBase, lookup, refs, errors, depth + 1, state));
      switch (modifier) {
        case ":-":
          resolved = isNonEmpty;
          piece = isNonEmpty ? current : nested();
          break;
        case "-":
          piece = isSet ? current : nested();
          break;
        case ":?":
          resolved = isNonEmpty;
          if (!isNonEmpty) errors.push({ message: argument || `required variable ${name} is missing a value`, start: base + i, end: base + close + 1 });
          break;
        case "?":
          if (!isSet) errors.push({ message: argument || `required variable ${name} is missing a value`, start: base + i, end: base + close + 1 });
          break;
        case ":+":
          piece = isNonEmpty ? nested() : "";
          break;
        case "+":
          piece = isSet ? nested() : "";
          break;
      }
      refs.push({ name, modifier, argument, start: base + i, end: base + close + 1, resolved });
      out += piece.length > MAX_EXPANDED_LENGTH ? piece.slice(0, MAX_EXPANDED_LENGTH + 1) : piece;
      i = close + 1;
      continue;
    }
    const bare = NAME.exec(raw.slice(i + 1));
    if (bare) {
      const name = bare[0];
      const current = lookup(name);
      refs.push({ name, modifier: "", argument: "", start: base + i, end: base + i + 1 + name.length, resolved: current !== undefined });
      out += current === undefined ? "" : current.length > MAX_EXPANDED_LENGTH ? current.slice(0, MAX_EXPANDED_LENGTH + 1) : current;
      i += 1 + name.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function findClose(raw: string, from: number): number {
  let depth = 1;
  for (let j = from; j < raw.length; j++) {
    if (raw[j] === "$" && raw[j + 1] === "{") {
      depth++;
      j++;
    } else if (raw[j] === "}") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

export function hasInterpolation(raw: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(raw.replace(/\$\$/g, ""));
}
