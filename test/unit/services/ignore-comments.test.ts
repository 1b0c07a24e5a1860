/** One parser of ignore comments, and the one planner of the comments that silence a finding. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../../../server/src/engine/findings";
import { applyIgnores, ignoreCommentEdits, ignoreDirectives } from "../../../server/src/engine/services/ignore-comments";

const finding = (path: string, start: number, end = start, ruleId = "sessions/files-in-cluster"): Finding => ({
  ruleId,
  severity: "error",
  message: "m",
  location: { path, span: { start, end } },
  related: [],
  fixes: [],
});

function apply(text: string, edit: { span: { start: number; end: number }; newText: string }): string {
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

describe("ignore comments service: parser", () => {
  it("reads scope, ids, the ids' span, the covered lines and whether the comment has its line alone", () => {
    const text = ["# scaleout-ignore-file a/b", "services:", "  # scaleout-ignore c/d,e/f -- checked", "  app:", "    image: x", "  db: {} # scaleout-ignore g/h", ""].join("\n");
    const directives = ignoreDirectives("/p/compose.yaml", text);
    assert.deepEqual(
      directives.map((d) => ({ ids: d.ruleIds, scope: d.scope, lines: [d.firstLine, d.lastLine], ownLine: d.ownLine, ids_: text.slice(d.idsSpan.start, d.idsSpan.end), comment: text.slice(d.location.span.start, d.location.span.end) })),
      [
        { ids: ["a/b"], scope: "file", lines: [0, 6], ownLine: true, ids_: "a/b", comment: "# scaleout-ignore-file a/b" },
        { ids: ["c/d", "e/f"], scope: "next", lines: [3, 4], ownLine: true, ids_: "c/d,e/f", comment: "# scaleout-ignore c/d,e/f -- checked" },
        { ids: ["g/h"], scope: "next", lines: [5, 5], ownLine: false, ids_: "g/h", comment: "# scaleout-ignore g/h" },
      ],
    );
  });

  it("silences what the directives cover and reports the ones that silence nothing", () => {
    const text = "# scaleout-ignore a/x\nA=1\n# scaleout-ignore a/y\nB=2\n";
    const kept = finding("/p/.env", 26, 27, "a/x");
    const { kept: left, unused } = applyIgnores([finding("/p/.env", 22, 23, "a/x"), kept], new Map([["/p/.env", text]]));
    assert.deepEqual(left, [kept]);
    assert.deepEqual(unused.map((d) => d.ruleIds), [["a/y"]]);
  });
});

describe("ignore comments service: edit planner", () => {
  const compose = "services:\n  app:\n    image: owncloud/server:10.16.4\n";

  it("puts a new comment above the entry, indented like it, and a file comment on the first line", () => {
    const edits = ignoreCommentEdits(finding("/p/compose.yaml", 12, 15), compose);
    assert.deepEqual(edits.entry, { path: "/p/compose.yaml", span: { start: 10, end: 10 }, newText: "  # scaleout-ignore sessions/files-in-cluster\n" });
    assert.deepEqual(edits.file, { path: "/p/compose.yaml", span: { start: 0, end: 0 }, newText: "# scaleout-ignore-file sessions/files-in-cluster\n" });
    const ignored = apply(compose, edits.entry!);
    assert.deepEqual(applyIgnores([finding("/p/compose.yaml", 12 + edits.entry!.newText.length, 15 + edits.entry!.newText.length)], new Map([["/p/compose.yaml", ignored]])), { kept: [], unused: [] }, "the planned comment silences the finding");
  });

  it("appends the id to an ignore comment already above the entry, before its reason", () => {
    const text = "services:\n  # scaleout-ignore other/rule -- checked\n  app:\n";
    const at = text.indexOf("app:");
    const { entry } = ignoreCommentEdits(finding("/p/compose.yaml", at, at + 3), text);
    assert.equal(apply(text, entry!), "services:\n  # scaleout-ignore other/rule,sessions/files-in-cluster -- checked\n  app:\n");
  });

  it("adds a new comment when the one above is a file directive, trails an entry or already names the rule", () => {
    for (const above of ["# scaleout-ignore-file other/rule", "x: 1 # scaleout-ignore other/rule", "# scaleout-ignore sessions/files-in-cluster"]) {
      const text = `${above}\napp: 1\n`;
      const { entry } = ignoreCommentEdits(finding("/p/compose.yaml", above.length + 1, above.length + 4), text);
      assert.deepEqual(entry?.newText, "# scaleout-ignore sessions/files-in-cluster\n", above);
      assert.equal(entry?.span.start, above.length + 1);
    }
  });

  it("keeps a BOM first and the file's CRLF", () => {
    const text = "\uFEFFservices:\r\n  app:\r\n";
    const edits = ignoreCommentEdits(finding("/p/compose.yaml", 1, 9), text);
    assert.deepEqual(edits.entry?.span, { start: 1, end: 1 });
    assert.equal(edits.entry?.newText, "# scaleout-ignore sessions/files-in-cluster\r\n");
    assert.deepEqual(edits.file, { path: "/p/compose.yaml", span: { start: 1, end: 1 }, newText: "# scaleout-ignore-file sessions/files-in-cluster\r\n" });
  });

  it("offers no entry comment for a finding on a comment or blank line, or anchored to the file", () => {
    const text = "# a comment\n\nA=1\n";
    assert.equal(ignoreCommentEdits(finding("/p/.env", 2, 5), text).entry, undefined, "comment line");
    assert.equal(ignoreCommentEdits(finding("/p/.env", 12), text).entry, undefined, "blank line");
    assert.equal(ignoreCommentEdits(finding("/p/.env", 0), "A=1\n").entry, undefined, "anchored to the file");
    assert.ok(ignoreCommentEdits(finding("/p/.env", 0, 1), "A=1\n").entry, "a real span at the start is an entry");
  });
});
