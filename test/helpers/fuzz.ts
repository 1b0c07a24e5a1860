/**
 * Inputs and checks for the property-based tests (test/unit/fuzz.test.ts, `npm run fuzz`):
 * real deployments (the shared corpus laid out at its repositories' paths, the rule fixtures)
 * as seeds, mutations a hostile or half-typing user makes, and the invariants every result
 * must keep whatever the input.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { applyEdits, editsByPath } from "../../server/src/engine/fixes/apply-edits";
import type { FileEdit, Finding } from "../../server/src/engine/findings";
import type { Span } from "../../server/src/engine/text/span";
import { corpusDir } from "./corpus";
import { repoRoot } from "./shared-dir";
import { filesBelow } from "./workspace";

/** A deployment to lint: its files by absolute path, and the file the mutations hit. */
export interface Seed {
  name: string;
  files: Map<string, string>;
  target: string;
}

const deploymentFile = (p: string): boolean => /(\.ya?ml|\.env|\/\.env|\.j2|\.tpl)$/.test(p);

/** Every rule fixture case (invalid and valid) as a seed per deployment file in it. */
function fixtureSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const cases = filesBelow(`${repoRoot}/test/rules`)
    .filter((p) => /\/(invalid|valid)\/[^/]+\//.test(p) && !p.includes("/fixed/") && !p.endsWith("expected.json"))
    .map((p) => p.replace(/(\/(?:invalid|valid)\/[^/]+)\/.*$/, "$1"));
  for (const dir of [...new Set(cases)]) {
    const files = new Map<string, string>();
    for (const p of filesBelow(dir, (n) => n === "fixed" || n === "expected.json")) files.set(p, readFileSync(p, "utf8"));
    for (const target of files.keys()) if (deploymentFile(target)) seeds.push({ name: target.slice(repoRoot.length + 1), files, target });
  }
  return seeds;
}

/** The real files of the shared corpus, each repository's files together at their own paths. */
function corpusSeeds(): Seed[] {
  const manifest = `${corpusDir}/MANIFEST.tsv`;
  if (!existsSync(manifest)) return [];
  const byRepo = new Map<string, Map<string, string>>();
  const seeds: Seed[] = [];
  for (const line of readFileSync(manifest, "utf8").split("\n").slice(1)) {
    const [localName, repo, originalPath] = line.split("\t");
    if (!localName || !repo || !originalPath || !existsSync(`${corpusDir}/files/${localName}`)) continue;
    const files = byRepo.get(repo) ?? new Map<string, string>();
    byRepo.set(repo, files);
    const path = `/corpus/${repo}/${originalPath}`;
    files.set(path, readFileSync(`${corpusDir}/files/${localName}`, "utf8"));
    seeds.push({ name: `corpus ${repo}/${originalPath}`, files, target: path });
  }
  return seeds;
}

export function allSeeds(): Seed[] {
  const seeds = [...fixtureSeeds(), ...corpusSeeds()];
  // A case dir is read once; a seed list stable across runs keeps a failing seed reproducible.
  assert.ok(readdirSync(`${repoRoot}/test/rules`).length > 0);
  return seeds.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---- mutations ------------------------------------------------------------------------------

const tokens = [
  "\0", "\r", "\r\n", "\n", "\uFEFF", "🚀", "\t", "\t\t", '"', "'", "`", "\\", "${", "${A:-", "$$", "}", "{", "[", "]", ": ", "- ", ":", "#", "=", "  ", "\n  ",
  "*a", "&a ", "<<: *x\n", "<<: ", "? ", "!!binary ", "!Ref ", "|\n", ">-\n", "---\n", "...\n", "%YAML 1.2\n",
  "{{ .Values.x }}", "{{- toYaml .Values.env | nindent 4 }}\n", "{{", "}}", "{% if x %}", "{%- endif %}\n", "{# c #}", "{{ '}}' }}",
  "\uD800", "\uDC00", "\uDBFF\uDFFF", "\u0085", "\u2028", "\u001b[31m", "\u0007",
  "REDIS_HOST=", "export ", "A=${B:?", "environment:\n", "replicas: 3\n", "deploy:\n  replicas: 2\n", "image: nextcloud\n",
];

/** A position as a fraction of the text, so a shrunk counterexample stays in range. */
const at = fc.double({ min: 0, max: 1, noNaN: true });

export type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "crlf" }
  | { kind: "bom" }
  | { kind: "indent"; at: number; by: string }
  | { kind: "duplicate-line"; at: number }
  | { kind: "long-line"; at: number; length: number };

const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => new TextDecoder("utf-8").decode(bytes));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at,
      text: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...tokens) },
        { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
        { weight: 1, arbitrary: invalidUtf8 },
        { weight: 1, arbitrary: loneSurrogate },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("crlf" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bom" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("indent" as const), at, by: fc.constantFrom(" ", "   ", "\t", "-", "") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate-line" as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("long-line" as const), at, length: fc.integer({ min: 1_000, max: 200_000 }) }) },
);

function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

export function mutate(text: string, m: Mutation): string {
  const pos = "at" in m ? Math.min(text.length, Math.floor(m.at * (text.length + 1))) : 0;
  switch (m.kind) {
    case "truncate":
      return text.slice(0, pos);
    case "insert":
      return text.slice(0, pos) + m.text + text.slice(pos);
    case "delete":
      return text.slice(0, pos) + text.slice(pos + m.length);
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
    case "indent": {
      // Wrong indentation: the line's leading spaces replaced (a tab, one space too many, a dash).
      const start = lineStartAt(text, pos);
      const spaces = /^ */.exec(text.slice(start))![0].length;
      return text.slice(0, start) + m.by + " ".repeat(Math.max(0, spaces - 1)) + text.slice(start + spaces);
    }
    case "duplicate-line": {
      const start = lineStartAt(text, pos);
      const nl = text.indexOf("\n", pos);
      const end = nl < 0 ? text.length : nl + 1;
      return text.slice(0, end) + (nl < 0 ? "\n" : "") + text.slice(start, end) + text.slice(end);
    }
    case "long-line":
      return `${text.slice(0, pos)}${"a".repeat(m.length)}${text.slice(pos)}`;
  }
}

export const mutations = fc.array(mutation, { minLength: 0, maxLength: 4 });

// ---- invariants -----------------------------------------------------------------------------

export function splitsSurrogate(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

export function assertSpanInside(text: string | undefined, span: Span, what: string): void {
  assert.ok(text !== undefined, `${what}: no text for the file`);
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: span ${span.start}-${span.end} is not integral`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${span.start}-${span.end} outside 0-${text.length}`);
  assert.ok(!splitsSurrogate(text, span.start) && !splitsSurrogate(text, span.end), `${what}: span ${span.start}-${span.end} splits a surrogate pair`);
}

export function assertFindingsInside(findings: readonly Finding[], texts: ReadonlyMap<string, string>): void {
  for (const f of findings) {
    assertSpanInside(texts.get(f.location.path), f.location.span, `${f.ruleId} at ${f.location.path}`);
    for (const r of f.related) assertSpanInside(texts.get(r.location.path), r.location.span, `${f.ruleId} related ${r.location.path}`);
    for (const fix of f.fixes) for (const e of fix.edits) assertSpanInside(texts.get(e.path), e.span, `${f.ruleId} fix "${fix.title}" on ${e.path}`);
  }
}

/** Two edits of one fix that overlap (an insert at the edge of a replaced span does not) could not both be applied. */
export function assertEditsDisjoint(edits: readonly FileEdit[], what: string): void {
  for (const [path, list] of editsByPath([...edits])) {
    const sorted = [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const next = sorted[i];
      const overlap = next.span.start < prev.span.end || (next.span.start === prev.span.start && prev.span.end > prev.span.start && next.span.end > next.span.start);
      assert.ok(!overlap, `${what}: edits ${prev.span.start}-${prev.span.end} and ${next.span.start}-${next.span.end} of ${path} overlap`);
    }
  }
}

/** The files after one fix: every edit applied (none skipped). */
export function applyFix(files: ReadonlyMap<string, string>, edits: readonly FileEdit[], what: string): Map<string, string> {
  const out = new Map(files);
  for (const [path, list] of editsByPath([...edits])) {
    const text = files.get(path);
    assert.ok(text !== undefined, `${what}: edits ${path}, which is not a file of the project`);
    const { text: fixed, skipped } = applyEdits(text, list);
    assert.equal(skipped.length, 0, `${what}: ${skipped.length} edit(s) of ${path} could not be applied`);
    out.set(path, fixed);
  }
  return out;
}

/** Runs and seed for fast-check: fixed in `npm test`, from the environment in `npm run fuzz`. */
export function fuzzParameters(defaultRuns: number): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? "") || defaultRuns;
  const seconds = Number(process.env.FUZZ_SECONDS ?? "") || 0;
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS || process.env.FUZZ_SECONDS ? Date.now() % 2 ** 31 : 20261126;
  return { seed, numRuns: seconds > 0 ? Number.MAX_SAFE_INTEGER : runs, ...(seconds > 0 ? { interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false } : {}), endOnFailure: true, verbose: 1 };
}
