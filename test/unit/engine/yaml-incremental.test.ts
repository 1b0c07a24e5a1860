/**
 * The incremental re-parse must give exactly the full parse's tree, spans and problems included:
 * random single edits (and short runs of them, each re-parsed from the previous result, as the
 * language server's cache does) on generated stacks and real corpus files, compared with
 * deepStrictEqual to a fresh full parse. Seeded, so a failure reproduces; YAML_SEED and
 * YAML_EDITS (default 120) run other and more edits, e.g. in a loop before touching the re-parse.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import { reparseYaml } from "../../../server/src/engine/documents/yaml-incremental";
import { parseYaml } from "../../../server/src/engine/documents/yaml-tree";
import { corpusDir } from "../../helpers/corpus";
import { sharedDir } from "../../helpers/shared-dir";

/** shared/bench/gen-compose.mjs, when shared/ is there. */
function generator(): string | undefined {
  const candidate = join(sharedDir, "bench", "gen-compose.mjs");
  return existsSync(candidate) ? candidate : undefined;
}

function stack(n: number): string | undefined {
  const gen = generator();
  return gen ? execFileSync(process.execPath, [gen, String(n)], { encoding: "utf8" }) : undefined;
}

function corpusYaml(): { name: string; text: string }[] {
  const manifest = join(corpusDir, "MANIFEST.tsv");
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t")[0])
    .filter((name) => name && /\.ya?ml$/i.test(name) && existsSync(join(corpusDir, "files", name)))
    .map((name) => ({ name, text: readFileSync(join(corpusDir, "files", name), "utf8") }));
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "abcxyzXYZ0189 :-#\"'{}[],.\n|>&*!?";

/** One random edit of the kinds a user makes: insert or delete characters, change a digit, add a line. */
function randomEdit(text: string, rnd: () => number): string {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const at = pick(text.length + 1);
  switch (pick(6)) {
    case 0:
    case 1: {
      // Mostly letters and digits, now and then a character that means something to YAML.
      const count = 1 + pick(3);
      let inserted = "";
      for (let i = 0; i < count; i++) inserted += rnd() < 0.6 ? "abz019"[pick(6)] : ALPHABET[pick(ALPHABET.length)];
      return text.slice(0, at) + inserted + text.slice(at);
    }
    case 2:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + pick(3)));
    case 3: {
      const digits = [...text.matchAll(/\d/g)];
      if (digits.length === 0) return text.slice(0, at) + "7" + text.slice(at);
      const d = digits[pick(digits.length)].index!;
      return text.slice(0, d) + String((Number(text[d]) + 1 + pick(8)) % 10) + text.slice(d + 1);
    }
    case 4: {
      // A copy of a line (same indentation), added after another line.
      const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)].filter((s) => s < text.length);
      const from = starts[pick(starts.length)];
      const end = text.indexOf("\n", from);
      const line = text.slice(from, end < 0 ? text.length : end + 1);
      const to = starts[pick(starts.length)];
      return text.slice(0, to) + (line.endsWith("\n") ? line : `${line}\n`) + text.slice(to);
    }
    default: {
      // A new key line at the indentation of the line the edit is in.
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      const indent = /^ */.exec(text.slice(lineStart))![0];
      return text.slice(0, lineStart) + `${indent}added${pick(100)}: ${pick(1000)}\n` + text.slice(lineStart);
    }
  }
}

interface Tally {
  edits: number;
  incremental: number;
}

/** Independent single edits from the base text, then runs of edits through one cache. */
function check(name: string, base: string, seed: number, singles: number, runs: number, runLength: number): Tally {
  const rnd = random(seed);
  const path = `/p/${name}`;
  const tally: Tally = { edits: 0, incremental: 0 };
  const baseTree = parseYaml(path, base);
  const compare = (text: string, got: ReturnType<typeof parseYaml>, what: string): void => {
    tally.edits++;
    assert.deepStrictEqual(got, parseYaml(path, text), `${name}: ${what} differs from the full parse (seed ${seed})`);
  };
  for (let i = 0; i < singles; i++) {
    const text = randomEdit(base, rnd);
    const incremental = reparseYaml(baseTree, text);
    if (incremental) {
      tally.incremental++;
      compare(text, incremental, `single edit #${i}`);
    }
  }
  for (let r = 0; r < runs; r++) {
    const cache = new DocumentCache();
    cache.yamlFile(path, base);
    let text = base;
    for (let i = 0; i < runLength; i++) {
      const previous = cache.yamlFile(path, text);
      text = randomEdit(text, rnd);
      if (reparseYaml(previous, text)) tally.incremental++;
      compare(text, cache.yamlFile(path, text), `run ${r} edit #${i}`);
    }
  }
  return tally;
}

describe("incremental YAML re-parse equals the full parse", () => {
  it("on the generated N=5 stack", () => {
    const text = stack(5);
    assert.ok(text, "shared/bench/gen-compose.mjs not found beside the repository");
    const tally = check("n5.yml", text, Number(process.env.YAML_SEED ?? 5), Number(process.env.YAML_EDITS ?? 120), 6, 8);
    assert.ok(tally.incremental > tally.edits / 4, `too few edits took the incremental path: ${tally.incremental} of ${tally.edits}`);
  });

  it("on the generated N=50 stack", () => {
    const text = stack(50);
    assert.ok(text, "shared/bench/gen-compose.mjs not found beside the repository");
    const tally = check("n50.yml", text, Number(process.env.YAML_SEED ?? 50), Number(process.env.YAML_EDITS ?? 120) / 10, 1, 6);
    assert.ok(tally.incremental > 0);
  });

  it("on the corpus's YAML files", () => {
    const files = corpusYaml();
    assert.ok(files.length >= 30, `only ${files.length} corpus YAML files`);
    let incremental = 0;
    for (const [i, { name, text }] of files.entries()) incremental += check(name, text, Number(process.env.YAML_SEED ?? 1000) + i, Number(process.env.YAML_EDITS ?? 120) / 10, 1, 5).incremental;
    assert.ok(incremental > 0);
  });

  it("on every one-character edit of blocks with block scalars, multi-line scalars and flows, and comments between", () => {
    const text = [
      "# head",
      "services:",
      "  app:",
      "    command: |+",
      "      line one",
      "",
      "",
      "  # between",
      "  db:",
      "    description: >-",
      "      folded",
      "",
      "    plain: multi",
      "      line plain",
      '    quoted: "a',
      '      b"',
      "  cache:",
      "    ports: [",
      "      1, 2 ]",
      "# col0 comment",
      "  last:",
      "    x: 1",
      "volumes:",
      "  v: {}",
      "",
    ].join("\n");
    const tree = parseYaml("/p/c.yml", text);
    let incremental = 0;
    for (let at = 0; at <= text.length; at++) {
      const variants = ["a", " ", "\n", "#", ":", "|", '"', "[", "\n  "].map((s) => text.slice(0, at) + s + text.slice(at));
      if (at < text.length) variants.push(text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + "Q" + text.slice(at + 1));
      for (const variant of variants) {
        const result = reparseYaml(tree, variant);
        if (!result) continue;
        incremental++;
        assert.deepStrictEqual(result, parseYaml("/p/c.yml", variant), JSON.stringify(variant));
      }
    }
    assert.ok(incremental > 500, `${incremental}`);
  });

  it("falls back on anchors, tabs, the last block and edits at a block's boundary", () => {
    const base = "x-common: &common\n  image: a\nservices:\n  app:\n    image: b\n    ports: [1]\n  db:\n    <<: *common\n  cache:\n    image: c\nvolumes:\n  data:\n";
    const tree = parseYaml("/p/c.yml", base);
    const edit = (from: string, to: string): ReturnType<typeof reparseYaml> => reparseYaml(tree, base.replace(from, to));
    assert.ok(edit("image: b", "image: bb"), "inside one service: incremental");
    assert.equal(edit("<<: *common", "<<: *commo"), undefined, "an alias");
    assert.equal(edit("image: a", "image: aa"), undefined, "a block with an anchor");
    assert.equal(edit("  data:\n", "  data:\n    driver: x\n"), undefined, "the last block");
    assert.equal(edit("  db:\n", " db:\n"), undefined, "the key's indentation");
    assert.equal(edit("ports: [1]\n", "ports: [1]\n\t"), undefined, "a tab");
    assert.equal(edit("image: b\n", "image: b\n  extra: 1\n"), undefined, "a new key at the services' level");
  });

  it("splices a file of any size, and falls back where an edit crosses the node limit", () => {
    // 120,000 nodes in flow lists of 1,000, then one block that an edit grows by 80,000 more.
    const lists = Array.from({ length: 120 }, (_, i) => `  l${i}: [${Array.from({ length: 999 }, () => "1").join(",")}]`);
    const base = `a:
${lists.join("\n")}
b:
  c: [1]
z: 1
`;
    const tree = parseYaml("/p/big.yml", base);
    assert.equal(tree.problems.length, 0);
    const small = base.replace("c: [1]", "c: [1,2]");
    const spliced = reparseYaml(tree, small);
    assert.ok(spliced, "an edit inside a block of a 480 KB file is spliced");
    assert.deepStrictEqual(spliced, parseYaml("/p/big.yml", small));
    const grown = base.replace("c: [1]", `c: [${Array.from({ length: 80_000 }, () => "1").join(",")}]`);
    assert.equal(reparseYaml(tree, grown), undefined, "past the node limit the full parse truncates: no splice");
    assert.ok(parseYaml("/p/big.yml", grown).problems.some((p) => /too many nodes/.test(p.message)));
  });
});
