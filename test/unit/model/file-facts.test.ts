import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel, ConfiguredKey } from "../../../server/src/engine/model/cluster-model";
import { walkConfiguredKeys } from "../../../server/src/engine/model/queries";
import { FixBuilder } from "../../../server/src/engine/fixes/fix-builder";
import { loadProject } from "../../../server/src/engine/project/load-project";
import type { Project } from "../../../server/src/engine/project/project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry: string): { model: ClusterModel; project: Project; text: (loc: { path: string; span: { start: number; end: number } }) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, {});
  return { model: buildModel(project), project, text: (loc) => map.get(loc.path)!.slice(loc.span.start, loc.span.end) };
}

describe("file facts", () => {
  it("lists the variables each service writes, with the name's span and whether the file is committed", () => {
    const { model, text } = load(
      {
        "/p/compose.yaml": 'services:\n  app:\n    image: nextcloud:31\n    env_file: app.env\n    environment:\n      - "REDIS_HOST=${REDIS}"\n  db:\n    image: mariadb:11\n    environment:\n      MYSQL_PASSWORD: secret\n',
        "/p/app.env": "export SMTP_HOST=mail\n",
        "/p/.env": "REDIS=cache\n",
      },
      "/p/compose.yaml",
    );
    const keys = model.configuredKeys ?? [];
    const byName = new Map(keys.map((k) => [k.name, k]));
    const redis = byName.get("REDIS_HOST")!;
    assert.deepEqual(redis.surface, { kind: "variable", product: "nextcloud" });
    assert.equal(redis.file, "deployment");
    assert.equal(text(redis.keyLocation), "REDIS_HOST");
    assert.equal(redis.written, "${REDIS}");
    assert.equal(redis.refersElsewhere, true);
    const smtp = byName.get("SMTP_HOST")!;
    assert.equal(smtp.file, "env-file");
    assert.equal(text(smtp.keyLocation), "SMTP_HOST");
    const password = byName.get("MYSQL_PASSWORD")!;
    assert.deepEqual(password.surface, { kind: "variable", product: undefined });
    assert.equal(password.service?.name, "db");
    assert.equal(password.refersElsewhere, false);
  });

  it("records each env file's entries, what they read, and which one Compose interpolates from", () => {
    const { model, text } = load(
      {
        "/p/compose.yaml": "services:\n  app:\n    image: nextcloud:31\n    env_file: app.env\n    environment:\n      - A=${X:-d}\n      - B=${Y:?needed}\n      - C=${Z}\n",
        "/p/app.env": "K=1\nL=${K}\nM='${K}'\n",
        "/p/.env": "Z=1\n",
      },
      "/p/compose.yaml",
    );
    const files = model.envFiles ?? [];
    const dotenv = files.find((f) => f.interpolationSource)!;
    assert.equal(dotenv.path, "/p/.env");
    const app = files.find((f) => f.path === "/p/app.env")!;
    assert.equal(app.interpolationSource, false);
    assert.deepEqual(app.entries.map((e) => [e.key, e.line, e.reads]), [["K", 0, []], ["L", 1, ["K"]], ["M", 2, []]]);
    assert.equal(text(app.entries[1].keyLocation), "L");
    const uses = (model.interpolations ?? []).map((u) => [u.name, u.whenUnset, u.resolved, u.definition ? text(u.definition) : undefined]);
    assert.deepEqual(uses, [["X", "fallback", false, undefined], ["Y", "error", false, undefined], ["Z", "empty", true, "Z"]]);
  });

  it("walks chart values depth first, skips below a key on false, skips merged keys and visits an aliased mapping once", () => {
    const { model } = load(
      {
        "/c/values.yaml": "nextcloud:\n  host: a\n  extraEnv:\n    - name: X\n      value: y\nbase: &b\n  k: 1\nother:\n  <<: *b\n  own: 2\nagain: *b\n",
        "/c/Chart.yaml": "name: nextcloud\n",
      },
      "/c/values.yaml",
    );
    const visited: string[] = [];
    let extraEnv: ConfiguredKey | undefined;
    walkConfiguredKeys(model, (key) => {
      visited.push(key.name);
      if (key.name === "nextcloud.extraEnv") extraEnv = key;
      return key.name !== "nextcloud.extraEnv";
    });
    assert.deepEqual(visited, ["nextcloud", "nextcloud.host", "nextcloud.extraEnv", "base", "base.k", "other", "other.own", "again"]);
    assert.deepEqual(
      extraEnv?.items?.map((item) => item.map((k) => [k.name, k.scalar?.text])),
      [[["nextcloud.extraEnv.name", "X"], ["nextcloud.extraEnv.value", "y"]]],
    );
    const other: ConfiguredKey[] = [];
    walkConfiguredKeys(model, (key) => void (key.name === "other.own" && other.push(key)));
    assert.deepEqual([...(other[0].siblings ?? [])].sort(), ["k", "own"]);
  });

  it("reads an umbrella chart's values under its nextcloud dependency's alias, and no values of a custom chart", () => {
    const values = "cloud:\n  replicaCount: 2\n  externalDatabase:\n    enabled: false\n    password: old\nother:\n  replicas: 3\n";
    const umbrella = load(
      { "/u/Chart.yaml": "apiVersion: v2\nname: stack\ndependencies:\n  - name: nextcloud\n    alias: cloud\n", "/u/values.yaml": values },
      "/u/values.yaml",
    );
    assert.equal(umbrella.model.chartValues?.chart, "nextcloud");
    assert.equal(umbrella.model.chartValues?.chartNamed, true);
    const keys: ConfiguredKey[] = [];
    walkConfiguredKeys(umbrella.model, (key) => void keys.push(key));
    assert.deepEqual(keys.map((k) => k.name), ["replicaCount", "externalDatabase", "externalDatabase.enabled", "externalDatabase.password"]);
    assert.equal(umbrella.text(keys[0].keyLocation), "replicaCount");
    assert.equal(keys[3].switchedOff, true);
    assert.equal(keys[0].switchedOff, undefined);
    const custom = load({ "/c/Chart.yaml": "apiVersion: v2\nname: my-cloud\n", "/c/values.yaml": "nextcloud:\n  replicas: 2\n" }, "/c/values.yaml");
    assert.equal(custom.model.chartValues, undefined);
  });

  it("defines a variable at the end of the project's .env, in its line-break style, only when it is new", () => {
    const { model, project } = load(
      {
        "/p/compose.yaml": "services:\n  app:\n    image: nextcloud:31\n",
        "/p/.env": "A=1\r\nB=2",
      },
      "/p/compose.yaml",
    );
    const fix = new FixBuilder(project, model);
    const added = fix.defineVariable("C", "two words", "Add C", "suggestion");
    assert.deepEqual(added?.edits, [{ path: "/p/.env", span: { start: 8, end: 8 }, newText: "\r\nC='two words'" }]);
    assert.equal(fix.defineVariable("A", "x", "Add A", "suggestion"), undefined);
    assert.equal(fix.defineVariable("D", "it's\nmultiline", "Add D", "suggestion"), undefined);
  });
});
