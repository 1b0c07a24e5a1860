import { relative } from "node:path";
import type { Finding, Severity } from "../engine/findings";
import type { Location } from "../engine/text/span";
import { type OneBasedRange, RangeMapper } from "./one-based-range";
import type { SecretRedactor } from "../engine/services/redact";

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

  message(text: string): string {
    return this.redactor.redact(text);
  }

  count(severity: Severity): number {
    return this.findings.filter((f) => f.severity === severity).length;
  }

  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === "error");
  }
}
