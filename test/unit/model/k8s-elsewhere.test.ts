import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { LintOptions } from "../../../server/src/engine/lint-api";
import type { ClusterModel, ServiceModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import type { Project } from "../../../server/src/engine/project/project";
import { MapWorkspace, type Workspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry: string, options: LintOptions = { workspaceRoots: ["/repo"] }, ws: Workspace = new MapWorkspace(new Map(Object.entries(files)))): { project: Project; model: ClusterModel } {
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec && spec.kind === "k8s", `no k8s project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, options);
  return { project, model: buildModel(project) };
}

function service(m: ClusterModel, name: string): ServiceModel {
  const found = m.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} in ${m.services.map((s) => s.name).join(", ")}`);
  return found;
}

const nextcloud = (extra: { namespace?: string; replicas?: number; env?: string[] } = {}): string =>
  [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: nextcloud",
    ...(extra.namespace ? [`  namespace: ${extra.namespace}`] : []),
    "spec:",
    ...(extra.replicas ? [`  replicas: ${extra.replicas}`] : []),
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: nextcloud:31-apache",
    ...(extra.env ?? []).map((l) => `          ${l}`),
    "          volumeMounts:",
    "            - name: data",
    "              mountPath: /var/www/html",
    "      volumes:",
    "        - name: data",
    "          persistentVolumeClaim:",
    "            claimName: nc-data",
    "",
  ].join("\n");

const claim = (mode: string, extra: string[] = []): string =>
  ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata:", "  name: nc-data", ...extra, "spec:", "  storageClassName: manual", "  accessModes:", `    - ${mode}`, "  resources:", "    requests:", "      storage: 10Gi", ""].join("\n");

const nfsVolume = (name: string): string =>
  ["apiVersion: v1", "kind: PersistentVolume", "metadata:", `  name: ${name}`, "spec:", "  storageClassName: manual", "  capacity:", "    storage: 100Gi", "  accessModes:", "    - ReadWriteMany", "  nfs:", "    server: nas", "    path: /export", ""].join("\n");

const hpa = (max: string, namespace?: string): string =>
  ["apiVersion: autoscaling/v2", "kind: HorizontalPodAutoscaler", "metadata:", "  name: nextcloud", ...(namespace ? [`  namespace: ${namespace}`] : []), "spec:", "  scaleTargetRef:", "    apiVersion: apps/v1", "    kind: Deployment", "    name: nextcloud", `  maxReplicas: ${max}`, ""].join("\n");

describe("k8s objects of other folders", () => {
  it("follows a claim in another folder to the PersistentVolume of a third one, and the project reads both files", () => {
    const { project, model } = load({ "/repo/app/deploy.yaml": nextcloud(), "/repo/storage/pvc.yaml": claim("ReadWriteMany"), "/repo/nas/pv.yaml": nfsVolume("nas-export") }, "/repo/app/deploy.yaml");
    const mount = service(model, "nextcloud/app").mounts[0];
    assert.equal(mount.backingKind, "nfs");
    assert.deepEqual(mount.volume?.accessModes?.value, ["ReadWriteMany"]);
    assert.ok(project.files.includes("/repo/storage/pvc.yaml") && project.files.includes("/repo/nas/pv.yaml"));
  });

  it("takes an autoscaler of another folder as the workload's replica count", () => {
    const { model } = load({ "/repo/app/deploy.yaml": nextcloud(), "/repo/scaling/hpa.yaml": hpa("4") }, "/repo/app/deploy.yaml");
    assert.equal(service(model, "nextcloud/app").replicas.value, 4);
  });

  it("leaves an autoscaler of another folder to the workload of that name written beside it", () => {
    const { model } = load({ "/repo/app/deploy.yaml": nextcloud(), "/repo/demo/app.yaml": `${nextcloud({ replicas: 2 })}---\n${hpa("6")}` }, "/repo/app/deploy.yaml");
    assert.equal(service(model, "nextcloud/app").replicas.value, 1);
  });

  it("leaves the count unknown when the autoscaler's maximum is a template", () => {
    const { model } = load({ "/repo/app/deploy.yaml": `${nextcloud({ replicas: 1 })}---\n${hpa("{{ .Values.maxPods }}")}` }, "/repo/app/deploy.yaml");
    assert.equal(service(model, "nextcloud/app").replicas.certainty, "unknown");
  });

  it("reads a ConfigMap of another folder; a Secret's keys are set with values never read", () => {
    const env = ["envFrom:", "  - configMapRef:", "      name: nc-env", "  - secretRef:", "      name: nc-secret"];
    const configMap = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: nc-env", "data:", "  REDIS_HOST: redis", ""].join("\n");
    const secret = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: nc-secret", "stringData:", "  REDIS_HOST_PASSWORD: hunter2", ""].join("\n");
    const { model } = load({ "/repo/app/deploy.yaml": nextcloud({ env }), "/repo/config/cm.yaml": configMap, "/repo/config/secret.yaml": secret }, "/repo/app/deploy.yaml");
    const app = service(model, "nextcloud/app");
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis");
    assert.equal(app.env.get("REDIS_HOST_PASSWORD")?.opaque, true);
    assert.equal(app.env.get("REDIS_HOST_PASSWORD")?.value, "");
    assert.equal(app.unseenSources, undefined);
  });

  it("takes nothing that two files define under one name and namespace, and does not call it missing", () => {
    const env = ["envFrom:", "  - configMapRef:", "      name: nc-env"];
    const configMap = (host: string): string => ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: nc-env", "data:", `  REDIS_HOST: ${host}`, ""].join("\n");
    const { model } = load(
      { "/repo/app/deploy.yaml": nextcloud({ env }), "/repo/dev/cm.yaml": configMap("redis-dev"), "/repo/prod/cm.yaml": configMap("redis"), "/repo/dev/pvc.yaml": claim("ReadWriteOnce"), "/repo/prod/pvc.yaml": claim("ReadWriteMany") },
      "/repo/app/deploy.yaml",
    );
    const app = service(model, "nextcloud/app");
    assert.equal(app.env.get("REDIS_HOST"), undefined);
    assert.equal(app.unseenSources, undefined);
    assert.equal(app.mounts[0].volume?.external, true);
    assert.equal(app.mounts[0].volume?.accessModes, undefined);
  });

  it("matches namespaces: an object of another namespace, or one a folder's kustomization puts elsewhere, is not the one", () => {
    const kustomization = ["namespace: staging", "resources:", "  - pvc.yaml", ""].join("\n");
    const { model } = load(
      { "/repo/app/deploy.yaml": nextcloud({ namespace: "cloud" }), "/repo/a/pvc.yaml": claim("ReadWriteOnce", ["  namespace: other"]), "/repo/b/pvc.yaml": claim("ReadWriteOnce"), "/repo/b/kustomization.yaml": kustomization },
      "/repo/app/deploy.yaml",
    );
    assert.equal(service(model, "nextcloud/app").mounts[0].volume?.external, true);
    const same = load({ "/repo/app/deploy.yaml": nextcloud({ namespace: "staging" }), "/repo/b/pvc.yaml": claim("ReadWriteOnce"), "/repo/b/kustomization.yaml": kustomization }, "/repo/app/deploy.yaml");
    assert.deepEqual(service(same.model, "nextcloud/app").mounts[0].volume?.accessModes?.value, ["ReadWriteOnce"]);
  });

  it("uses nothing of a file YAML cannot read whole", () => {
    const { model } = load({ "/repo/app/deploy.yaml": nextcloud(), "/repo/storage/pvc.yaml": `${claim("ReadWriteOnce")}  bad: [unclosed\n` }, "/repo/app/deploy.yaml");
    assert.equal(service(model, "nextcloud/app").mounts[0].volume?.external, true);
  });

  it("searches nothing when no workspace root is found near the folder", () => {
    const files = { "/a/b/c/d/e/f/app/deploy.yaml": nextcloud(), "/a/b/c/d/e/f/storage/pvc.yaml": claim("ReadWriteOnce") };
    const { model } = load(files, "/a/b/c/d/e/f/app/deploy.yaml", {});
    assert.equal(service(model, "nextcloud/app").mounts[0].volume?.external, true);
    // A `.scaleout.yaml` (or `.git`) marks the root.
    const marked = load({ ...files, "/a/b/c/d/e/f/.scaleout.yaml": "# root\n" }, "/a/b/c/d/e/f/app/deploy.yaml", {});
    assert.deepEqual(service(marked.model, "nextcloud/app").mounts[0].volume?.accessModes?.value, ["ReadWriteOnce"]);
  });

  it("never reads outside what the workspace lists, and gives up on a workspace too large to search", () => {
    const files = new Map(Object.entries({ "/ws/repo/app/deploy.yaml": nextcloud(), "/ws/outside/pvc.yaml": claim("ReadWriteOnce") }));
    const inner = new MapWorkspace(files);
    const read: string[] = [];
    const bounded: Workspace = {
      readFile: (p) => (p.startsWith("/ws/repo/") ? (read.push(p), inner.readFile(p)) : assert.fail(`read outside the workspace: ${p}`)),
      listDir: (d) => (d === "/ws/repo" || d.startsWith("/ws/repo/") ? inner.listDir(d) : undefined),
    };
    const { model } = load(Object.fromEntries(files), "/ws/repo/app/deploy.yaml", {}, bounded);
    assert.equal(service(model, "nextcloud/app").mounts[0].volume?.external, true);

    const many: Record<string, string> = { "/repo/app/deploy.yaml": nextcloud(), "/repo/storage/pvc.yaml": claim("ReadWriteOnce") };
    for (let i = 0; i < 1600; i++) many[`/repo/other/f${String(i).padStart(4, "0")}.yaml`] = "a: 1\n";
    const large = load(many, "/repo/app/deploy.yaml");
    assert.equal(service(large.model, "nextcloud/app").mounts[0].volume?.external, true);
  });

  it("searches again when a file it took changes, or when the editor reports a new file", () => {
    const files = new Map(Object.entries({ "/repo/app/deploy.yaml": nextcloud(), "/repo/storage/pvc.yaml": claim("ReadWriteOnce") }));
    const ws = new MapWorkspace(files);
    const engine = new Engine();
    const modes = (): string[] | undefined => {
      const project = loadProject(engine.discover("/repo/app/deploy.yaml", ws)!, ws, engine.cache, { workspaceRoots: ["/repo"] });
      return service(buildModel(project), "nextcloud/app").mounts[0].volume?.accessModes?.value;
    };
    assert.deepEqual(modes(), ["ReadWriteOnce"]);
    files.set("/repo/storage/pvc.yaml", claim("ReadWriteMany"));
    assert.deepEqual(modes(), ["ReadWriteMany"]);
    // A second claim of the name elsewhere: the same until the file is reported, then neither is taken.
    files.set("/repo/other/pvc.yaml", claim("ReadWriteOnce"));
    assert.deepEqual(modes(), ["ReadWriteMany"]);
    engine.cache.noteChanged("/repo/other/pvc.yaml");
    assert.equal(modes(), undefined);
  });

  it("does not report a binary or oversized file it passes as a file of the project", () => {
    const files = { "/repo/app/deploy.yaml": nextcloud({ replicas: 2 }), "/repo/storage/pvc.yaml": claim("ReadWriteOnce"), "/repo/junk/blob.yaml": "kind: Secret\n\u0000\u0000\u0000binary" };
    const engine = new Engine();
    const result = engine.lintPaths(["/repo/app/deploy.yaml"], new MapWorkspace(new Map(Object.entries(files))), { workspaceRoots: ["/repo"] });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === "lint/skipped-file"), []);
    assert.ok(result.findings.some((f) => f.ruleId === "storage/rwo-in-cluster" && f.location.path === "/repo/storage/pvc.yaml"));
  });
});
