/**
 * The server's document store keeps its line breaks right whatever incremental edits arrive,
 * `\r` and `\n` split across edits included: after any sequence of edits, every offset maps to
 * the same position as in a document made fresh from the final text.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import { safeTextDocuments } from "../../server/src/lsp/text-documents";
import { fuzzParameters } from "../helpers/fuzz";

function positionsAgree(doc: TextDocument): void {
  const fresh = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
  assert.equal(doc.lineCount, fresh.lineCount, `line count of ${JSON.stringify(doc.getText())}`);
  for (let offset = 0; offset <= doc.getText().length; offset++) assert.deepEqual(doc.positionAt(offset), fresh.positionAt(offset), `offset ${offset} of ${JSON.stringify(doc.getText())}`);
}

describe("safeTextDocuments", () => {
  it("a \\r typed before a \\n, a \\n after a \\r, and a deletion joining them keep one line break", () => {
    let doc = safeTextDocuments.create("file:///c.yaml", "yaml", 1, "services:\n  app:\r\n  x\n");
    doc = safeTextDocuments.update(doc, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: "\r" }], 2);
    positionsAgree(doc);
    assert.deepEqual(doc.positionAt(doc.getText().indexOf("app")), { line: 1, character: 2 });
    doc = safeTextDocuments.update(doc, [{ range: { start: { line: 1, character: 6 }, end: { line: 2, character: 0 } }, text: "\rY" }], 3);
    positionsAgree(doc);
    const same = safeTextDocuments.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "#\r" }], 4);
    assert.equal(same, doc, "the document is updated in place: the server's workspace holds it");
    positionsAgree(same);
  });

  it("any sequence of edits of CR, LF and text maps offsets as the final text does", () => {
    const piece = fc.constantFrom("\r", "\n", "\r\n", "a", "bc", "", "\r\r", "\n\r");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }).map((p) => p.join("")), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.array(piece, { maxLength: 3 }).map((p) => p.join(""))), { minLength: 1, maxLength: 8 }), (initial, edits) => {
        let doc = safeTextDocuments.create("file:///e.env", "dotenv", 1, initial);
        edits.forEach(([at, length, text], i) => {
          const start = at % (doc.getText().length + 1);
          const end = Math.min(doc.getText().length, start + length);
          doc = safeTextDocuments.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text }], i + 2);
          positionsAgree(doc);
        });
      }),
      fuzzParameters(300),
    );
  });
});
