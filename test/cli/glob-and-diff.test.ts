/** The small pieces behind `exclude:` in .scaleout.yaml and `fix --dry-run`. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { globToRegExp } from "../../server/src/cli/glob";
import { lineDiff } from "../../server/src/cli/line-diff";

describe("exclude globs", () => {
  const matches = (pattern: string, path: string): boolean => globToRegExp(pattern).test(path);

  it("matches a bare name at any depth and everything below a folder it names", () => {
    assert.ok(matches("legacy", "legacy/compose.yaml"));
    assert.ok(matches("legacy", "a/legacy/b/compose.yaml"));
    assert.ok(!matches("legacy", "legacy-2/compose.yaml"));
    assert.ok(matches("*.stack.yml", "swarm/app.stack.yml"));
  });

  it("anchors patterns with a slash; * stays in a segment, ** spans segments, {a,b} alternates", () => {
    assert.ok(matches("deploy/*.yml", "deploy/prod.yml"));
    assert.ok(!matches("deploy/*.yml", "x/deploy/prod.yml"));
    assert.ok(!matches("deploy/*.yml", "deploy/old/prod.yml"));
    assert.ok(matches("deploy/**/*.yml", "deploy/old/prod.yml"));
    assert.ok(matches("deploy/**/*.yml", "deploy/prod.yml"));
    assert.ok(matches("**/values-{dev,test}.yaml", "charts/nc/values-dev.yaml"));
    assert.ok(!matches("**/values-{dev,test}.yaml", "charts/nc/values-prod.yaml"));
    assert.ok(matches("./examples/", "examples/compose.yaml"));
  });

  it("answers a pattern built to backtrack against a 10,000-character name (the run completing is the assertion)", () => {
    const name = "a".repeat(10_000);
    assert.equal(matches("*a*a*a*a*a*a*a*a*b", name), false);
    assert.equal(matches("*a*a*a*a*a*a*a*a*b", `${name}b`), true);
    assert.equal(matches("**/*a*a*a*a*a*a*a*a*b/**", `x/${name}/y`), false);
    assert.equal(matches("{*a*a*a*a*,x}*a*a*a*b", name), false);
  });

  it("keeps ? and * inside one segment and treats an unclosed { as a literal", () => {
    assert.ok(matches("a?c", "abc"));
    assert.ok(!matches("a?c", "a/c"));
    assert.ok(!matches("a*c", "ab/c"));
    assert.ok(matches("a**c", "ab/c"));
    assert.ok(matches("{a", "x/{a"));
    assert.ok(matches("deploy/**", "deploy/x/y.yml"));
    assert.ok(!matches("deploy/**", "deploy"));
  });
});

describe("line diff", () => {
  it("gives unified hunks with two lines of context and correct line numbers", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", ""].join("\n");
    const after = ["a", "b", "c", "D", "e", "f", "g", "h", "i", "j", "k", ""].join("\n");
    const hunks = lineDiff(before, after);
    assert.deepEqual(
      hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount, h.lines.map((l) => l.kind + l.text).join("|")]),
      [
        [2, 5, 2, 5, " b| c|-d|+D| e| f"],
        [9, 2, 9, 3, " i| j|+k"],
      ],
    );
  });

  it("compares CRLF and LF texts by content and gives nothing for equal texts", () => {
    assert.deepEqual(lineDiff("a\r\nb\r\n", "a\nb\n"), []);
    assert.deepEqual(
      lineDiff("x\r\ny\r\n", "x\r\nz\r\ny\r\n")[0].lines.map((l) => `${l.kind}${l.text}@${l.line}${JSON.stringify(l.eol)}`),
      [' x@0"\\r\\n"', '+z@1"\\r\\n"', ' y@1"\\r\\n"'],
    );
  });

  it("counts lines as diff -u does: no line after the final break, a lost or gained final break is a change, an empty side names the line before", () => {
    const [hunk] = lineDiff("a\nb", "a\nb\nc\n");
    assert.deepEqual(
      [hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount, hunk.lines.map((l) => `${l.kind}${l.text}${JSON.stringify(l.eol)}`)],
      [1, 2, 1, 3, [' a"\\n"', '-b""', '+b"\\n"', '+c"\\n"']],
    );
    const [fromEmpty] = lineDiff("", "x\n");
    assert.deepEqual([fromEmpty.oldStart, fromEmpty.oldCount, fromEmpty.newStart, fromEmpty.newCount], [0, 0, 1, 1]);
    const [removedAll] = lineDiff("a\nb\n", "");
    assert.deepEqual([removedAll.oldStart, removedAll.oldCount, removedAll.newStart, removedAll.newCount], [1, 2, 0, 0]);
  });
});
