import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import { helmfileReleases, kustomizeHelmCharts } from "../../../server/src/engine/project/chart-sources";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function read(files: Record<string, string>, entry: string, reader: typeof kustomizeHelmCharts) {
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const cache = new DocumentCache();
  return reader(cache.yamlFile(entry, files[entry]), ws, cache);
}

/** Each layer's file and first key, lowest first. */
const layersOf = (d: ReturnType<typeof kustomizeHelmCharts>[number]): string[] =>
  (d.values.layers ?? [{ file: d.values.file, root: d.values.root }]).map((l) => `${l.file.path}:${l.root.entries[0]?.key ?? ""}`);

describe("kustomize helmCharts", () => {
  const kustomization = (extra: string[]): string => ["namespace: cloud", "helmCharts:", "  - name: mariadb", "    repo: https://charts.bitnami.com/bitnami", "    releaseName: db", ...extra.map((l) => `    ${l}`), ""].join("\n");
  const files = { "/r/values.yaml": "fromFile: 1\n", "/r/more.yaml": "more: 1\n" };

  it("layers valuesFile, valuesInline (override by default) and additionalValuesFiles as the generator does", () => {
    const [d] = read({ ...files, "/r/kustomization.yaml": kustomization(["valuesFile: values.yaml", "additionalValuesFiles: [more.yaml]", "valuesInline:", "  inline: 1"]) }, "/r/kustomization.yaml", kustomizeHelmCharts);
    assert.deepEqual(layersOf(d), ["/r/values.yaml:fromFile", "/r/kustomization.yaml:inline", "/r/more.yaml:more"]);
    assert.equal(d.release, "db");
    assert.equal(d.namespace, "cloud");
    assert.equal(d.repository, "https://charts.bitnami.com/bitnami");
  });

  it("puts the file over the inline values with valuesMerge: merge, and drops it with replace", () => {
    const merge = read({ ...files, "/r/kustomization.yaml": kustomization(["valuesFile: values.yaml", "valuesMerge: merge", "valuesInline:", "  inline: 1"]) }, "/r/kustomization.yaml", kustomizeHelmCharts);
    assert.deepEqual(layersOf(merge[0]), ["/r/kustomization.yaml:inline", "/r/values.yaml:fromFile"]);
    const replace = read({ ...files, "/r/kustomization.yaml": kustomization(["valuesFile: values.yaml", "valuesMerge: replace", "valuesInline:", "  inline: 1"]) }, "/r/kustomization.yaml", kustomizeHelmCharts);
    assert.deepEqual(layersOf(replace[0]), ["/r/kustomization.yaml:inline"]);
  });

  it("leaves out a chart whose values file is missing, and names no release the generator would make up", () => {
    assert.deepEqual(read({ "/r/kustomization.yaml": kustomization(["valuesFile: gone.yaml"]) }, "/r/kustomization.yaml", kustomizeHelmCharts), []);
    const [d] = read({ "/r/kustomization.yaml": kustomization([]).replace("    releaseName: db\n", "") }, "/r/kustomization.yaml", kustomizeHelmCharts);
    assert.equal(d.release, undefined);
  });
});

describe("helmfile releases", () => {
  const helmfile = (release: string[]): string =>
    ["repositories:", "  - name: bitnami", "    url: https://charts.bitnami.com/bitnami", "releases:", "  - name: db", "    namespace: data", ...release.map((l) => `    ${l}`), ""].join("\n");

  it("resolves the chart's repository and layers values files and inline maps in order", () => {
    const [d] = read({ "/r/db.yaml": "a: 1\n", "/r/helmfile.yaml": helmfile(["chart: bitnami/mariadb", "version: 20.5.3", "values:", "  - db.yaml", "  - b: 2"]) }, "/r/helmfile.yaml", helmfileReleases);
    assert.deepEqual({ chart: d.chart, repository: d.repository, release: d.release, namespace: d.namespace, version: d.version }, { chart: "mariadb", repository: "https://charts.bitnami.com/bitnami", release: "db", namespace: "data", version: "20.5.3" });
    assert.deepEqual(layersOf(d), ["/r/db.yaml:a", "/r/helmfile.yaml:b"]);
    const [oci] = read({ "/r/helmfile.yaml": helmfile(["chart: oci://registry-1.docker.io/bitnamicharts/redis"]) }, "/r/helmfile.yaml", helmfileReleases);
    assert.deepEqual([oci.chart, oci.repository], ["redis", "oci://registry-1.docker.io/bitnamicharts"]);
  });

  it("leaves out what the files cannot show: --set values, secrets, templated values files, uninstalled releases, local charts", () => {
    for (const release of [
      ["chart: bitnami/mariadb", "set:", "  - name: primary.extraFlags", "    value: x"],
      ["chart: bitnami/mariadb", "secrets: [secrets.yaml]"],
      ["chart: bitnami/mariadb", "values: [db.yaml.gotmpl]"],
      ["chart: bitnami/mariadb", "installed: false"],
      ["chart: ./charts/mariadb"],
      ["chart: unknown/mariadb"],
    ]) {
      assert.deepEqual(read({ "/r/helmfile.yaml": helmfile(release) }, "/r/helmfile.yaml", helmfileReleases), [], release.join(" "));
    }
  });
});
