/** Fix safety is part of the contract (safe fixes go into fix-all); expected.json cannot state it. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../../../server/src/engine/lint";
import { MapWorkspace } from "../../../server/src/engine/workspace";

const RULE = "cron/multiple-runners";

function safetyOf(compose: string): string[] {
  const path = "/p/compose.yaml";
  const result = new Engine().lintPaths([path], new MapWorkspace(new Map([[path, compose]])), {});
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.severity} ${f.fixes.map((x) => x.safety).join(",")}`);
}

describe(`${RULE} fix safety`, () => {
  const scaled = ["services:", "  owncloud:", "    image: owncloud/server:10.16.4", "    deploy:", "      replicas: 3", "    environment:", "      - OWNCLOUD_DB_TYPE=mysql"];

  it("offers no fix that stops cron on the replicas when no other node runs it (background jobs would stop)", () => {
    assert.deepEqual(safetyOf([...scaled, ""].join("\n")), ["error "]);
  });

  it("is safe when a single dedicated cron service keeps running it", () => {
    const compose = [...scaled, "  owncloud-cron:", "    image: owncloud/server:10.16.4", ""].join("\n");
    assert.deepEqual(safetyOf(compose), ["error safe"]);
  });

  it("scales a Nextcloud cron service back to one replica as a safe warning", () => {
    const compose = ["services:", "  cron:", "    image: nextcloud:31-apache", "    entrypoint: /cron.sh", "    deploy:", "      mode: global", ""].join("\n");
    assert.deepEqual(safetyOf(compose), ["warning safe"]);
  });
});
