/** The README's rule table and output excerpt are generated; they must match the code. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { it } from "node:test";

it("README.md's generated sections are current", () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/update-readme.ts", "--check"], { encoding: "utf8" });
  assert.match(out, /README\.md is up to date/);
});
