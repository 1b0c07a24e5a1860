import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { splitImage } from "../../../server/src/engine/project/kustomize-patch";
import { model, service } from "../../helpers/k8s-model";
import { FsWorkspace } from "../../../server/src/cli/fs-workspace";
import { WorkspaceBoundary } from "../../../server/src/node/workspace-boundary";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const DEPLOYMENT = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nc",
  "  labels:",
  "    app: nextcloud",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nextcloud:31-apache",
  "          env:",
  "            - name: REDIS_HOST",
  "              value: redis",
  "            - name: MYSQL_HOST",
  "              value: db",
  "          volumeMounts:",
  "            - name: data",
  "              mountPath: /var/www/html",
  "        - name: sidecar",
  "          image: busybox:1.36",
  "      volumes:",
  "        - name: data",
  "          persistentVolumeClaim:",
  "            claimName: nc-data",
  "",
].join("\n");

const PVC = ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata:", "  name: nc-data", "spec:", "  accessModes:", "    - ReadWriteMany", "  storageClassName: nfs-client", "  resources:", "    requests:", "      storage: 10Gi", ""].join("\n");

const BASE = {
  "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - pvc.yaml\n",
  "/k/base/deployment.yaml": DEPLOYMENT,
  "/k/base/pvc.yaml": PVC,
};

const overlay = (kustomization: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${kustomization}`,
  ...extra,
  ...BASE,
});

describe("kustomize: strategic merge patches", () => {
  it("merges env by name: a changed value is the patch's node, the others stay in the base", () => {
    const { model: m, text, path } = model(
      overlay("patches:\n  - path: env.yaml\n", {
        "/k/overlays/prod/env.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: REDIS_HOST\n              value: redis-ha\n            - name: OVERWRITEPROTOCOL\n              value: https\n",
      }),
    );
    const app = service(m, "nc/app");
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis-ha");
    assert.equal(path(app.env.get("REDIS_HOST")?.valueLocation), "/k/overlays/prod/env.yaml");
    assert.equal(text(app.env.get("REDIS_HOST")?.valueLocation), "redis-ha");
    assert.equal(app.env.get("OVERWRITEPROTOCOL")?.value, "https");
    assert.equal(app.env.get("MYSQL_HOST")?.value, "db");
    assert.equal(path(app.env.get("MYSQL_HOST")?.valueLocation), "/k/base/deployment.yaml");
    // The container's other fields and the second container are kept.
    assert.equal(app.image?.value, "nextcloud:31-apache");
    assert.equal(service(m, "nc/sidecar").image?.value, "busybox:1.36");
    assert.equal(app.mounts.length, 1);
    // The name the patch repeats to find its target stays where the base writes it.
    assert.equal(path(app.nameLocation), "/k/base/deployment.yaml");
  });

  it("removes an env entry with `$patch: delete` (patchesStrategicMerge, inline)", () => {
    const { model: m, path, text } = model(
      overlay(
        "patchesStrategicMerge:\n  - |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nc\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              env:\n                - name: REDIS_HOST\n                  $patch: delete\n              image: nextcloud:31.0.4-apache\n",
      ),
    );
    const app = service(m, "nc/app");
    assert.equal(app.env.has("REDIS_HOST"), false);
    assert.equal(app.env.get("MYSQL_HOST")?.value, "db");
    assert.equal(app.image?.value, "nextcloud:31.0.4-apache");
    assert.equal(path(app.image?.location), "/k/overlays/prod/kustomization.yaml");
    assert.equal(text(app.image?.location), "nextcloud:31.0.4-apache");
  });

  it("places an inline patch's values on their own lines, CRLF included, and a folded one on the whole value", () => {
    const crlf = model(overlay("patches:\r\n  - target:\r\n      kind: Deployment\r\n    patch: |-\r\n      - op: replace\r\n        path: /spec/template/spec/containers/0/image\r\n        value: nextcloud:latest\r\n"));
    assert.equal(crlf.text(service(crlf.model, "nc/app").image?.location), "nextcloud:latest");
    const folded = model(overlay("patches:\n  - target:\n      kind: Deployment\n    patch: >-\n      [{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\",\n      \"value\": \"nextcloud:latest\"}]\n"));
    assert.equal(service(folded.model, "nc/app").image?.value, "nextcloud:latest");
    assert.match(folded.text(service(folded.model, "nc/app").image?.location), /^>-\n/);
  });

  it("replaces a list with `$patch: replace` and deletes a key with null", () => {
    const { model: m } = model(
      overlay("patches:\n  - path: env.yaml\n", {
        "/k/overlays/prod/env.yaml": "kind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - $patch: replace\n            - name: ONLY\n              value: one\n        - name: sidecar\n          image: null\n",
      }),
    );
    assert.deepEqual([...service(m, "nc/app").env.keys()], ["ONLY"]);
    assert.equal(service(m, "nc/sidecar").image, undefined);
  });

  it("swaps a claim's storage class and access mode, located in the patch", () => {
    const { model: m, text, path } = model(
      overlay("patchesStrategicMerge:\n  - pvc-rwo.yaml\n", {
        "/k/overlays/prod/pvc-rwo.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: nc-data\nspec:\n  accessModes:\n    - ReadWriteOnce\n  storageClassName: longhorn\n",
      }),
    );
    const volume = service(m, "nc/app").mounts[0].volume;
    assert.deepEqual(volume?.accessModes?.value, ["ReadWriteOnce"]);
    assert.equal(path(volume?.accessModes?.location), "/k/overlays/prod/pvc-rwo.yaml");
    assert.match(text(volume?.accessModes?.location), /ReadWriteOnce/);
  });

  it("leaves a workload out of the model when a patch uses a directive it cannot apply", () => {
    const { model: m } = model(
      overlay("patches:\n  - path: env.yaml\n", {
        "/k/overlays/prod/env.yaml": "kind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          $setElementOrder/env:\n            - name: MYSQL_HOST\n",
      }),
    );
    assert.equal(m.services.some((s) => s.name.startsWith("nc/")), false);
  });

  it("leaves a workload out for a directive in a list merged as a whole", () => {
    const { model: m } = model(
      overlay("patches:\n  - path: tol.yaml\n", {
        "/k/overlays/prod/tol.yaml": "kind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      tolerations:\n        - key: spot\n          $patch: delete\n",
      }),
    );
    assert.equal(m.services.some((s) => s.name.startsWith("nc/")), false);
  });

  it("removes a whole resource with `$patch: delete`", () => {
    const { model: m } = model(overlay("patches:\n  - patch: |-\n      kind: Deployment\n      metadata:\n        name: nc\n      $patch: delete\n"));
    assert.equal(m.services.length, 0);
  });
});

describe("kustomize: JSON 6902 patches", () => {
  const target = "    target:\n      kind: Deployment\n      name: nc\n";

  it("adds an env item with `/-`, replaces the image and removes an item, in order", () => {
    const { model: m, text, path } = model(
      overlay(`patches:\n  - path: ops.yaml\n${target}`, {
        "/k/overlays/prod/ops.yaml":
          "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value:\n    name: REDIS_HOST_PORT\n    value: \"6380\"\n- op: remove\n  path: /spec/template/spec/containers/0/env/0\n- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: nextcloud:latest\n",
      }),
    );
    const app = service(m, "nc/app");
    assert.deepEqual([...app.env.keys()].sort(), ["MYSQL_HOST", "REDIS_HOST_PORT"]);
    assert.equal(app.env.get("REDIS_HOST_PORT")?.value, "6380");
    assert.equal(app.image?.value, "nextcloud:latest");
    assert.equal(path(app.image?.location), "/k/overlays/prod/ops.yaml");
    assert.equal(text(app.image?.location), "nextcloud:latest");
  });

  it("reads the older patchesJson6902 form and a key added to a map", () => {
    const { model: m } = model(
      overlay("patchesJson6902:\n  - target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: nc\n    path: ops.yaml\n", {
        "/k/overlays/prod/ops.yaml": "- op: add\n  path: /spec/replicas\n  value: 3\n",
      }),
    );
    assert.equal(service(m, "nc/app").replicas.value, 3);
  });

  it("locates a key a patch adds to a base mapping in the patch's file, not the base's", () => {
    const json = model(overlay("patches:\n  - path: ops.yaml\n    target:\n      kind: Deployment\n      name: nc\n", { "/k/overlays/prod/ops.yaml": "- op: add\n  path: /spec/replicas\n  value: 3\n" }));
    const byJson = service(json.model, "nc/app").replicas;
    assert.equal(json.path(byJson.location), "/k/overlays/prod/ops.yaml");
    assert.equal(json.text(byJson.location), "value: 3");
    const merge = model(overlay("patches:\n  - path: scale.yaml\n", { "/k/overlays/prod/scale.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nc\nspec:\n  replicas: 4\n" }));
    const byMerge = service(merge.model, "nc/app").replicas;
    assert.equal(merge.path(byMerge.location), "/k/overlays/prod/scale.yaml");
    assert.equal(merge.text(byMerge.location), "replicas: 4");
  });

  it("selects its target by label and by name pattern, and skips what it does not select", () => {
    const labelled = model(overlay("patches:\n  - target:\n      labelSelector: app=nextcloud\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/1/image\n        value: busybox:1.37\n"));
    assert.equal(service(labelled.model, "nc/sidecar").image?.value, "busybox:1.37");
    const other = model(overlay("patches:\n  - target:\n      kind: Deployment\n      name: other.*\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/1/image\n        value: busybox:1.37\n"));
    assert.equal(service(other.model, "nc/sidecar").image?.value, "busybox:1.36");
  });

  it("leaves the target out for an op it does not apply, a path that does not lead, a broken or missing patch, a set-based selector", () => {
    for (const patches of [
      `patches:\n  - path: ops.yaml\n${target}`,
      `patches:\n  - path: missing.yaml\n${target}`,
      `patches:\n  - path: broken.yaml\n${target}`,
      `patches:\n  - path: nowhere.yaml\n${target}`,
      "patches:\n  - path: ops.yaml\n    target:\n      labelSelector: app in (nextcloud)\n",
    ]) {
      const { model: m } = model(
        overlay(patches, {
          "/k/overlays/prod/ops.yaml": "- op: move\n  from: /spec/template/spec/containers/0/env\n  path: /spec/template/spec/containers/1/env\n",
          "/k/overlays/prod/broken.yaml": "- op: [replace\n  path: /spec\n",
          "/k/overlays/prod/nowhere.yaml": "- op: replace\n  path: /spec/template/spec/containers/5/image\n  value: x\n",
        }),
      );
      assert.equal(m.services.some((s) => s.name.startsWith("nc/")), false, patches);
    }
  });
});

describe("kustomize: images", () => {
  it("sets a tag, a name and a digest where the overlay writes them", () => {
    const tag = model(overlay("images:\n  - name: nextcloud\n    newTag: latest\n"));
    assert.equal(service(tag.model, "nc/app").image?.value, "nextcloud:latest");
    assert.equal(tag.text(service(tag.model, "nc/app").image?.location), "latest");
    assert.equal(service(tag.model, "nc/sidecar").image?.value, "busybox:1.36");
    const name = model(overlay("images:\n  - name: nextcloud\n    newName: registry.example.com/nextcloud\n"));
    assert.equal(service(name.model, "nc/app").image?.value, "registry.example.com/nextcloud:31-apache");
    const digest = model(overlay("images:\n  - name: nextcloud\n    newTag: \"31\"\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"));
    assert.equal(service(digest.model, "nc/app").image?.value, "nextcloud@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  });

  it("applies an inner layer's patch before the outer layer's images", () => {
    const { model: m } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../mid\nimages:\n  - name: nextcloud\n    newTag: 31.0.5-apache\n",
      "/k/overlays/mid/kustomization.yaml": "resources:\n  - ../../base\nimages:\n  - name: nextcloud\n    newTag: latest\n",
      ...BASE,
    });
    assert.equal(service(m, "nc/app").image?.value, "nextcloud:31.0.5-apache");
  });

  it("splits images", () => {
    assert.deepEqual(splitImage("registry:5000/nc/app:1@sha256:ab"), { name: "registry:5000/nc/app", tag: "1", digest: "sha256:ab" });
    assert.deepEqual(splitImage("registry:5000/nc"), { name: "registry:5000/nc", digest: undefined });
  });
});

describe("kustomize: bad input", () => {
  it("survives cycles between kustomizations and patches of every broken shape", () => {
    const { model: m } = model({
      "/k/a/kustomization.yaml": "resources:\n  - ../b\n  - ../../outside\npatches:\n  - {}\n  - path: 7\n  - patch: \"\"\n  - patch: |-\n      - just text\n    target: {kind: Deployment}\npatchesStrategicMerge:\n  - [x]\nimages:\n  - {name: nextcloud}\n  - text\n",
      "/k/b/kustomization.yaml": "resources:\n  - ../a\n  - deployment.yaml\n",
      "/k/b/deployment.yaml": DEPLOYMENT,
    });
    assert.ok(m.services.length === 0 || m.services.every((s) => s.image?.value !== undefined));
  });
});

describe("kustomize: generators and components", () => {
  const envFrom = (name: string): string => DEPLOYMENT.replace("          env:\n", `          envFrom:\n            - configMapRef:\n                name: ${name}\n          env:\n`);

  it("reads configMapGenerator literals and envs files as a ConfigMap, located where they are written", () => {
    const { model: m, text, path } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nconfigMapGenerator:\n  - name: nc-env\n    envs:\n      - nc.env\n    literals:\n      - OVERWRITEPROTOCOL=https\n      - 'TRUSTED_PROXIES=\"10.0.0.0/8\"'\n",
      "/k/overlays/prod/nc.env": "# redis\nREDIS_HOST_PORT=6380\n\nNC_default_phone_region=DE\n",
      ...BASE,
      "/k/base/deployment.yaml": envFrom("nc-env"),
    });
    const app = service(m, "nc/app");
    assert.equal(app.env.get("REDIS_HOST_PORT")?.value, "6380");
    assert.equal(path(app.env.get("REDIS_HOST_PORT")?.location), "/k/overlays/prod/nc.env");
    assert.equal(text(app.env.get("REDIS_HOST_PORT")?.location), "REDIS_HOST_PORT=6380");
    assert.equal(app.env.get("OVERWRITEPROTOCOL")?.value, "https");
    assert.equal(app.env.get("TRUSTED_PROXIES")?.value, "10.0.0.0/8");
    assert.equal(text(app.env.get("OVERWRITEPROTOCOL")?.valueLocation), "https");
  });

  it("merges an overlay's generator into the base's, and leaves a map with data it cannot read out", () => {
    const merged = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nconfigMapGenerator:\n  - name: nc-env\n    behavior: merge\n    literals:\n      - REDIS_HOST=redis-ha\n",
      ...BASE,
      "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - pvc.yaml\nconfigMapGenerator:\n  - name: nc-env\n    literals:\n      - REDIS_HOST=redis\n      - REDIS_HOST_PORT=6379\n",
      "/k/base/deployment.yaml": envFrom("nc-env").replace("            - name: REDIS_HOST\n              value: redis\n", ""),
    });
    const app = service(merged.model, "nc/app");
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis-ha");
    assert.equal(app.env.get("REDIS_HOST_PORT")?.value, "6379");
    for (const generator of ["    files:\n      - missing.config.php\n", "    envs:\n      - missing.env\n", "    envs:\n      - quoted.env\n", "    literals:\n      - FROM_SHELL\n"]) {
      const { model: m } = model({
        "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\nconfigMapGenerator:\n  - name: nc-env\n${generator}`,
        "/k/overlays/prod/quoted.env": "REDIS_HOST=\"redis\"\n",
        "/k/overlays/prod/config.php": "<?php\n",
        ...BASE,
        "/k/base/deployment.yaml": envFrom("nc-env").replace("            - name: REDIS_HOST\n              value: redis\n", ""),
      });
      const env = service(m, "nc/app").env;
      assert.equal(env.has("REDIS_HOST") && !env.get("REDIS_HOST")?.opaque, false, generator);
    }
  });

  it("reads a ConfigMap generator's files: each file's text under its name or its key=", () => {
    const php = "<?php\n$CONFIG = ['memcache.locking' => '\\OC\\Memcache\\Redis'];\n";
    const { model: m } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nconfigMapGenerator:\n  - name: nc-env\n    files:\n      - conf/redis.config.php\n      - extra.config.php=conf/other.php\n",
      "/k/overlays/prod/conf/redis.config.php": php,
      "/k/overlays/prod/conf/other.php": "<?php\n",
      ...BASE,
      "/k/base/deployment.yaml": envFrom("nc-env"),
    });
    const env = service(m, "nc/app").env;
    assert.equal(env.get("redis.config.php")?.value, php);
    assert.equal(env.get("extra.config.php")?.value, "<?php\n");
    assert.equal(env.get("redis.config.php")?.location.path, "/k/overlays/prod/conf/redis.config.php", "the value stands in its file");
  });

  it("applies a component's patches after the resources", () => {
    const { model: m, path } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\ncomponents:\n  - ../../components/redis-ha\n",
      "/k/components/redis-ha/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: redis.yaml\n",
      "/k/components/redis-ha/redis.yaml": "kind: Deployment\nmetadata:\n  name: nc\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: REDIS_HOST\n              value: redis-sentinel\n",
      ...BASE,
    });
    const redis = service(m, "nc/app").env.get("REDIS_HOST");
    assert.equal(redis?.value, "redis-sentinel");
    assert.equal(path(redis?.valueLocation), "/k/components/redis-ha/redis.yaml");
  });

  it("never reads a generator's env file or a patch outside the workspace, and reports them", () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-kustomize-")));
    try {
      const root = join(base, "ws");
      const files: Record<string, string> = {
        "outside/nc.env": "OUTSIDE=1\n",
        "outside/patch.yaml": "kind: Deployment\nmetadata:\n  name: nc\nspec:\n  replicas: 3\n",
        "ws/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: ../../../outside/patch.yaml\nconfigMapGenerator:\n  - name: nc-env\n    envs:\n      - ../../../outside/nc.env\n",
        "ws/base/kustomization.yaml": BASE["/k/base/kustomization.yaml"],
        "ws/base/deployment.yaml": envFrom("nc-env"),
        "ws/base/pvc.yaml": PVC,
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(base, name)), { recursive: true });
        writeFileSync(join(base, name), text);
      }
      const ws = new FsWorkspace(new WorkspaceBoundary([root]));
      const engine = new Engine();
      const spec = engine.discover(join(root, "overlays/prod/kustomization.yaml"), ws);
      assert.ok(spec);
      const project = loadProject(spec, ws, engine.cache, {});
      const app = service(buildModel(project), "nc/app");
      assert.equal(app.env.has("OUTSIDE"), false);
      assert.equal(app.replicas.certainty, "unknown");
      assert.deepEqual(project.refusedInputs.map((r) => `${r.role} ${r.name} ${r.reason}`).sort(), ["patch ../../../outside/patch.yaml is outside the workspace", "resource ../../../outside/nc.env is outside the workspace"]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("kustomize: names and namespaces", () => {
  const baseWith = (extra: string): Record<string, string> => ({ ...BASE, "/k/base/kustomization.yaml": `${extra}resources:\n  - deployment.yaml\n  - pvc.yaml\n` });
  const envPatch = (target: string): string => `patches:\n  - target:\n${target}    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/env/0/value\n        value: redis-ha\n`;

  it("finds a target by the name an inner layer's namePrefix gives, and not by the old name", () => {
    const prefixed = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${envPatch("      kind: Deployment\n      name: cloud-nc\n")}`, ...baseWith("namePrefix: cloud-\n") });
    assert.equal(service(prefixed.model, "nc/app").env.get("REDIS_HOST")?.value, "redis-ha");
    const old = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${envPatch("      kind: Deployment\n      name: nc\n")}`, ...baseWith("namePrefix: cloud-\n") });
    assert.equal(service(old.model, "nc/app").env.get("REDIS_HOST")?.value, "redis");
  });

  it("finds a target by the namespace an inner layer sets; one it cannot know leaves it out", () => {
    const inner = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${envPatch("      kind: Deployment\n      namespace: cloud\n")}`, ...baseWith("namespace: cloud\n") });
    assert.equal(service(inner.model, "nc/app").env.get("REDIS_HOST")?.value, "redis-ha");
    const other = model({ "/k/overlays/prod/kustomization.yaml": `resources:\n  - ../../base\n${envPatch("      kind: Deployment\n      namespace: other\n")}`, ...baseWith("namespace: cloud\n") });
    assert.equal(service(other.model, "nc/app").env.get("REDIS_HOST")?.value, "redis");
    const unknown = model(overlay(envPatch("      kind: Deployment\n      namespace: cloud\n")));
    assert.equal(unknown.model.services.some((s) => s.name.startsWith("nc/")), false);
  });

  it("applies an inner layer's patch only to what that layer builds", () => {
    const { model: m } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\n  - ../../other\n",
      "/k/other/kustomization.yaml": "resources:\n  - worker.yaml\nimages:\n  - name: nextcloud\n    newTag: latest\n",
      "/k/other/worker.yaml": DEPLOYMENT.replace("name: nc\n", "name: worker\n"),
      ...BASE,
    });
    assert.equal(service(m, "nc/app").image?.value, "nextcloud:31-apache");
    assert.equal(service(m, "worker/app").image?.value, "nextcloud:latest");
  });
});

describe("kustomize: alias bombs", () => {
  it("patches and rewrites images of shared nodes once, so an alias bomb stays fast", () => {
    const levels = ["a0: &a0 {image: nextcloud:31, name: x}"];
    for (let i = 1; i < 12; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 8 }, () => `*a${i - 1}`).join(", ")}]`);
    const bomb = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: nc", `x-anchors:\n${levels.map((l) => `  ${l}`).join("\n")}`, "spec:", "  template:", "    spec:", "      containers: *a11", ""].join("\n");
    const patchBomb = `kind: Deployment\nmetadata:\n  name: nc\nx-anchors:\n${levels.map((l) => `  ${l}`).join("\n")}\n`;
    const started = Date.now();
    model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: bomb.yaml\nimages:\n  - name: nextcloud\n    newTag: latest\n",
      "/k/overlays/prod/bomb.yaml": patchBomb,
      "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
      "/k/base/deployment.yaml": bomb,
    });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
});
