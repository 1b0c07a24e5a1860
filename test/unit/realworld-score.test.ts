/**
 * The real-world scorer: its matching on a small synthetic case with known counts, and the shape
 * of test/realworld/repos.json (stored files and licences present, labels point at real lines,
 * rule ids exist). The real precision and recall are reported by `npm run score:realworld`, not
 * asserted here: they move as the rules improve.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ruleCatalog } from "../../server/src/cli/rule-catalog";
import { catalogContract } from "../../server/src/engine/rules/catalog-contract";
import { type Label, loadSet, precision, recall, repoFolder, type ScoredFinding, scoreFindings } from "../../scripts/realworld/score";

describe("real-world scorer: matching", () => {
  const labels: Label[] = [
    { file: "compose.yml", line: 3, rule: "storage/database-on-network-fs", note: "db on NFS" },
    { file: "values.yaml", lines: [5, 6], rules: ["storage/rwo-in-cluster", "upgrade/uncoordinated"], note: "RWO", also: [{ file: "pvc.yaml", line: 2 }] },
    { file: "compose.yml", line: 9, rule: "uncovered/something", note: "no rule covers this" },
    { file: ".env", line: 1, rule: "security/plaintext-secret", note: "password" },
  ];
  const findings: ScoredFinding[] = [
    { rule: "storage/database-on-network-fs", file: "compose.yml", line: 3, message: "" }, // TP
    { rule: "storage/database-on-network-fs", file: "compose.yml", line: 3, message: "" }, // duplicate of the same label
    { rule: "storage/rwo-in-cluster", file: "pvc.yaml", line: 2, message: "" }, // TP through `also`
    { rule: "storage/database-on-network-fs", file: "compose.yml", line: 4, message: "" }, // FP: wrong line
    { rule: "upgrade/uncoordinated", file: "compose.yml", line: 3, message: "" }, // FP: wrong rule for that label
    { rule: "yaml/syntax", file: "tpl.yml.j2", line: 7, message: "" }, // FP, adjudicated for the whole file
    { rule: "compose/undefined-variable", file: "compose.yml", line: 1, message: "" }, // FP, not adjudicated
  ];
  const score = scoreFindings("x/y", labels, findings, [{ rule: "yaml/syntax", file: "tpl.yml.j2", reason: "template" }]);

  it("counts true and false positives, misses and duplicates over all rules", () => {
    assert.deepEqual(score.all, { tp: 2, fp: 4, fn: 2, duplicates: 1, adjudicated: 1, findings: 7, labels: 4 });
    assert.equal(precision(score.all), 2 / 6);
    assert.equal(recall(score.all), 2 / 4);
  });

  it("keeps syntax, env, security and undefined-variable findings out of the cluster figures", () => {
    assert.deepEqual(score.cluster, { tp: 2, fp: 2, fn: 1, duplicates: 1, adjudicated: 0, findings: 5, labels: 3 });
    assert.equal(score.undefinedVariable, 1);
  });

  it("credits a cluster label in the cluster figures only when a cluster rule found it", () => {
    const label: Label = { file: "compose.yml", line: 14, rules: ["compose/env-file-not-interpolated", "compose/undefined-variable"], note: "env_file trap" };
    const byVariableRule = scoreFindings("x/y", [label], [{ rule: "compose/undefined-variable", file: "compose.yml", line: 14, message: "" }]);
    assert.equal(byVariableRule.all.tp, 1);
    assert.deepEqual([byVariableRule.cluster.tp, byVariableRule.cluster.fn, byVariableRule.cluster.findings], [0, 1, 0]);
    const byClusterRule = scoreFindings("x/y", [label], [{ rule: "compose/env-file-not-interpolated", file: "compose.yml", line: 14, message: "" }]);
    assert.deepEqual([byClusterRule.all.tp, byClusterRule.cluster.tp, byClusterRule.cluster.fn], [1, 1, 0]);
  });

  it("lists the misses and the false positives with their adjudication", () => {
    assert.deepEqual(
      score.misses.map((m) => m.ruleIds.join("|")),
      ["uncovered/something", "security/plaintext-secret"],
    );
    assert.deepEqual(
      score.falsePositives.map((f) => `${f.rule}@${f.file}:${f.line}${f.reason ? " (adjudicated)" : ""}`),
      ["storage/database-on-network-fs@compose.yml:4", "upgrade/uncoordinated@compose.yml:3", "yaml/syntax@tpl.yml.j2:7 (adjudicated)", "compose/undefined-variable@compose.yml:1"],
    );
  });
});

describe("real-world set: test/realworld/repos.json is well-formed", () => {
  const set = loadSet();
  // Rules that exist, and rules the public catalog promises (a label may name one not built yet: a miss).
  const ruleIds = new Set([...ruleCatalog().map((meta) => meta.id), ...catalogContract.map((entry) => entry.id)]);
  const linesOf = (loc: { line?: number; lines?: number[] }): number[] => loc.lines ?? (loc.line !== undefined ? [loc.line] : []);

  it("has at least 30 repositories, each once, with a commit, a licence and deployment files", () => {
    assert.ok(set.length >= 30, `${set.length} repositories`);
    assert.equal(new Set(set.map((e) => e.repo)).size, set.length);
    for (const entry of set) {
      assert.match(entry.repo, /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, entry.repo);
      assert.match(entry.commit, /^[0-9a-f]{40}$/, entry.repo);
      assert.ok(typeof entry.licence === "string" && entry.licence.length > 0, entry.repo);
      assert.ok(Array.isArray(entry.files) && entry.files.length > 0, entry.repo);
      assert.ok(Array.isArray(entry.labels), entry.repo);
      if (entry.stored) assert.notEqual(entry.licence, "NOASSERTION", `${entry.repo} is stored without a licence`);
    }
  });

  it("keeps every stored repository's files and its licence file", () => {
    for (const entry of set.filter((e) => e.stored)) {
      const dir = repoFolder(entry.repo);
      assert.ok(entry.licence_file, `${entry.repo}: licence_file`);
      assert.ok(existsSync(join(dir, entry.licence_file!)), `${entry.repo}: ${entry.licence_file} missing`);
      for (const file of entry.files) assert.ok(existsSync(join(dir, file)), `${entry.repo}: ${file} missing`);
    }
  });

  it("points every label and adjudication at a listed file, a line inside it and a known rule", () => {
    for (const entry of set) {
      const lineCount = (file: string): number | undefined => {
        const path = join(repoFolder(entry.repo), file);
        return entry.stored && existsSync(path) ? readFileSync(path, "utf8").split("\n").length : undefined;
      };
      const checkLocation = (where: string, loc: { file: string; line?: number; lines?: number[] }): void => {
        assert.ok(entry.files.includes(loc.file), `${where}: ${loc.file} is not in files`);
        const lines = linesOf(loc);
        assert.ok(lines.length > 0, `${where}: no line`);
        const count = lineCount(loc.file);
        for (const line of lines) {
          assert.ok(Number.isInteger(line) && line >= 1, `${where}: line ${line}`);
          if (count !== undefined) assert.ok(line <= count, `${where}: line ${line} past the end (${count})`);
        }
      };
      for (const label of entry.labels) {
        const where = `${entry.repo} ${label.file}`;
        const rules = label.rules ?? (label.rule ? [label.rule] : []);
        assert.ok(rules.length > 0, `${where}: no rule`);
        for (const rule of rules) assert.ok(rule.startsWith("uncovered/") || ruleIds.has(rule), `${where}: unknown rule ${rule}`);
        assert.ok(typeof label.note === "string" && label.note.length > 0, `${where}: no note`);
        checkLocation(where, label);
        for (const also of label.also ?? []) checkLocation(`${where} (also)`, also);
      }
      for (const fp of entry.false_positives ?? []) {
        assert.ok(entry.files.includes(fp.file), `${entry.repo}: adjudicated ${fp.file} is not in files`);
        assert.ok(ruleIds.has(fp.rule), `${entry.repo}: unknown rule ${fp.rule}`);
        assert.ok(fp.reason.length > 0, `${entry.repo}: adjudication without a reason`);
      }
    }
  });
});
