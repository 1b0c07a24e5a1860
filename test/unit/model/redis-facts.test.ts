/** The Redis facts the locking, sessions and redis rules read instead of the files. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyEdits } from "../../../server/src/engine/fixes/apply-edits";
import { FixBuilder } from "../../../server/src/engine/fixes/fix-builder";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { certaintyOf } from "../../../server/src/engine/model/queries";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry: string): { model: ClusterModel; fix: FixBuilder; text: string } {
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, {});
  const model = buildModel(project);
  return { model, fix: new FixBuilder(project, model), text: files[entry] };
}

const compose = (redis: string[]): string => ["services:", "  redis:", ...redis.map((l) => `    ${l}`), ""].join("\n");

describe("Redis facts", () => {
  it("auth: a password in the command is known, a config file unknown, nothing set defaulted to none", () => {
    const auth = (lines: string[]) => load({ "/p/compose.yaml": compose(lines) }, "/p/compose.yaml").model.redis[0].auth!;
    assert.equal(auth(["image: redis:7", "command: redis-server --requirepass s3cret"]).value, true);
    assert.equal(certaintyOf(auth(["image: redis:7", "command: redis-server /usr/local/etc/redis/redis.conf"])), "unknown");
    assert.equal(auth(["image: bitnami/redis:7.2", "environment:", "  - REDIS_PASSWORD=s3cret"]).value, true);
    // Bitnami: requirepass from REDIS_PASSWORD; without it and without ALLOW_EMPTY_PASSWORD the entrypoint refuses to start.
    const empty = auth(["image: bitnami/redis:7.2", "environment:", "  - ALLOW_EMPTY_PASSWORD=yes"]);
    assert.deepEqual([empty.value, certaintyOf(empty), empty.label], [false, "known", "ALLOW_EMPTY_PASSWORD"]);
    assert.equal(auth(["image: bitnami/redis:7.2", "environment:", "  - ALLOW_EMPTY_PASSWORD=no"]).value, true);
    assert.equal(auth(["image: bitnami/redis:7.2"]).value, true);
    const fromShell = auth(["image: bitnami/redis:7.2", "environment:", "  - ALLOW_EMPTY_PASSWORD=yes", "  - REDIS_PASSWORD=${REDIS_PASSWORD}"]);
    assert.deepEqual([fromShell.value, certaintyOf(fromShell)], [true, "unknown"]);
    const mountedConf = auth(["image: bitnami/redis:7.2", "environment:", "  - ALLOW_EMPTY_PASSWORD=yes", "volumes:", "  - ./redis.conf:/opt/bitnami/redis/mounted-etc/redis.conf"]);
    assert.equal(certaintyOf(mountedConf), "unknown");
    const none = auth(["image: redis:7"]);
    assert.deepEqual([none.value, certaintyOf(none)], [false, "defaulted"]);
  });

  it("a port's host address is an editable fact, and its removal takes the ports key with the only item", () => {
    const text = compose(["image: redis:7", "command: redis-server --port 6380", "ports:", '  - "6380:6380"']);
    const { model, fix } = load({ "/p/compose.yaml": text }, "/p/compose.yaml");
    assert.equal(model.redis[0].port, "6380");
    const port = model.redis[0].service.ports[0];
    assert.equal(applyEdits(text, fix.setFact(port.hostIpSetting, "127.0.0.1", "bind", "unsafe")!.edits).text, text.replace('"6380:6380"', '"127.0.0.1:6380:6380"'));
    assert.equal(text.slice(port.removal!.span.start, port.removal!.span.end).trimEnd(), 'ports:\n      - "6380:6380"');
  });

  it("a long-form port without host_ip gets one after its last key", () => {
    const text = compose(["image: redis:7", "ports:", "  - target: 6379", "    published: 6379", "  - 8001:8001"]);
    const { model, fix } = load({ "/p/compose.yaml": text }, "/p/compose.yaml");
    const port = model.redis[0].service.ports[0];
    assert.equal(text.slice(port.focus!.span.start, port.focus!.span.end), "published: 6379");
    assert.equal(applyEdits(text, fix.setFact(port.hostIpSetting, "127.0.0.1", "bind", "unsafe")!.edits).text, text.replace("published: 6379", "published: 6379\n        host_ip: 127.0.0.1"));
    assert.equal(port.removal, port.location);
  });

  it("a chart names its Redis switches and the value a rendered host comes from", () => {
    const off = load({ "/p/values.yaml": "replicaCount: 3\nredis:\n  enabled: false\n" }, "/p/values.yaml");
    const redisSwitch = off.model.apps[0].redisSwitch!;
    assert.deepEqual([redisSwitch.value, redisSwitch.label], [false, "redis.enabled and externalRedis.enabled"]);
    assert.equal(applyEdits(off.text, off.fix.setFact(redisSwitch, "true", "on", "unsafe")!.edits).text, [
      "replicaCount: 3",
      "redis:",
      "  enabled: true",
      // The subchart's password from a Secret the operator creates, never the chart's published default.
      "  auth:",
      "    existingSecret: nextcloud-redis",
      "    existingSecretPasswordKey: redis-password",
      "",
    ].join("\n"));
    const external = load({ "/p/values.yaml": "replicaCount: 3\nexternalRedis:\n  enabled: true\n  host: localhost\n" }, "/p/values.yaml");
    const host = external.model.apps[0].env.get("REDIS_HOST")!;
    assert.equal(host.value, "localhost");
    assert.equal(host.source?.label, "externalRedis.host");
    assert.equal(external.text.slice(host.source!.location!.span.start, host.source!.location!.span.end), "host");
  });

  it("setEnv on a chart writes the value a variable is copied from", () => {
    const { model, fix, text } = load({ "/p/values.yaml": "replicas: 2\nowncloud:\n  session:\n    saveHandler: redis\n" }, "/p/values.yaml");
    const edit = fix.setEnv(model.apps[0], "OWNCLOUD_SESSION_SAVE_PATH", "tcp://redis:6379", "path", "unsafe");
    assert.equal(applyEdits(text, edit!.edits).text, `${text}    savePath: "tcp://redis:6379"\n`);
  });

  it("a Redis container in the app's Kubernetes pod is a sidecar of that app", () => {
    const manifest = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: nextcloud",
      "spec:",
      "  replicas: 2",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: app",
      "          image: nextcloud:31",
      "        - name: redis",
      "          image: redis:7",
      "",
    ].join("\n");
    const { model } = load({ "/p/nextcloud.yaml": manifest }, "/p/nextcloud.yaml");
    assert.equal(model.apps[0].redisSidecar?.message, "nextcloud/redis runs in every nextcloud pod");
  });
});
