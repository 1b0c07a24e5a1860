import type { Severity } from "../engine/findings";

export interface Colors {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const severityCodes: Record<Severity, number> = { error: 31, warning: 33, info: 34, hint: 36 };

/**
 * Colors only on a terminal, never with `--no-color` or NO_COLOR (https://no-color.org: any
 * non-empty value); FORCE_COLOR turns them on for a pipe, as in most Node tools.
 */
export function colorsFor(isTty: boolean, noColorFlag: boolean, env: NodeJS.ProcessEnv): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  const enabled = !noColorFlag && !env.NO_COLOR && (isTty || forced);
  if (!enabled) return { enabled, bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    severity: (severity, text) => wrap(severityCodes[severity], 39)(severity === "error" ? wrap(1, 22)(text) : text),
  };
}
