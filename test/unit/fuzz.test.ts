/**
 * Property-based tests: real deployments (the rule fixtures and the shared corpus) mutated the
 * way half-typed or hostile files are (truncated, characters and template tags inserted, wrong
 * indentation, tabs, CRLF, BOM, NUL, invalid UTF-8 read as U+FFFD, lone surrogates, very long
 * lines) go through the parsers, the project and cluster model, every rule and every fix:
 * - nothing throws, and no rule reports an error;
 * - every span (parse problems, findings, related locations, fix edits) lies inside its text
 *   and never splits a surrogate pair;
 * - every fix applies whole (its edits are disjoint and inside the project's files), adds no
 *   yaml/syntax or env/syntax finding (a file that was clean stays clean; in one already broken, a
 *   fix that only deletes may change how the parser counts the rest), and a safe fix removes a
 *   finding of its rule in that file.
 * A fixed seed and few runs in `npm test`; `npm run fuzz` runs long (FUZZ_RUNS, FUZZ_SECONDS,
 * FUZZ_SEED to replay a failure).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseEnvFile } from "../../server/src/engine/documents/env-file";
import { maskTemplates } from "../../server/src/engine/documents/template-mask";
import { parseYaml, type YNode } from "../../server/src/engine/documents/yaml-tree";
import type { Finding } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { allSeeds, applyFix, assertEditsDisjoint, assertFindingsInside, assertSpanInside, fuzzParameters, mutate, mutation, mutations, type Seed } from "../helpers/fuzz";

const seeds = allSeeds();
const withFindings = seeds.filter((s) => s.name.includes("/invalid/"));
const SYNTAX = new Set(["yaml/syntax", "env/syntax"]);

function mutated(seed: Seed, list: Parameters<typeof mutate>[1][]): Map<string, string> {
  const files = new Map(seed.files);
  files.set(seed.target, list.reduce(mutate, seed.files.get(seed.target)!));
  return files;
}

function lint(files: Map<string, string>, target: string, assumeCluster: boolean): { findings: Finding[]; texts: Map<string, string> } {
  const engine = new Engine();
  const errors: string[] = [];
  engine.onRuleError = (id, error) => errors.push(`${id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const result = engine.lintPaths([target], new MapWorkspace(files), { assumeCluster });
  assert.deepEqual(errors, [], "a rule threw");
  // A binary or over-size file is not read (lint/skipped-file says so): the engine holds no text for it.
  const skipped = new Set(result.findings.filter((f) => f.ruleId === "lint/skipped-file").map((f) => f.location.path));
  for (const [path, text] of result.texts) {
    if (skipped.has(path)) assert.equal(text, "", `the engine kept text of the skipped file ${path}`);
    else assert.equal(text, files.get(path), `the engine read ${path} other than the workspace holds it`);
  }
  return result;
}

function walkSpans(node: YNode | undefined, text: string, seen = new Set<YNode>()): void {
  if (!node || seen.has(node)) return;
  seen.add(node);
  assertSpanInside(text, node.span, `${node.kind} node`);
  if (node.kind === "map") {
    for (const e of node.entries) {
      assertSpanInside(text, e.keySpan, `key ${JSON.stringify(e.key.slice(0, 20))}`);
      assertSpanInside(text, e.span, `entry ${JSON.stringify(e.key.slice(0, 20))}`);
      walkSpans(e.value, text, seen);
    }
  }
  if (node.kind === "seq") for (const item of node.items) walkSpans(item, text, seen);
}

const syntaxCount = (findings: Finding[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const f of findings) if (SYNTAX.has(f.ruleId)) counts.set(f.location.path, (counts.get(f.location.path) ?? 0) + 1);
  return counts;
};

describe("fuzz", () => {
  it("has seeds from the fixtures and the corpus", () => {
    assert.ok(withFindings.length > 100, `${withFindings.length} invalid fixture files`);
    assert.ok(seeds.some((s) => s.name.startsWith("corpus ")), "no corpus seeds");
  });

  it("parsers never throw and keep every span inside the text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutations, (seed, list) => {
        const text = list.reduce(mutate, seed.files.get(seed.target)!);
        const yaml = parseYaml(seed.target, text);
        for (const p of yaml.problems) assertSpanInside(text, p.span, `yaml problem "${p.message}"`);
        for (const root of yaml.roots) walkSpans(root, text);
        for (const t of yaml.templates ?? []) assertSpanInside(text, t, "template");
        const env = parseEnvFile(seed.target, text);
        for (const p of env.problems) assertSpanInside(text, p.span, `env problem "${p.message}"`);
        for (const e of env.entries) {
          assertSpanInside(text, e.keySpan, `env key ${e.key}`);
          if (e.valueSpan) assertSpanInside(text, e.valueSpan, `env value of ${e.key}`);
        }
        const mask = maskTemplates(text);
        if (mask) {
          assert.equal(mask.masked.length, text.length, "the template mask changed the text's length");
          for (const s of mask.all) assertSpanInside(text, s, "masked template");
        }
      }),
      fuzzParameters(2500),
    );
  });

  it("model and rules never throw and report only ranges inside the files", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutations, fc.boolean(), (seed, list, assumeCluster) => {
        const files = mutated(seed, list);
        const { findings, texts } = lint(files, seed.target, assumeCluster);
        assertFindingsInside(findings, texts);
      }),
      fuzzParameters(3000),
    );
  });

  it("every fix applies whole, keeps the files parseable and a safe fix removes its finding", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...withFindings), fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...mutations_light()) }, { weight: 1, arbitrary: mutation }), { maxLength: 2 }), fc.boolean(), (seed, list, assumeCluster) => {
        const files = mutated(seed, list);
        const { findings, texts } = lint(files, seed.target, assumeCluster);
        assertFindingsInside(findings, texts);
        const before = syntaxCount(findings);
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            const what = `${finding.ruleId} fix "${fix.title}"`;
            checked++;
            assertEditsDisjoint(fix.edits, what);
            const fixed = applyFix(files, fix.edits, what);
            const after = lint(fixed, seed.target, assumeCluster).findings;
            // In a file that is already broken, deleting a line (a comment) can change how many errors the parser
            // reports for the rest; anything a fix writes must add none.
            const deletesOnly = fix.edits.every((e) => e.newText === "");
            for (const [path, n] of syntaxCount(after)) {
              const was = before.get(path) ?? 0;
              if (was > 0 && deletesOnly) continue;
              assert.ok(n <= was, `${what}: ${path} has ${n - was} new syntax finding(s) after the fix:\n${fixed.get(path)}`);
            }
            if (fix.safety === "safe") {
              // Counted per rule and file: messages name line numbers, which the fix itself may shift.
              const same = (f: Finding): boolean => f.ruleId === finding.ruleId && f.location.path === finding.location.path;
              assert.ok(after.filter(same).length < findings.filter(same).length, `${what}: the safe fix left "${finding.message}"`);
            }
          }
        }
      }),
      fuzzParameters(2000),
    );
    assert.ok(checked > 20, `only ${checked} fixes checked`);
  });
});

/** Mutations that keep most of a deployment readable, so its findings and fixes survive. */
function mutations_light(): Parameters<typeof mutate>[1][] {
  return [{ kind: "crlf" }, { kind: "bom" }, { kind: "insert", at: 1, text: "\n# 🚀 note\n" }, { kind: "insert", at: 1, text: "\r\n" }, { kind: "insert", at: 0, text: "# \uD800\n" }];
}
