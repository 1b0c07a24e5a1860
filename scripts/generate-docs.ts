/**
 * Writes docs/rules/<concern>-<name>.md for every registered rule and docs/rules/README.md (the
 * table), from the rules' metadata — the pages are never edited by hand.
 *
 *   node --import tsx scripts/generate-docs.ts           write the pages, remove pages of no rule
 *   node --import tsx scripts/generate-docs.ts --check   exit 1 when the committed pages differ
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleCatalog } from "../server/src/cli/rule-catalog";
import { docsPageName, ruleDocsMarkdown, rulesIndexMarkdown } from "../server/src/engine/services/rule-docs";

const INDEX_NAME = "README.md";

/** Page name → text, for every page docs/rules/ must hold. */
export function expectedPages(): Map<string, string> {
  const metas = ruleCatalog();
  const pages = new Map<string, string>();
  for (const meta of metas) pages.set(docsPageName(meta.id), ruleDocsMarkdown(meta, { form: "page" }));
  pages.set(INDEX_NAME, rulesIndexMarkdown(metas));
  return pages;
}

/** What differs between the folder and the expected pages: missing, changed and stale files. */
export function docsDifferences(dir: string): string[] {
  const expected = expectedPages();
  const present = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".md")) : [];
  const out: string[] = [];
  for (const [name, text] of expected) {
    if (!present.includes(name)) out.push(`missing: ${name}`);
    else if (readFileSync(`${dir}/${name}`, "utf8") !== text) out.push(`out of date: ${name}`);
  }
  for (const name of present) if (!expected.has(name)) out.push(`no such rule: ${name}`);
  return out;
}

export function writeDocs(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const expected = expectedPages();
  const changed: string[] = [];
  for (const [name, text] of expected) {
    const path = `${dir}/${name}`;
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    writeFileSync(path, text, "utf8");
    changed.push(name);
  }
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".md") && !expected.has(n))) {
    rmSync(`${dir}/${name}`);
    changed.push(`${name} (removed)`);
  }
  return changed;
}

function main(): void {
  const dir = fileURLToPath(new URL("../docs/rules", import.meta.url));
  if (process.argv.includes("--check")) {
    const differences = docsDifferences(dir);
    if (differences.length > 0) {
      process.stderr.write(`docs/rules is not what the rules generate:\n${differences.map((d) => `  ${d}`).join("\n")}\nRun: node --import tsx scripts/generate-docs.ts\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`docs/rules is up to date (${expectedPages().size} pages).\n`);
    }
    return;
  }
  const changed = writeDocs(dir);
  process.stdout.write(changed.length > 0 ? `docs/rules: ${changed.join(", ")}\n` : "docs/rules is up to date.\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
