/** Offsets ↔ positions: UTF-16 units, every LSP line break, BOM kept as text. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineIndex } from "../../../server/src/engine/text/line-index";

describe("LineIndex", () => {
  it("counts \\n, \\r\\n and a lone \\r as line breaks", () => {
    const index = new LineIndex("a\nbb\r\nccc\rd");
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineStart(l)), [0, 2, 6, 10]);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineEnd(l)), [1, 4, 9, 11]);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineText(l)), ["a", "bb", "ccc", "d"]);
  });

  it("places an offset inside a CRLF on the line it ends", () => {
    const index = new LineIndex("ab\r\ncd");
    assert.deepEqual(index.positionAt(2), { line: 0, character: 2 }); // the \r
    assert.deepEqual(index.positionAt(3), { line: 0, character: 3 }); // the \n
    assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
  });

  it("counts an astral-plane emoji as two UTF-16 units", () => {
    const text = "x: 🚀 y\n";
    const index = new LineIndex(text);
    const y = text.indexOf("y");
    assert.equal(y, 6);
    assert.deepEqual(index.positionAt(y), { line: 0, character: 6 });
    assert.equal(index.offsetAt({ line: 0, character: 6 }), 6);
  });

  it("keeps a BOM as the first character and a tab as one character", () => {
    const text = "\uFEFFKEY=1\r\n\tOTHER=2\r\n";
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf("KEY")), { line: 0, character: 1 });
    assert.deepEqual(index.positionAt(text.indexOf("OTHER")), { line: 1, character: 1 });
    assert.equal(index.lineText(1), "\tOTHER=2");
  });

  it("round-trips every offset of a mixed text", () => {
    const text = "\uFEFFa\r\n🙈\tb\rc\n\n😀😀\r\n";
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = index.positionAt(offset);
      const back = index.offsetAt(position);
      // Offsets inside a line break map to the end of that line's content.
      assert.equal(back, Math.min(offset, index.lineEnd(position.line)), `offset ${offset}`);
    }
  });

  it("clamps out-of-range positions and offsets", () => {
    const index = new LineIndex("ab\ncd");
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
  });

  it("reports the first line break style for new lines", () => {
    assert.equal(new LineIndex("a\r\nb\nc").eol, "\r\n");
    assert.equal(new LineIndex("a\nb\r\n").eol, "\n");
    assert.equal(new LineIndex("no break").eol, "\n");
    // A lone CR (a stray keystroke) is not a style to copy: the YAML parser reads no line break there.
    assert.equal(new LineIndex("\rapiVersion: v1\nkind: Pod\n").eol, "\n");
    assert.equal(new LineIndex("\ra: 1\r\nb: 2\r\n").eol, "\r\n");
  });

  it("has one empty line for an empty text", () => {
    const index = new LineIndex("");
    assert.equal(index.lineCount, 1);
    assert.equal(index.lineText(0), "");
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  });
});
