/** Quick-fix titles say which fixes are unsafe, and only the first safe fix is the preferred one (what "Auto Fix" applies). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CodeActionKind, type CodeAction, type Diagnostic } from "vscode-languageserver";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import type { Finding } from "../../server/src/engine/findings";
import { SecretRedactor } from "../../server/src/engine/services/redact";
import { codeActionsFor, type CodeActionContext } from "../../server/src/lsp/code-actions";
import { DIAGNOSTIC_SOURCE, findingKey } from "../../server/src/lsp/diagnostics";
import { LineIndexes } from "../../server/src/lsp/line-indexes";
import type { ProjectAnalyses, ProjectAnalysis } from "../../server/src/lsp/project-analyses";

const path = "/w/compose.yaml";
const text = "services:\n  app:\n    image: owncloud/server:10.16.4\n";
const at = { start: text.indexOf("app"), end: text.indexOf("app") + 3 };

function actionsFor(finding: Finding): CodeAction[] {
  const texts = new Map([[path, text]]);
  const redactor = new SecretRedactor(new DocumentCache());
  redactor.learn(texts);
  const analysis = { texts, redactor, versions: new Map() } as unknown as ProjectAnalysis;
  const analyses = { findingsIn: (p: string) => (p === path ? [{ finding, analysis }] : []) } as unknown as ProjectAnalyses;
  const context: CodeActionContext = { analyses, lineIndexes: new LineIndexes(), uriOf: (p) => `file://${p}`, openVersionOf: () => 1, supportsDocumentChanges: false };
  const diagnostic: Diagnostic = {
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } },
    message: finding.message,
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    data: { ruleId: finding.ruleId, start: at.start, end: at.end, key: findingKey(finding) },
  };
  return codeActionsFor(path, { textDocument: { uri: `file://${path}` }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }, context).filter((a) => a.kind === CodeActionKind.QuickFix && a.edit && !a.title.startsWith("Ignore "));
}

const edit = (newText: string) => [{ path, span: { start: text.length, end: text.length }, newText }];

describe("quick-fix titles and the preferred fix", () => {
  it("labels the unsafe fix, and prefers the first safe one even when an unsafe fix comes first", () => {
    const finding: Finding = {
      ruleId: "storage/sqlite-in-cluster",
      severity: "error",
      message: "app runs several nodes on SQLite.",
      location: { path, span: at },
      related: [],
      fixes: [
        { title: "Use MariaDB", safety: "unsafe", edits: edit("# a\n") },
        { title: "Remove the SQLite switch", safety: "safe", edits: edit("# b\n") },
        { title: "Remove it another way", safety: "safe", edits: edit("# c\n") },
        { title: "Rename it", safety: "suggestion", edits: edit("# d\n") },
      ],
    };
    assert.deepEqual(
      actionsFor(finding).map((a) => [a.title, a.isPreferred]),
      [
        ["Use MariaDB (unsafe)", false],
        ["Remove the SQLite switch", true],
        ["Remove it another way", false],
        ["Rename it", false],
      ],
    );
  });
});
