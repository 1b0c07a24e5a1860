import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseScaleoutConfig, scaleoutConfigSchema } from "../../../server/src/engine/config/scaleout-config";
import { renderSchemas, schemasDir } from "../../../scripts/generate-schemas";

describe("parseScaleoutConfig", () => {
  it("accepts a complete, valid config", () => {
    const data = {
      rules: { "sessions/files-in-cluster": "warning", "env/duplicate-key": "off" },
      assumeCluster: true,
      nodes: 3,
      include: ["deploy/**/*.yaml"],
      exclude: ["**/test-values/**"],
    };
    assert.deepEqual(parseScaleoutConfig(data), { config: data, problems: [] });
  });
  it("reads `mounts:` and reports a relative path or an unknown file system", () => {
    const mounts = { "/mnt/iscsi/media-apps": "ocfs2", "/mnt/nas": "cifs", "/mnt/nfs-old": "local" };
    assert.deepEqual(parseScaleoutConfig({ mounts }), { config: { mounts }, problems: [] });
    const bad = parseScaleoutConfig({ mounts: { "mnt/nas": "cifs", "/mnt/x": "zfs" } });
    assert.deepEqual(bad.config, {});
    assert.deepEqual(bad.problems.map((p) => p.path).sort(), ["mounts./mnt/x", "mounts.mnt/nas"]);
  });
  it("treats an empty document as an empty config", () => {
    assert.deepEqual(parseScaleoutConfig(null), { config: {}, problems: [] });
    assert.deepEqual(parseScaleoutConfig(undefined), { config: {}, problems: [] });
    assert.deepEqual(parseScaleoutConfig({}), { config: {}, problems: [] });
  });
  it("reports a non-mapping document", () => {
    assert.deepEqual(parseScaleoutConfig("rules: off"), {
      config: {},
      problems: [{ path: "", message: "the configuration must be a mapping of settings" }],
    });
    assert.equal(parseScaleoutConfig([1, 2]).problems.length, 1);
  });
  it("keeps the valid settings next to invalid ones", () => {
    const result = parseScaleoutConfig({
      rules: { "sessions/files-in-cluster": "fatal", "cron/none": "info", Bad_Id: "error" },
      nodes: 0,
      assumeCluster: "yes",
      include: ["ok/**", 7],
      exclude: ["vendor/**"],
      colour: "blue",
    });
    assert.deepEqual(result.config, { rules: { "cron/none": "info" }, exclude: ["vendor/**"] });
    assert.deepEqual(
      result.problems.map((problem) => problem.path),
      ["rules.sessions/files-in-cluster", "rules.Bad_Id", "nodes", "assumeCluster", "include.1", "colour"],
    );
    assert.equal(
      result.problems[0]?.message,
      'invalid setting "fatal": expected one of error, warning, info, hint, off',
    );
    assert.equal(result.problems[1]?.message, '"Bad_Id" is not a rule id (expected concern/kebab-name or concern/*)');
    assert.equal(result.problems[5]?.message, 'unknown setting "colour"');
  });
  it("rejects a non-integer node count", () => {
    assert.deepEqual(
      parseScaleoutConfig({ nodes: 2.5 }).problems.map((problem) => problem.path),
      ["nodes"],
    );
  });
  it("reports rules that are not a mapping", () => {
    assert.deepEqual(parseScaleoutConfig({ rules: ["a/b"] }), {
      config: {},
      problems: [{ path: "rules", message: "`rules` must be a mapping of rule id to severity" }],
    });
  });
  it("never throws, whatever it is given", () => {
    const odd: unknown[] = [42, true, Symbol("x"), () => 1, { rules: null }, { rules: { "a/b": { nested: 1 } } }, Object.create(null)];
    for (const data of odd) assert.doesNotThrow(() => parseScaleoutConfig(data));
  });
  it("the zod schema itself rejects unknown keys", () => {
    assert.equal(scaleoutConfigSchema.safeParse({ nodes: 2, extra: 1 }).success, false);
    assert.equal(scaleoutConfigSchema.safeParse({ nodes: 2 }).success, true);
  });
});

describe("generated JSON Schemas", () => {
  it("schemas/ is up to date with the zod schemas (run scripts/generate-schemas.ts)", () => {
    for (const [file, content] of Object.entries(renderSchemas())) {
      assert.equal(readFileSync(join(schemasDir, file), "utf8"), content, file);
    }
  });
  it("the config schema carries descriptions and the severity enum", () => {
    const schema = JSON.parse(renderSchemas()["scaleout-config.schema.json"] ?? "{}");
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.rules.additionalProperties.enum, ["error", "warning", "info", "hint", "off"]);
    assert.equal(schema.properties.nodes.minimum, 1);
    assert.match(schema.properties.nodes.description, /more than 1 implies cluster/);
  });
});
