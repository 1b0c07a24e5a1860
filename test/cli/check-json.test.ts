/** `scaleout-lint check --format json`: the documented, stable shape. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, repoRoot, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const version = (JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8")) as { version: string }).version;

describe("check: JSON output", () => {
  it("has the tool, the summary, the files and findings with 1-based ranges, related locations and fixes", () => {
    const project = tempProject({
      ".env": "APP_REPLICAS=3\n",
      "compose.yaml": [
        "services:",
        "  app:",
        "    image: nextcloud:31-apache",
        "    deploy:",
        "      replicas: ${APP_REPLICAS}",
        "    # scaleout-ignore locking/no-shared-redis -- redis comes later",
        "    environment:",
        "      MYSQL_HOST: db",
        "  redis:",
        "    image: redis:7",
        "",
      ].join("\r\n"),
      ".scaleout.yaml": onlyRulesConfig(ids, ["sessions/files-in-cluster", "lint/unused-ignore"]),
    });
    try {
      const { code, stdout } = runCli(["check", "--format", "json"], project.dir);
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      assert.deepEqual(Object.keys(report), ["schemaVersion", "tool", "summary", "files", "problems", "findings"]);
      assert.equal(report.schemaVersion, 1);
      assert.deepEqual(report.tool, { name: "scaleout-lint", version });
      assert.deepEqual(report.summary, { errors: 1, warnings: 0, infos: 1, hints: 0, files: 2, problems: 0 });
      assert.deepEqual(report.files, [".env", "compose.yaml"]);
      assert.equal(report.findings.length, 2);
      const [sessions, unused] = report.findings;
      assert.deepEqual(
        { ...sessions, fixes: undefined },
        {
          ruleId: "sessions/files-in-cluster",
          severity: "error",
          message: "app runs on several nodes without REDIS_HOST, so PHP keeps sessions in each container: users are logged out when the load balancer switches nodes.",
          file: "compose.yaml",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 6,
          related: [
            { file: "compose.yaml", line: 5, column: 17, endLine: 5, endColumn: 32, message: "app runs 3 replicas" },
            { file: ".env", line: 1, column: 1, endLine: 1, endColumn: 13, message: "APP_REPLICAS is set here" },
          ],
          fixes: undefined,
        },
      );
      assert.equal(sessions.fixes.length, 1);
      assert.equal(sessions.fixes[0].safety, "unsafe");
      assert.equal(sessions.fixes[0].title, "Set REDIS_HOST=redis on app");
      assert.deepEqual(
        sessions.fixes[0].edits.map((e: { file: string; line: number; newText: string }) => [e.file, e.line, e.newText]),
        [["compose.yaml", 8, "\r\n      REDIS_HOST: redis"]],
      );
      assert.deepEqual(unused, {
        ruleId: "lint/unused-ignore",
        severity: "info",
        message: "This ignore comment silences nothing (locking/no-shared-redis reports nothing here).",
        file: "compose.yaml",
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 67,
        related: [],
        fixes: [
          {
            title: "Remove the unused ignore comment",
            safety: "safe",
            edits: [{ file: "compose.yaml", line: 6, column: 1, endLine: 7, endColumn: 1, newText: "" }],
          },
        ],
      });
    } finally {
      project.cleanup();
    }
  });

  it("is valid JSON with no findings", () => {
    const project = tempProject({ "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n", ".scaleout.yaml": onlyRulesConfig(ids, []) });
    try {
      const { code, stdout } = runCli(["check", "-f", "json"], project.dir);
      assert.equal(code, 0);
      const report = JSON.parse(stdout);
      assert.deepEqual(report.findings, []);
      assert.deepEqual(report.summary, { errors: 0, warnings: 0, infos: 0, hints: 0, files: 1, problems: 0 });
    } finally {
      project.cleanup();
    }
  });
});
