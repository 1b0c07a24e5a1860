import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { LintOptions } from "../../../server/src/engine/lint-api";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { lintOptionsOfConfig } from "../../../server/src/engine/config/config-options";
import { parseScaleoutConfig } from "../../../server/src/engine/config/scaleout-config";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

/** The model of the Nextcloud Deployment in /repo/app, beside the other files of the workspace. */
function modelOf(files: Record<string, string>, options: LintOptions = {}): ClusterModel {
  const ws = new MapWorkspace(new Map(Object.entries({ "/repo/app/deployment.yaml": deployment, ...files })));
  const engine = new Engine();
  const spec = engine.discover("/repo/app/deployment.yaml", ws);
  assert.ok(spec && spec.kind === "k8s");
  return buildModel(loadProject(spec, ws, engine.cache, { workspaceRoots: ["/repo"], ...options }));
}

const deployment = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nextcloud",
  "  namespace: cloud",
  "spec:",
  "  replicas: 2",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nextcloud:31-apache",
  "          env:",
  "            - name: MYSQL_HOST",
  "              value: cloud-mariadb.db",
  "            - name: REDIS_HOST",
  "              value: cache-redis-master.db.svc.cluster.local",
  "",
].join("\n");

const application = (name: string, chart: string, values: string[] = [], extra: string[] = []): string =>
  [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  destination:",
    "    namespace: db",
    "  source:",
    "    repoURL: https://charts.bitnami.com/bitnami",
    `    chart: ${chart}`,
    ...extra.map((l) => `    ${l}`),
    ...(values.length > 0 ? ["    helm:", "      valuesObject:", ...values.map((l) => `        ${l}`)] : []),
    "",
  ].join("\n");

const releaseNames = (m: ClusterModel): string[] => [...m.databases.filter((d) => d.origin === "release"), ...m.redis.filter((r) => r.origin === "release")].map((x) => x.service.name).sort();

describe("Bitnami releases beside the app", () => {
  it("names a release's Service as Bitnami's fullname does: <release>-<chart>, or the release when it contains the chart's name", () => {
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb") })), ["cloud-mariadb"]);
    // "cloud-mariadb" contains "mariadb": the release name alone.
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud-mariadb", "mariadb") })), ["cloud-mariadb"]);
    // helm.releaseName wins over the Application's name.
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("database", "mariadb", [], ["helm:", "  releaseName: cloud"]) })), ["cloud-mariadb"]);
    // nameOverride replaces the chart's name.
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb", ["nameOverride: maria"]) })), []);
  });

  it("links a database only in the namespace the host names, and only when one release can be meant", () => {
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb").replace("namespace: db", "namespace: other") })), []);
    const twice = { "/repo/db/app.yaml": application("cloud", "mariadb"), "/repo/db2/app.yaml": application("cloud", "mariadb") };
    assert.deepEqual(releaseNames(modelOf(twice)), []);
  });

  it("takes a bare host for a Service of the app's own namespace", () => {
    const bare = { "/repo/app/deployment.yaml": deployment.replace("value: cloud-mariadb.db", "value: cloud-mariadb") };
    // The Deployment is in namespace cloud: the release in db is not what `cloud-mariadb` reaches.
    assert.deepEqual(releaseNames(modelOf({ ...bare, "/repo/db/app.yaml": application("cloud", "mariadb") })), []);
    assert.deepEqual(releaseNames(modelOf({ ...bare, "/repo/db/app.yaml": application("cloud", "mariadb").replace("namespace: db", "namespace: cloud") })), ["cloud-mariadb"]);
    // The folder's kustomization sets the namespace instead of the manifest.
    const kustomized = { "/repo/app/deployment.yaml": bare["/repo/app/deployment.yaml"].replace("  namespace: cloud\n", ""), "/repo/app/kustomization.yaml": "namespace: cloud\nresources: [deployment.yaml]\n" };
    assert.deepEqual(releaseNames(modelOf({ ...kustomized, "/repo/db/app.yaml": application("cloud", "mariadb") })), []);
    assert.deepEqual(releaseNames(modelOf({ ...kustomized, "/repo/db/app.yaml": application("cloud", "mariadb").replace("namespace: db", "namespace: cloud") })), ["cloud-mariadb"]);
  });

  it("takes the primary's Service with architecture: replication, and Redis's master Service", () => {
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb", ["architecture: replication"]) })), []);
    // A values file the engine cannot read may set fullnameOverride: the name is unknown.
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb", [], ["helm:", "  valueFiles: [values.yaml]"]) })), []);
    const cache = modelOf({ "/repo/cache/app.yaml": application("cache", "redis", ["auth:", "  password: pw"]) });
    assert.deepEqual(releaseNames(cache), ["cache-redis-master"]);
    assert.equal(cache.redis[0].password?.value, "pw");
    assert.equal(cache.redis[0].auth?.edit, undefined, "another release's values get no fix of this project's");
    // Sentinel fronts every node: which one answers is unknown.
    assert.deepEqual(releaseNames(modelOf({ "/repo/cache/app.yaml": application("cache", "redis", ["sentinel:", "  enabled: true"]) })), []);
  });

  it("reads the release's values over Bitnami's defaults: persistence on, isolation the server's", () => {
    const m = modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb") });
    const db = m.databases.find((d) => d.origin === "release")!;
    assert.equal(db.persistence?.value, true);
    assert.equal(db.persistence?.certainty, "defaulted");
    assert.equal(db.isolation?.value, "REPEATABLE-READ");
    assert.equal(db.isolation?.certainty, "defaulted");
    assert.equal(db.service.nameLocation.path, "/repo/db/app.yaml");
    // A ConfigMap of its own replaces the configuration: what it sets is unknown.
    const own = modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb", ["primary:", "  existingConfigmap: my-cnf"]) });
    assert.equal(own.databases.find((d) => d.origin === "release")!.isolation?.certainty, "unknown");
    const older = modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb", ["primary:", "  existingConfiguration: my-cnf"]) });
    assert.equal(older.databases.find((d) => d.origin === "release")!.isolation?.certainty, "unknown");
  });

  it("reads an umbrella chart's values.yaml only when the Application that deploys it passes no values of its own", () => {
    const umbrella = { "/repo/db/Chart.yaml": "name: db\ndependencies:\n  - name: mariadb\n    repository: https://charts.bitnami.com/bitnami\n", "/repo/db/values.yaml": "mariadb:\n  primary:\n    persistence:\n      enabled: false\n" };
    const deployer = (helm: string[]): string =>
      ["apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:", "  name: cloud", "spec:", "  destination:", "    namespace: db", "  source:", "    repoURL: https://git.example.org/ops.git", "    path: db", ...helm.map((l) => `    ${l}`), ""].join("\n");
    assert.deepEqual(releaseNames(modelOf({ ...umbrella, "/repo/argocd/db.yaml": deployer([]) })), ["cloud-mariadb"]);
    assert.deepEqual(releaseNames(modelOf({ ...umbrella, "/repo/argocd/db.yaml": deployer(["helm:", "  valueFiles: [values-prod.yaml]"]) })), []);
  });

  it("reads nothing from broken or templated files", () => {
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("cloud", "mariadb") + "  bad: [\n" })), []);
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/app.yaml": application("{{ .Values.name }}", "mariadb") })), []);
    assert.deepEqual(releaseNames(modelOf({ "/repo/db/Chart.yaml": "name: db\ndependencies:\n  - name: mariadb\n    repository: https://charts.bitnami.com/bitnami\n", "/repo/db/values.yaml": "mariadb: [\n" })), []);
  });

  it("takes a release .scaleout.yaml declares, with its values files from the config's folder", () => {
    const { config, problems } = parseScaleoutConfig({ releases: [{ chart: "bitnami/mariadb", name: "cloud", namespace: "db", values: ["db/base.yaml", "db/prod.yaml"] }] });
    assert.deepEqual(problems, []);
    const options = lintOptionsOfConfig(config, "/repo");
    assert.deepEqual(options.releases, [{ chart: "mariadb", name: "cloud", namespace: "db", values: ["/repo/db/base.yaml", "/repo/db/prod.yaml"] }]);
    const files = { "/repo/db/base.yaml": "primary:\n  extraFlags: --transaction-isolation=READ-COMMITTED\n", "/repo/db/prod.yaml": "primary:\n  persistence:\n    enabled: false\n" };
    const db = modelOf(files, options).databases.find((d) => d.origin === "release")!;
    assert.equal(db.service.name, "cloud-mariadb");
    // The lower file's flags and the higher file's persistence, as helm install -f layers them.
    assert.equal(db.isolation?.value, "READ-COMMITTED");
    assert.equal(db.persistence?.value, false);
    assert.equal(db.persistence?.location?.path, "/repo/db/prod.yaml");
    // A values file that is not there: the release is left out.
    assert.equal(modelOf({ "/repo/db/base.yaml": files["/repo/db/base.yaml"] }, options).databases.length, 0);
    assert.ok(parseScaleoutConfig({ releases: [{ chart: "bitnami/mysql", name: "x", values: ["v.yaml"] }] }).problems.length > 0);
  });
});
