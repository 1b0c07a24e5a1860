/** `scaleout-lint fix`: dry run, writing the files (BOM and CRLF kept), unsafe fixes on request, re-lint. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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
  it("--dry-run prints a patch (secret lines left out), then what would remain after it, and writes nothing", () => {
    const project = tempProject({ "compose.yaml": singleNode, ".scaleout.yaml": config });
    try {
      const { code, stdout } = runCli(["fix", "--dry-run"], project.dir);
      assert.equal(code, 0);
      assert.equal(
        stdout,
        [
          "--- a/compose.yaml",
          "+++ b/compose.yaml",
          // The context stops short of the password line; CRLF lines keep their CR.
          "@@ -5,2 +5,1 @@",
          `-${ignore}\r`,
          "     image: nextcloud:31-apache\r",
          "Would apply 1 fix to 1 file (dry run: nothing written).",
          "",
          "After these fixes (lines as in the fixed files):",
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

  it("--dry-run's patch is accepted by git apply and gives what fix writes; a change that would show a secret is a note instead", () => {
    // CRLF with a BOM, a file without a final line break, a secret beside one change and inside another.
    const compose = ["\uFEFFservices:", "  redis:", "    image: redis:7", "    command: redis-server --requirepass ${REDIS_PASSWORD}", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: 3", "    environment:", "      - MYSQL_HOST=db"].join("\r\n");
    // Removing the overridden password line would print it.
    const env = ["# settings", "REDIS_PASSWORD=Zq8vR2mK5tW9", "APP_REPLICAS=3", "REDIS_PASSWORD=Xw3nB7pL1sD4", ""].join("\n");
    const project = tempProject({ "compose.yaml": compose, ".env": env, ".scaleout.yaml": onlyRulesConfig(ids, ["sessions/files-in-cluster", "env/duplicate-key", "locking/no-shared-redis"]) });
    const git = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync("git", args, { cwd: project.dir, encoding: "utf8" });
    try {
      const { stdout } = runCli(["fix", "--dry-run", "--unsafe"], project.dir);
      assert.ok(!stdout.includes("Zq8vR2mK5tW9") && !stdout.includes("Xw3nB7pL1sD4"), "no secret value in the output");
      const patch = stdout.slice(0, stdout.indexOf("Would apply"));
      assert.match(patch, /^--- a\/\.env\n\+\+\+ b\/\.env\n/m);
      assert.match(patch, /^# Not shown: the change at line 2 of \.env contains a secret value\.$/m);
      assert.match(patch, /^--- a\/compose\.yaml\n\+\+\+ b\/compose\.yaml\n@@ /m);
      assert.match(patch, /^-      - MYSQL_HOST=db\n\\ No newline at end of file\n\+      - MYSQL_HOST=db\r\n\+      - REDIS_HOST=redis\r\n\+      - REDIS_HOST_PASSWORD=\$\{REDIS_PASSWORD\}\n\\ No newline at end of file\n/m);
      assert.equal(git("init", "-q").status, 0);
      const check = spawnSync("git", ["apply", "--check", "-v", "-"], { cwd: project.dir, input: patch, encoding: "utf8" });
      assert.equal(check.status, 0, `git apply --check: ${check.stderr}`);
      assert.equal(spawnSync("git", ["apply", "-"], { cwd: project.dir, input: patch, encoding: "utf8" }).status, 0);
      const patched = project.read("compose.yaml");
      assert.equal(project.read(".env"), env, "the hunk that was not shown is not applied");
      runCli(["fix", "--unsafe"], project.dir);
      assert.equal(project.read("compose.yaml"), patched, "the patch gives what fix writes");
      assert.notEqual(project.read(".env"), env);
    } finally {
      project.cleanup();
    }
  });
});

describe("fix: a value that comes from .env is fixed in .env", () => {
  const compose = ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${NC_REPLICAS}", "      update_config:", "        parallelism: ${NC_UPDATE_PARALLELISM}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n");
  const env = "NC_REPLICAS=4\nNC_UPDATE_PARALLELISM=2\n";
  const files = { "compose.yaml": compose, ".env": env, ".scaleout.yaml": onlyRulesConfig(ids, ["upgrade/uncoordinated"]) };

  it("--dry-run's patch edits the .env line, not the ${VAR} in compose.yaml", () => {
    const project = tempProject(files);
    try {
      const { code, stdout } = runCli(["fix", "--dry-run"], project.dir);
      assert.equal(code, 0);
      assert.ok(stdout.startsWith(["--- a/.env", "+++ b/.env", "@@ -1,2 +1,2 @@", " NC_REPLICAS=4", "-NC_UPDATE_PARALLELISM=2", "+NC_UPDATE_PARALLELISM=1", "Would apply 1 fix to 1 file (dry run: nothing written)."].join("\n")), stdout);
      assert.ok(!stdout.includes("compose.yaml"), stdout);
      assert.equal(project.read(".env"), env);
    } finally {
      project.cleanup();
    }
  });

  it("writes the .env and leaves the Compose file as it is", () => {
    const project = tempProject(files);
    try {
      const { code, stdout } = runCli(["fix"], project.dir);
      assert.equal(code, 0);
      assert.ok(stdout.startsWith("Fixed:\n  compose.yaml:7:22 upgrade/uncoordinated Update app one replica at a time\nApplied 1 fix to 1 file.\n"), stdout);
      assert.equal(project.read(".env"), "NC_REPLICAS=4\nNC_UPDATE_PARALLELISM=1\n");
      assert.equal(project.read("compose.yaml"), compose);
    } finally {
      project.cleanup();
    }
  });
});

