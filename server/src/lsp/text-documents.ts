import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

/**
 * How open documents take edits. vscode-languageserver-textdocument updates its line offsets
 * per change and counts a `\r` inserted right before a `\n` (or a `\n` right after a `\r`) as
 * two line breaks, where the text now has one: every later position on that document would be
 * off by a line. Editors do not send such edits, but the server does not trust them: a change
 * that puts a `\r` next to its edges re-reads the line breaks from the whole text.
 */
export const safeTextDocuments = {
  create: TextDocument.create,
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let current = document;
    for (const change of changes) {
      if (!("range" in change)) {
        current = TextDocument.update(current, [change], version);
        continue;
      }
      const start = current.offsetAt(change.range.start);
      current = TextDocument.update(current, [change], version);
      const around = current.getText().slice(Math.max(0, start - 1), start + change.text.length + 1);
      // A whole-text change of the same object (the workspace holds it) makes it re-read every line break.
      if (around.includes("\r")) current = TextDocument.update(current, [{ text: current.getText() }], version);
    }
    return current;
  },
};
