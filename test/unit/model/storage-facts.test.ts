/**
 * The storage facts the adapters compute so that the storage rules never read a format: a
 * chart's persistence and its claims' access modes, the database an app installs with, and
 * whether an app's instances are spread across nodes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { certaintyOf } from "../../../server/src/engine/model/queries";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function model(files: Record<string, string>, entry: string, assumeCluster = false): { model: ClusterModel; text: (location: { path: string; span: { start: number; end: number } } | undefined) => string | undefined } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, { assumeCluster });
  return { model: buildModel(project), text: (l) => (l ? map.get(l.path)!.slice(l.span.start, l.span.end) : undefined) };
}

describe("chart persistence", () => {
  it("models the Nextcloud chart's default (off) with a whole-block edit and the claims a fix turns on", () => {
    const { model: m } = model({ "/h/values.yaml": "replicaCount: 3\nnextcloud:\n  host: cloud.example.com\n" }, "/h/values.yaml");
    const persistence = m.apps[0].persistence!;
    assert.equal(persistence.enabled.value, false);
    assert.equal(certaintyOf(persistence.enabled), "defaulted");
    assert.equal(persistence.enabled.label, "persistence.enabled");
    assert.deepEqual(persistence.enabled.edit, { kind: "chart-value", path: "persistence.enabled" });
    assert.deepEqual(persistence.wholeBlock?.fact.edit, { kind: "chart-value", path: "persistence" });
    const modes = persistence.claims[0].accessModes!;
    assert.deepEqual(modes.value, ["ReadWriteOnce"]);
    assert.equal(certaintyOf(modes), "defaulted");
    assert.deepEqual(modes.edit, { kind: "chart-value", path: "persistence.accessMode", list: false });
    assert.equal(m.apps[0].mounts[0].kind, "emptydir");
  });

  it("attaches the rendered claims to the mounts once persistence is on, and needs no whole-block edit", () => {
    const { model: m, text } = model(
      { "/h/values.yaml": "replicaCount: 2\nnextcloud:\n  host: cloud.example.com\npersistence:\n  enabled: true\n  accessMode: ReadWriteMany\n" },
      "/h/values.yaml",
    );
    const app = m.apps[0];
    assert.equal(app.persistence?.wholeBlock, undefined);
    const mount = app.mounts[0];
    assert.equal(mount.backingKind, "rwx-claim");
    assert.equal(mount.volume?.rendered?.label, "the main volume (/var/www/html)");
    assert.equal(text(mount.volume?.accessModes?.location), "accessMode");
    assert.equal(certaintyOf(mount.volume!.accessModes!), "known");
  });

  it("leaves an existing claim's access mode unknown and backs the ownCloud chart's NFS claim with NFS", () => {
    const existing = model({ "/h/values.yaml": "replicaCount: 2\nnextcloud:\n  host: x\npersistence:\n  enabled: true\n  existingClaim: shared\n" }, "/h/values.yaml").model;
    assert.equal(certaintyOf(existing.apps[0].mounts[0].volume!.accessModes!), "unknown");
    const { model: m, text } = model(
      { "/o/values.yaml": "owncloud:\n  domain: x\npersistence:\n  enabled: true\n  owncloud:\n    nfs:\n      enabled: true\n      server: 10.0.0.10\n" },
      "/o/values.yaml",
    );
    const mount = m.apps[0].mounts[0];
    assert.equal(mount.backingKind, "nfs");
    assert.equal(text(mount.location), "enabled");
    assert.equal(mount.volume?.rendered?.label, "the chart's NFS volume");
    assert.deepEqual(mount.volume?.accessModes?.edit, { kind: "chart-value", path: "persistence.owncloud.accessMode", list: true });
  });
});

describe("SQLite selection", () => {
  it("takes the Nextcloud chart's internalDatabase switch, with the database it shadows and the value that turns it off", () => {
    const { model: m, text } = model({ "/h/values.yaml": "replicaCount: 3\nnextcloud:\n  host: x\nmariadb:\n  enabled: true\n" }, "/h/values.yaml");
    const sqlite = m.apps[0].sqlite!;
    assert.equal(sqlite.reason, "internalDatabase.enabled defaults to true");
    assert.equal(sqlite.location, undefined);
    assert.deepEqual(sqlite.setting?.edit, { kind: "chart-value", path: "internalDatabase.enabled" });
    assert.equal(sqlite.shadows?.name, "mariadb");
    assert.equal(sqlite.shadows?.off, "false");
    assert.equal(text(sqlite.shadows?.location), "enabled");
    const off = model({ "/h/values.yaml": "replicaCount: 3\ninternalDatabase:\n  enabled: false\nmariadb:\n  enabled: true\n" }, "/h/values.yaml").model;
    assert.equal(off.apps[0].sqlite, undefined);
  });

  it("reads the ownCloud chart's rendered OWNCLOUD_DB_TYPE by its value path", () => {
    const { model: m } = model({ "/o/values.yaml": "replicas: 2\nowncloud:\n  domain: x\n" }, "/o/values.yaml");
    assert.equal(m.apps[0].sqlite?.reason, "owncloud.db.type defaults to sqlite");
    assert.equal(m.apps[0].sqlite?.certainty, "default");
  });

  it("lets SQLITE_DATABASE shadow a complete MySQL group in Compose, to be removed", () => {
    const { model: m } = model(
      {
        "/c/compose.yaml":
          "services:\n  app:\n    image: nextcloud:31\n    environment:\n      - SQLITE_DATABASE=nc\n      - MYSQL_HOST=db\n      - MYSQL_DATABASE=nc\n      - MYSQL_USER=nc\n      - MYSQL_PASSWORD_FILE=/run/secrets/db\n",
      },
      "/c/compose.yaml",
    );
    const sqlite = m.apps[0].sqlite!;
    assert.equal(sqlite.certainty, "explicit");
    assert.equal(sqlite.reason, "SQLITE_DATABASE is set");
    assert.equal(sqlite.shadows?.off, undefined);
    assert.ok(sqlite.shadows);
  });

  it("does not decide for an ownCloud whose OWNCLOUD_DB_TYPE comes from a Secret", () => {
    const { model: m } = model(
      {
        "/k/owncloud.yaml": [
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata:",
          "  name: owncloud",
          "spec:",
          "  replicas: 2",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: server",
          "          image: owncloud/server:10.16.4",
          "          env:",
          "            - name: OWNCLOUD_DB_TYPE",
          "              valueFrom:",
          "                secretKeyRef: {name: db, key: type}",
          "",
        ].join("\n"),
      },
      "/k/owncloud.yaml",
    );
    assert.equal(m.apps[0].sqlite, undefined);
  });
});

describe("spread across nodes", () => {
  it("is true for Swarm deploy replicas and an assumed cluster, false for Compose scale", () => {
    const files = { "/c/compose.yaml": "services:\n  swarm:\n    image: nextcloud:31\n    deploy:\n      replicas: 3\n  host:\n    image: nextcloud:31\n    scale: 3\n" };
    const { model: m } = model(files, "/c/compose.yaml");
    assert.deepEqual(
      m.services.map((s) => [s.name, s.spreadAcrossNodes]),
      [
        ["swarm", true],
        ["host", false],
      ],
    );
    assert.ok(model(files, "/c/compose.yaml", true).model.services.every((s) => s.spreadAcrossNodes));
  });

  it("calls a Kubernetes host directory a hostPath", () => {
    const { model: m } = model({ "/k/d.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nc\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nextcloud:31\n" }, "/k/d.yaml");
    assert.equal(m.vocabulary.hostDirectory, "hostPath");
    assert.equal(m.apps[0].spreadAcrossNodes, true);
  });
});
