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

const anyChar = (): boolean => true;
const segmentChar = (c: string): boolean => c !== "/";

/**
 * A glob as `.scaleout.yaml` `include`/`exclude` writes it, matched against a path relative to
 * the config's folder: `*` and `?` stay within one path segment, `**` spans any number of them,
 * `{a,b}` is an alternative. A pattern without a `/` matches the name at any depth, as in
 * .gitignore, so `exclude: [legacy]` skips every folder called legacy.
 *
 * Matching runs the pattern as a set of states over the path (Thompson's construction), never
 * backtracking: `*a*a*a*a*a*a*a*a*b` against a 10,000-character name costs what one pass costs.
 * (A regular expression of `[^/]*a[^/]*a…` backtracks polynomially in V8.)
 */
export function compileGlob(pattern: string): GlobMatcher {
  const glob = pattern.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  const anchored = glob.includes("/");
  const body = glob.replace(/^\//, "");
  const states: State[] = [];
  const add = (): number => states.push({ eps: [] }) - 1;
  const start = add();
  let tail = start;
  /** A character step from `tail`. */
  const step = (test: (c: string) => boolean): void => {
    const to = add();
    states[tail].test = test;
    states[tail].next = to;
    tail = to;
  };
  /** `test*` at `tail`: loop on a state of its own, leave by an empty move. */
  const loop = (test: (c: string) => boolean): void => {
    const inner = add();
    const out = add();
    states[tail].eps.push(inner);
    states[inner].test = test;
    states[inner].next = inner;
    states[inner].eps.push(out);
    tail = out;
  };
  /** `(?:.*\/)?`: nothing, or anything ending in a slash. */
  const optionalFolders = (): void => {
    const from = tail;
    loop(anyChar);
    step((c) => c === "/");
    states[from].eps.push(tail);
  };
  if (!anchored) optionalFolders();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "*") {
      if (body[i + 1] === "*") {
        const slashAfter = body[i + 2] === "/";
        if (slashAfter) optionalFolders();
        else loop(anyChar);
        i += slashAfter ? 2 : 1;
      } else {
        loop(segmentChar);
      }
    } else if (c === "?") {
      step(segmentChar);
    } else if (c === "{" && body.indexOf("}", i) > 0) {
      const close = body.indexOf("}", i);
      const from = tail;
      const join = add();
      for (const alternative of body.slice(i + 1, close).split(",")) {
        tail = add();
        states[from].eps.push(tail);
        for (const a of alternative) {
          if (a === "*") loop(segmentChar);
          else if (a === "?") step(segmentChar);
          else step((x) => x === a);
        }
        states[tail].eps.push(join);
      }
      tail = join;
      i = close;
    } else {
      step((x) => x === c);
    }
  }
  const accept = tail;
  const closure = (set: Set<number>, state: number): void => {
    if (set.has(state)) return;
    set.add(state);
    for (const e of states[state].eps) closure(set, e);
  };
  return {
    source: pattern,
    test(path: string): boolean {
      let current = new Set<number>();
      closure(current, start);
      for (let i = 0; ; i++) {
        // A pattern also matches everything below a folder it names.
        if (current.has(accept) && (i === path.length || path[i] === "/")) return true;
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

/** The former name: globs used to compile to regular expressions. */
export const globToRegExp = compileGlob;

export function matchesAnyGlob(relativePath: string, patterns: readonly GlobMatcher[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
