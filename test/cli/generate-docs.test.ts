/** docs/rules is generated from the registry and must not go stale. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { docsDifferences, expectedPages, writeDocs } from "../../scripts/generate-docs";
import { repoRoot } from "./cli-harness";

const docsDir = join(repoRoot, "docs", "rules");

describe("generated rule docs", () => {
  it("docs/rules matches the registry (run `node --import tsx scripts/generate-docs.ts` after changing a rule)", () => {
    const check = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-docs.ts", "--check"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(docsDifferences(docsDir), []);
  });

  it("has one page per registered rule, in the fixed sections, and a README table linking every page", () => {
    const pages = expectedPages();
    assert.equal(pages.size, allRules.length + 1);
    for (const { meta } of allRules) {
      const page = pages.get(`${meta.id.replace("/", "-")}.md`);
      assert.ok(page, meta.id);
      // A `#` line inside a fenced example (a comment of a .env or YAML file) is no heading.
      let fenced = false;
      const headings = page.split("\n").filter((l) => {
        if (l.startsWith("```")) fenced = !fenced;
        return !fenced && l.startsWith("#");
      });
      assert.deepEqual(headings, [`# ${meta.title}`, "## What it does", "## Why it matters", "## Example", "## Use instead", "## Fix safety", "## Sources"], meta.id);
      assert.ok(page.includes(`Rule id: \`${meta.id}\``));
      for (const [name, text] of Object.entries(meta.docs.example)) assert.ok(page.includes(`\`${name}\`:\n\n`) && page.includes(text.trimEnd()), `${meta.id} example ${name}`);
      assert.ok(pages.get("README.md")!.includes(`| [\`${meta.id}\`](${meta.id.replace("/", "-")}.md) | `), meta.id);
    }
  });

  it("--check fails on a changed, a missing or a stale page, and writing repairs all three", () => {
    const dir = mkdtempSync(join(tmpdir(), "scaleout-docs-"));
    try {
      writeDocs(dir);
      assert.deepEqual(docsDifferences(dir), []);
      const first = `${allRules[0].meta.id.replace("/", "-")}.md`;
      const last = `${allRules.at(-1)!.meta.id.replace("/", "-")}.md`;
      writeFileSync(join(dir, first), `${readFileSync(join(dir, first), "utf8")}\nedited by hand\n`);
      rmSync(join(dir, last));
      writeFileSync(join(dir, "sessions-retired-rule.md"), "# gone\n");
      assert.deepEqual(docsDifferences(dir).sort(), [`missing: ${last}`, `no such rule: sessions-retired-rule.md`, `out of date: ${first}`].sort());
      writeDocs(dir);
      assert.deepEqual(docsDifferences(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
