/**
 * Regenerates the README's generated sections from the real thing: the rule table from the
 * registry, and the output excerpt from the built CLI on examples/owncloud-swarm.
 * `--check` exits 1 when the README differs from what it would write (a test runs it).
 * Run: npm run build && node --import tsx scripts/update-readme.ts [--check]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allRules } from "../server/src/engine/rules/registry";
import { docsPageName, rulesTableMarkdown } from "../server/src/engine/services/rule-docs";

const root = join(new URL(".", import.meta.url).pathname, "..");
const readmePath = join(root, "README.md");

function rulesTable(): string {
  return [
    "Formats: C = Compose/Swarm (with `.env` and `env_file`s), H = Helm values, E = `.env` on its own, K = Kubernetes manifests.",
    "*Cluster only* rules stay silent unless more than one instance serves the installation.",
    "*fix*: `safe` = every fix is safe, applied by fix-all and `scaleout-lint fix`; `unsafe` = review the fixes: unsafe ones (applied with `--unsafe`), possibly beside safe ones and suggestions; `suggestion` = never applied in bulk; `none` = no quick fix. The engine drops a fix beyond what its rule declares.",
    "",
    ...rulesTableMarkdown(
      allRules.map((rule) => rule.meta),
      (id) => `docs/rules/${docsPageName(id)}`,
    ),
  ].join("\n");
}

function outputExcerpt(): string {
  let stdout = "";
  try {
    stdout = execFileSync(process.execPath, [join(root, "dist/cli.js"), "check", "examples/owncloud-swarm", "--no-color"], { cwd: root, encoding: "utf8" });
  } catch (error) {
    stdout = (error as { stdout?: string }).stdout ?? "";
  }
  const blocks = stdout.trimEnd().split("\n\n");
  const summary = blocks.pop() ?? "";
  const shown = blocks.slice(0, 3);
  return ["```text", "$ npx scaleout-lint check examples/owncloud-swarm", ...shown.flatMap((b, i) => (i === 0 ? [b] : ["", b])), "", `… (${blocks.length - shown.length} more)`, summary, "```"].join("\n");
}

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} section`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const current = readFileSync(readmePath, "utf8");
let next = replaceSection(current, "rules", rulesTable());
next = replaceSection(next, "output", outputExcerpt());
if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("README.md is out of date: run `npm run build && node --import tsx scripts/update-readme.ts`");
    process.exit(1);
  }
  console.log("README.md is up to date");
} else {
  writeFileSync(readmePath, next);
  console.log("README.md updated");
}
