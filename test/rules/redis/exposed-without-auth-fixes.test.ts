/** The fixes the golden fixtures cannot show: only the first fix of a finding is applied there. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyEdits } from "../../../server/src/engine/fixes/apply-edits";
import { Engine } from "../../../server/src/engine/lint";
import { MapWorkspace } from "../../../server/src/engine/workspace";

const RULE = "redis/exposed-without-auth";

function fixesOf(compose: string): { title: string; safety: string; result: string }[] {
  const path = "/p/compose.yaml";
  const result = new Engine().lintPaths([path], new MapWorkspace(new Map([[path, compose]])), {});
  const finding = result.findings.find((f) => f.ruleId === RULE);
  assert.ok(finding, "the rule fires");
  return finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety, result: applyEdits(compose, fix.edits).text }));
}

describe(`${RULE} fixes`, () => {
  it("removes the whole ports key with its only item, as a suggestion", () => {
    const compose = ["services:", "  redis:", "    image: redis:7", "    ports:", '      - "6379:6379"', "    restart: always", ""].join("\n");
    const [bind, remove] = fixesOf(compose);
    assert.equal(bind.safety, "unsafe");
    assert.equal(bind.result, compose.replace('"6379:6379"', '"127.0.0.1:6379:6379"'));
    assert.equal(remove.safety, "suggestion");
    assert.equal(remove.result, ["services:", "  redis:", "    image: redis:7", "    restart: always", ""].join("\n"));
  });

  it("removes only the Redis item when other ports stay published", () => {
    const compose = ["services:", "  redis:", "    image: redis:7", "    ports:", "      - 8001:8001", "      - 6379:6379", ""].join("\n");
    const [, remove] = fixesOf(compose);
    assert.equal(remove.result, ["services:", "  redis:", "    image: redis:7", "    ports:", "      - 8001:8001", ""].join("\n"));
  });

  it("rewrites an explicit all-interfaces host_ip of a long-form port", () => {
    const compose = ["services:", "  redis:", "    image: redis:7", "    ports:", "      - target: 6379", "        host_ip: 0.0.0.0", "        published: 6379", ""].join("\n");
    const [bind] = fixesOf(compose);
    assert.equal(bind.result, compose.replace("host_ip: 0.0.0.0", "host_ip: 127.0.0.1"));
  });

  it("offers no bind fix for an interpolated port, only the removal", () => {
    const compose = ["services:", "  redis:", "    image: redis:7", "    ports:", '      - "${REDIS_PORT:-6379}:6379"', ""].join("\n");
    const fixes = fixesOf(compose);
    assert.deepEqual(fixes.map((f) => f.safety), ["suggestion"]);
  });
});
