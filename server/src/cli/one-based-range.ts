import { LineIndex } from "../engine/text/line-index";
import type { Location } from "../engine/text/span";

/** 1-based lines and UTF-16 columns, end exclusive — what the CLI prints and SARIF expects. */
export interface OneBasedRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Turns engine spans into 1-based ranges, one LineIndex per file. */
export class RangeMapper {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly textOf: (path: string) => string | undefined) {}

  index(path: string): LineIndex {
    let index = this.indexes.get(path);
    if (!index) {
      index = new LineIndex(this.textOf(path) ?? "");
      this.indexes.set(path, index);
    }
    return index;
  }

  range(location: Location): OneBasedRange {
    const index = this.index(location.path);
    const start = index.positionAt(location.span.start);
    const end = index.positionAt(location.span.end);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}
