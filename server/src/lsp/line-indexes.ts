import type { Span } from "../engine/text/span";
import { LineIndex } from "../engine/text/line-index";
import type { Range } from "vscode-languageserver";

/**
 * One LineIndex per file text, rebuilt only when the text changes: diagnostics, code actions
 * and hovers all turn spans of the same texts into ranges.
 */
export class LineIndexes {
  private readonly indexes = new Map<string, LineIndex>();

  of(path: string, text: string): LineIndex {
    const cached = this.indexes.get(path);
    if (cached && cached.text === text) return cached;
    const index = new LineIndex(text);
    this.indexes.set(path, index);
    return index;
  }

  rangeOf(path: string, text: string, span: Span): Range {
    const index = this.of(path, text);
    return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
  }

  forget(path: string): void {
    this.indexes.delete(path);
  }
}
