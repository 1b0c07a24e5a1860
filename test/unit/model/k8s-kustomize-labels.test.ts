/**
 * Kustomize's labels (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/,
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/commonlabels/): where each
 * form writes them, as Kustomize's field specs list (commonlabels.go, metadatalabels.go).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asMap, get, parseYaml, type YMap, type YNode, type YScalar } from "../../../server/src/engine/documents/yaml-tree";
import { applyTransforms } from "../../../server/src/engine/project/kustomize-patch";

const doc = (text: string): YMap => asMap(parseYaml("/k/x.yaml", text).roots[0])!;
const label = (text: string): YScalar => get(parseYaml("/k/kustomization.yaml", `v: ${text}\n`).roots[0], "v") as YScalar;
const labels = (node: YNode | undefined): Record<string, string> => Object.fromEntries((asMap(node)?.entries ?? []).map((e) => [e.key, String((e.value as YScalar).text)]));

const deployment = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nextcloud",
  "spec:",
  "  selector:",
  "    matchLabels:",
  "      app: nextcloud",
  "  template:",
  "    metadata:",
  "      labels:",
  "        app: nextcloud",
  "    spec:",
  "      affinity:",
  "        podAntiAffinity:",
  "          requiredDuringSchedulingIgnoredDuringExecution:",
  "            - labelSelector:",
  "                matchLabels:",
  "                  app: nextcloud",
  "              topologyKey: kubernetes.io/hostname",
  "            - labelSelector:",
  "                matchExpressions: []",
  "              topologyKey: kubernetes.io/hostname",
  "",
].join("\n");

describe("kustomize labels", () => {
  it("commonLabels: metadata, selector, pod template, and affinity selectors that have matchLabels", () => {
    const [out] = applyTransforms([doc(deployment)], [{ kind: "labels", labels: [["env", label("prod")]], selectors: true, templates: true }]);
    assert.deepEqual(labels(get(out, "metadata", "labels")), { env: "prod" });
    assert.deepEqual(labels(get(out, "spec", "selector", "matchLabels")), { app: "nextcloud", env: "prod" });
    assert.deepEqual(labels(get(out, "spec", "template", "metadata", "labels")), { app: "nextcloud", env: "prod" });
    const terms = get(out, "spec", "template", "spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
    assert.equal(terms?.kind, "seq");
    if (terms?.kind !== "seq") return;
    assert.deepEqual(labels(get(terms.items[0], "labelSelector", "matchLabels")), { app: "nextcloud", env: "prod" });
    assert.equal(get(terms.items[1], "labelSelector", "matchLabels"), undefined, "not created where the term has none");
  });

  it("labels: without options only on metadata; includeTemplates on templates too; a later value wins", () => {
    const plain = applyTransforms([doc(deployment)], [{ kind: "labels", labels: [["app", label("cloud")]], selectors: false, templates: false }])[0];
    assert.deepEqual(labels(get(plain, "metadata", "labels")), { app: "cloud" });
    assert.deepEqual(labels(get(plain, "spec", "template", "metadata", "labels")), { app: "nextcloud" });
    assert.deepEqual(labels(get(plain, "spec", "selector", "matchLabels")), { app: "nextcloud" });
    const templates = applyTransforms([doc(deployment)], [{ kind: "labels", labels: [["tier", label("web")]], selectors: false, templates: true }])[0];
    assert.deepEqual(labels(get(templates, "spec", "template", "metadata", "labels")), { app: "nextcloud", tier: "web" });
    assert.deepEqual(labels(get(templates, "spec", "selector", "matchLabels")), { app: "nextcloud" });
  });

  it("Service selectors and CronJob templates; other kinds keep their fields", () => {
    const service = doc("apiVersion: v1\nkind: Service\nmetadata:\n  name: redis\nspec:\n  selector:\n    app: redis\n");
    const cron = doc("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cron\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: []\n");
    const claim = doc("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  selector:\n    matchLabels:\n      disk: nfs\n");
    const [s, c, p] = applyTransforms([service, cron, claim], [{ kind: "labels", labels: [["env", label("prod")]], selectors: true, templates: true }]);
    assert.deepEqual(labels(get(s, "spec", "selector")), { app: "redis", env: "prod" });
    assert.deepEqual(labels(get(c, "spec", "jobTemplate", "spec", "template", "metadata", "labels")), { env: "prod" });
    assert.deepEqual(labels(get(c, "spec", "jobTemplate", "metadata", "labels")), { env: "prod" });
    assert.deepEqual(labels(get(p, "spec", "selector", "matchLabels")), { disk: "nfs" }, "a claim's selector is not Kustomize's to change");
  });
});
