/**
 * Rules read the cluster model, never a file format: no rule imports an adapter, a document
 * parser, the project loader or a format's editor, and none asks which format it is looking at.
 * A rule that needs something the model lacks gets it from the model, not from the files.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";

const rulesDir = new URL("../../server/src/engine/rules", import.meta.url).pathname;

const forbidden: { pattern: RegExp; why: string }[] = [
  { pattern: /from\s+"[./]*\/model\/(compose|helm|k8s|env)-adapter"/, why: "imports a format adapter" },
  { pattern: /from\s+"[./]*\/model\/k8s-[a-z-]+"/, why: "imports a Kubernetes adapter part" },
  { pattern: /from\s+"[./]*\/documents\//, why: "imports a document parser" },
  { pattern: /from\s+"[./]*\/project\/(load-project|interpolate)"/, why: "imports the project loader" },
  { pattern: /from\s+"[./]*\/fixes\/(?!fix-builder")/, why: "imports a format's editor" },
  { pattern: /\bmodel\.(format|helm)\b|\bformat\s*===|\.chart\s*===/, why: "asks which format or chart it reads" },
  { pattern: /\bproject\.(kind|helmValues|composeFiles|yamlFiles|chartFile|dotenv|resolve)\b/, why: "reads the files behind the model" },
  { pattern: /\bhelmTruthy\b|\bk8sReplicasValue\b/, why: "applies one format's semantics" },
];

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("rule boundary", () => {
  for (const path of filesBelow(rulesDir).sort()) {
    const name = relative(rulesDir, path);
    const text = readFileSync(path, "utf8");
    const violations = forbidden.filter((f) => f.pattern.test(text)).map((f) => f.why);
    it(`${name} reads only the model`, () => assert.deepEqual(violations, []));
  }
});
