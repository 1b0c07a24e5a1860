/** Help, version, usage errors (exit 2), `rules` and `explain`. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { repoRoot, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const version = (JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8")) as { version: string }).version;
const project = tempProject({ "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n" });
after(() => project.cleanup());

describe("CLI usage", () => {
  it("--version prints the package version", () => {
    for (const flag of ["--version", "-v"]) assert.deepEqual(runCli([flag], project.dir), { code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("--help prints the commands; <command> --help its options", () => {
    const general = runCli(["--help"], project.dir);
    assert.equal(general.code, 0);
    for (const command of ["check", "fix", "rules", "explain"]) assert.match(general.stdout, new RegExp(`^  scaleout-lint ${command} `, "m"));
    const check = runCli(["check", "--help"], project.dir);
    assert.equal(check.code, 0);
    assert.match(check.stdout, /^Usage: scaleout-lint check /);
    assert.match(check.stdout, /--format FORMAT +text \(default\), json, sarif \(SARIF 2.1.0\) or github/);
    assert.match(runCli(["help", "fix"], project.dir).stdout, /--dry-run/);
  });

  it("exits 2 with a message on stderr for every usage error", () => {
    const cases: [string[], RegExp][] = [
      [[], /^scaleout-lint — /],
      [["lint"], /unknown command "lint"/],
      [["--fix"], /unknown option --fix/],
      [["check", "--formt", "json"], /unknown option --formt/],
      [["check", "--format", "xml"], /--format must be one of text, json, sarif, github, not "xml"/],
      [["check", "--severity", "fatal"], /--severity must be one of error, warning, info, hint/],
      [["check", "--format"], /--format needs a value/],
      [["check", "--no-color=yes"], /--no-color takes no value/],
      [["check", "missing-folder"], /no such file or directory: missing-folder/],
      [["fix", "--force"], /unknown option --force/],
      [["rules", "--format", "yaml"], /--format must be one of text, json, markdown/],
      [["rules", "extra"], /rules takes no arguments/],
      [["explain"], /explain takes exactly one rule id/],
      [["explain", "sessions/file-in-cluster"], /unknown rule id "sessions\/file-in-cluster"; did you mean sessions\/files-in-cluster\?/],
      [["explain", "nothing/like-this-at-all"], /unknown rule id "nothing\/like-this-at-all" \(`scaleout-lint rules` lists them\)/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = runCli(args, project.dir);
      assert.equal(code, 2, args.join(" "));
      assert.equal(stdout, "", args.join(" "));
      assert.match(stderr, message, args.join(" "));
    }
  });

  it("rules lists every registered rule as text, JSON and Markdown", () => {
    const text = runCli(["rules"], project.dir);
    assert.equal(text.code, 0);
    const lines = text.stdout.split("\n");
    assert.match(lines[0], /^id +severity +formats +priority +cluster +fix +title$/);
    assert.deepEqual(
      lines.slice(1, 1 + ids.length).map((l) => l.split(/ +/)[0]),
      ids,
    );
    const sessions = lines.find((l) => l.startsWith("sessions/files-in-cluster "))!;
    assert.match(sessions, /^sessions\/files-in-cluster +error +C H K E +P1 +yes +unsafe +PHP sessions stored per node in a cluster$/);
    const json = JSON.parse(runCli(["rules", "--format", "json"], project.dir).stdout);
    assert.deepEqual(
      json.map((r: { id: string }) => r.id),
      ids,
    );
    assert.deepEqual(json[ids.indexOf("sessions/files-in-cluster")], {
      id: "sessions/files-in-cluster",
      severity: "error",
      formats: ["C", "H", "K", "E"],
      priority: "P1",
      clusterOnly: true,
      fixSafety: "unsafe",
      title: "PHP sessions stored per node in a cluster",
    });
    const markdown = runCli(["rules", "--format", "markdown"], project.dir).stdout.split("\n");
    assert.equal(markdown[0], "| Rule | Severity | Formats | Priority | Cluster only | Fix | Title |");
    assert.equal(markdown.filter((l) => l.startsWith("| `")).length, ids.length);
  });

  it("explain prints a rule's documentation sections, by id or by its unique name", () => {
    const rule = allRules.find((r) => r.meta.id === "sessions/files-in-cluster")!;
    const { code, stdout } = runCli(["explain", "sessions/files-in-cluster"], project.dir);
    assert.equal(code, 0);
    const lines = stdout.split("\n");
    assert.equal(lines[0], "sessions/files-in-cluster: PHP sessions stored per node in a cluster");
    assert.ok(lines.includes("  severity      error"));
    for (const heading of ["What it does", "Why it matters", "Example", "Use instead", "Fix safety", "Sources"]) assert.ok(lines.includes(heading), heading);
    const section = (heading: string, next: string): string =>
      lines
        .slice(lines.indexOf(heading) + 1, lines.indexOf(next))
        .map((l) => l.trim())
        .join(" ")
        .trim();
    assert.equal(section("What it does", "Why it matters"), rule.meta.docs.whatItDoes);
    assert.ok(lines.includes("  ── compose.yaml"));
    assert.ok(lines.includes("          - OWNCLOUD_SESSION_SAVE_HANDLER=redis"), "the use-instead example is indented under its file name");
    assert.ok(lines.includes("  - https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md"), "sources are public URLs");
    assert.equal(runCli(["explain", "files-in-cluster"], project.dir).stdout, stdout);
  });
});
