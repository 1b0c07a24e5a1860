/**
 * The CLI on the shipped examples/ (what `npm start` prints), in text and SARIF: every finding
 * at its exact place, the same set in both formats, and exit code 1 for the errors.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { repoRoot, runCli } from "./cli-harness";

const expected = [
  "examples/nextcloud-compose/compose.yaml:3:3 info config/init-htaccess",
  "examples/nextcloud-compose/compose.yaml:12:9 error storage/html-not-shared",
  "examples/nextcloud-compose/compose.yaml:14:3 error config/env-parity",
  "examples/nextcloud-compose/compose.yaml:15:12 error upgrade/version-skew",
  "examples/nextcloud-helm/values.yaml:2:1 error locking/no-shared-redis",
  "examples/nextcloud-helm/values.yaml:2:1 error storage/sqlite-in-cluster",
  "examples/nextcloud-helm/values.yaml:4:1 info security/default-credentials",
  "examples/nextcloud-helm/values.yaml:8:3 error storage/rwo-in-cluster",
  "examples/nextcloud-helm/values.yaml:12:3 error database/helm-sqlite-shadows-db",
  "examples/nextcloud-helm/values.yaml:12:3 error database/read-committed",
  "examples/nextcloud-helm/values.yaml:12:3 error database/subchart-without-persistence",
  "examples/nextcloud-helm/values.yaml:12:3 info security/default-credentials",
  "examples/nextcloud-helm/values.yaml:15:3 warning cron/multiple-runners",
  "examples/owncloud-helm/values.yaml:2:1 error sessions/files-in-cluster",
  "examples/owncloud-helm/values.yaml:2:1 warning upgrade/uncoordinated",
  "examples/owncloud-helm/values.yaml:4:1 info security/default-credentials",
  "examples/owncloud-helm/values.yaml:14:3 error storage/rwo-in-cluster",
  "examples/owncloud-swarm/.env:6:1 warning env/duplicate-key",
  "examples/owncloud-swarm/docker-compose.yml:4:3 error cron/multiple-runners",
  "examples/owncloud-swarm/docker-compose.yml:4:3 warning permissions/chown-on-shared-storage",
  "examples/owncloud-swarm/docker-compose.yml:4:3 warning security/default-credentials",
  "examples/owncloud-swarm/docker-compose.yml:4:3 error sessions/files-in-cluster",
  "examples/owncloud-swarm/docker-compose.yml:7:17 warning upgrade/uncoordinated",
  "examples/owncloud-swarm/docker-compose.yml:18:9 info storage/shared-log-file",
  "examples/owncloud-swarm/docker-compose.yml:18:9 warning storage/shared-mutable-config",
];

describe("scaleout-lint check examples", () => {
  it("prints every finding of the examples as file:line:col severity rule, and exits 1", () => {
    const { code, stdout } = runCli(["check", "examples", "--no-color"], repoRoot);
    assert.equal(code, 1);
    const heads = stdout
      .split("\n")
      .filter((line) => /^examples\/\S+:\d+:\d+ (error|warning|info|hint) /.test(line))
      .map((line) => line.split(" ").slice(0, 3).join(" "));
    assert.deepEqual(heads, expected);
    assert.match(stdout, /\n13 errors, 7 warnings, 5 infos in 7 files\n$/);
  });

  it("writes the same findings as SARIF results with their regions", () => {
    const { code, stdout } = runCli(["check", "examples", "--format", "sarif"], repoRoot);
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    assert.equal(log.version, "2.1.0");
    const run = log.runs[0];
    const results = run.results.map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      // SARIF has no "info" level: an info finding is a "note" result.
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${r.level === "note" ? "info" : r.level} ${r.ruleId}`;
    });
    assert.deepEqual(results.sort(), [...expected].sort());
  });
});
