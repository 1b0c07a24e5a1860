/**
 * What the property-based tests (fuzz.test.ts) found, each pinned down: a name that fills a
 * very long line, parser positions inside an emoji, a BOM or a tag before the first key, and
 * YAML anchors that several places share.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseYaml, sharedNodes } from "../../server/src/engine/documents/yaml-tree";
import { applyEdits } from "../../server/src/engine/fixes/apply-edits";
import { Engine } from "../../server/src/engine/lint";
import { MapWorkspace } from "../../server/src/engine/workspace";

function lint(files: Record<string, string>, assumeCluster = false) {
  const engine = new Engine();
  engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
  return engine.lintPaths(Object.keys(files), new MapWorkspace(new Map(Object.entries(files))), { assumeCluster });
}

describe("fuzz regressions", () => {
  it("lints a variable whose name is a 200,000-character line (no RegExp built from it)", () => {
    const name = "A".repeat(200_000);
    const result = lint({ "/p/compose.yaml": `services:\n  app:\n    image: nextcloud:31\n    environment:\n      - ${name}=1\n      - MYSQL_PASSWORD=x\n` }, true);
    assert.ok(result.findings.length > 0);
  });

  it("never splits an emoji in a parse problem's span", () => {
    const problems = parseYaml("/x.yaml", "a: 🚀: b\n").problems;
    assert.deepEqual(problems.map((p) => p.span), [{ start: 3, end: 5 }]);
  });

  for (const [name, prefix] of [
    ["a BOM", "\uFEFF"],
    ["a BOM after a comment line", "# 🚀\n\uFEFF"],
    ["a tag", "!!str "],
  ] as const) {
    it(`indents a new top-level key at column 0 after ${name}`, () => {
      const path = "/h/values.yaml";
      const text = `${prefix}nextcloud:\n  host: cloud.example.com\nmariadb:\n  enabled: true\n`;
      const fix = lint({ [path]: text }).findings.find((f) => f.ruleId === "database/helm-sqlite-shadows-db")?.fixes[0];
      assert.ok(fix, "no fix offered");
      const fixed = applyEdits(text, fix.edits).text;
      assert.equal(fixed, `${text}internalDatabase:\n  enabled: false\n`);
    });
  }

  it("offers no fix in a values file a tab makes unreadable (it once indented the new key wrongly there)", () => {
    const path = "/h/values.yaml";
    const text = "\uFEFF\treplicas: 2\nowncloud:\n  domain: cloud.example.com\n";
    const findings = lint({ [path]: text }).findings;
    assert.ok(findings.some((f) => f.ruleId === "yaml/syntax"), "the tab is a syntax error");
    assert.deepEqual(findings.flatMap((f) => f.fixes.map((fix) => `${f.ruleId}: ${fix.title}`)), []);
  });

  it("inserts after the last written key, not after a trailing `? ` without a key", () => {
    const path = "/h/values.yaml";
    const text = "replicaCount: 3\r\nnextcloud:\r\n  host: cloud.example.com\r\nexternalDatabase:\r\n  enabled: true\r\n  type: mysql\r\n? ";
    const fix = lint({ [path]: text }).findings.find((f) => f.ruleId === "storage/sqlite-in-cluster")?.fixes[0];
    assert.ok(fix, "no fix offered");
    const fixed = applyEdits(text, fix.edits).text;
    assert.equal(fixed, text.replace("? ", "internalDatabase:\r\n  enabled: false\r\n? "));
    assert.deepEqual(lint({ [path]: fixed }).findings.filter((f) => f.ruleId === "storage/sqlite-in-cluster"), []);
  });

  it("counts the places that use each anchored node", () => {
    const file = parseYaml(
      "/c/compose.yaml",
      ["x-once: &once", "  a: 1", "x-twice: &twice", "  b: 2", "x-env: &env", "  C: 3", "services:", "  one:", "    <<: *once", "    environment: *env", "  two:", "    <<: *twice", "  three:", "    <<: *twice", "    environment: *env", ""].join("\n"),
    );
    const shared = sharedNodes(file);
    const root = file.roots[0];
    assert.equal(root.kind, "map");
    const value = (key: string) => root.kind === "map" ? root.entries.find((e) => e.key === key)!.value! : undefined;
    assert.equal(shared.has(value("x-once")!), false, "merged into one service only");
    assert.equal(shared.has(value("x-twice")!), true, "merged into two services");
    assert.equal(shared.has(value("x-env")!), true, "the alias of two services");
  });

  it("adds a variable at the alias site, never to an anchor another service uses", () => {
    const path = "/c/compose.yaml";
    const text = ["x-env: &env", "  MYSQL_HOST: db", "services:", "  app:", "    image: nextcloud:31-apache", "    environment: *env", "    deploy:", "      replicas: 3", "  cron:", "    image: nextcloud:31-apache", "    entrypoint: /cron.sh", "    environment: *env", "  redis:", "    image: redis:7", ""].join("\n");
    const findings = lint({ [path]: text }).findings;
    const edits = findings.flatMap((f) => f.fixes.flatMap((x) => x.edits));
    assert.ok(edits.length > 0, "no fix offered");
    for (const e of edits) assert.ok(e.span.start > text.indexOf("services:"), `a fix edits the anchor: ${JSON.stringify(e)}`);
    const redis = findings.find((f) => f.ruleId === "locking/no-shared-redis")!.fixes[0];
    // The cron service that shares the anchor gets the same override: it reads REDIS_HOST too (config/env-parity).
    assert.equal(
      applyEdits(text, redis.edits).text,
      text
        .replace("    environment: *env\n    deploy:", "    environment:\n      <<: *env\n      REDIS_HOST: redis\n    deploy:")
        .replace("    environment: *env\n  redis:", "    environment:\n      <<: *env\n      REDIS_HOST: redis\n  redis:"),
    );
  });

  it("overrides a merged environment in the service itself, naming the anchor it merges", () => {
    const path = "/c/compose.yaml";
    const text = ["x-app: &app", "  image: nextcloud:31-apache", "  environment: &env", "    MYSQL_HOST: db", "services:", "  app:", "    <<: *app", "    deploy:", "      replicas: 3", "  worker:", "    image: example/worker:1", "    environment: *env", "  redis:", "    image: redis:7", ""].join("\n");
    const redis = lint({ [path]: text }).findings.find((f) => f.ruleId === "locking/no-shared-redis")!.fixes[0];
    assert.equal(applyEdits(text, redis.edits).text, text.replace("      replicas: 3\n", "      replicas: 3\n    environment:\n      <<: *env\n      REDIS_HOST: redis\n"));
  });

  it("offers no fix for a shared environment list (a list cannot be merged)", () => {
    const path = "/c/compose.yaml";
    const text = ["x-env: &env", "  - MYSQL_HOST=db", "services:", "  app:", "    image: nextcloud:31-apache", "    environment: *env", "    deploy:", "      replicas: 3", "  worker:", "    image: example/worker:1", "    environment: *env", "  redis:", "    image: redis:7", ""].join("\n");
    const findings = lint({ [path]: text }).findings;
    const redis = findings.find((f) => f.ruleId === "locking/no-shared-redis");
    assert.ok(redis, "the finding stays");
    assert.deepEqual(redis.fixes, []);
  });

  it("offers no fix that would change what another alias of the anchor reads", () => {
    const path = "/h/values.yaml";
    const text = "replicaCount: 3\nnextcloud:\n  host: cloud.example.com\nredis: &off\n  enabled: false\npersistence: *off\n";
    const findings = lint({ [path]: text }).findings;
    const anchor = { start: text.indexOf("&off"), end: text.indexOf("persistence:") };
    for (const f of findings) for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.span.end <= anchor.start || e.span.start >= anchor.end, `${f.ruleId} "${fix.title}" edits the shared anchor`);
  });
});
