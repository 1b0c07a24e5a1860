/**
 * Bad input gives findings or nothing, never an exception or a wrong range: the examples and
 * rule fixtures, cut at many offsets and with troublesome characters inserted, are linted; each
 * finding's span (and each related span and fix edit) lies inside its file's text, starts
 * before it ends, and never splits a surrogate pair. Deterministic: a fixed-seed generator.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, it } from "node:test";
import type { Finding } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import type { Span } from "../../server/src/engine/text/span";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { filesBelow } from "../helpers/workspace";

const repo = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const inserts = ["\0", "\r", "\r\n", "\uFEFF", "🚀", "\t", '"', "'", "${", "{", "[", ": ", "- ", "*a", "&a ", "<<: *x\n", "\n  ", "#", "="];

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function splitsSurrogate(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function checkSpan(texts: Map<string, string>, path: string, span: Span, what: string): void {
  const text = texts.get(path);
  assert.ok(text !== undefined, `${what}: no text for ${path}`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${span.start}-${span.end} outside 0-${text.length} in ${path}`);
  assert.ok(!splitsSurrogate(text, span.start) && !splitsSurrogate(text, span.end), `${what}: span ${span.start}-${span.end} splits a surrogate pair in ${path}`);
}

function checkFindings(findings: Finding[], texts: Map<string, string>): void {
  for (const f of findings) {
    checkSpan(texts, f.location.path, f.location.span, f.ruleId);
    for (const r of f.related) checkSpan(texts, r.location.path, r.location.span, `${f.ruleId} related`);
    for (const fix of f.fixes) for (const e of fix.edits) checkSpan(texts, e.path, e.span, `${f.ruleId} fix`);
  }
}

const cases = [
  ...filesBelow(`${repo}/examples`),
  ...filesBelow(`${repo}/test/rules`).filter((p) => !p.endsWith("expected.json") && !p.includes("/fixed/")),
].filter((p) => /(\.ya?ml|\.env|\/\.env)$/.test(p));

describe("bad input", () => {
  it("has inputs to mutate", () => assert.ok(cases.length > 100, `${cases.length} files`));

  it("survives truncation and inserted characters with correct ranges", () => {
    const random = prng(20261124);
    let runs = 0;
    for (const path of cases) {
      const original = readFileSync(path, "utf8");
      const dir = path.slice(0, path.lastIndexOf("/"));
      const neighbours = filesBelow(dir).filter((p) => p !== path && !p.endsWith("expected.json") && !p.includes("/fixed/"));
      for (let i = 0; i < 4; i++) {
        const at = Math.floor(random() * (original.length + 1));
        const mutated =
          i === 0 ? original.slice(0, at) : original.slice(0, at) + inserts[Math.floor(random() * inserts.length)] + original.slice(at);
        const files = new Map<string, string>([[path, mutated]]);
        for (const n of neighbours) files.set(n, readFileSync(n, "utf8"));
        const engine = new Engine();
        engine.onRuleError = (id, error) => assert.fail(`${id} threw on ${relative(repo, path)} (mutation ${i} at ${at}): ${String(error)}`);
        const result = engine.lintPaths([path], new MapWorkspace(files), { assumeCluster: i % 2 === 0 });
        checkFindings(result.findings, result.texts);
        runs++;
      }
    }
    assert.ok(runs > 400, `${runs} runs`);
  });

  it("reads a binary file and a huge file without hanging", () => {
    const binary = "services:\n  a:\n    image: \0\u0001\u0002\uFFFD".repeat(200);
    const huge = `services:\n${Array.from({ length: 20_000 }, (_, i) => `  s${i}:\n    image: nextcloud:31\n    environment: [REDIS_HOST=r]\n`).join("")}`;
    const files = new Map([
      ["/x/compose.yaml", binary],
      ["/y/compose.yaml", huge],
    ]);
    const engine = new Engine();
    engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
    const result = engine.lintPaths(["/x/compose.yaml", "/y/compose.yaml"], new MapWorkspace(files), {});
    checkFindings(result.findings, result.texts);
  });
});
