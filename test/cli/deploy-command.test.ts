/**
 * `docker stack deploy` reads no `.env`; `docker compose` does. A stack file's `${VAR}` is
 * unknown even when `.env` defines it, a Compose file's is filled from `.env`, and `--deploy`,
 * `.scaleout.yaml` `deploy:` and the editor's `scaleout.deploy` say which when the names cannot.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintOptionsOf, readSettings } from "../../server/src/lsp/settings";
import { runCli, tempProject } from "./cli-harness";

const app = ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${APP_REPLICAS}", ""].join("\n");
const dotenv = "APP_REPLICAS=3\n";
const SESSIONS = "locking/no-shared-redis";
const UNSEEN = "project/unseen-input";

interface Row {
  ruleId: string;
  line: number;
  message: string;
  related?: { file: string; line: number }[];
}

function findings(args: string[], dir: string): Row[] {
  const run = runCli(["check", "--format", "json", ...args], dir);
  const report = JSON.parse(run.stdout) as { findings: Row[] };
  return report.findings.filter((f) => f.ruleId === SESSIONS || f.ruleId === UNSEEN);
}

describe("how the Compose files are deployed", () => {
  it("a stack file's ${VAR} stays unknown though .env sets it: no cluster finding, one note saying why", () => {
    const project = tempProject({ "nextcloud.stack.yml": app, ".env": dotenv });
    try {
      const rows = findings([], project.dir);
      assert.deepEqual(
        rows.map((r) => [r.ruleId, r.line]),
        [[UNSEEN, 5]],
      );
      assert.match(rows[0].message, /^`docker stack deploy` reads no \.env: APP_REPLICAS comes from the shell or tool that deploys .* APP_REPLICAS is in \.env, which counts only if that shell exports it/);
    } finally {
      project.cleanup();
    }
  });

  it("--deploy compose reads the stack file's .env: 3 replicas, the related location on .env", () => {
    const project = tempProject({ "nextcloud.stack.yml": app, ".env": dotenv });
    try {
      const rows = findings(["--deploy", "compose"], project.dir);
      assert.deepEqual(rows.map((r) => [r.ruleId, r.line]), [[SESSIONS, 2]]);
      assert.match(rows[0].message, /^app runs on several nodes without REDIS_HOST/);
      assert.deepEqual(rows[0].related?.map((r) => [r.file, r.line]), [["nextcloud.stack.yml", 5], [".env", 1]]);
    } finally {
      project.cleanup();
    }
  });

  it("`deploy: stack` in .scaleout.yaml makes a docker-compose.yml a stack; --deploy wins over it", () => {
    const project = tempProject({ "docker-compose.yml": app, ".env": dotenv, ".scaleout.yaml": "deploy: stack\n" });
    try {
      assert.deepEqual(findings([], project.dir).map((r) => [r.ruleId, r.line]), [[UNSEEN, 5]]);
      assert.deepEqual(findings(["--deploy", "compose"], project.dir).map((r) => [r.ruleId, r.line]), [[SESSIONS, 2]]);
    } finally {
      project.cleanup();
    }
  });

  it("without a setting, a docker-compose.yml is deployed with docker compose and reads .env", () => {
    const project = tempProject({ "docker-compose.yml": app, ".env": dotenv });
    try {
      assert.deepEqual(findings([], project.dir).map((r) => [r.ruleId, r.line]), [[SESSIONS, 2]]);
      assert.deepEqual(findings(["--deploy", "stack"], project.dir).map((r) => [r.ruleId, r.line]), [[UNSEEN, 5]]);
    } finally {
      project.cleanup();
    }
  });

  it("a stack's list-style environment is not filled from .env either: REDIS_HOST=${RH} stays unknown", () => {
    const stack = ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: 3", "    environment:", "      - REDIS_HOST=${RH}", ""].join("\n");
    const project = tempProject({ "stack.yml": stack, ".env": "RH=\n" });
    try {
      assert.deepEqual(findings([], project.dir).map((r) => [r.ruleId, r.line]), [[UNSEEN, 7]], "an empty RH from .env would claim no shared Redis");
      assert.deepEqual(findings(["--deploy", "compose"], project.dir).map((r) => [r.ruleId, r.line]), [[SESSIONS, 7]]);
    } finally {
      project.cleanup();
    }
  });

  it("rejects a --deploy other than compose or stack", () => {
    const project = tempProject({ "docker-compose.yml": app });
    try {
      const run = runCli(["check", "--deploy", "kubectl"], project.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--deploy/);
    } finally {
      project.cleanup();
    }
  });

  it("the editor's scaleout.deploy wins over .scaleout.yaml; auto leaves it to the file", () => {
    assert.equal(lintOptionsOf(readSettings({ deploy: "compose" }), { deploy: "stack" }).deploy, "compose");
    assert.equal(lintOptionsOf(readSettings({ deploy: "auto" }), { deploy: "stack" }).deploy, "stack");
    assert.equal(lintOptionsOf(readSettings({ deploy: "kubectl" }), {}).deploy, undefined);
  });
});
