/**
 * What the CLI prints for real repositories names no internal document, in any format: the
 * corpus (laid out at its original paths) and examples/, as text, JSON, SARIF (whose rule table
 * carries every rule's help) and GitHub annotations. SARIF rules link a public page.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { helpUriOf, sarifLog } from "../../server/src/cli/format-sarif";
import { LintReport } from "../../server/src/cli/lint-report";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { allRules } from "../../server/src/engine/rules/registry";
import { SecretRedactor } from "../../server/src/engine/services/redact";
import { rebuildCorpus } from "../helpers/corpus";
import { INTERNAL_IN_OUTPUT } from "../helpers/internal-names";
import { repoRoot, runCli } from "./cli-harness";

const FORMATS = ["text", "json", "sarif", "github"];

function internalHits(output: string): string[] {
  return output.split("\n").flatMap((line, i) => (INTERNAL_IN_OUTPUT.test(line) ? [`${i + 1}: ${line.trim().slice(0, 160)}`] : []));
}

describe("CLI output cites public sources only", () => {
  const corpus = rebuildCorpus();
  after(() => rmSync(corpus.root, { recursive: true, force: true }));

  for (const format of FORMATS) {
    it(`--format ${format} over the corpus and examples/`, () => {
      for (const [cwd, args] of [
        [corpus.root, ["check", "--no-ignore", "--format", format, "--no-color"]],
        [repoRoot, ["check", "examples", "--format", format, "--no-color"]],
      ] as const) {
        const { code, stdout, stderr } = runCli([...args], cwd);
        assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
        assert.ok(stdout.length > 0);
        assert.deepEqual(internalHits(stdout), [], `${format} in ${cwd}`);
        assert.deepEqual(internalHits(stderr), [], `${format} in ${cwd} (stderr)`);
      }
    });
  }

  it("gives every rule a public helpUri (the first URL its documentation cites) and the help text and markdown", () => {
    const rules = JSON.parse(runCli(["check", "examples", "--format", "sarif"], repoRoot).stdout).runs[0].tool.driver.rules as {
      id: string;
      helpUri?: string;
      help: { text: string; markdown: string };
    }[];
    assert.equal(rules.length, allRules.length);
    for (const rule of rules) {
      const meta = allRules.find((r) => r.meta.id === rule.id)!.meta;
      const firstUrl = meta.docs.sources.find((s) => s.startsWith("https://") || s.startsWith("http://"));
      assert.ok(firstUrl, `${rule.id} cites no public URL`);
      assert.equal(rule.helpUri, firstUrl, rule.id);
      assert.match(rule.helpUri!, /^https?:\/\/[^\s]+$/);
      assert.ok(rule.help.text.length > 0 && rule.help.markdown.includes("## Sources"), rule.id);
    }
    assert.equal(helpUriOf({ ...allRules[0].meta, docs: { ...allRules[0].meta.docs, sources: ["a note", " https://example.org/x "] } }), "https://example.org/x");
    assert.equal(helpUriOf({ ...allRules[0].meta, docs: { ...allRules[0].meta.docs, sources: ["a note"] } }), undefined);
  });

  it("puts the tool's informationUri in the driver when there is one, and none is made up", () => {
    const report = new LintReport(repoRoot, [], [], new Map(), new SecretRedactor(new DocumentCache()));
    const driverOf = (log: object): Record<string, unknown> => (log as { runs: { tool: { driver: Record<string, unknown> } }[] }).runs[0].tool.driver;
    assert.equal(driverOf(sarifLog(report, "1.2.3", "https://example.org/scaleout-lint")).informationUri, "https://example.org/scaleout-lint");
    assert.equal("informationUri" in driverOf(sarifLog(report, "1.2.3", undefined)), false);
  });
});
