import { UsageError } from "./usage-error";

export type CommandName = "check" | "fix" | "rules" | "explain";

/** How one option is written and whether it takes a value. */
export interface OptionSpec {
  name: string;
  short?: string;
  takesValue: boolean;
  /** Accepted values, checked here so every command reports a bad value alike. */
  choices?: readonly string[];
  /** May be given more than once (`--file a --file b`): every value is kept, in order, in `lists`. */
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  /** Long option name → value ("" for flags). The last occurrence wins. */
  options: Map<string, string>;
  /** Repeatable options → every value given, in order. */
  lists: Map<string, string[]>;
}

/**
 * `--name value`, `--name=value`, `-x value`, flags, and `--` ending the options. Anything
 * unknown is a usage error, never silently ignored: a mistyped `--severty` in CI must fail.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const equals = arg.indexOf("=");
    const name = long ? arg.slice(2, equals > 0 ? equals : undefined) : arg.slice(1, 2);
    const spec = long ? byLong.get(name) : byShort.get(name);
    if (!spec) throw new UsageError(`unknown option ${long ? `--${name}` : `-${name}`}`);
    let value = "";
    if (spec.takesValue) {
      if (long && equals > 0) value = arg.slice(equals + 1);
      else if (!long && arg.length > 2) value = arg.slice(2);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${spec.name} needs a value${spec.choices ? ` (${spec.choices.join(", ")})` : ""}`);
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(", ")}, not "${value}"`);
      }
    } else if (long && equals > 0) {
      throw new UsageError(`--${spec.name} takes no value`);
    }
    options.set(spec.name, value);
    if (spec.repeatable) lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
  }
  return { positionals, options, lists };
}
