/**
 * Compose file sets and env files as `docker compose -f a.yaml -f b.yaml --env-file x.env` takes
 * them: from the CLI (`--file`, `--env-file`, repeatable), `.scaleout.yaml` (`compose.files`,
 * `compose.envFiles`) and the editor (`scaleout.compose.files`, `scaleout.compose.envFiles`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintOptionsOf, readSettings } from "../../server/src/lsp/settings";
import { runCli, tempProject } from "./cli-harness";

const base = ["services:", "  app:", "    image: nextcloud:31-apache", ""].join("\n");
// A fragment: it scales the app but names no image, so alone it is no Nextcloud deployment.
const prod = ["services:", "  app:", "    deploy:", "      replicas: ${APP_REPLICAS}", ""].join("\n");
const SESSIONS = "locking/no-shared-redis";

interface Row {
  ruleId: string;
  file: string;
  line: number;
  related?: { file: string; line: number }[];
}

function findings(args: string[], dir: string): Row[] {
  const run = runCli(["check", "--format", "json", ...args], dir);
  assert.notEqual(run.code, 2, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: Row[] };
  return report.findings.filter((f) => f.ruleId === SESSIONS);
}

describe("Compose file sets and env files", () => {
  it("--file a --file b merges the set: the replicas of the second file scale the app of the first", () => {
    const project = tempProject({ "compose.yaml": base, "deploy/compose.prod.yaml": prod, ".env": "APP_REPLICAS=3\n" });
    try {
      assert.deepEqual(findings([], project.dir), [], "without the set, compose.prod.yaml is a fragment on its own");
      const rows = findings(["--file", "compose.yaml", "--file", "deploy/compose.prod.yaml"], project.dir);
      assert.deepEqual(rows.map((r) => [r.file, r.line]), [["compose.yaml", 2]]);
      assert.deepEqual(rows[0].related?.map((r) => [r.file, r.line]), [["deploy/compose.prod.yaml", 4], [".env", 1]]);
    } finally {
      project.cleanup();
    }
  });

  it("--env-file replaces .env; a later --env-file wins", () => {
    const set = `${base.trimEnd()}\n    deploy:\n      replicas: \${APP_REPLICAS}\n`;
    const project = tempProject({ "compose.yaml": set, ".env": "APP_REPLICAS=1\n", "env/prod.env": "APP_REPLICAS=3\n", "env/one.env": "APP_REPLICAS=1\n" });
    try {
      assert.deepEqual(findings([], project.dir), []);
      const rows = findings(["--env-file", "env/prod.env", "."], project.dir);
      assert.deepEqual(rows.map((r) => [r.file, r.line]), [["compose.yaml", 2]]);
      assert.deepEqual(rows[0].related?.map((r) => [r.file, r.line]), [["compose.yaml", 5], ["env/prod.env", 1]]);
      assert.deepEqual(findings(["--env-file", "env/prod.env", "--env-file", "env/one.env", "."], project.dir), []);
    } finally {
      project.cleanup();
    }
  });

  it("`compose: { files, envFiles }` in .scaleout.yaml does the same, relative to its folder", () => {
    const config = ["compose:", "  files:", "    - [compose.yaml, deploy/compose.prod.yaml]", "  envFiles: [env/prod.env]", ""].join("\n");
    const project = tempProject({ "compose.yaml": base, "deploy/compose.prod.yaml": prod, "env/prod.env": "APP_REPLICAS=3\n", ".scaleout.yaml": config });
    try {
      const rows = findings([], project.dir);
      assert.deepEqual(rows.map((r) => [r.file, r.line]), [["compose.yaml", 2]]);
      assert.deepEqual(rows[0].related?.map((r) => [r.file, r.line]), [["deploy/compose.prod.yaml", 4], ["env/prod.env", 1]]);
    } finally {
      project.cleanup();
    }
  });

  it("a mistyped `compose:` in .scaleout.yaml is a usage error that names the key", () => {
    const project = tempProject({ "compose.yaml": base, ".scaleout.yaml": "compose:\n  files: [compose.yaml]\n" });
    try {
      const run = runCli(["check", "--format", "json"], project.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /compose\.files\.0/);
    } finally {
      project.cleanup();
    }
  });

  it("--file of a file that is not there is a usage error", () => {
    const project = tempProject({ "compose.yaml": base });
    try {
      const run = runCli(["check", "--file", "compose.yaml", "--file", "compose.prod.yaml"], project.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--file compose\.prod\.yaml: no such file/);
    } finally {
      project.cleanup();
    }
  });

  it("the editor's scaleout.compose settings resolve against the workspace folder and win over .scaleout.yaml", () => {
    const settings = readSettings({ scaleout: { compose: { files: [["compose.yaml", "deploy/compose.prod.yaml"], [], "bad"], envFiles: ["env/prod.env", 3] } } });
    assert.deepEqual(settings.composeFiles, [["compose.yaml", "deploy/compose.prod.yaml"], ["bad"]]);
    const options = lintOptionsOf(settings, { composeFileSets: [["/w/compose.yaml"]], composeEnvFiles: ["/w/.env.prod"] }, ["/w"], "/w");
    assert.deepEqual(options.composeFileSets, [["/w/compose.yaml", "/w/deploy/compose.prod.yaml"], ["/w/bad"]]);
    assert.deepEqual(options.composeEnvFiles, ["/w/env/prod.env"]);
    // Unset in the editor: the file's sets stay.
    assert.deepEqual(lintOptionsOf(readSettings({}), { composeFileSets: [["/w/compose.yaml"]] }, ["/w"], "/w").composeFileSets, [["/w/compose.yaml"]]);
  });
});
