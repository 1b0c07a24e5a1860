/**
 * Kustomize `replacements:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replacements/)
 * and the legacy `vars:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/vars/):
 * what they copy reaches the model, located where the value is written; what cannot be known stays unknown.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { model, service } from "../../helpers/k8s-model";
import { FsWorkspace } from "../../../server/src/cli/fs-workspace";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import { parseFieldPath } from "../../../server/src/engine/project/kustomize-replacements";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";
import { WorkspaceBoundary } from "../../../server/src/node/workspace-boundary";

const DEPLOYMENT = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nc",
  "spec:",
  "  replicas: 1",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nextcloud:31-apache",
  "          args: [\"--host=$(REDIS_SVC)\"]",
  "          env:",
  "            - name: REDIS_HOST",
  "              value: placeholder",
  "            - name: MYSQL_HOST",
  "              value: db",
  "          volumeMounts:",
  "            - name: data",
  "              mountPath: /var/www/html",
  "      volumes:",
  "        - name: data",
  "          persistentVolumeClaim:",
  "            claimName: nc-data",
  "",
].join("\n");

const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: redis-master\nspec:\n  selector:\n    app: redis\n  ports:\n    - port: 6379\n";
const CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  endpoint: redis-ha.cache.svc:6379\n  replicas: \"3\"\n  storageClass: nfs-client\n";
const PVC = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: nc-data\nspec:\n  accessModes:\n    - ReadWriteOnce\n  storageClassName: local-path\n  resources:\n    requests:\n      storage: 10Gi\n";

const BASE = {
  "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - service.yaml\n  - config.yaml\n  - pvc.yaml\n",
  "/k/base/deployment.yaml": DEPLOYMENT,
  "/k/base/service.yaml": SERVICE,
  "/k/base/config.yaml": CONFIG,
  "/k/base/pvc.yaml": PVC,
};

const overlay = (kustomization: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${kustomization}`,
  ...extra,
  ...BASE,
});

const REDIS_HOST_TARGET = "    targets:\n      - select:\n          kind: Deployment\n          name: nc\n        fieldPaths:\n          - spec.template.spec.containers.[name=app].env.[name=REDIS_HOST].value\n";

describe("kustomize replacements", () => {
  it("copies a Service's name into a container's env, located on the Service's name", () => {
    const { model: m, text, path } = model(overlay(`replacements:\n  - source:\n      kind: Service\n      name: redis-master\n${REDIS_HOST_TARGET}`));
    const redis = service(m, "nc/app").env.get("REDIS_HOST");
    assert.equal(redis?.value, "redis-master");
    assert.equal(redis?.opaque, undefined);
    assert.equal(path(redis?.valueLocation), "/k/base/service.yaml");
    assert.equal(text(redis?.valueLocation), "redis-master");
    // The env item stays where the Deployment writes it, its end in that file too.
    assert.equal(path(redis?.location), "/k/base/deployment.yaml");
    assert.equal(text(redis?.location), "name: REDIS_HOST\n              value: placeholder");
    assert.equal(service(m, "nc/app").env.get("MYSQL_HOST")?.value, "db");
  });

  it("takes one part of a source value (options.delimiter / index) and writes a part of a target value", () => {
    const part = model(overlay(`replacements:\n  - source:\n      kind: ConfigMap\n      name: settings\n      fieldPath: data.endpoint\n      options:\n        delimiter: ":"\n        index: 0\n${REDIS_HOST_TARGET}`));
    assert.equal(service(part.model, "nc/app").env.get("REDIS_HOST")?.value, "redis-ha.cache.svc");
    assert.equal(part.path(service(part.model, "nc/app").env.get("REDIS_HOST")?.valueLocation), "/k/base/config.yaml");
    const into = model(
      overlay(
        "replacements:\n  - source:\n      kind: Service\n      name: redis-master\n    targets:\n      - select:\n          kind: Deployment\n        fieldPaths:\n          - spec.template.spec.containers.[name=app].image\n        options:\n          delimiter: \":\"\n          index: 0\n",
      ),
    );
    assert.equal(service(into.model, "nc/app").image?.value, "redis-master:31-apache");
    // Part of the text is the target's own: it stays where the image is written.
    assert.equal(into.path(service(into.model, "nc/app").image?.location), "/k/base/deployment.yaml");
  });

  it("scales the app with a count copied from a ConfigMap, after the layer's replicas:", () => {
    const target = "    targets:\n      - select:\n          kind: Deployment\n          name: nc\n        fieldPaths:\n          - spec.replicas\n";
    const { model: m, text, path } = model(overlay(`replicas:\n  - name: nc\n    count: 1\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: settings\n      fieldPath: data.replicas\n${target}`));
    const app = service(m, "nc/app");
    assert.equal(app.replicas.value, 3);
    assert.equal(app.replicas.certainty, undefined);
    assert.equal(path(app.replicas.location), "/k/base/config.yaml");
    assert.equal(text(app.replicas.location), '"3"');
    // A source that is not there: the count is unknown, not the replicas: value.
    const missing = model(overlay(`replicas:\n  - name: nc\n    count: 1\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: absent\n      fieldPath: data.replicas\n${target}`));
    assert.equal(service(missing.model, "nc/app").replicas.certainty, "unknown");
  });

  it("swaps a claim's storage class, and creates a field only with options.create", () => {
    const select = "      kind: ConfigMap\n      name: settings\n      fieldPath: data.storageClass\n    targets:\n      - select:\n          kind: PersistentVolumeClaim\n        fieldPaths:\n          - spec.storageClassName\n";
    const swapped = model(overlay(`replacements:\n  - source:\n${select}`));
    const volume = service(swapped.model, "nc/app").mounts[0].volume;
    assert.equal(volume?.backingKind, "nfs");
    assert.equal(volume?.type?.value, "nfs-client");
    assert.equal(swapped.path(volume?.type?.location), "/k/base/config.yaml");
    // The base's class is not kept when the source is not there.
    const unknown = model(overlay(`replacements:\n  - source:\n${select.replace("name: settings", "name: absent")}`));
    const unknownVolume = service(unknown.model, "nc/app").mounts[0].volume;
    // Its access mode still says what it is; its class is read as a templated one is: not known.
    assert.equal(unknownVolume?.type, undefined);
    assert.equal(unknownVolume?.backingKind, "rwo-claim");
    const created = model(overlay("replacements:\n  - source:\n      kind: Service\n      name: redis-master\n    targets:\n      - select:\n          kind: Deployment\n        fieldPaths:\n          - spec.template.metadata.annotations.redis\n        options:\n          create: true\n"));
    assert.equal(created.model.services.some((s) => s.name === "nc/app"), true);
    // Without create a field that is not there fails the build: the Deployment is unknown.
    const absent = model(overlay("replacements:\n  - source:\n      kind: Service\n      name: redis-master\n    targets:\n      - select:\n          kind: Deployment\n        fieldPaths:\n          - spec.template.metadata.annotations.redis\n"));
    assert.equal(absent.model.services.some((s) => s.name === "nc/app"), false);
  });

  it("reads replacements from a path: file (one entry or a list), not as a manifest", () => {
    const entry = `source:\n  kind: Service\n  name: redis-master\ntargets:\n  - select:\n      kind: Deployment\n    fieldPaths:\n      - spec.template.spec.containers.[name=app].env.[name=REDIS_HOST].value\n`;
    for (const file of [entry, `- ${entry.replace(/\n(?=.)/g, "\n  ")}`]) {
      const { model: m } = model(overlay("replacements:\n  - path: redis-host.yaml\n", { "/k/overlays/prod/redis-host.yaml": file }));
      assert.equal(service(m, "nc/app").env.get("REDIS_HOST")?.value, "redis-master", file);
    }
  });

  it("makes the value unknown for a missing, ambiguous or templated source, and keeps the rest of the workload", () => {
    const sources = [
      "      kind: Service\n      name: absent\n",
      "      kind: ConfigMap\n",
      "      kind: ConfigMap\n      name: settings\n      fieldPath: data.absent\n",
      "      kind: ConfigMap\n      name: settings\n      fieldPath: data.endpoint\n      options:\n        delimiter: \":\"\n        index: 99999999999\n",
      "      kind: ConfigMap\n      name: templated\n      fieldPath: data.host\n",
    ];
    for (const source of sources) {
      const { model: m } = model(
        overlay(`replacements:\n  - source:\n${source}${REDIS_HOST_TARGET}`, { "/k/overlays/prod/templated.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: templated\ndata:\n  host: \"{{ .Values.redis }}\"\n" }),
      );
      const app = service(m, "nc/app");
      const redis = app.env.get("REDIS_HOST");
      assert.equal(redis?.opaque, true, source);
      assert.notEqual(redis?.value, "placeholder", source);
      assert.equal(app.env.get("MYSQL_HOST")?.value, "db", source);
    }
  });

  it("leaves the target out where a field path cannot be followed: into a scalar, an unsupported form, no match", () => {
    for (const fieldPath of ["spec.replicas.value", "spec.template.spec.containers.[=app].image", "spec.template.spec.containers.-.image", "spec.template.spec.containers.[name=absent].image", "spec.template.spec.containers.[name=(a|b].image"]) {
      const { model: m } = model(overlay(`replacements:\n  - source:\n      kind: Service\n      name: redis-master\n    targets:\n      - select:\n          kind: Deployment\n        fieldPaths:\n          - ${fieldPath}\n`));
      assert.equal(
        m.services.some((s) => s.name === "nc/app"),
        false,
        fieldPath,
      );
    }
  });

  it("selects by name pattern and group/version, rejects, and targets every container with *", () => {
    const { model: m } = model(
      overlay(
        "replacements:\n  - source:\n      kind: Service\n      version: v1\n      name: redis-master\n    targets:\n      - select:\n          group: apps\n          name: n.*\n        reject:\n          - kind: StatefulSet\n        fieldPaths:\n          - spec.template.spec.containers.*.env.[name=REDIS_HOST].value\n      - select:\n          kind: Deployment\n        reject:\n          - name: nc\n        fieldPaths:\n          - spec.template.spec.containers.0.image\n",
      ),
    );
    const app = service(m, "nc/app");
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis-master");
    assert.equal(app.image?.value, "nextcloud:31-apache");
  });

  it("never hangs or throws on bad input: a missing or outside path file, copies both ways, broken entries", () => {
    const bad = [
      "replacements:\n  - path: missing.yaml\n",
      "replacements:\n  - path: broken.yaml\n",
      "replacements:\n  - source: {kind: Service}\n",
      "replacements:\n  - targets: [{select: {kind: Deployment}}]\n",
      "replacements:\n  - source: {kind: Service, name: redis-master}\n    targets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas], options: {delimiter: '-', index: 1e400}}]\n",
      "replacements: 3\n",
      "replacements:\n  - source: {kind: Deployment, fieldPath: spec.template.spec.containers.0.env.0.value}\n    targets: [{select: {kind: Deployment}, fieldPaths: [spec.template.spec.containers.0.env.1.value]}]\n  - source: {kind: Deployment, fieldPath: spec.template.spec.containers.0.env.1.value}\n    targets: [{select: {kind: Deployment}, fieldPaths: [spec.template.spec.containers.0.env.0.value]}]\n",
    ];
    for (const kustomization of bad) {
      const { model: m } = model(overlay(kustomization, { "/k/overlays/prod/broken.yaml": "source: [\n" }));
      const app = m.services.find((s) => s.name === "nc/app");
      // Either unknown (left out, or its count unknown) or as written: never a value the entry does not give.
      if (app && kustomization.includes("path:")) assert.equal(app.replicas.certainty, "unknown", kustomization);
    }
    const cycle = model(overlay(bad[6]));
    // Applied in order, each once: the first copies REDIS_HOST's value over MYSQL_HOST's, the second copies it back.
    assert.equal(service(cycle.model, "nc/app").env.get("REDIS_HOST")?.value, "placeholder");
    assert.equal(service(cycle.model, "nc/app").env.get("MYSQL_HOST")?.value, "placeholder");
    // A target index past the end appends (replacement.go setFieldValue).
    const appended = model(overlay("replacements:\n  - source: {kind: Service, name: redis-master}\n    targets: [{select: {kind: Deployment}, fieldPaths: [spec.template.spec.containers.0.image], options: {delimiter: ':', index: 999999999999}}]\n"));
    assert.equal(service(appended.model, "nc/app").image?.value, "nextcloud:31-apache:redis-master");
  });

  it("stays linear on an alias bomb: * over shared lists stops at a budget, vars substitute each shared node once", () => {
    const levels = ["      l0: &l0 [a, a, a, a, a, a, a, a, a, a]"];
    for (let i = 1; i <= 8; i++) levels.push(`      l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]`);
    const bomb = DEPLOYMENT.replace("  template:\n", `  template:\n    metadata:\n      annotations:\n        note: x\n    bomb:\n${levels.map((l) => `  ${l}`).join("\n")}\n`);
    const started = Date.now();
    const { model: m } = model({
      ...overlay(`replacements:\n  - source: {kind: Service, name: redis-master}\n    targets: [{select: {kind: Deployment}, fieldPaths: [spec.template.bomb.l8.*.*.*.*.*.*.*.*.*]}]\n`),
      "/k/base/deployment.yaml": bomb,
    });
    assert.equal(m.services.some((s) => s.name === "nc/app"), false);
    const containers = ["      containers:", "        - &c", "          name: app", "          image: nextcloud:31-apache", "          env: &e", ...Array.from({ length: 2000 }, () => "            - {name: X, value: $(REDIS_SVC)}"), ...Array.from({ length: 2000 }, () => "        - *c")].join("\n");
    const wide = DEPLOYMENT.replace(/      containers:[\s\S]*?(?=      volumes:)/, `${containers}\n`);
    const vars = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nvars:\n  - name: REDIS_SVC\n    objref: {kind: Service, name: redis-master, apiVersion: v1}\n",
      ...BASE,
      "/k/base/deployment.yaml": wide,
    });
    assert.equal(service(vars.model, "nc/app").env.get("X")?.value, "redis-master");
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it("reports on a copied value where it is written, and offers no fix that would edit it there", () => {
    const files = (env: string, kustomization: string): Map<string, string> =>
      new Map(
        Object.entries({
          "/k/kustomization.yaml": `resources:\n  - app.yaml\n  - settings.yaml\n${kustomization}`,
          "/k/app.yaml": `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      containers:\n        - name: nextcloud\n          image: nextcloud:31-apache\n          env:\n            - name: FORWARDED_FOR_HEADERS\n              value: ${env}\n`,
          "/k/settings.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  headers: HTTP_X_FORWARDED_FOR,HTTP_X_REAL_IP\n",
        }),
      );
    const lint = (map: Map<string, string>) => new Engine().lintPaths([...map.keys()], new MapWorkspace(map)).findings.filter((f) => f.ruleId === "config/list-separator");
    const replacement = "replacements:\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.headers}\n    targets: [{select: {kind: Deployment}, fieldPaths: ['spec.template.spec.containers.[name=nextcloud].env.[name=FORWARDED_FOR_HEADERS].value']}]\n";
    const copied = lint(files("placeholder", replacement));
    assert.equal(copied.length, 1);
    assert.equal(copied[0].location.path, "/k/settings.yaml");
    assert.deepEqual(copied[0].fixes, []);
    // The same value written in the Deployment itself keeps its fix.
    const own = lint(files("HTTP_X_FORWARDED_FOR,HTTP_X_REAL_IP", ""));
    assert.equal(own.length, 1);
    assert.equal(own[0].location.path, "/k/app.yaml");
    assert.equal(own[0].fixes.length, 1);
  });

  it("never reads a replacement file outside the workspace", () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-replacements-")));
    try {
      const files: Record<string, string> = {
        "outside/r.yaml": `source: {kind: ConfigMap, name: settings, fieldPath: data.replicas}\ntargets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas]}]\n`,
        "ws/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nreplacements:\n  - path: ../../../outside/r.yaml\n",
        ...Object.fromEntries(Object.entries(BASE).map(([k, v]) => [`ws${k.slice(2)}`, v])),
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(base, name)), { recursive: true });
        writeFileSync(join(base, name), text);
      }
      const ws = new FsWorkspace(new WorkspaceBoundary([join(base, "ws")]));
      const engine = new Engine();
      const spec = engine.discover(join(base, "ws/overlays/prod/kustomization.yaml"), ws);
      assert.ok(spec);
      const project = loadProject(spec, ws, engine.cache, {});
      const app = service(buildModel(project), "nc/app");
      assert.equal(app.replicas.certainty, "unknown");
      assert.deepEqual(
        project.refusedInputs.map((r) => `${r.name} ${r.reason}`),
        ["../../../outside/r.yaml is outside the workspace"],
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("splits field paths as Kustomize does", () => {
    assert.deepEqual(parseFieldPath("spec.template.spec.containers.[name=app.x].env.*.value"), [{ field: "spec" }, { field: "template" }, { field: "spec" }, { field: "containers" }, { match: "name", value: "app.x" }, { field: "env" }, { every: true }, { field: "value" }]);
    assert.deepEqual(parseFieldPath("metadata.annotations.[example.com/a]"), [{ field: "metadata" }, { field: "annotations" }, { field: "example.com/a" }]);
    assert.deepEqual(parseFieldPath("metadata.labels.a\\.b"), [{ field: "metadata" }, { field: "labels" }, { field: "a.b" }]);
    assert.equal(parseFieldPath("spec.containers.[=x]"), undefined);
    assert.equal(parseFieldPath("a.".repeat(100) + "b"), undefined);
  });
});

describe("kustomize vars", () => {
  const VARS = "vars:\n  - name: REDIS_SVC\n    objref:\n      kind: Service\n      name: redis-master\n      apiVersion: v1\n    fieldref:\n      fieldpath: metadata.name\n";

  it("substitutes $(NAME) in env values and args, whole values located on the source", () => {
    const deployment = DEPLOYMENT.replace("value: placeholder", "value: $(REDIS_SVC)").replace("value: db", () => "value: tcp://$(REDIS_SVC):6379/$(UNDECLARED)/$$(REDIS_SVC)");
    const { model: m, text, path } = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${VARS}`, ...BASE, "/k/base/deployment.yaml": deployment });
    const app = service(m, "nc/app");
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis-master");
    assert.equal(path(app.env.get("REDIS_HOST")?.valueLocation), "/k/base/service.yaml");
    assert.equal(text(app.env.get("REDIS_HOST")?.valueLocation), "redis-master");
    assert.equal(app.env.get("MYSQL_HOST")?.value, "tcp://redis-master:6379/$(UNDECLARED)/$(REDIS_SVC)");
    assert.equal(path(app.env.get("MYSQL_HOST")?.valueLocation), "/k/base/deployment.yaml");
  });

  it("leaves $(NAME) unknown when its object is missing, and substitutes only the fields Kustomize lists", () => {
    const deployment = DEPLOYMENT.replace("value: placeholder", "value: $(REDIS_SVC)").replace("image: nextcloud:31-apache", "image: $(REDIS_SVC)");
    const missing = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${VARS.replace("redis-master", "absent")}`, ...BASE, "/k/base/deployment.yaml": deployment });
    const app = service(missing.model, "nc/app");
    assert.equal(app.env.get("REDIS_HOST")?.opaque, true);
    assert.equal(app.image?.value, "$(REDIS_SVC)");
    // A ConfigMap's data is not a field Kustomize substitutes, unless a `configurations:` file adds it: then unknown.
    const fromMap = DEPLOYMENT.replace("          env:\n", "          envFrom:\n            - configMapRef:\n                name: settings\n          env:\n").replace("            - name: REDIS_HOST\n              value: placeholder\n", "");
    const config = CONFIG.replace("  endpoint: redis-ha.cache.svc:6379\n", "  REDIS_HOST: $(REDIS_SVC)\n");
    for (const [configurations, opaque] of [["", undefined], ["configurations:\n  - varref.yaml\n", true]] as const) {
      const { model: m } = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${VARS}${configurations}`, "/k/overlays/prod/varref.yaml": "varReference:\n  - path: data\n    kind: ConfigMap\n", ...BASE, "/k/base/deployment.yaml": fromMap, "/k/base/config.yaml": config });
      const redis = service(m, "nc/app").env.get("REDIS_HOST");
      assert.equal(redis?.opaque, opaque, configurations);
      if (!opaque) assert.equal(redis?.value, "$(REDIS_SVC)");
    }
    // Without apiVersion the objref matches nothing (kyaml resid GvknEquals): unknown too.
    const loose = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${VARS.replace("      apiVersion: v1\n", "")}`, ...BASE, "/k/base/deployment.yaml": deployment });
    assert.equal(service(loose.model, "nc/app").env.get("REDIS_HOST")?.opaque, true);
  });
});
