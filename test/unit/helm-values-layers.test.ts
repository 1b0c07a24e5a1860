/**
 * Several values files deploy one release (`helm install -f values.yaml -f values-prod.yaml`):
 * later files win, mappings merge key by key, any other value (a list, a scalar, null) replaces
 * what the files below wrote (https://helm.sh/docs/chart_template_guide/values_files/), and a
 * finding lands on the line of the file whose value wins.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { createHelmView } from "../../server/src/engine/model/helm-adapter";
import { discoverProject, loadProject } from "../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { lintOptionsOf, readSettings } from "../../server/src/lsp/settings";
import { lintOptionsOfConfig } from "../../server/src/engine/config/config-options";

const BASE = "/r/values.yaml";
const PROD = "/r/values-prod.yaml";
const base = ["replicaCount: 1", "persistence:", "  enabled: true", "  accessMode: ReadWriteOnce", "internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n");

function lint(files: Record<string, string>, options: LintOptions = {}) {
  const engine = new Engine();
  engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
  return engine.lintPaths(Object.keys(files), new MapWorkspace(new Map(Object.entries(files))), options);
}

/** `file:line:column-endLine:endColumn`, 1-based, of a location in the given texts. */
function at(files: Record<string, string>, location: { path: string; span: { start: number; end: number } }): string {
  const text = files[location.path];
  const pos = (offset: number): string => {
    const before = text.slice(0, offset).split("\n");
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${location.path}:${pos(location.span.start)}-${pos(location.span.end)}`;
}

function rows(files: Record<string, string>, options: LintOptions, ruleId: string): string[] {
  return lint(files, options)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => at(files, f.location));
}

const layered: LintOptions = { helmValues: [[BASE, PROD]] };

describe("Helm values layers", () => {
  it("finds the ReadWriteOnce claim of values.yaml once values-prod.yaml scales to 3, on the line of values.yaml", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\n" };
    const result = lint(files, layered);
    const rwo = result.findings.filter((f) => f.ruleId === "storage/rwo-in-cluster");
    assert.deepEqual(rwo.map((f) => at(files, f.location)), [`${BASE}:4:3-4:13`]);
    assert.ok(rwo[0].related.some((r) => at(files, r.location) === `${PROD}:1:1-1:13` && /3 replicas/.test(r.message)), "the replica count of values-prod.yaml is a related location");
    // One release, linted once: its entry is the last layer, and both files are read.
    assert.deepEqual(result.projects.map((p) => [p.entry, p.files.filter((f) => f.startsWith("/r/"))]), [[PROD, [BASE, PROD]]]);
  });

  it("without the layering each file is its own release: no ReadWriteOnce finding, values-prod.yaml alone runs SQLite", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\n" };
    assert.deepEqual(rows(files, {}, "storage/rwo-in-cluster"), []);
    assert.deepEqual(rows(files, {}, "storage/sqlite-in-cluster"), [`${PROD}:1:1-1:13`]);
    assert.deepEqual(rows(files, layered, "storage/sqlite-in-cluster"), []);
  });

  it("a higher file's value wins: ReadWriteMany in values-prod.yaml silences the claim of values.yaml", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\npersistence:\n  accessMode: ReadWriteMany\n" };
    assert.deepEqual(rows(files, layered, "storage/rwo-in-cluster"), []);
    // The mapping merged: persistence.enabled still comes from values.yaml.
    assert.deepEqual(rows(files, layered, "storage/no-persistence-in-cluster"), []);
  });

  it("takes the layers from a helmfile release of the chart, in its order, without any setting", () => {
    const helmfile = (values: string[]): string => ["repositories:", "  - name: nextcloud", "    url: https://nextcloud.github.io/helm/", "releases:", "  - name: cloud", "    chart: nextcloud/nextcloud", "    values:", ...values.map((v) => `      - ${v}`), ""].join("\n");
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\n", "/r/helmfile.yaml": helmfile(["values.yaml", "values-prod.yaml"]) };
    assert.deepEqual(rows(files, {}, "storage/rwo-in-cluster"), [`${BASE}:4:3-4:13`]);
    // The other order, and a release with inline values too (not a file set), are not layered from the helmfile.
    assert.deepEqual(rows({ ...files, "/r/helmfile.yaml": helmfile(["values-prod.yaml", "values.yaml"]) }, {}, "storage/rwo-in-cluster"), []);
    assert.deepEqual(rows({ ...files, "/r/helmfile.yaml": helmfile(["values.yaml", "values-prod.yaml", "{replicaCount: 1}"]) }, {}, "storage/rwo-in-cluster"), []);
  });

  it("the order matters: the same two files the other way round keep replicaCount: 1", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\n" };
    assert.deepEqual(rows(files, { helmValues: [[PROD, BASE]] }, "storage/rwo-in-cluster"), []);
  });

  it("null in a higher file removes the block of the files below: persistence is the chart's default (off) again", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\npersistence: null\n" };
    assert.deepEqual(rows(files, layered, "storage/rwo-in-cluster"), []);
    assert.equal(rows(files, layered, "storage/no-persistence-in-cluster").length, 1);
  });

  it("the view merges mappings, replaces lists and leaves a templated value unknown", () => {
    const files = {
      [BASE]: "nextcloud:\n  host: a.example\n  trustedDomains: [a.example, b.example]\npersistence:\n  enabled: true\n  size: 8Gi\n",
      [PROD]: "nextcloud:\n  trustedDomains: [c.example]\npersistence:\n  size: 100Gi\nreplicaCount: {{ .Values.n }}\n",
    };
    const ws = new MapWorkspace(new Map(Object.entries(files)));
    const cache = new DocumentCache();
    const spec = discoverProject(BASE, ws, cache, layered);
    assert.deepEqual(spec, { kind: "helm", entry: PROD, valuesLayers: [BASE, PROD] });
    const helm = createHelmView(loadProject(spec!, ws, cache, layered), "nextcloud");
    assert.deepEqual(helm.get("nextcloud.trustedDomains")?.value, ["c.example"]);
    assert.equal(at(files, helm.get("nextcloud.trustedDomains")!.location!), `${PROD}:2:3-2:17`);
    assert.equal(helm.get("nextcloud.host")?.value, "a.example");
    assert.equal(at(files, helm.get("nextcloud.host")!.location!), `${BASE}:2:3-2:7`);
    assert.deepEqual(helm.get("persistence")?.value, { enabled: true, size: "100Gi" });
    assert.equal(helm.get("replicaCount")?.certainty, "unknown");
    assert.equal(helm.has("nextcloud.host"), true);
    assert.equal(helm.has("cronjob.enabled"), false);
  });

  it("skips a listed file that is not in the workspace, and a broken one does not crash the release", () => {
    const files = { [BASE]: base, [PROD]: "replicaCount: 3\npersistence: [\n" };
    assert.doesNotThrow(() => lint(files, { helmValues: [["/r/missing.yaml", BASE, PROD]] }));
    const alone = { [BASE]: base.replace("replicaCount: 1", "replicaCount: 3") };
    assert.deepEqual(rows(alone, { helmValues: [[BASE, "/r/values-missing.yaml"]] }, "storage/rwo-in-cluster"), [`${BASE}:4:3-4:13`]);
  });

  it("checks the keys of every layer: a typo in the lower file is still reported", () => {
    const files = { [BASE]: `${base}persistance:\n  enabled: true\n`, [PROD]: "replicaCount: 3\n" };
    assert.deepEqual(rows(files, layered, "config/unknown-variable"), [`${BASE}:9:1-9:12`]);
  });

  it("chart pitfalls read every layer: the published admin password of values.yaml is reported under a values-prod.yaml without a nextcloud section", () => {
    const files = { [BASE]: `${base}nextcloud:\n  host: cloud.example.com\n  password: changeme\n`, [PROD]: "replicaCount: 3\n" };
    // The MariaDB subchart's published password (mariadb.enabled, line 8) and the admin password (line 11).
    assert.deepEqual(rows(files, layered, "security/default-credentials"), [`${BASE}:8:3-8:10`, `${BASE}:11:13-11:21`]);
    assert.deepEqual(rows({ ...files, [PROD]: "replicaCount: 3\nnextcloud:\n  existingSecret:\n    enabled: true\n" }, layered, "security/default-credentials"), [`${BASE}:8:3-8:10`]);
  });

  it(".scaleout.yaml names the files from its own folder; the editor's are absolute or relative to a workspace folder and come first", () => {
    assert.deepEqual(lintOptionsOfConfig({ helmValues: [["values.yaml", "env/prod.yaml"]] }, "/repo/deploy").helmValues, [["/repo/deploy/values.yaml", "/repo/deploy/env/prod.yaml"]]);
    const settings = readSettings({ helmValues: [["charts/values.yaml", "values-prod.yaml"], ["/abs/a.yaml"], "not a list", []] });
    assert.deepEqual(settings.helmValues, [["charts/values.yaml", "values-prod.yaml"], ["/abs/a.yaml"]]);
    assert.deepEqual(lintOptionsOf(settings, { helmValues: [["/w/x.yaml", "/w/y.yaml"]] }, ["/w"]).helmValues, [["/w/charts/values.yaml", "/w/values-prod.yaml"], ["/abs/a.yaml"], ["/w/x.yaml", "/w/y.yaml"]]);
  });
});
