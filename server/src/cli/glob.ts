/** A compiled glob: `test` answers in time linear in the path's length (times the pattern's). */
export interface GlobMatcher {
  readonly source: string;
  test(path: string): boolean;
}

/** One NFA state: a character test leading to `next`, and/or empty moves. */
interface State {
  test?: (c: string) => boolean;
  next?: number;
  eps: number[];
}

export const anyChar = (): boolean => true;
export const segmentChar = (c: string): boolean => c !== "/";

/**
 * Builds a pattern as a set of states (Thompson's construction), matched without ever
 * backtracking: the cost is the path's length times the pattern's, whatever the pattern.
 * (A regular expression such as `[^/]*a[^/]*a…b` backtracks polynomially in V8: 60 s and more.)
 * The `.scaleout.yaml` globs and the .gitignore patterns are both built with it.
 */
export class GlobBuilder {
  private readonly states: State[] = [{ eps: [] }];
  private readonly start = 0;
  private tail = 0;

  private add(): number {
    return this.states.push({ eps: [] }) - 1;
  }

  /** One character that passes `test`. */
  char(test: (c: string) => boolean): this {
    const to = this.add();
    this.states[this.tail].test = test;
    this.states[this.tail].next = to;
    this.tail = to;
    return this;
  }

  /** Any number of characters that pass `test`. */
  repeat(test: (c: string) => boolean): this {
    const inner = this.add();
    const out = this.add();
    this.states[this.tail].eps.push(inner);
    this.states[inner].test = test;
    this.states[inner].next = inner;
    this.states[inner].eps.push(out);
    this.tail = out;
    return this;
  }

  /** `(?:.*\/)?`: nothing, or anything ending in a slash (zero or more folders). */
  optionalFolders(): this {
    const from = this.tail;
    this.repeat(anyChar).char((c) => c === "/");
    this.states[from].eps.push(this.tail);
    return this;
  }

  /** One of several alternatives, each built on a builder of its own states. */
  alternatives(count: number, each: (index: number) => void): this {
    const from = this.tail;
    const join = this.add();
    for (let i = 0; i < count; i++) {
      this.tail = this.add();
      this.states[from].eps.push(this.tail);
      each(i);
      this.states[this.tail].eps.push(join);
    }
    this.tail = join;
    return this;
  }

  /** `belowToo`: the pattern also matches everything below a folder it names. */
  build(source: string, belowToo: boolean): GlobMatcher {
    const states = this.states;
    const accept = this.tail;
    const start = this.start;
    const closure = (set: Set<number>, state: number): void => {
      if (set.has(state)) return;
      set.add(state);
      for (const e of states[state].eps) closure(set, e);
    };
    return {
      source,
      test(path: string): boolean {
        let current = new Set<number>();
        closure(current, start);
        for (let i = 0; ; i++) {
          if (current.has(accept) && (i === path.length || (belowToo && path[i] === "/"))) return true;
          if (i === path.length) return false;
          const c = path[i];
          const next = new Set<number>();
          for (const s of current) {
            const state = states[s];
            if (state.test && state.test(c)) closure(next, state.next!);
          }
          if (next.size === 0) return false;
          current = next;
        }
      },
    };
  }
}

/**
 * A glob as `.scaleout.yaml` `include`/`exclude` writes it, matched against a path relative to
 * the config's folder: `*` and `?` stay within one path segment, `**` spans any number of them,
 * `{a,b}` is an alternative. A pattern without a `/` matches the name at any depth, as in
 * .gitignore, so `exclude: [legacy]` skips every folder called legacy. A pattern also matches
 * everything below a folder it names. Matched in linear time (GlobBuilder).
 */
export function compileGlob(pattern: string): GlobMatcher {
  const glob = pattern.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  const anchored = glob.includes("/");
  const body = glob.replace(/^\//, "");
  const nfa = new GlobBuilder();
  if (!anchored) nfa.optionalFolders();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "*") {
      if (body[i + 1] === "*") {
        const slashAfter = body[i + 2] === "/";
        if (slashAfter) nfa.optionalFolders();
        else nfa.repeat(anyChar);
        i += slashAfter ? 2 : 1;
      } else {
        nfa.repeat(segmentChar);
      }
    } else if (c === "?") {
      nfa.char(segmentChar);
    } else if (c === "{" && body.indexOf("}", i) > 0) {
      const close = body.indexOf("}", i);
      const alternatives = body.slice(i + 1, close).split(",");
      nfa.alternatives(alternatives.length, (index) => {
        for (const a of alternatives[index]) {
          if (a === "*") nfa.repeat(segmentChar);
          else if (a === "?") nfa.char(segmentChar);
          else nfa.char((x) => x === a);
        }
      });
      i = close;
    } else {
      nfa.char((x) => x === c);
    }
  }
  return nfa.build(pattern, true);
}

/** The former name: globs used to compile to regular expressions. */
export const globToRegExp = compileGlob;

export function matchesAnyGlob(relativePath: string, patterns: readonly GlobMatcher[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
