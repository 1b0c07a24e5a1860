/**
 * Fixes that need a second step take it or leave the finding: the owncloud-swarm example after
 * `fix --unsafe` (in memory) keeps a cron runner and logs its sessions in to the password-protected
 * Redis with the password's reference; no fix writes a literal password.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fixAll, lint } from "../helpers/fix-all";

const example = new URL("../../examples/owncloud-swarm", import.meta.url).pathname;
const composePath = `${example}/docker-compose.yml`;
const envPath = `${example}/.env`;
const exampleFiles = (): Map<string, string> => new Map([composePath, envPath].map((p) => [p, readFileSync(p, "utf8")]));
const always = (): boolean => true;

describe("fixes that need a second step", () => {
  it("fix --unsafe on examples/owncloud-swarm: sessions carry the Redis password reference, cron is not switched off everywhere", () => {
    const { files } = fixAll(exampleFiles(), {}, ["safe", "unsafe"], always);
    const compose = files.get(composePath)!;
    assert.match(compose, /^ {6}- OWNCLOUD_SESSION_SAVE_PATH=tcp:\/\/redis:6379\?auth=\$\{REDIS_PASSWORD\}$/m);
    assert.match(compose, /^ {6}- OWNCLOUD_REDIS_PASSWORD=\$\{REDIS_PASSWORD\}$/m);
    assert.doesNotMatch(compose, /OWNCLOUD_CROND_ENABLED=false/, "no service would run background jobs");
    const cron = lint(files, {}).findings.filter((f) => f.ruleId === "cron/multiple-runners");
    assert.equal(cron.length, 1, "the cron error stays until a cron service exists");
    assert.match(cron[0].message, /run one dedicated cron service/);
    assert.deepEqual(cron[0].fixes, []);
  });

  it("with a dedicated cron service, the replicas' daemons are switched off and that service keeps cron", () => {
    const files = exampleFiles();
    const withCron = files.get(composePath)!.replace(
      "\n  db:\n",
      "\n  owncloud-cron:\n    image: owncloud/server:10.16.4\n    environment:\n      - OWNCLOUD_DB_HOST=db\n      - OWNCLOUD_CROND_ENABLED=true\n    volumes:\n      - owncloud_data:/mnt/data\n\n  db:\n",
    );
    files.set(composePath, withCron);
    const before = lint(files, {}).findings.find((f) => f.ruleId === "cron/multiple-runners");
    assert.deepEqual(before?.fixes.map((f) => [f.title, f.safety]), [["Set OWNCLOUD_CROND_ENABLED=false on owncloud (owncloud-cron keeps cron)", "safe"]]);
    const { files: fixed } = fixAll(files, {}, ["safe"], always);
    const compose = fixed.get(composePath)!;
    assert.match(compose, /^ {6}- OWNCLOUD_CROND_ENABLED=false$/m);
    assert.match(compose, /^ {6}- OWNCLOUD_CROND_ENABLED=true$/m);
    assert.deepEqual(lint(fixed, {}).findings.filter((f) => f.ruleId === "cron/multiple-runners"), []);
  });

  it("a Redis password written as a literal that no .env variable holds gets no sessions fix (it would copy the secret)", () => {
    const compose = [
      "services:",
      "  owncloud:",
      "    image: owncloud/server:10.16.4",
      "    deploy:",
      "      replicas: 2",
      "    environment:",
      "      - OWNCLOUD_REDIS_ENABLED=true",
      "  redis:",
      "    image: redis:7",
      "    command: redis-server --requirepass Zq8vR2mK5tW9",
      "",
    ].join("\n");
    const sessions = lint(new Map([["/w/compose.yaml", compose]]), {}).findings.find((f) => f.ruleId === "sessions/files-in-cluster");
    assert.ok(sessions, "the finding itself stays");
    assert.deepEqual(sessions.fixes, []);
    // Once .env holds it, the fix refers to that variable.
    const withEnv = new Map([["/w/compose.yaml", compose], ["/w/.env", "REDIS_PASSWORD=Zq8vR2mK5tW9\n"]]);
    const fixed = lint(withEnv, {}).findings.find((f) => f.ruleId === "sessions/files-in-cluster");
    assert.ok(fixed?.fixes[0].edits.some((e) => e.newText.includes("OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379?auth=${REDIS_PASSWORD}")));
    assert.ok(fixed?.fixes[0].edits.every((e) => !e.newText.includes("Zq8vR2mK5tW9")));
  });
});
