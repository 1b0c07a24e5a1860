import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel, ServiceModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import type { Location } from "../../../server/src/engine/text/span";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function model(files: Record<string, string>): { model: ClusterModel; text: (location: Location | undefined) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const entry = Object.keys(files)[0];
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  assert.equal(spec.kind, "k8s");
  const project = loadProject(spec, ws, engine.cache, {});
  return { model: buildModel(project), text: (location) => (location ? map.get(location.path)!.slice(location.span.start, location.span.end) : "<none>") };
}

function service(m: ClusterModel, name: string): ServiceModel {
  const found = m.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} in ${m.services.map((s) => s.name).join(", ")}`);
  return found;
}

/** A Deployment of one container; `pod` and `container` are YAML lines at their own indentation. */
function deployment(name: string, image: string, options: { replicas?: number; pod?: string[]; container?: string[]; kind?: string } = {}): string {
  return [
    "apiVersion: apps/v1",
    `kind: ${options.kind ?? "Deployment"}`,
    "metadata:",
    `  name: ${name}`,
    "spec:",
    ...(options.replicas === undefined ? [] : [`  replicas: ${options.replicas}`]),
    "  template:",
    "    spec:",
    ...(options.pod ?? []).map((l) => `      ${l}`),
    "      containers:",
    `        - name: main`,
    `          image: ${image}`,
    ...(options.container ?? []).map((l) => `          ${l}`),
    "",
  ].join("\n");
}

const claimVolume = (volume: string, claim: string): string[] => ["volumes:", `  - name: ${volume}`, "    persistentVolumeClaim:", `      claimName: ${claim}`];
const mountAt = (volume: string, path: string, extra: string[] = []): string[] => ["volumeMounts:", `  - name: ${volume}`, `    mountPath: ${path}`, ...extra.map((l) => `    ${l}`)];

describe("k8s adapter: storage", () => {
  it("gives each replica of a StatefulSet its own claim from volumeClaimTemplates", () => {
    const { model: m, text } = model({
      "/k/sts.yaml": [
        "apiVersion: apps/v1",
        "kind: StatefulSet",
        "metadata:",
        "  name: nc",
        "spec:",
        "  replicas: 3",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: app",
        "          image: nextcloud:31",
        "          volumeMounts:",
        "            - name: html",
        "              mountPath: /var/www/html",
        "  volumeClaimTemplates:",
        "    - metadata:",
        "        name: html",
        "      spec:",
        "        accessModes: [ReadWriteMany]",
        "",
      ].join("\n"),
    });
    const mount = m.apps[0].mounts[0];
    assert.equal(mount.kind, "claim");
    assert.equal(mount.backingKind, "rwx-claim");
    assert.equal(mount.volume?.perReplica, true);
    assert.equal(mount.source, "html-nc");
    assert.equal(text(mount.volume?.declaredAt), "html");
    assert.equal(text(mount.volume?.accessModes?.location), "[ReadWriteMany]");
  });

  it("follows a claim's volumeName to an NFS PersistentVolume and reads its mountOptions", () => {
    const { model: m, text } = model({
      "/k/app.yaml": deployment("db", "postgres:17", { pod: claimVolume("data", "pg"), container: mountAt("data", "/var/lib/postgresql/data") }),
      "/k/storage.yaml": [
        "apiVersion: v1",
        "kind: PersistentVolume",
        "metadata: {name: pv1}",
        "spec:",
        "  mountOptions: [\"soft,nfsvers=4.1\", noatime]",
        "  nfs: {server: nas, path: /pg}",
        "---",
        "apiVersion: v1",
        "kind: PersistentVolumeClaim",
        "metadata:",
        "  name: pg",
        "spec:",
        "  volumeName: pv1",
        "  accessModes:",
        "    - ReadWriteOnce",
        "",
      ].join("\n"),
    });
    const data = m.databases[0].dataMounts[0];
    assert.equal(data.backingKind, "nfs");
    assert.deepEqual(data.volume!.mountOptions.map((o) => `${o.name}=${o.value ?? ""}@${text(o.location)}`), ["soft=@soft", "nfsvers=4.1@nfsvers=4.1", "noatime=@noatime"]);
    assert.equal(text(data.volume!.type!.location), "nfs");
    assert.equal(text(data.volume!.options!.location), "mountOptions");
    assert.equal(text(data.volume!.accessModes!.location), "- ReadWriteOnce", "the block list without its line break");
    assert.equal(text(data.location), "name: data\n              mountPath: /var/lib/postgresql/data");
  });

  it("classifies claims by StorageClass provisioner, CSI driver, class name and access mode", () => {
    const pvc = (name: string, storageClass: string | undefined, modes: string): string =>
      ["---", "apiVersion: v1", "kind: PersistentVolumeClaim", `metadata: {name: ${name}}`, "spec:", ...(storageClass ? [`  storageClassName: ${storageClass}`] : []), `  accessModes: ${modes}`].join("\n");
    const mounts = ["smb", "efs", "gluster", "nfsname", "block", "rom", "ext"];
    const { model: m, text } = model({
      "/k/app.yaml": deployment("nc", "nextcloud:31", {
        replicas: 2,
        pod: ["volumes:", ...mounts.map((n) => `  - {name: ${n}, persistentVolumeClaim: {claimName: ${n}}}`)],
        container: ["volumeMounts:", ...mounts.map((n) => `  - {name: ${n}, mountPath: /m/${n}}`)],
      }),
      "/k/storage.yaml": [
        "apiVersion: storage.k8s.io/v1",
        "kind: StorageClass",
        "metadata: {name: files}",
        "provisioner: smb.csi.k8s.io",
        "mountOptions: [dir_mode=0770]",
        "---",
        "apiVersion: storage.k8s.io/v1",
        "kind: StorageClass",
        "metadata: {name: ebs}",
        "provisioner: ebs.csi.aws.com",
        "---",
        "apiVersion: v1",
        "kind: PersistentVolume",
        "metadata: {name: efs-pv}",
        "spec:",
        "  storageClassName: shared",
        "  csi: {driver: efs.csi.aws.com, volumeHandle: fs-1}",
        "---",
        "apiVersion: v1",
        "kind: PersistentVolume",
        "metadata: {name: gv}",
        "spec:",
        "  storageClassName: gv",
        "  glusterfs: {endpoints: gluster, path: gv0}",
        pvc("smb", "files", "[ReadWriteMany]"),
        pvc("efs", "shared", "[ReadWriteMany]"),
        pvc("gluster", "gv", "[ReadWriteMany]"),
        pvc("nfsname", "nfs-client", "[ReadWriteOnce]"),
        pvc("block", "ebs", "[ReadWriteOnce]"),
        pvc("rom", undefined, "[ReadOnlyMany]"),
        "",
      ].join("\n"),
    });
    const app = m.apps[0];
    assert.deepEqual(
      app.mounts.map((x) => `${x.source}:${x.backingKind}`),
      ["smb:cifs", "efs:nfs", "gluster:glusterfs", "nfsname:nfs", "block:rwo-claim", "rom:claim", "ext:claim"],
    );
    const smb = app.mounts[0].volume!;
    assert.equal(text(smb.type!.location), "smb.csi.k8s.io");
    assert.deepEqual(smb.mountOptions.map((o) => o.name), ["dir_mode"]);
    assert.equal(app.mounts[6].volume!.external, true);
    assert.ok(m.volumes.has("block") && m.volumes.has("ext"));
  });

  it("scopes an emptyDir to its pod, reads medium Memory as tmpfs and a hostPath as a bind mount", () => {
    const pod = ["volumes:", "  - {name: scratch, emptyDir: {}}", "  - {name: ram, emptyDir: {medium: Memory}}", "  - {name: host, hostPath: {path: /srv/nc}}", "  - {name: share, nfs: {server: nas, path: /export}}"];
    const container = ["volumeMounts:", "  - {name: scratch, mountPath: /a}", "  - {name: ram, mountPath: /b}", "  - {name: host, mountPath: /c, subPath: x}", "  - {name: share, mountPath: /d}"];
    const { model: m, text } = model({ "/k/a.yaml": deployment("one", "nextcloud:31", { pod, container }), "/k/b.yaml": deployment("two", "nextcloud:31", { pod, container }) });
    const [one, two] = m.apps;
    assert.deepEqual(one.mounts.map((x) => `${x.kind}:${x.backingKind}:${x.source}`), ["emptydir:emptydir:one:scratch", "emptydir:tmpfs:one:ram", "bind:bind:/srv/nc/x", "volume:nfs:nas:/export"]);
    assert.equal(two.mounts[0].source, "two:scratch");
    assert.equal(text(one.mounts[3].volume!.type!.location), "nfs");
    // Two Nextcloud workloads on one inline NFS export serve one instance.
    assert.equal(m.cluster.inCluster, true);
  });
});

describe("k8s adapter: environment", () => {
  it("reads envFrom ConfigMaps with their prefix, Secrets as set, and lets env win", () => {
    const { model: m, text } = model({
      "/k/app.yaml": deployment("oc", "owncloud/server:10.16.4", {
        container: [
          "envFrom:",
          "  - configMapRef: {name: oc}",
          "  - secretRef: {name: db}",
          "    prefix: OWNCLOUD_",
          "env:",
          "  - name: OWNCLOUD_DOMAIN",
          "    value: override.example",
          "  - name: OWNCLOUD_REDIS_HOST",
          "    valueFrom:",
          "      configMapKeyRef: {name: oc, key: REDIS}",
        ],
      }),
      "/k/config.yaml": [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: oc}",
        "data:",
        "  OWNCLOUD_DOMAIN: cloud.example",
        "  OWNCLOUD_DB_TYPE: mysql",
        "  REDIS: redis-master",
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: db}",
        "stringData:",
        "  DB_PASSWORD: hunter2",
        "",
      ].join("\n"),
    });
    const env = m.apps[0].env;
    assert.equal(env.get("OWNCLOUD_DB_TYPE")!.value, "mysql");
    assert.equal(env.get("OWNCLOUD_DB_TYPE")!.origin, "env_file");
    assert.equal(text(env.get("OWNCLOUD_DB_TYPE")!.valueLocation), "mysql");
    assert.equal(env.get("OWNCLOUD_DOMAIN")!.value, "override.example");
    assert.equal(text(env.get("OWNCLOUD_DOMAIN")!.location), "name: OWNCLOUD_DOMAIN\n              value: override.example");
    const password = env.get("OWNCLOUD_DB_PASSWORD")!;
    assert.equal(password.opaque, true);
    assert.equal(password.value, "", "a Secret's value is never read into the model");
    const redis = env.get("OWNCLOUD_REDIS_HOST")!;
    assert.equal(redis.value, "redis-master");
    assert.equal(redis.opaque, undefined);
    assert.equal(text(redis.valueLocation), "redis-master");
    assert.equal(m.apps[0].opaqueEnvSources, undefined);
  });

  it("records an envFrom of a source outside the folder, and a secretKeyRef as set but unknown", () => {
    const { model: m, text } = model({
      "/k/app.yaml": deployment("nc", "nextcloud:31", {
        container: ["envFrom:", "  - secretRef:", "      name: elsewhere", "env:", "  - name: MYSQL_PASSWORD", "    valueFrom: {secretKeyRef: {name: elsewhere, key: pw}}"],
      }),
    });
    const app = m.apps[0];
    assert.equal(app.opaqueEnvSources?.length, 1);
    assert.equal(text(app.opaqueEnvSources![0].location), "secretRef:\n                name: elsewhere");
    assert.match(app.opaqueEnvSources![0].message, /Secret elsewhere/);
    assert.equal(app.env.get("MYSQL_PASSWORD")!.opaque, true);
  });
});

describe("k8s adapter: workloads", () => {
  it("raises replicas to a HorizontalPodAutoscaler's maximum and keeps spec.replicas as related", () => {
    const { model: m, text } = model({
      "/k/app.yaml": deployment("nc", "nextcloud:31", { replicas: 2 }),
      "/k/hpa.yaml": "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: nc}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nc}\n  maxReplicas: 6\n",
    });
    const replicas = m.apps[0].replicas;
    assert.equal(replicas.value, 6);
    assert.equal(text(replicas.location), "maxReplicas");
    assert.equal(text(replicas.related[0].location), "replicas");
    assert.equal(m.cluster.inCluster, true);
  });

  it("ignores an autoscaler of another workload or one below spec.replicas", () => {
    const { model: m } = model({
      "/k/app.yaml": deployment("nc", "nextcloud:31", { replicas: 3 }),
      "/k/hpa.yaml": [
        "apiVersion: autoscaling/v2",
        "kind: HorizontalPodAutoscaler",
        "metadata: {name: a}",
        "spec: {scaleTargetRef: {kind: Deployment, name: other}, maxReplicas: 9}",
        "---",
        "apiVersion: autoscaling/v2",
        "kind: HorizontalPodAutoscaler",
        "metadata: {name: b}",
        "spec: {scaleTargetRef: {kind: Deployment, name: nc}, maxReplicas: 2}",
        "",
      ].join("\n"),
    });
    assert.equal(m.apps[0].replicas.value, 3);
  });

  it("takes SyncThing containers for sync agents and marks what they replicate", () => {
    const { model: m } = model({
      "/k/app.yaml": deployment("nc", "nextcloud:31", { pod: ["volumes:", "  - {name: d, hostPath: {path: /srv/nc}}"], container: mountAt("d", "/var/www/html") }),
      "/k/sync.yaml": deployment("sync", "syncthing/syncthing:1.27", { kind: "DaemonSet", pod: ["volumes:", "  - {name: d, hostPath: {path: /srv/nc}}"], container: mountAt("d", "/var/syncthing") }),
    });
    assert.deepEqual(m.syncAgents.map((s) => s.name), ["sync/main"]);
    assert.equal(service(m, "nc/main").mounts[0].backingKind, "syncthing");
    assert.equal(service(m, "sync/main").replicas.value, "global");
  });

  it("survives broken and partial manifests", () => {
    const { model: m } = model({
      "/k/a.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      volumes: [1, {name: v}, {persistentVolumeClaim: {claimName: c}}]\n      containers:\n        - name: c\n          image: nextcloud:31\n          envFrom: [1, {}, {configMapRef: {}}]\n          env: [x, {name: A, valueFrom: {configMapKeyRef: {name: none}}}]\n          volumeMounts: [{name: v}, {mountPath: /x}, {name: nope, mountPath: /y}]\n",
      "/k/b.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nspec: {accessModes: ReadWriteOnce}\n---\napiVersion: v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  replicas: many\n  template: {spec: {containers: [{name: c, image: 'postgres:17'}]}}\n  volumeClaimTemplates: [{}, {metadata: {}}]\n",
      "/k/c.yaml": "apiVersion: v1\nkind: HorizontalPodAutoscaler\nspec: {maxReplicas: [1]}\n",
    });
    assert.deepEqual(m.apps[0].mounts.map((x) => `${x.target}:${x.backingKind}`), ["/y:unknown"]);
    assert.equal(m.apps[0].env.get("A")?.opaque, true);
    assert.equal(m.apps[0].opaqueEnvSources?.length, 1, "the empty configMapRef names nothing in the folder");
    assert.equal(m.databases[0].service.replicas.value, 1);
  });
});

describe("k8s adapter: kustomize layers", () => {
  const base = {
    "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
    "/k/base/deployment.yaml": deployment("nc", "nextcloud:31-apache"),
  };

  it("takes the outermost layer's count, located where the overlay writes it", () => {
    const files = {
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../mid\nreplicas:\n  - name: nc\n    count: 4\n",
      "/k/overlays/mid/kustomization.yaml": "resources:\n  - ../../base\nreplicas:\n  - name: nc\n    count: 2\n",
      ...base,
    };
    const { model: m, text } = model(files);
    const nc = service(m, "nc/main");
    assert.equal(nc.replicas.value, 4);
    assert.equal(text(nc.replicas.location), "count: 4");
    assert.equal(nc.replicas.edit?.kind === "text" ? text(nc.replicas.edit.location) : "", "4");
  });

  it("leaves the base alone at one replica", () => {
    const { model: m } = model({ ...base, "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nreplicas:\n  - name: nc\n    count: 3\n" });
    assert.equal(service(m, "nc/main").replicas.value, 1);
  });

  it("makes the count unknown for a patch that is not in the workspace, and survives cycles and remote bases", () => {
    const { model: m } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\n  - ../prod\n  - https://github.com/example/manifests//base?ref=v1\npatches:\n  - path: missing-scale.yaml\n",
      ...base,
    });
    const nc = service(m, "nc/main");
    assert.equal(nc.replicas.certainty, "unknown");
    assert.equal(nc.replicas.value, 1);
  });

  it("reads a JSON 6902 patch file on its target and ignores other workloads", () => {
    const { model: m, text } = model({
      "/k/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: scale.yaml\n    target:\n      kind: Deployment\n      name: nc\n",
      "/k/overlays/prod/scale.yaml": "- op: replace\n  path: /spec/replicas\n  value: 5\n",
      ...base,
      "/k/base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - other.yaml\n",
      "/k/base/other.yaml": deployment("other", "nextcloud:31-apache"),
    });
    assert.equal(service(m, "nc/main").replicas.value, 5);
    assert.equal(text(service(m, "nc/main").replicas.location), "value: 5");
    assert.equal(service(m, "other/main").replicas.value, 1);
    assert.ok(!m.services.some((s) => s.name.startsWith("scale")));
  });
});
