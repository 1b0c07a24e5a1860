/** `scaleout.helmValues` over the real server: two values files linted as one Helm release. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FileChangeType } from "vscode-languageserver-protocol";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";

const base = ["replicaCount: 1", "persistence:", "  enabled: true", "  accessMode: ReadWriteOnce", "internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n");
const prod = "replicaCount: 3\n";
const RWO = "storage/rwo-in-cluster";

describe("language server: scaleout.helmValues", () => {
  it("reports the ReadWriteOnce claim of values.yaml once values-prod.yaml scales the release, and drops it when the setting goes", async () => {
    await withServer({ files: { "values.yaml": base, "values-prod.yaml": prod }, settings: { helmValues: [["values.yaml", "values-prod.yaml"]] } }, async (client) => {
      const mark = client.mark();
      await client.open("values.yaml", base);
      await client.open("values-prod.yaml", prod);
      const published = await client.diagnosticsAfter(mark, "values.yaml", hasRule(RWO));
      assert.deepEqual(ofRule(published.diagnostics, RWO).map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[3, 2, 12]]);
      // The release's own sqlite finding of values-prod.yaml alone is not there: it is one release.
      const prodDiagnostics = await client.diagnosticsAfter(mark, "values-prod.yaml");
      assert.ok(lacksRule("storage/sqlite-in-cluster")(prodDiagnostics.diagnostics));
      const unset = client.mark();
      await client.changeSettings({});
      await client.diagnosticsAfter(unset, "values.yaml", lacksRule(RWO));
      await client.diagnosticsAfter(unset, "values-prod.yaml", hasRule("storage/sqlite-in-cluster"));
    });
  });

  it("layers the files a helmfile release lists, and re-lints when the helmfile changes on disk", async () => {
    const helmfile = (values: string[]): string => ["repositories:", "  - name: nextcloud", "    url: https://nextcloud.github.io/helm/", "releases:", "  - name: cloud", "    chart: nextcloud/nextcloud", "    values:", ...values.map((v) => `      - ${v}`), ""].join("\n");
    await withServer({ files: { "values.yaml": base, "values-prod.yaml": prod, "helmfile.yaml": helmfile(["values.yaml", "values-prod.yaml"]) } }, async (client) => {
      let mark = client.mark();
      await client.open("values.yaml", base);
      const published = await client.diagnosticsAfter(mark, "values.yaml", hasRule(RWO));
      assert.deepEqual(ofRule(published.diagnostics, RWO).map((d) => d.range.start.line), [3]);
      client.writeFile("helmfile.yaml", helmfile(["values.yaml"]));
      mark = client.mark();
      await client.watchedFileChanged("helmfile.yaml", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "values.yaml", lacksRule(RWO));
    });
  });

  it("lints the values of a chart a kustomization inflates with its valuesInline, and follows an edit of the kustomization", async () => {
    const kustomization = (replicas: number): string =>
      ["helmCharts:", "  - name: nextcloud", "    repo: https://nextcloud.github.io/helm/", "    releaseName: cloud", "    valuesFile: values.yaml", "    valuesInline:", `      replicaCount: ${replicas}`, ""].join("\n");
    await withServer({ files: { "values.yaml": base, "kustomization.yaml": kustomization(3) } }, async (client) => {
      let mark = client.mark();
      await client.open("values.yaml", base);
      const published = await client.diagnosticsAfter(mark, "values.yaml", hasRule(RWO));
      assert.deepEqual(ofRule(published.diagnostics, RWO).map((d) => d.range.start.line), [3]);
      mark = client.mark();
      await client.open("kustomization.yaml", kustomization(3));
      await client.change("kustomization.yaml", kustomization(1));
      await client.diagnosticsAfter(mark, "values.yaml", lacksRule(RWO));
    });
  });
});
