import type { Location, Span } from "./text/span";

export type Severity = "error" | "warning" | "info" | "hint";

export const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** safe: preferred quick fix, part of fix-all. unsafe: needs an explicit choice. suggestion: never applied in bulk. */
export type FixSafety = "safe" | "unsafe" | "suggestion";

export interface FileEdit {
  path: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: FileEdit[];
  /**
   * The edits write what the file already says in another form (a literal moved to `.env` and
   * referenced): every alias of a YAML anchor they touch reads what it read before, so such a
   * fix may edit a shared anchor.
   */
  keepsValues?: boolean;
}

export interface RelatedLocation {
  location: Location;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Where the user should edit. */
  location: Location;
  /** The other facts that made the finding true (the `.env` line, the override that scaled the service). */
  related: RelatedLocation[];
  fixes: Fix[];
}
