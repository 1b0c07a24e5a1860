/**
 * js-yaml (its default schema: YAML 1.2 core plus `<<` merge keys) as an independent oracle: for every YAML file of the real-world corpus and a few
 * hand-written edge cases, the values our position-keeping tree reads (aliases resolved,
 * merge keys expanded) equal what js-yaml reads from the same text.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import jsYaml from "js-yaml";
import { parseYaml } from "../../server/src/engine/documents/yaml-tree";
import { plainValue } from "../../server/src/engine/model/helm-adapter";
import { rebuildCorpus } from "../helpers/corpus";

function oracle(text: string): unknown[] {
  const docs: unknown[] = [];
  jsYaml.loadAll(text, (doc) => docs.push(doc), { schema: jsYaml.DEFAULT_SCHEMA });
  return docs.filter((d) => d !== null && d !== undefined).map(normalize);
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return value;
}

function ours(path: string, text: string): unknown[] {
  return parseYaml(path, text).roots.map((root) => normalize(plainValue(root)));
}

const { root, files } = rebuildCorpus();
after(() => rmSync(root, { recursive: true, force: true }));

describe("YAML tree agrees with js-yaml", () => {
  const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f.path));
  it("covers the corpus", () => assert.ok(yamlFiles.length >= 35, `${yamlFiles.length} YAML files`));
  for (const file of yamlFiles) {
    it(`${file.repo}/${file.originalPath}`, () => {
      const text = readFileSync(file.path, "utf8");
      assert.deepEqual(ours(file.path, text), oracle(text));
    });
  }
  const cases: Record<string, string> = {
    "merge keys, explicit keys win": "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n",
    "merge of a list of maps, first wins": "a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc:\n  <<: [*a, *b]\n",
    "aliases of sequences": "l: &l [1, 2]\nm: *l\n",
    "CRLF, BOM, emoji": "\uFEFFkey: \"v 🚀\"\r\nlist:\r\n  - a\r\n  - 'b'\r\n",
    "block scalars": "s: |\n  line1\n  line2\nf: >\n  folded\n  text\n",
    "multi-document": "a: 1\n---\nb: 2\n",
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => assert.deepEqual(ours("/case.yaml", text), oracle(text)));
  }
});
