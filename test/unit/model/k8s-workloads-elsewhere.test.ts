import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { LintOptions } from "../../../server/src/engine/lint-api";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import type { Project } from "../../../server/src/engine/project/project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry: string, options: LintOptions = { workspaceRoots: ["/repo"] }): { project: Project; model: ClusterModel } {
  const engine = new Engine();
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const spec = engine.discover(entry, ws);
  assert.ok(spec && spec.kind === "k8s", `no k8s project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, options);
  return { project, model: buildModel(project) };
}

function lint(files: Record<string, string>, paths: string[], options: LintOptions = { workspaceRoots: ["/repo"] }) {
  return new Engine().lintPaths(paths, new MapWorkspace(new Map(Object.entries(files))), options);
}

const names = (m: ClusterModel): string[] => m.services.map((s) => s.name).sort();

const ns = (namespace?: string): string[] => (namespace ? [`  namespace: ${namespace}`] : []);

const deployment = (o: { name?: string; namespace?: string; replicas?: number; claim?: string } = {}): string =>
  [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${o.name ?? "nextcloud"}`,
    ...ns(o.namespace),
    "spec:",
    `  replicas: ${o.replicas ?? 1}`,
    "  selector:",
    "    matchLabels:",
    "      app: nextcloud",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: nextcloud",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: nextcloud:31-apache",
    "          volumeMounts:",
    "            - name: data",
    "              mountPath: /var/www/html",
    "      volumes:",
    "        - name: data",
    "          persistentVolumeClaim:",
    `            claimName: ${o.claim ?? "nextcloud-data"}`,
    "",
  ].join("\n");

const cronJob = (o: { name?: string; namespace?: string; claim?: string; affinity?: boolean } = {}): string =>
  [
    "apiVersion: batch/v1",
    "kind: CronJob",
    "metadata:",
    `  name: ${o.name ?? "nextcloud-cron"}`,
    ...ns(o.namespace),
    "spec:",
    '  schedule: "*/5 * * * *"',
    "  jobTemplate:",
    "    spec:",
    "      template:",
    "        spec:",
    "          restartPolicy: Never",
    ...(o.affinity
      ? [
          "          affinity:",
          "            podAffinity:",
          "              requiredDuringSchedulingIgnoredDuringExecution:",
          "                - labelSelector:",
          "                    matchLabels:",
          "                      app: nextcloud",
          "                  topologyKey: kubernetes.io/hostname",
        ]
      : []),
    "          containers:",
    "            - name: cron",
    "              image: nextcloud:31-apache",
    '              command: ["php", "-f", "/var/www/html/cron.php"]',
    "              volumeMounts:",
    "                - name: data",
    "                  mountPath: /var/www/html",
    "          volumes:",
    "            - name: data",
    "              persistentVolumeClaim:",
    `                claimName: ${o.claim ?? "nextcloud-data"}`,
    "",
  ].join("\n");

const claim = (o: { name?: string; namespace?: string; mode?: string } = {}): string =>
  ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata:", `  name: ${o.name ?? "nextcloud-data"}`, ...ns(o.namespace), "spec:", "  accessModes:", `    - ${o.mode ?? "ReadWriteOnce"}`, "  resources:", "    requests:", "      storage: 10Gi", ""].join("\n");

describe("k8s workloads of other folders on the folder's claims", () => {
  it("brings the CronJob of another folder into the Deployment's model, and the Deployment into the CronJob's", () => {
    const files = { "/repo/k8s/app/deployment.yaml": deployment(), "/repo/k8s/app/pvc.yaml": claim(), "/repo/k8s/jobs/cron.yaml": cronJob() };
    const app = load(files, "/repo/k8s/app/deployment.yaml");
    assert.deepEqual(names(app.model), ["nextcloud-cron/cron", "nextcloud/app"]);
    assert.ok(app.project.files.includes("/repo/k8s/jobs/cron.yaml"));
    const jobs = load(files, "/repo/k8s/jobs/cron.yaml");
    assert.deepEqual(names(jobs.model), ["nextcloud-cron/cron", "nextcloud/app"]);
  });
});

const RWO = "storage/rwo-in-cluster";
const at = (text: string, offset: number): number => text.slice(0, offset).split("\n").length;

describe("findings about workloads of two folders", () => {
  const files = { "/repo/k8s/app/deployment.yaml": deployment(), "/repo/k8s/app/pvc.yaml": claim(), "/repo/k8s/jobs/cron.yaml": cronJob() };

  it("puts the CronJob's finding in its file at its claimName, with the Deployment's mount related, from either folder, and once when both are linted", () => {
    for (const paths of [["/repo/k8s/app/deployment.yaml"], ["/repo/k8s/jobs/cron.yaml"], ["/repo/k8s/app/deployment.yaml", "/repo/k8s/jobs/cron.yaml", "/repo/k8s/app/pvc.yaml"]]) {
      const result = lint(files, paths);
      const found = result.findings.filter((f) => f.ruleId === RWO);
      assert.equal(found.length, 1, `${paths.join(", ")}: ${found.map((f) => f.message).join("\n")}`);
      assert.equal(found[0].location.path, "/repo/k8s/jobs/cron.yaml");
      assert.equal(at(files["/repo/k8s/jobs/cron.yaml"], found[0].location.span.start), 22);
      assert.match(found[0].message, /nextcloud-cron\/cron mounts claim nextcloud-data, which is ReadWriteOnce, and so does nextcloud\/app/);
      assert.ok(found[0].related.some((r) => r.location.path === "/repo/k8s/app/deployment.yaml" && at(files["/repo/k8s/app/deployment.yaml"], r.location.span.start) === 24));
    }
  });

  it("honours a required pod affinity that keeps the CronJob on the Deployment's node", () => {
    const result = lint({ ...files, "/repo/k8s/jobs/cron.yaml": cronJob({ affinity: true }) }, ["/repo/k8s/app/deployment.yaml", "/repo/k8s/jobs/cron.yaml"]);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === RWO), []);
  });

  it("reports the scaled Deployment on the claim once, with the CronJob's mount among the related places", () => {
    const result = lint({ ...files, "/repo/k8s/app/deployment.yaml": deployment({ replicas: 3 }) }, ["/repo/k8s/app/deployment.yaml", "/repo/k8s/jobs/cron.yaml"]);
    const found = result.findings.filter((f) => f.ruleId === RWO);
    assert.equal(found.length, 1, found.map((f) => f.message).join("\n"));
    assert.equal(found[0].location.path, "/repo/k8s/app/pvc.yaml");
    assert.ok(found[0].related.some((r) => r.location.path === "/repo/k8s/jobs/cron.yaml"));
  });

  it("stays silent on a ReadWriteMany claim", () => {
    const result = lint({ ...files, "/repo/k8s/app/pvc.yaml": claim({ mode: "ReadWriteMany" }) }, ["/repo/k8s/app/deployment.yaml", "/repo/k8s/jobs/cron.yaml"]);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === RWO), []);
  });
});

describe("which workloads of other folders are taken", () => {
  const base = { "/repo/k8s/app/deployment.yaml": deployment({ namespace: "cloud" }), "/repo/k8s/app/pvc.yaml": claim({ namespace: "cloud" }) };
  const entry = "/repo/k8s/app/deployment.yaml";

  it("takes one of the same namespace, also when a folder's kustomization sets it", () => {
    assert.deepEqual(names(load({ ...base, "/repo/k8s/jobs/cron.yaml": cronJob({ namespace: "cloud" }) }, entry).model), ["nextcloud-cron/cron", "nextcloud/app"]);
    const kustomized = { ...base, "/repo/k8s/jobs/cron.yaml": cronJob(), "/repo/k8s/jobs/kustomization.yaml": "namespace: cloud\nresources:\n  - cron.yaml\n" };
    assert.deepEqual(names(load(kustomized, entry).model), ["nextcloud-cron/cron", "nextcloud/app"]);
  });

  it("leaves one on a claim of that name in another namespace, or with a templated namespace", () => {
    assert.deepEqual(names(load({ ...base, "/repo/k8s/jobs/cron.yaml": cronJob({ namespace: "staging" }) }, entry).model), ["nextcloud/app"]);
    assert.deepEqual(names(load({ ...base, "/repo/k8s/jobs/cron.yaml": cronJob() }, entry).model), ["nextcloud/app"]);
    const templated = { "/repo/k8s/app/deployment.yaml": deployment({ namespace: "{{ .Release.Namespace }}" }), "/repo/k8s/app/pvc.yaml": claim({ namespace: "{{ .Release.Namespace }}" }), "/repo/k8s/jobs/cron.yaml": cronJob({ namespace: "{{ .Release.Namespace }}" }) };
    assert.deepEqual(names(load(templated, entry).model), ["nextcloud/app"]);
  });

  it("leaves CronJobs of several folders (alternatives), and a folder's copy with its own claim of the name", () => {
    const two = { ...base, "/repo/k8s/jobs-dev/cron.yaml": cronJob({ namespace: "cloud" }), "/repo/k8s/jobs-prod/cron.yaml": cronJob({ namespace: "cloud", name: "cron-prod" }) };
    assert.deepEqual(names(load(two, entry).model), ["nextcloud/app"]);
    const copy = { ...base, "/repo/k8s/ha/all.yaml": `${claim({ namespace: "cloud" })}---\n${cronJob({ namespace: "cloud" })}` };
    assert.deepEqual(names(load(copy, entry).model), ["nextcloud/app"]);
  });

  it("leaves a claim the workspace defines twice, and a second Deployment of another folder (another version of the app, not an addition)", () => {
    const twice = { ...base, "/repo/k8s/other/pvc.yaml": claim({ namespace: "cloud" }), "/repo/k8s/jobs/cron.yaml": cronJob({ namespace: "cloud" }) };
    assert.deepEqual(names(load(twice, entry).model), ["nextcloud/app"]);
    const second = { ...base, "/repo/k8s/ha/deployment.yaml": deployment({ namespace: "cloud", name: "nextcloud-ha", replicas: 3 }) };
    assert.deepEqual(names(load(second, entry).model), ["nextcloud/app"]);
  });

  it("does not count twice what a kustomization builds: a base of the linted overlay is its own, a base of another overlay or a patch is not taken", () => {
    const overlay = {
      "/repo/k8s/base/deployment.yaml": deployment({ namespace: "cloud" }),
      "/repo/k8s/base/pvc.yaml": claim({ namespace: "cloud" }),
      "/repo/k8s/base/cron.yaml": cronJob({ namespace: "cloud" }),
      "/repo/k8s/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - pvc.yaml\n  - cron.yaml\n",
      "/repo/k8s/prod/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: cron-patch.yaml\n",
      "/repo/k8s/prod/cron-patch.yaml": cronJob({ namespace: "cloud", name: "nextcloud-cron" }),
    };
    const prod = load(overlay, "/repo/k8s/prod/kustomization.yaml");
    assert.deepEqual(names(prod.model), ["nextcloud-cron/cron", "nextcloud/app"]);
    assert.equal(prod.project.k8sElsewhere?.workloads, undefined);
    // The Deployment alone in its folder: the base's CronJob is deployed through the overlay, which changes it.
    const split = { ...overlay, "/repo/k8s/app/deployment.yaml": deployment({ namespace: "cloud" }) };
    delete (split as Record<string, string>)["/repo/k8s/base/deployment.yaml"];
    split["/repo/k8s/base/kustomization.yaml"] = "resources:\n  - pvc.yaml\n  - cron.yaml\n";
    assert.deepEqual(names(load(split, "/repo/k8s/app/deployment.yaml").model), ["nextcloud/app"]);
  });

  it("takes nothing of a file YAML cannot read whole, and survives a kustomization it cannot read", () => {
    assert.deepEqual(names(load({ ...base, "/repo/k8s/jobs/cron.yaml": `${cronJob({ namespace: "cloud" })}  bad: [unclosed\n` }, entry).model), ["nextcloud/app"]);
    assert.deepEqual(names(load({ ...base, "/repo/k8s/jobs/cron.yaml": cronJob({ namespace: "cloud" }), "/repo/k8s/jobs/kustomization.yaml": "resources: [\n" }, entry).model), ["nextcloud/app"]);
  });

  it("searches nothing without a workspace root near the folder", () => {
    const files = { "/a/b/c/d/e/f/app/deployment.yaml": deployment(), "/a/b/c/d/e/f/app/pvc.yaml": claim(), "/a/b/c/d/e/f/jobs/cron.yaml": cronJob() };
    assert.deepEqual(names(load(files, "/a/b/c/d/e/f/app/deployment.yaml", {}).model), ["nextcloud/app"]);
  });
});
