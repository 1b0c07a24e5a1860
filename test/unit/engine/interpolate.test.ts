/** Compose interpolation: every modifier, nesting, `$$`, errors with exact offsets. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasInterpolation, interpolate } from "../../../server/src/engine/project/interpolate";

const vars: Record<string, string> = { SET: "value", EMPTY: "", HOST: "redis", PORT: "6379" };
const lookup = (name: string): string | undefined => vars[name];
const value = (raw: string): string => interpolate(raw, lookup).value;

describe("interpolate", () => {
  it("substitutes ${X} and $X, unset as empty", () => {
    assert.equal(value("${HOST}:$PORT"), "redis:6379");
    assert.equal(value("a${UNSET}b"), "ab");
    assert.equal(value("$UNSET/x"), "/x");
  });

  it("applies :- and - (default when unset, and for :- also when empty)", () => {
    assert.equal(value("${EMPTY:-d}"), "d");
    assert.equal(value("${EMPTY-d}"), "");
    assert.equal(value("${UNSET-d}"), "d");
    assert.equal(value("${SET:-d}"), "value");
  });

  it("applies :+ and + (alternative when set, and for :+ only when non-empty)", () => {
    assert.equal(value("${SET:+alt}"), "alt");
    assert.equal(value("${EMPTY:+alt}"), "");
    assert.equal(value("${EMPTY+alt}"), "alt");
    assert.equal(value("${UNSET+alt}"), "");
  });

  it("reports :? and ? as errors with the span of the reference", () => {
    const raw = "x=${EMPTY:?need it}";
    const r = interpolate(raw, lookup);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].message, "need it");
    assert.equal(raw.slice(r.errors[0].start, r.errors[0].end), "${EMPTY:?need it}");
    assert.deepEqual(interpolate("${EMPTY?}", lookup).errors, [], "? accepts an empty but set variable");
    const missing = interpolate("${UNSET?}", lookup);
    assert.match(missing.errors[0].message, /UNSET/);
  });

  it("treats $$ as a literal dollar and records no reference for it", () => {
    const r = interpolate("pa$$word $${HOST}", lookup);
    assert.equal(r.value, "pa$word ${HOST}");
    assert.deepEqual(r.references, []);
  });

  it("expands nested references in a default only when the default is used", () => {
    const used = interpolate("${UNSET:-${HOST}:${PORT}}", lookup);
    assert.equal(used.value, "redis:6379");
    assert.deepEqual(used.references.map((ref) => ref.name).sort(), ["HOST", "PORT", "UNSET"]);
    const inner = used.references.find((ref) => ref.name === "HOST")!;
    assert.equal("${UNSET:-${HOST}:${PORT}}".slice(inner.start, inner.end), "${HOST}");
    const skipped = interpolate("${SET:-${HOST}}", lookup);
    assert.equal(skipped.value, "value");
    assert.deepEqual(skipped.references.map((ref) => ref.name), ["SET"]);
  });

  it("records each reference with modifier, argument, offsets and whether it resolved", () => {
    const raw = "a ${SET} ${UNSET:-x} $EMPTY";
    const refs = interpolate(raw, lookup).references;
    assert.deepEqual(
      refs.map((ref) => [ref.name, ref.modifier, ref.argument, raw.slice(ref.start, ref.end), ref.resolved]),
      [
        ["SET", "", "", "${SET}", true],
        ["UNSET", ":-", "x", "${UNSET:-x}", false],
        ["EMPTY", "", "", "$EMPTY", true],
      ],
    );
  });

  it("reports unterminated and malformed references without throwing", () => {
    const open = interpolate("x ${HOST", lookup);
    assert.equal(open.value, "x ${HOST");
    assert.deepEqual([open.errors[0].start, open.errors[0].end], [2, 8]);
    const bad = interpolate("${1X} ${HOST!}", lookup);
    assert.equal(bad.errors.length, 2);
    assert.match(bad.errors[0].message, /invalid interpolation/);
    assert.equal(bad.value, " ");
  });

  it("leaves a lone $ and $ before a non-name alone", () => {
    assert.equal(value("cost: 5$ or $-1 or $"), "cost: 5$ or $-1 or $");
  });

  it("stops expanding absurdly deep defaults instead of recursing without end", () => {
    const deep = `${"${U:-".repeat(60)}end${"}".repeat(60)}`;
    assert.doesNotThrow(() => interpolate(deep, lookup));
  });
});

describe("hasInterpolation", () => {
  it("sees ${X} and $X but not $$ or a lone $", () => {
    assert.equal(hasInterpolation("${X}"), true);
    assert.equal(hasInterpolation("a$X"), true);
    assert.equal(hasInterpolation("$$X"), false);
    assert.equal(hasInterpolation("5$"), false);
    assert.equal(hasInterpolation("plain"), false);
  });
});
