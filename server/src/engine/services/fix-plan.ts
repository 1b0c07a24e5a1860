import type { FileEdit, Finding, Fix, FixSafety } from "../findings";
import { compareFindings } from "../lint";
import type { Span } from "../text/span";

/** Whether two spans of one text share a character (an insert strictly inside a replaced range counts). */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Whether edits of two different fixes cannot both be applied: they overlap, or both start at
 * one offset — two inserts there would land in an order nobody chose. (The edits of one fix may
 * share an offset: their order is the fix's.) An edit that ends where another starts is fine.
 */
export function editsConflict(a: FileEdit, b: FileEdit): boolean {
  return a.path === b.path && (a.span.start === b.span.start || spansOverlap(a.span, b.span));
}

export interface PlannedFix<T> {
  /** What the fix was chosen for (a finding, or the caller's wrapper of one). */
  item: T;
  fix: Fix;
}

/**
 * The fixes that fix-all and `scaleout-lint fix` apply in one go: findings in the engine's order
 * (path, offset, rule id), the first fix of each whose safety is allowed, unless one of its edits
 * conflicts with an edit of a fix chosen before it — that finding waits for the next pass, where
 * its fix is recomputed on the new text. Suggestions are never applied in bulk, whatever `allowed` says.
 */
export function planFixes<T>(items: readonly T[], findingOf: (item: T) => Finding, allowed: readonly FixSafety[]): PlannedFix<T>[] {
  const ordered = [...items].sort((a, b) => compareFindings(findingOf(a), findingOf(b)));
  const chosen: PlannedFix<T>[] = [];
  const taken: FileEdit[] = [];
  for (const item of ordered) {
    const fix = findingOf(item).fixes.find((f) => f.safety !== "suggestion" && allowed.includes(f.safety));
    if (!fix || fix.edits.some((edit) => taken.some((other) => editsConflict(edit, other)))) continue;
    taken.push(...fix.edits);
    chosen.push({ item, fix });
  }
  return chosen;
}

/**
 * A fix's title as the editor and the CLI show it: one that changes behaviour and needs a look
 * before it is applied says so, in ruff's word for it ("unsafe fix"). A suggestion's title already
 * asks for the user's part ("fill in the value"), and it is never applied in bulk.
 */
export function fixTitle(title: string, safety: FixSafety): string {
  return safety === "unsafe" ? `${title} (unsafe)` : title;
}
