/**
 * Runs every rule fixture under test/rules/<concern>/<rule>/:
 *   invalid/<case>/  deployment files + expected.json → the rule fires exactly there; the
 *                    golden files in fixed/ are what the first fix of each finding produces,
 *                    and the fixed project fires the rule only where no fix was offered
 *                    (fixture-coverage.test.ts requires fixed/ when any finding has a fix);
 *                    every file a fix edits has its golden file there, at its path in the case
 *                    (`fixed/.env`, `fixed/compose.override.yaml`), so a fix that belongs in
 *                    another file is seen to edit that file; a golden file equal to its input
 *                    says the fix leaves that file alone;
 *   valid/<case>/    near misses → the rule stays silent.
 * expected.json: { "options"?: LintOptions, "findings": [{ "file", "line", "column", "endLine",
 * "endColumn", "severity"?, "message"? (substring), "related"?: [{ "file", "line" }] }] }
 * (1-based lines and UTF-16 columns, as the CLI prints them). A case's own `.scaleout.yaml` sets
 * options as the CLI reads it (expected.json's options win).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { describe, it } from "node:test";
import { applyEdits, editsByPath } from "../../server/src/engine/fixes/apply-edits";
import type { Finding } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { ruleById } from "../../server/src/engine/rules/registry";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { filesBelow, fsWorkspace } from "../helpers/workspace";
import { caseOptions } from "../helpers/case-options";

interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity?: string;
  message?: string;
  related?: { file: string; line: number }[];
}

interface Expected {
  options?: LintOptions;
  findings: ExpectedFinding[];
}

const root = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
const isCaseInput = (name: string): boolean => name !== "expected.json" && name !== "fixed" && name !== "README.md";

function lintCase(dir: string, given: LintOptions): { findings: Finding[]; texts: Map<string, string> } {
  const options = caseOptions(dir, given);
  const engine = new Engine();
  engine.onRuleError = (id, error) => {
    throw new Error(`rule ${id} threw: ${String(error)}`);
  };
  return engine.lintPaths(filesBelow(dir, (n) => !isCaseInput(n)), fsWorkspace, options);
}

function describeFinding(f: Finding, texts: Map<string, string>): string {
  const index = new LineIndex(texts.get(f.location.path) ?? "");
  const s = index.positionAt(f.location.span.start);
  const e = index.positionAt(f.location.span.end);
  return `${f.location.path}:${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${f.message}`;
}

for (const concern of readdirSync(root).filter((n) => statSync(`${root}/${n}`).isDirectory()).sort()) {
  for (const ruleName of readdirSync(`${root}/${concern}`).filter((n) => statSync(`${root}/${concern}/${n}`).isDirectory()).sort()) {
    const ruleId = `${concern}/${ruleName}`;
    const ruleDir = `${root}/${concern}/${ruleName}`;
    describe(ruleId, () => {
      it("is a registered rule", () => assert.ok(ruleById(ruleId), `${ruleId} has fixtures but is not in the registry`));
      const invalidDir = `${ruleDir}/invalid`;
      for (const name of existsSync(invalidDir) ? readdirSync(invalidDir).sort() : []) {
        const dir = `${invalidDir}/${name}`;
        it(`fires on invalid/${name}`, () => {
          const expected = JSON.parse(readFileSync(`${dir}/expected.json`, "utf8")) as Expected;
          const { findings, texts } = lintCase(dir, expected.options ?? {});
          const mine = findings.filter((f) => f.ruleId === ruleId);
          const actual = mine.map((f) => {
            const index = new LineIndex(texts.get(f.location.path) ?? "");
            const s = index.positionAt(f.location.span.start);
            const e = index.positionAt(f.location.span.end);
            return { file: f.location.path.slice(dir.length + 1), line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
          });
          assert.deepEqual(
            actual,
            expected.findings.map(({ file, line, column, endLine, endColumn }) => ({ file, line, column, endLine, endColumn })),
            `findings of ${ruleId}:\n${mine.map((f) => describeFinding(f, texts)).join("\n")}`,
          );
          expected.findings.forEach((want, i) => {
            if (want.severity) assert.equal(mine[i].severity, want.severity);
            if (want.message) assert.ok(mine[i].message.includes(want.message), `message "${mine[i].message}" lacks "${want.message}"`);
            if (want.related) {
              const related = mine[i].related.map((r) => ({ file: r.location.path.slice(dir.length + 1), line: new LineIndex(texts.get(r.location.path) ?? "").positionAt(r.location.span.start).line + 1 }));
              for (const r of want.related) assert.ok(related.some((x) => x.file === r.file && x.line === r.line), `related ${JSON.stringify(r)} missing in ${JSON.stringify(related)}`);
            }
          });
          const fixedDir = `${dir}/fixed`;
          if (!existsSync(fixedDir)) return;
          const edits = mine.flatMap((f) => f.fixes[0]?.edits ?? []);
          assert.ok(edits.length > 0, "fixed/ exists but the findings carry no fix");
          const files = new Map<string, string>();
          for (const path of filesBelow(dir, (n) => !isCaseInput(n))) files.set(path, readFileSync(path, "utf8"));
          for (const [path, fileEdits] of editsByPath(edits)) {
            // A fix that edits another file (the `.env` behind a `${VAR}`, the override) shows that file in fixed/ too.
            assert.ok(existsSync(`${fixedDir}/${path.slice(dir.length + 1)}`), `the fix edits ${path.slice(dir.length + 1)}, which has no golden file in fixed/`);
            const result = applyEdits(files.get(path) ?? "", fileEdits);
            assert.equal(result.skipped.length, 0, "overlapping fix edits");
            files.set(path, result.text);
          }
          for (const golden of filesBelow(fixedDir)) {
            const rel = golden.slice(fixedDir.length + 1);
            // `UPDATE_GOLDEN=1` rewrites the golden files that exist (review the diff before committing).
            if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, files.get(`${dir}/${rel}`) ?? "");
            assert.equal(files.get(`${dir}/${rel}`), readFileSync(golden, "utf8"), `fixed ${rel} differs from the golden file`);
          }
          // Findings that offer no fix stay; every finding that offered one must be gone.
          const relinted = new Engine().lintPaths([...files.keys()], new MapWorkspace(files), caseOptions(dir, expected.options ?? {}));
          const still = relinted.findings.filter((f) => f.ruleId === ruleId);
          assert.deepEqual(
            still.map((f) => f.message).sort(),
            mine.filter((f) => f.fixes.length === 0).map((f) => f.message).sort(),
            `the fixed files still fire the rule where a fix was applied:\n${still.map((f) => describeFinding(f, relinted.texts)).join("\n")}`,
          );
        });
      }
      const validDir = `${ruleDir}/valid`;
      for (const name of existsSync(validDir) ? readdirSync(validDir).sort() : []) {
        const dir = `${validDir}/${name}`;
        it(`stays silent on valid/${name}`, () => {
          const optionsFile = `${dir}/expected.json`;
          const options = existsSync(optionsFile) ? ((JSON.parse(readFileSync(optionsFile, "utf8")) as Expected).options ?? {}) : {};
          const { findings, texts } = lintCase(dir, options);
          assert.deepEqual(findings.filter((f) => f.ruleId === ruleId).map((f) => describeFinding(f, texts)), []);
        });
      }
    });
  }
}
