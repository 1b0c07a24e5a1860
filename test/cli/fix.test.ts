/** `scaleout-lint fix`: dry run, writing the files (BOM and CRLF kept), unsafe fixes on request, re-lint. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const ignore = "    # scaleout-ignore sessions/files-in-cluster -- one node";
const singleNode = ["\uFEFFservices:", "  app:", "    environment:", "      - MYSQL_PASSWORD=hunter2", ignore, "    image: nextcloud:31-apache", ""].join("\r\n");
const config = onlyRulesConfig(ids, ["sessions/files-in-cluster", "lint/unused-ignore"]);

describe("fix", () => {
  it("--dry-run prints the diff (secrets masked) and what would remain, and writes nothing", () => {
    const project = tempProject({ "compose.yaml": singleNode, ".scaleout.yaml": config });
    try {
      const { code, stdout } = runCli(["fix", "--dry-run"], project.dir);
      assert.equal(code, 0);
      assert.equal(
        stdout,
        [
          "--- compose.yaml",
          "+++ compose.yaml",
          "@@ -3,5 +3,4 @@",
          "     environment:",
          "       - MYSQL_PASSWORD=••••••",
          `-${ignore}`,
          "     image: nextcloud:31-apache",
          " ",
          "Would apply 1 fix to 1 file (dry run: nothing written).",
          "",
          "0 errors, 0 warnings, 0 infos in 1 file",
          "",
        ].join("\n"),
      );
      assert.equal(readFileSync(join(project.dir, "compose.yaml"), "utf8"), singleNode);
    } finally {
      project.cleanup();
    }
  });

  it("writes the safe fixes, keeps the BOM and CRLF, lists what it did and re-lints clean", () => {
    const project = tempProject({ "compose.yaml": singleNode, ".scaleout.yaml": config });
    try {
      const { code, stdout } = runCli(["fix"], project.dir);
      assert.equal(code, 0);
      assert.equal(
        stdout,
        [
          "Fixed:",
          "  compose.yaml:5:5 lint/unused-ignore Remove the unused ignore comment",
          "Applied 1 fix to 1 file.",
          "",
          "0 errors, 0 warnings, 0 infos in 1 file",
          "",
        ].join("\n"),
      );
      assert.equal(
        readFileSync(join(project.dir, "compose.yaml"), "utf8"),
        ["\uFEFFservices:", "  app:", "    environment:", "      - MYSQL_PASSWORD=hunter2", "    image: nextcloud:31-apache", ""].join("\r\n"),
      );
      const again = runCli(["check"], project.dir);
      assert.deepEqual(again, { code: 0, stdout: "0 errors, 0 warnings, 0 infos in 1 file\n", stderr: "" });
      assert.equal(runCli(["fix"], project.dir).stdout, "Nothing to fix.\n\n0 errors, 0 warnings, 0 infos in 1 file\n");
    } finally {
      project.cleanup();
    }
  });

  it("applies unsafe fixes only with --unsafe", () => {
    const cluster = ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: 2", "    environment:", "      - MYSQL_HOST=db", "  redis:", "    image: redis:7", ""].join("\n");
    const project = tempProject({ "compose.yaml": cluster, ".scaleout.yaml": config });
    try {
      const safeOnly = runCli(["fix"], project.dir);
      assert.equal(safeOnly.code, 1, "the error is still there");
      assert.match(safeOnly.stdout, /^Nothing to fix\.\n\ncompose\.yaml:2:3 error sessions\/files-in-cluster /);
      assert.equal(project.read("compose.yaml"), cluster);
      const unsafe = runCli(["fix", "--unsafe"], project.dir);
      assert.equal(unsafe.code, 0);
      assert.match(unsafe.stdout, /^ {2}compose\.yaml:2:3 sessions\/files-in-cluster Set REDIS_HOST=redis on app \(unsafe\)$/m);
      assert.match(unsafe.stdout, /^0 errors, 0 warnings, 0 infos in 1 file$/m);
      assert.equal(project.read("compose.yaml"), cluster.replace("      - MYSQL_HOST=db\n", "      - MYSQL_HOST=db\n      - REDIS_HOST=redis\n"));
    } finally {
      project.cleanup();
    }
  });
});
