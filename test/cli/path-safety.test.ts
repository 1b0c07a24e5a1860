/**
 * Nothing is read or written outside the workspace (the linted folder, or the Git repository
 * holding it): `env_file:` paths that leave it, `.env` links to outside files, a FIFO, `/proc`,
 * an unreadable file, kustomize layers outside. Each gives one exact `project/unseen-input`
 * finding, nothing of the outside file reaches any output, and `fix` leaves it byte-identical.
 * Also the walker's symlink loops and a glob built to backtrack: the command completes (the
 * harness's timeout is only a failure guard; no speed is asserted).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { cliPath, onlyRulesConfig, runCli } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const UNSEEN = "project/unseen-input";

/** Lines of a private key and a password: none of it may appear in any output. */
const SECRET_TEXT = "DB_PASSWORD=canary-7f3a9\nA=1\nA=2\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACanary\n-----END OPENSSH PRIVATE KEY-----\n";
const SECRET_MARKERS = ["canary-7f3a9", "BEGIN OPENSSH", "b3BlbnNzaC1rZXktdjEAAAAACanary", "A=2"];

interface Sandbox {
  /** The linted folder: a workspace of its own (not in a Git repository). */
  project: string;
  /** A folder beside it, outside the workspace. */
  outside: string;
  cleanup(): void;
}

function sandbox(files: Record<string, string>): Sandbox {
  const base = mkdtempSync(join(tmpdir(), "scaleout-paths-"));
  const project = join(base, "project");
  const outside = join(base, "secrets");
  mkdirSync(project);
  mkdirSync(outside);
  writeFileSync(join(outside, "db.env"), SECRET_TEXT);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(project, name, ".."), { recursive: true });
    writeFileSync(join(project, name), text);
  }
  return { project, outside, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

function unseenFindings(stdout: string): Omit<JsonFinding, "ruleId">[] {
  const report = JSON.parse(stdout) as { findings: JsonFinding[] };
  return report.findings.filter((f) => f.ruleId === UNSEEN).map(({ file, line, column, message }) => ({ file, line, column, message }));
}

function assertNoSecret(output: string, what: string): void {
  for (const marker of SECRET_MARKERS) assert.ok(!output.includes(marker), `${what} carries "${marker}" from a file outside the workspace`);
}

const compose = (envFiles: string[]): string =>
  ["services:", "  app:", "    image: nextcloud:31-apache", "    env_file:", ...envFiles.map((f) => `      - ${f}`), "    deploy:", "      replicas: 3", ""].join("\n");

describe("workspace boundary: env_file and .env outside the workspace", () => {
  it("reports ../, absolute, /proc/self and a FIFO env_file without reading them, in text, JSON and SARIF", () => {
    const box = sandbox({ ".scaleout.yaml": onlyRulesConfig(ids, [UNSEEN, "env/syntax", "env/duplicate-key"]) });
    try {
      const absolute = join(box.outside, "db.env");
      writeFileSync(join(box.project, "compose.yaml"), compose(["../secrets/db.env", absolute, "/proc/self/environ", "pipe.env"]));
      execFileSync("mkfifo", [join(box.project, "pipe.env")]);
      const json = runCli(["check", "--format", "json", "."], box.project);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(unseenFindings(json.stdout), [
        { file: "compose.yaml", line: 5, column: 9, message: "../secrets/db.env is outside the workspace: not read; settings from it are unknown (app), so no rule assumes a default for them." },
        { file: "compose.yaml", line: 6, column: 9, message: `${absolute} is outside the workspace: not read; settings from it are unknown (app), so no rule assumes a default for them.` },
        { file: "compose.yaml", line: 7, column: 9, message: "/proc/self/environ is in /proc, a system folder: not read; settings from it are unknown (app), so no rule assumes a default for them." },
        { file: "compose.yaml", line: 8, column: 9, message: "pipe.env is a FIFO (named pipe), not a file: not read; settings from it are unknown (app), so no rule assumes a default for them." },
      ]);
      assert.deepEqual((JSON.parse(json.stdout) as { files: string[] }).files, ["compose.yaml"]);
      assertNoSecret(json.stdout, "JSON");
      for (const format of ["text", "sarif", "github"]) {
        const out = runCli(["check", "--format", format, "--no-color", "."], box.project);
        assert.equal(out.code, 0, out.stderr);
        assertNoSecret(out.stdout + out.stderr, format);
        // /proc/self/environ of the CLI holds its environment: none of it is echoed.
        assert.ok(!out.stdout.includes(process.env.PATH ?? "\u0000"), `${format} echoes the environment`);
      }
    } finally {
      box.cleanup();
    }
  });

  it("does not read a .env or an override that links outside, and `fix` leaves the outside file byte-identical", () => {
    const box = sandbox({ ".scaleout.yaml": onlyRulesConfig(ids, [UNSEEN, "env/syntax", "env/duplicate-key", "compose/undefined-variable"]) });
    try {
      writeFileSync(join(box.project, "compose.yaml"), ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - MYSQL_PASSWORD=${DB_PASSWORD}", ""].join("\n"));
      symlinkSync(join(box.outside, "db.env"), join(box.project, ".env"));
      writeFileSync(join(box.outside, "override.yaml"), "services:\n  app:\n    environment:\n      - canary-7f3a9=1\n");
      symlinkSync("../secrets/override.yaml", join(box.project, "compose.override.yaml"));
      const before = readFileSync(join(box.outside, "db.env"));
      const json = runCli(["check", "--format", "json", "."], box.project);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(unseenFindings(json.stdout), [
        { file: "compose.yaml", line: 1, column: 1, message: "compose.override.yaml is a link leading outside the workspace: not read; what it changes is unknown, so no rule assumes a default for the environment of any service." },
        { file: "compose.yaml", line: 1, column: 1, message: ".env is a link leading outside the workspace: not read; the variables it sets are unknown, so no rule assumes a value for them." },
      ]);
      // No undefined-variable finding: DB_PASSWORD may well be in the .env that was not read.
      assert.deepEqual((JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId), [UNSEEN, UNSEEN]);
      assertNoSecret(json.stdout, "JSON");
      for (const args of [["fix", "--no-color", "."], ["fix", "--unsafe", "--no-color", "."], ["fix", "--dry-run", "--no-color", "."]]) {
        const out = runCli(args, box.project);
        assertNoSecret(out.stdout + out.stderr, args.join(" "));
        assert.deepEqual(readFileSync(join(box.outside, "db.env")), before, `${args.join(" ")} changed the outside file`);
      }
    } finally {
      box.cleanup();
    }
  });

  it("does not lint a symlinked .env on its own either (a folder of only links)", () => {
    const box = sandbox({});
    try {
      symlinkSync(join(box.outside, "db.env"), join(box.project, "prod.env"));
      writeFileSync(join(box.project, "compose.yaml"), compose(["prod.env"]));
      const json = runCli(["check", "--format", "json", "."], box.project);
      assert.deepEqual(unseenFindings(json.stdout), [
        { file: "compose.yaml", line: 5, column: 9, message: "prod.env is a link leading outside the workspace: not read; settings from it are unknown (app), so no rule assumes a default for them." },
      ]);
      assert.ok(!(JSON.parse(json.stdout) as { files: string[] }).files.includes("prod.env"));
      assertNoSecret(json.stdout + json.stderr, "JSON");
    } finally {
      box.cleanup();
    }
  });

  it("reads an env_file elsewhere in the same Git repository; one that cannot be read or links in a loop is reported", () => {
    const box = sandbox({ ".scaleout.yaml": onlyRulesConfig(ids, [UNSEEN, "env/duplicate-key"]) });
    try {
      // The repository is the sandbox's base folder: ../secrets is inside it now.
      mkdirSync(join(box.project, "..", ".git"));
      writeFileSync(join(box.project, "locked.env"), "A=1\n");
      chmodSync(join(box.project, "locked.env"), 0o000);
      symlinkSync("loop.env", join(box.project, "loop.env"));
      writeFileSync(join(box.project, "compose.yaml"), compose(["../secrets/db.env", "locked.env", "loop.env"]));
      // Root reads any file: the CLI then runs as nobody, for whom locked.env is unreadable.
      const asNobody = process.getuid?.() === 0;
      if (asNobody) chmodSync(join(box.project, ".."), 0o755);
      // Nobody may not reach the clone's dist/ (a clone in `mktemp -d` is 0700): run a copy of the
      // bundled CLI (one self-contained file) from the sandbox, outside the linted folder.
      const cli = asNobody ? join(box.project, "..", "cli.js") : cliPath;
      if (asNobody) copyFileSync(cliPath, cli);
      const result = spawnSync(process.execPath, [cli, "check", "--format", "json", "."], { cwd: box.project, encoding: "utf8", timeout: 60_000, ...(asNobody ? { uid: 65534, gid: 65534 } : {}) });
      const report = JSON.parse(result.stdout) as { findings: JsonFinding[] };
      assert.deepEqual(unseenFindings(result.stdout), [
        { file: "compose.yaml", line: 6, column: 9, message: "locked.env cannot be read (permission denied): not read; settings from it are unknown (app), so no rule assumes a default for them." },
        { file: "compose.yaml", line: 7, column: 9, message: "loop.env is a link that loops: not read; settings from it are unknown (app), so no rule assumes a default for them." },
      ]);
      // Inside the repository the file is read: its duplicate key is reported there.
      assert.deepEqual(
        report.findings.filter((f) => f.ruleId === "env/duplicate-key").map((f) => [f.file, f.line, f.column]),
        [["../secrets/db.env", 3, 1]],
      );
    } finally {
      chmodSync(join(box.project, "locked.env"), 0o644);
      box.cleanup();
    }
  });
});

describe("workspace boundary: kustomize layers outside the workspace", () => {
  it("does not read a base or a patch outside, and says so at the reference", () => {
    const box = sandbox({
      ".scaleout.yaml": onlyRulesConfig(ids, [UNSEEN]),
      "overlay/kustomization.yaml": ["resources:", "  - ../../secrets/base", "  - deployment.yaml", "patches:", "  - path: ../../secrets/patch.yaml", ""].join("\n"),
      "overlay/deployment.yaml": ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: nextcloud", "spec:", "  replicas: 2", "  template:", "    spec:", "      containers:", "        - name: nextcloud", "          image: nextcloud:31-apache", ""].join("\n"),
    });
    try {
      mkdirSync(join(box.outside, "base"));
      writeFileSync(join(box.outside, "base", "kustomization.yaml"), "resources:\n  - secret.yaml\n");
      writeFileSync(join(box.outside, "base", "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: canary-7f3a9\n");
      writeFileSync(join(box.outside, "patch.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nextcloud\nspec:\n  replicas: 9 # canary-7f3a9\n");
      const json = runCli(["check", "--format", "json", "overlay"], box.project);
      assert.deepEqual(unseenFindings(json.stdout), [
        { file: "overlay/kustomization.yaml", line: 2, column: 5, message: "../../secrets/base is outside the workspace: not read; the objects it holds are unknown." },
        { file: "overlay/kustomization.yaml", line: 5, column: 11, message: "../../secrets/patch.yaml is outside the workspace: not read; what it changes is unknown." },
      ]);
      assertNoSecret(json.stdout + json.stderr, "JSON");
    } finally {
      box.cleanup();
    }
  });
});

describe("walker and globs on hostile trees", () => {
  it("lints each file once when the tree links back to itself (self -> ., two links to .)", () => {
    const box = sandbox({ "compose.yaml": compose(["app.env"]), "app.env": "A=1\n" });
    try {
      symlinkSync(".", join(box.project, "self"));
      symlinkSync(".", join(box.project, "again"));
      symlinkSync("..", join(box.project, "up"));
      const json = runCli(["check", "--format", "json", "."], box.project);
      assert.ok(json.code === 0 || json.code === 1, json.stderr);
      assert.deepEqual((JSON.parse(json.stdout) as { files: string[] }).files, ["app.env", "compose.yaml"]);
    } finally {
      box.cleanup();
    }
  });

  it("completes an exclude glob built to backtrack against a 200-character name", () => {
    const name = `${"a".repeat(200)}.env`;
    const box = sandbox({ ".scaleout.yaml": "exclude:\n  - '*a*a*a*a*a*a*a*a*b'\n", [name]: "A=1\nA=2\n" });
    try {
      const json = runCli(["check", "--format", "json", "."], box.project);
      assert.deepEqual((JSON.parse(json.stdout) as { files: string[] }).files, [name]);
    } finally {
      box.cleanup();
    }
  });
});
