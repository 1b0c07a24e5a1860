/** One policy for the fixes applied together: fix-all in the editor and `scaleout-lint fix`. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FileEdit, Finding, Fix, FixSafety } from "../../../server/src/engine/findings";
import { applyEdits } from "../../../server/src/engine/fixes/apply-edits";
import { editsConflict, planFixes, spansOverlap } from "../../../server/src/engine/services/fix-plan";

const edit = (start: number, end: number, newText = "x", path = "/p/a.yaml"): FileEdit => ({ path, span: { start, end }, newText });
const fix = (title: string, safety: FixSafety, ...edits: FileEdit[]): Fix => ({ title, safety, edits });
const finding = (ruleId: string, start: number, fixes: Fix[], path = "/p/a.yaml"): Finding => ({
  ruleId,
  severity: "warning",
  message: ruleId,
  location: { path, span: { start, end: start + 1 } },
  related: [],
  fixes,
});
const titles = (findings: Finding[], allowed: FixSafety[]): string[] => planFixes(findings, (f) => f, allowed).map((p) => p.fix.title);

describe("fix plan service", () => {
  it("conflict rule: overlap or one start offset; touching edits and other files are fine", () => {
    assert.equal(editsConflict(edit(3, 7), edit(5, 5)), true, "an insert inside a replaced range");
    assert.equal(editsConflict(edit(4, 4), edit(4, 4)), true, "two inserts at one offset");
    assert.equal(editsConflict(edit(4, 4), edit(4, 9)), true, "an insert where a replacement starts");
    assert.equal(editsConflict(edit(3, 7), edit(7, 7)), false, "an insert where a replacement ends");
    assert.equal(editsConflict(edit(3, 7), edit(7, 9)), false, "adjacent replacements");
    assert.equal(editsConflict(edit(3, 7), edit(3, 7, "x", "/p/b.yaml")), false, "another file");
    assert.equal(spansOverlap({ start: 4, end: 4 }, { start: 4, end: 4 }), false);
  });

  it("takes findings in path, offset, rule-id order, whatever order they come in", () => {
    const findings = [
      finding("z/rule", 10, [fix("z at 10", "safe", edit(10, 11))]),
      finding("b/rule", 0, [fix("b.yaml", "safe", edit(0, 1, "x", "/p/b.yaml"))], "/p/b.yaml"),
      finding("a/rule", 10, [fix("a at 10", "safe", edit(20, 21))]),
      finding("m/rule", 2, [fix("m at 2", "safe", edit(2, 3))]),
    ];
    assert.deepEqual(titles(findings, ["safe"]), ["m at 2", "a at 10", "z at 10", "b.yaml"]);
  });

  it("skips a fix that conflicts with one chosen before it, and does not fall back to the finding's next fix", () => {
    const findings = [
      finding("a/rule", 1, [fix("insert at 5", "safe", edit(5, 5))]),
      finding("b/rule", 2, [fix("also insert at 5", "safe", edit(5, 5, "y")), fix("elsewhere", "safe", edit(30, 30))]),
      finding("c/rule", 3, [fix("replace 4-8", "safe", edit(9, 9), edit(4, 8))]),
      finding("d/rule", 4, [fix("after it", "safe", edit(8, 8))]),
    ];
    assert.deepEqual(titles(findings, ["safe"]), ["insert at 5", "after it"]);
  });

  it("uses the first fix whose safety is allowed; suggestions never", () => {
    const findings = [
      finding("a/rule", 1, [fix("unsafe a", "unsafe", edit(1, 2)), fix("safe a", "safe", edit(3, 4))]),
      finding("b/rule", 5, [fix("suggest b", "suggestion", edit(5, 6))]),
    ];
    assert.deepEqual(titles(findings, ["safe"]), ["safe a"]);
    assert.deepEqual(titles(findings, ["safe", "unsafe"]), ["unsafe a"]);
    assert.deepEqual(titles(findings, ["safe", "unsafe", "suggestion"]), ["unsafe a"]);
  });

  it("keeps the caller's item with the chosen fix", () => {
    const items = [{ finding: finding("a/rule", 1, [fix("f", "safe", edit(1, 2))]), analysis: "project A" }];
    assert.deepEqual(planFixes(items, (i) => i.finding, ["safe"]).map((p) => [p.item.analysis, p.fix.title]), [["project A", "f"]]);
  });

  it("applyEdits: one fix's inserts at one offset keep their order; overlapping edits are skipped", () => {
    const result = applyEdits("abcdef", [edit(1, 1, "1"), edit(1, 1, "2"), edit(1, 4, "X"), edit(4, 6, "Y")]);
    assert.equal(result.text, "a12XY");
    assert.deepEqual(result.skipped, []);
    const overlapping = applyEdits("abcdef", [edit(1, 4, "X"), edit(3, 5, "Z"), edit(2, 2, "i")]);
    assert.equal(overlapping.text, "aXef");
    assert.deepEqual(overlapping.skipped.map((e) => e.newText), ["i", "Z"]);
  });
});
