/** The process as the commands see it; tests and main.ts fill it. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input for `--stdin` (tests give a string; main.ts reads the real one). */
  readStdin?: () => string;
}

export const EXIT_OK = 0;
/** An error-severity finding remains (after config overrides), or more warnings than `--max-warnings` allows. */
export const EXIT_FINDINGS = 1;
/** Unknown command, option, format or rule id; a missing path; a broken `.scaleout.yaml`. */
export const EXIT_USAGE = 2;
/** Something was not linted (a skipped file, a rule that threw, a path that is not lintable), unless `--no-fail-on-skip`. */
export const EXIT_NOT_LINTED = 2;
