import { relative } from "node:path";
import type { Finding, Severity } from "../engine/findings";
import type { Location } from "../engine/text/span";
import { type OneBasedRange, RangeMapper } from "./one-based-range";
import type { SecretRedactor } from "../engine/services/redact";
import { escapeControl, escapeControlInLine } from "./control-chars";

/**
 * Something the run did not lint, which CI must not take for "no findings": a file skipped
 * (binary, over the size limit, unreadable), a rule that threw, a project that failed, a path
 * named on the command line that is not a file the linter reads.
 */
export interface LintProblem {
  kind: "skipped-file" | "not-lintable" | "rule-error" | "project-error";
  /** Absolute path, when the problem is about a file. */
  path?: string;
  ruleId?: string;
  /** One sentence, no trailing newline. */
  message: string;
}

/** What every output format of `check` and `fix` renders: the findings and how to show them. */
export class LintReport {
  readonly ranges: RangeMapper;

  constructor(
    /** Paths are shown relative to this folder. */
    readonly cwd: string,
    /** After `--severity` filtering, in the engine's order (path, offset, rule id). */
    readonly findings: readonly Finding[],
    /** Every file the linted projects read, absolute, sorted. */
    readonly files: readonly string[],
    readonly texts: ReadonlyMap<string, string>,
    readonly redactor: SecretRedactor,
    readonly problems: readonly LintProblem[] = [],
  ) {
    this.ranges = new RangeMapper((path) => texts.get(path));
    redactor.learn(texts);
  }

  displayPath(path: string): string {
    const rel = relative(this.cwd, path).split("\\").join("/");
    return rel === "" ? "." : rel;
  }

  range(location: Location): OneBasedRange {
    return this.ranges.range(location);
  }

  /** Secrets masked, control characters from the linted files made visible. */
  message(text: string): string {
    return escapeControl(this.redactor.redact(text));
  }

  /** A path for a terminal line: relative, control characters made visible. */
  shownPath(path: string): string {
    return escapeControlInLine(this.displayPath(path));
  }

  /** A problem as one line: `file: message` (secrets masked, control characters made visible). */
  problemLine(problem: LintProblem): string {
    const text = escapeControlInLine(this.redactor.redact(problem.message));
    return problem.path !== undefined ? `${this.shownPath(problem.path)}: ${text}` : text;
  }

  count(severity: Severity): number {
    return this.findings.filter((f) => f.severity === severity).length;
  }

  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === "error");
  }
}
