/**
 * What users read — messages, hovers, rule docs, SARIF help, the README, the generated pages and
 * schemas — cites public sources. The design notes behind the project are not public: no shipped
 * source, doc or schema names them. (RULES.md is named only by the catalog-contract test data.)
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { INTERNAL_DOCUMENTS as internal, INTERNAL_IN_OUTPUT } from "../helpers/internal-names";

const repo = new URL("../..", import.meta.url).pathname;

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

describe("user-facing text cites public sources only", () => {
  const shipped = [...filesBelow(join(repo, "server/src")), ...filesBelow(join(repo, "client/src")), ...filesBelow(join(repo, "docs")), ...filesBelow(join(repo, "schemas")), join(repo, "README.md"), join(repo, "package.json")];
  for (const path of shipped.sort()) {
    it(relative(repo, path), () => {
      const lines = readFileSync(path, "utf8").split("\n");
      // Generated pages are read by users as they are: not even the design notes' names (the README's
      // development section may name the shared/ folder the tests read).
      const pattern = /^(docs|schemas)\//.test(relative(repo, path)) ? INTERNAL_IN_OUTPUT : internal;
      const hits = lines.flatMap((line, i) => (pattern.test(line) ? [`${i + 1}: ${line.trim().slice(0, 160)}`] : []));
      assert.deepEqual(hits, []);
    });
  }
});
