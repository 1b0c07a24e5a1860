import type { FileEdit } from "../findings";
import { spansOverlap } from "../services/fix-plan";

/**
 * Applies edits to one text, last first so earlier offsets stay valid. Overlapping edits
 * are skipped (the first one wins), as an editor would refuse them. Inserts at one offset keep
 * their order: which fixes may be applied together is fix-plan's decision, made before.
 */
export function applyEdits(text: string, edits: FileEdit[]): { text: string; applied: FileEdit[]; skipped: FileEdit[] } {
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const applied: FileEdit[] = [];
  const skipped: FileEdit[] = [];
  for (const edit of ordered) {
    if (edit.span.start > text.length || edit.span.end > text.length || applied.some((other) => spansOverlap(edit.span, other.span))) {
      skipped.push(edit);
      continue;
    }
    applied.push(edit);
  }
  let out = text;
  for (let i = applied.length - 1; i >= 0; i--) {
    const e = applied[i];
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return { text: out, applied, skipped };
}

/** Groups edits by file. */
export function editsByPath(edits: FileEdit[]): Map<string, FileEdit[]> {
  const map = new Map<string, FileEdit[]>();
  for (const edit of edits) {
    const list = map.get(edit.path) ?? [];
    list.push(edit);
    map.set(edit.path, list);
  }
  return map;
}
