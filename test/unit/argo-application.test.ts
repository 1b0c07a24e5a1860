/**
 * Argo CD Applications of the nextcloud / owncloud chart: inline `values: |` read where it stands
 * (positions inside the block scalar), `valuesObject` above it, `valueFiles` and `parameters`
 * unseen, in Argo CD's order of precedence
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/helm/).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { MapWorkspace } from "../../server/src/engine/workspace";

const PATH = "/apps/nextcloud.yaml";

function application(helm: string[], eol = "\n", before = ""): string {
  const head = ["apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:", "  name: nextcloud", "spec:", "  source:", "    repoURL: https://nextcloud.github.io/helm/", "    chart: nextcloud", "    targetRevision: 6.6.4", "    helm:"];
  return before + [...head, ...helm.map((l) => `      ${l}`), "  destination:", "    namespace: nextcloud", ""].join(eol);
}

const block = ["values: |", "  replicaCount: 3", "  persistence:", "    enabled: true", "    accessMode: ReadWriteOnce", "  internalDatabase:", "    enabled: false", "  mariadb:", "    enabled: true"];

function findings(text: string, ruleId: string): string[] {
  const engine = new Engine();
  engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
  const result = engine.lintPaths([PATH], new MapWorkspace(new Map([[PATH, text]])), {});
  const index = new LineIndex(text);
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => {
      const s = index.positionAt(f.location.span.start);
      const e = index.positionAt(f.location.span.end);
      return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
    });
}

describe("Argo CD Application", () => {
  it("reports a value of the `values: |` block on its own line and column", () => {
    assert.deepEqual(findings(application(block), "storage/rwo-in-cluster"), ["15:11-15:21"]);
  });

  it("keeps the positions with CRLF line ends, a BOM and an emoji before the block", () => {
    const text = application(block, "\r\n", "\uFEFF# 🚀 nextcloud\r\n");
    assert.deepEqual(findings(text, "storage/rwo-in-cluster"), ["16:11-16:21"]);
  });

  it("valuesObject wins over values; parameters win over both and are unknown here", () => {
    assert.deepEqual(findings(application([...block, "valuesObject:", "  persistence:", "    accessMode: ReadWriteMany"]), "storage/rwo-in-cluster"), []);
    assert.deepEqual(findings(application([...block, "parameters:", "  - name: persistence.accessMode", "    value: ReadWriteMany"]), "storage/rwo-in-cluster"), []);
    assert.deepEqual(findings(application([...block, "parameters:", "  - name: image.tag", "    value: 30.0.0"]), "storage/rwo-in-cluster"), ["15:11-15:21"]);
  });

  it("values files in the chart's repository leave what the block does not write unknown, not the chart default", () => {
    const scaled = ["valueFiles:", "  - values-prod.yaml", "values: |", "  replicaCount: 3"];
    assert.deepEqual(findings(application(scaled), "storage/sqlite-in-cluster"), []);
    assert.deepEqual(findings(application(scaled.slice(2)), "storage/sqlite-in-cluster").length, 1, "without valueFiles SQLite is the chart default");
  });

  it("a quoted values string, a folded block or broken YAML in the block is unknown: no finding, no crash", () => {
    assert.deepEqual(findings(application(['values: "replicaCount: 3"']), "storage/sqlite-in-cluster"), []);
    assert.deepEqual(findings(application(["values: >", "  replicaCount: 3"]), "storage/sqlite-in-cluster"), []);
    assert.deepEqual(findings(application(["values: |", "  replicaCount: 3", "  persistence: [", "  mariadb: {"]), "storage/sqlite-in-cluster"), []);
  });

  it("a chart that is not ours, or another kind of object, is not read as chart values", () => {
    assert.deepEqual(findings(application(block).replace("chart: nextcloud", "chart: wordpress"), "storage/rwo-in-cluster"), []);
    assert.deepEqual(findings(application(block).replace("kind: Application", "kind: ApplicationSet"), "storage/rwo-in-cluster"), []);
  });
});
