/**
 * Every relative link and image of the README points at a file of the repository, and every
 * in-page anchor at a heading: the README is the front page on the web and inside the package.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { it } from "node:test";

const readme = readFileSync("README.md", "utf8");
const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);

function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, "").replace(/[^\p{L}\p{N} -]/gu, "").replace(/ /g, "-");
}

it("the README's relative links and images name files that exist", () => {
  const relative = targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith("#"));
  assert.ok(relative.length > 40, `expected the rule table's links among ${relative.length} relative links`);
  const missing = relative.map((t) => decodeURIComponent(t.split("#")[0])).filter((path) => !existsSync(path));
  assert.deepEqual(missing, []);
});

it("the README's in-page anchors name headings", () => {
  const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
  const broken = targets.filter((t) => t.startsWith("#") && !headings.has(t.slice(1)));
  assert.deepEqual(broken, []);
});

it("the README shows a screenshot taken by the real-VS-Code suite", () => {
  assert.match(readme, /!\[[^\]]+\]\(images\/screenshot-vscode\.png\)/);
  const png = readFileSync("images/screenshot-vscode.png");
  assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
});
