/** The engine's YAML tree: spans, quoting, aliases, merge keys, alias bombs and broken text. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asMap, asScalar, asSeq, entryOf, get, parseYaml, visitNodes, type YNode } from "../../../server/src/engine/documents/yaml-tree";

const slice = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

describe("parseYaml", () => {
  it("gives keys and values exact spans with CRLF, a BOM and an emoji before them", () => {
    const text = "\uFEFFservices:\r\n  app: # 🚀 web\r\n    image: \"nextcloud:31\"\r\n";
    const file = parseYaml("/p/compose.yaml", text);
    assert.deepEqual(file.problems, []);
    const app = entryOf(get(file.roots[0], "services"), "app")!;
    assert.equal(slice(text, app.keySpan), "app");
    const image = entryOf(app.value, "image")!;
    assert.equal(slice(text, image.keySpan), "image");
    const scalar = asScalar(image.value)!;
    assert.equal(slice(text, scalar.span), '"nextcloud:31"', "a quoted scalar's span includes its quotes");
    assert.equal(scalar.text, "nextcloud:31");
    assert.equal(scalar.quote, "double");
    assert.equal(slice(text, image.span), 'image: "nextcloud:31"');
  });

  it("keeps the written text of plain scalars and reads the value with the core schema", () => {
    const text = "mode: 0770\nport: 8080\nflag: true\nnothing:\nsingle: 'it''s'\nblock: |\n  line\n";
    const root = parseYaml("/p/x.yaml", text).roots[0];
    assert.equal(asScalar(get(root, "mode"))!.text, "0770");
    assert.equal(asScalar(get(root, "port"))!.value, 8080);
    assert.equal(asScalar(get(root, "flag"))!.value, true);
    const nothing = entryOf(root, "nothing")!;
    assert.equal(asScalar(nothing.value)?.text ?? "", "");
    assert.equal(asScalar(get(root, "single"))!.text, "it's");
    assert.equal(asScalar(get(root, "single"))!.quote, "single");
    assert.equal(asScalar(get(root, "block"))!.quote, "block");
    assert.equal(asScalar(get(root, "block"))!.text, "line\n");
  });

  it("resolves an alias to the anchored node itself", () => {
    const text = "x-env: &env\n  A: 1\nservices:\n  one:\n    environment: *env\n  two:\n    environment: *env\n";
    const root = parseYaml("/p/compose.yaml", text).roots[0];
    const one = get(root, "services", "one", "environment");
    const two = get(root, "services", "two", "environment");
    assert.ok(one && one === two, "both aliases share one node");
    assert.equal(one, get(root, "x-env"));
    assert.equal(slice(text, asMap(one)!.entries[0].keySpan), "A", "spans point at the anchor's definition");
  });

  it("expands merge keys with explicit keys winning and earlier sources winning over later ones", () => {
    const text = [
      "a: &a {K: from-a, A: 1}",
      "b: &b {K: from-b, B: 2}",
      "one:",
      "  <<: [*a, *b]",
      "  K: explicit",
      "two:",
      "  <<: *b",
      "  <<: *a",
      "",
    ].join("\n");
    const file = parseYaml("/p/x.yaml", text);
    const one = asMap(get(file.roots[0], "one"))!;
    assert.deepEqual(one.entries.map((e) => [e.key, asScalar(e.value)!.text, e.merged]), [
      ["K", "explicit", false],
      ["A", "1", true],
      ["B", "2", true],
    ]);
    const two = asMap(get(file.roots[0], "two"))!;
    assert.equal(asScalar(entryOf(two, "K")!.value)!.text, "from-b", "the first merge key wins");
  });

  it("reads every document of a multi-document file", () => {
    const file = parseYaml("/p/x.yaml", "a: 1\n---\nb: 2\n---\n");
    assert.equal(file.roots.length, 2);
    assert.equal(asScalar(get(file.roots[1], "b"))!.text, "2");
  });

  it("survives a billion-laughs alias bomb quickly, sharing nodes instead of copying them", () => {
    const lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i <= 9; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]`);
    const started = performance.now();
    const file = parseYaml("/p/bomb.yaml", lines.join("\n"));
    let nodes = 0;
    visitNodes(file.roots[0], () => nodes++);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    assert.ok(nodes < 200, `visited ${nodes} distinct nodes`);
    const top = asSeq(get(file.roots[0], "l9"))!;
    assert.equal(top.items.length, 9);
    assert.equal(top.items[0], asSeq(get(file.roots[0], "l8")));
  });

  it("does not loop on a recursive alias", () => {
    const text = "a: &a\n  self: *a\n";
    assert.doesNotThrow(() => {
      const file = parseYaml("/p/x.yaml", text);
      visitNodes(file.roots[0] as YNode, () => {});
    });
  });

  it("turns broken YAML into problems with spans and keeps the readable part", () => {
    const text = "services:\n  app:\n    image: nextcloud\n   bad: [\n";
    const file = parseYaml("/p/compose.yaml", text);
    assert.ok(file.problems.length > 0);
    for (const problem of file.problems) {
      assert.ok(problem.span.start >= 0 && problem.span.end <= text.length && problem.span.start <= problem.span.end, JSON.stringify(problem));
      assert.ok(problem.message.length > 0);
    }
    assert.ok(get(file.roots[0], "services"), "the part before the error is still there");
  });

  it("never throws on text cut off mid-typing", () => {
    const full = 'services:\n  app:\n    image: "nextcloud:31"\n    environment: {A: [1, 2], B: &x "y"}\n    <<: *x\n';
    for (let end = 0; end <= full.length; end++) {
      const file = parseYaml("/p/compose.yaml", full.slice(0, end));
      for (const problem of file.problems) assert.ok(problem.span.end <= end, `cut at ${end}: ${JSON.stringify(problem)}`);
    }
    for (const text of ["", "\uFEFF", ":", "- - -", "{", "[", "'", "\t", "*undefined", "&a", "? x\n: y"]) {
      assert.doesNotThrow(() => parseYaml("/p/x.yaml", text), JSON.stringify(text));
    }
  });
});
