import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rereadOf } from "../../../server/src/engine/model/helm-pitfalls";

// What a Kubernetes manifest reads `value: <text>` back as when a chart renders it without `quote`.
describe("rereadOf", () => {
  it("keeps plain passwords", () => {
    for (const text of ["Kq7vTz2024", "s3cret-pass_word", "a:b", "x#y"]) assert.equal(rereadOf(text), undefined, text);
  });
  it("finds numbers, booleans and null", () => {
    assert.equal(rereadOf("123456"), "a number");
    assert.equal(rereadOf("1e5"), "a number");
    assert.equal(rereadOf("0x1F"), "a number");
    assert.equal(rereadOf("yes"), "a boolean");
    assert.equal(rereadOf("Off"), "a boolean");
    assert.equal(rereadOf("~"), "no value (null)");
    assert.equal(rereadOf(""), "no value (null)");
  });
  it("finds text YAML changes or cannot read", () => {
    assert.equal(rereadOf("s3cret #42"), "a different text");
    assert.equal(rereadOf("#start"), "no value (null)");
    assert.equal(rereadOf("'quoted'"), "a different text");
    assert.equal(rereadOf("a: b"), "invalid YAML, which breaks the manifest");
    assert.equal(rereadOf("*alias"), "invalid YAML, which breaks the manifest");
    assert.equal(rereadOf("[1, 2]"), "a YAML collection");
    assert.equal(rereadOf("two\nlines"), "several lines, which break the manifest");
  });
});
