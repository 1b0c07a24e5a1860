/**
 * The real deployment files of ../shared/corpus: the engine survives every one of them, and
 * the official single-node examples stay quiet about cluster problems.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import { fsWorkspace } from "../helpers/workspace";
import { rebuildCorpus } from "../helpers/corpus";

const { root, files } = rebuildCorpus();
after(() => rmSync(root, { recursive: true, force: true }));

describe("corpus", () => {
  it("has the files of the manifest", () => assert.ok(files.length >= 40, `only ${files.length} corpus files`));

  it("lints every file without a rule throwing", () => {
    const engine = new Engine();
    const errors: string[] = [];
    engine.onRuleError = (id, error) => errors.push(`${id}: ${String(error)}`);
    const result = engine.lintPaths(files.map((f) => f.path), fsWorkspace, {});
    assert.deepEqual(errors, []);
    assert.ok(result.projects.length >= 30, `only ${result.projects.length} projects`);
  });

  it("reports nothing caused by template syntax in the files that hold Jinja or Go templates", () => {
    const templated = files.filter((f) => /\{\{|\{%/.test(readFileSync(f.path, "utf8")));
    assert.ok(templated.length >= 3, `only ${templated.length} templated corpus files`);
    const result = new Engine().lintPaths(
      templated.map((f) => f.path),
      fsWorkspace,
      {},
    );
    // A finding whose own text is a template expression, or a parse error, would be the template's doing.
    const caused = result.findings.filter((f) => {
      const text = result.texts.get(f.location.path) ?? "";
      return f.ruleId === "yaml/syntax" || f.ruleId === "env/syntax" || /\{\{|\{%/.test(text.slice(f.location.span.start, f.location.span.end));
    });
    assert.deepEqual(
      caused.map((f) => `${f.ruleId} ${f.location.path.slice(root.length)}`),
      [],
    );
  });

  it("keeps the official single-node Nextcloud examples free of cluster findings", () => {
    const official = files.filter((f) => f.repo === "nextcloud/docker" && f.kind === "compose");
    assert.ok(official.length >= 10);
    const engine = new Engine();
    const result = engine.lintPaths(official.map((f) => f.path), fsWorkspace, {});
    const cluster = result.findings.filter((f) => /^(sessions|locking|cron)\//.test(f.ruleId) || f.ruleId === "storage/sqlite-in-cluster");
    assert.deepEqual(cluster.map((f) => `${f.ruleId} ${f.location.path.slice(root.length)}`), []);
  });
});
