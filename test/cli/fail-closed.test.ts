/**
 * The CLI fails closed and stays bounded: what was not linted is reported in every format and
 * exits 2 (unless --no-fail-on-skip); JSON and SARIF of a 10,000-service stack are written;
 * control characters from linted files never reach the terminal raw.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { colorsFor } from "../../server/src/cli/colors";
import { formatJson } from "../../server/src/cli/format-json";
import { formatSarif } from "../../server/src/cli/format-sarif";
import { summaryLine } from "../../server/src/cli/format-text";
import { LintReport } from "../../server/src/cli/lint-report";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { allRules } from "../../server/src/engine/rules/registry";
import { SecretRedactor } from "../../server/src/engine/services/redact";
import { cliPath, onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const compose = "services:\n  app:\n    image: owncloud/server:10.15\n";
const binaryNote = "not linted: the file looks binary (it has a NUL byte in its first 8 KB)";

interface SarifRun {
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string }; descriptor: { id: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[];
}

describe("check fails closed", () => {
  it("a binary .env: one info finding, reported in text, JSON and SARIF, exit 2 unless --no-fail-on-skip", () => {
    const project = tempProject({ "compose.yaml": compose, ".scaleout.yaml": onlyRulesConfig(ids, ["env/syntax", "lint/skipped-file"]) });
    writeFileSync(join(project.dir, ".env"), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256)));
    try {
      const text = runCli(["check", "--no-color"], project.dir);
      assert.equal(text.code, 2);
      assert.equal(text.stderr, `scaleout-lint: .env: ${binaryNote}\n`);
      assert.equal(text.stdout, [".env:1:1 info lint/skipped-file Not linted: the file looks binary (it has a NUL byte in its first 8 KB).", "   1 |", "     | ^", "", "0 errors, 0 warnings, 1 info in 2 files; 1 problem: not everything was linted", ""].join("\n"));

      const json = runCli(["check", "-f", "json"], project.dir);
      assert.equal(json.code, 2);
      const report = JSON.parse(json.stdout);
      assert.deepEqual(report.problems, [{ kind: "skipped-file", file: ".env", message: binaryNote }]);
      assert.equal(report.summary.problems, 1);
      assert.deepEqual(
        report.findings.map((f: { ruleId: string; file: string; line: number; column: number; severity: string }) => [f.ruleId, f.file, f.line, f.column, f.severity]),
        [["lint/skipped-file", ".env", 1, 1, "info"]],
      );

      const sarif = runCli(["check", "-f", "sarif"], project.dir);
      assert.equal(sarif.code, 2);
      const run = JSON.parse(sarif.stdout).runs[0] as SarifRun;
      assert.equal(run.invocations.length, 1);
      assert.equal(run.invocations[0].executionSuccessful, false);
      assert.deepEqual(run.invocations[0].toolExecutionNotifications, [
        { level: "error", message: { text: binaryNote }, descriptor: { id: "skipped-file" }, locations: [{ physicalLocation: { artifactLocation: { uri: ".env", uriBaseId: "%SRCROOT%" } } }] },
      ]);
      assert.deepEqual(run.results.map((r) => r.ruleId), ["lint/skipped-file"]);

      const github = runCli(["check", "-f", "github"], project.dir);
      assert.equal(github.code, 2);
      assert.match(github.stdout, /^::error file=\.env,title=not linted::not linted: the file looks binary/);

      assert.equal(runCli(["check", "--no-fail-on-skip"], project.dir).code, 0);
    } finally {
      project.cleanup();
    }
  });

  it("a file over the size limit: the default 5 MB, and maxFileSize in .scaleout.yaml", () => {
    const project = tempProject({ "big/compose.yaml": `${compose}#${"x".repeat(6 * 1024 * 1024)}\n`, "small/compose.yaml": compose, "small/.scaleout.yaml": "maxFileSize: 40\n" });
    try {
      const { code, stdout, stderr } = runCli(["check", "-f", "json"], project.dir);
      assert.equal(code, 2);
      const report = JSON.parse(stdout);
      assert.deepEqual(report.problems, [
        { kind: "skipped-file", file: "big/compose.yaml", message: "not linted: the file is 6 MB, over the 5 MB limit (`maxFileSize` in .scaleout.yaml)" },
        { kind: "skipped-file", file: "small/compose.yaml", message: `not linted: the file is ${compose.length} bytes, over the 40 bytes limit (\`maxFileSize\` in .scaleout.yaml)` },
      ]);
      assert.deepEqual(
        report.findings.map((f: { ruleId: string; file: string }) => [f.ruleId, f.file]),
        [
          ["lint/skipped-file", "big/compose.yaml"],
          ["lint/skipped-file", "small/compose.yaml"],
        ],
      );
      assert.equal(stderr.split("\n").filter(Boolean).length, 2);
    } finally {
      project.cleanup();
    }
  });

  it("a path on the command line that is not lintable is a problem in JSON and SARIF", () => {
    const project = tempProject({ "compose.yaml": compose, "notes.txt": "hello\n", ".scaleout.yaml": onlyRulesConfig(ids, []) });
    try {
      const json = runCli(["check", "-f", "json", "compose.yaml", "notes.txt"], project.dir);
      assert.equal(json.code, 2);
      assert.deepEqual(JSON.parse(json.stdout).problems, [{ kind: "not-lintable", file: "notes.txt", message: "not a Compose, Helm values, Kubernetes or .env file: not linted" }]);
      const sarif = runCli(["check", "-f", "sarif", "compose.yaml", "notes.txt", "--no-fail-on-skip"], project.dir);
      assert.equal(sarif.code, 0);
      const run = JSON.parse(sarif.stdout).runs[0] as SarifRun;
      assert.equal(run.invocations[0].executionSuccessful, false);
      assert.deepEqual(run.invocations[0].toolExecutionNotifications?.map((n) => [n.descriptor.id, n.message.text]), [["not-lintable", "not a Compose, Helm values, Kubernetes or .env file: not linted"]]);
      mkdirSync(join(project.dir, "docs"));
      writeFileSync(join(project.dir, "docs", "notes.md"), "# notes\n");
      const folder = runCli(["check", "-f", "json", ".", "docs"], project.dir);
      assert.equal(folder.code, 2);
      assert.deepEqual(JSON.parse(folder.stdout).problems, [{ kind: "not-lintable", file: "docs", message: "no Compose, Helm values, Kubernetes or .env file in this folder: nothing linted" }]);
      // A folder whose files another argument already found is not empty.
      mkdirSync(join(project.dir, "prod"));
      writeFileSync(join(project.dir, "prod", "compose.yaml"), compose);
      assert.equal(runCli(["check", ".", "prod"], project.dir).code, 0);
      const clean = JSON.parse(runCli(["check", "-f", "sarif", "compose.yaml"], project.dir).stdout).runs[0] as SarifRun;
      assert.deepEqual(clean.invocations, [{ executionSuccessful: true }]);
    } finally {
      project.cleanup();
    }
  });

  it("an interpolation bomb in one project is cut off with a finding; the other project is linted", () => {
    const bomb = ["A0=xxxxxxxxxxxxxxxx", ...Array.from({ length: 9 }, (_, i) => `A${i + 1}=${`\${A${i}}`.repeat(8)}`)].join("\n");
    const project = tempProject({
      "bomb/.env": `${bomb}\n`,
      "bomb/compose.yaml": `${compose}    environment:\n      OWNCLOUD_DOMAIN: \${A9}\n`,
      "good/.env": "BAD KEY=1\n",
      "good/compose.yaml": compose,
      ".scaleout.yaml": onlyRulesConfig(ids, ["env/syntax"]),
    });
    try {
      const { code, stdout, stderr } = runCli(["check", "-f", "json"], project.dir);
      assert.equal(stderr, "");
      assert.equal(code, 1);
      const findings = JSON.parse(stdout).findings as { file: string; line: number; column: number; severity: string; message: string }[];
      assert.deepEqual(
        findings.map((f) => [f.file, f.line, f.column, f.severity]),
        [
          ["bomb/.env", 6, 1, "warning"],
          ["bomb/.env", 7, 1, "warning"],
          ["bomb/.env", 8, 1, "warning"],
          ["bomb/.env", 9, 1, "warning"],
          ["bomb/.env", 10, 1, "warning"],
          ["good/.env", 1, 1, "error"],
        ],
      );
      assert.equal(findings[0].message, "The value of A5 expands to more than 65,536 characters (nested ${…} references): it was cut off there.");
    } finally {
      project.cleanup();
    }
  });

  it("10,000 levels of flow nesting give one clear finding", () => {
    const project = tempProject({ "compose.yaml": `${compose}    labels:\n      deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, ".scaleout.yaml": onlyRulesConfig(ids, ["yaml/syntax"]) });
    try {
      const { code, stdout } = runCli(["check", "-f", "json"], project.dir);
      assert.equal(code, 0);
      const findings = JSON.parse(stdout).findings as { ruleId: string; line: number; column: number; message: string }[];
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.line, f.column, f.message]),
        [["yaml/syntax", 5, 265, "The YAML nests deeper than 256 levels: this file was not read."]],
      );
    } finally {
      project.cleanup();
    }
  });
});

describe("terminal safety", () => {
  it("control characters from a linted file are shown escaped, in the message and the excerpt", () => {
    const project = tempProject({ ".env": "BAD\u001b[2J KEY=1\u0007\n", ".scaleout.yaml": onlyRulesConfig(ids, ["env/syntax"]) });
    try {
      const { code, stdout } = runCli(["check", "--no-color"], project.dir);
      assert.equal(code, 1);
      assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      assert.equal(
        stdout,
        [
          '.env:1:4 error env/syntax This line is not valid env-file syntax: unexpected character "\\x1b" in variable name "BAD\\x1b[2J KEY".',
          "   1 | BAD\\x1b[2J KEY=1\\x07",
          "     |    ^^^^",
          "",
          "0 errors, 0 warnings, 0 infos in 1 file".replace("0 errors", "1 error"),
          "",
        ].join("\n"),
      );
      const json = JSON.parse(runCli(["check", "-f", "json"], project.dir).stdout);
      assert.match(json.findings[0].message, /"\\x1b"/);
    } finally {
      project.cleanup();
    }
  });
});

describe("size", () => {
  it("a 10,000-service stack gives valid JSON and SARIF, related information capped", () => {
    const lines = ["services:"];
    for (let i = 0; i < 10_000; i++) lines.push(`  app${i}:`, "    image: nextcloud:30-apache", "    deploy:", "      replicas: 2", "    volumes:", "      - data:/var/www/html");
    lines.push("volumes:", "  data:", "");
    const project = tempProject({ "compose.yaml": lines.join("\n") });
    try {
      // Standard output, through a pipe, as CI reads it.
      const json = spawnSync(process.execPath, [cliPath, "check", "-f", "json"], { cwd: project.dir, encoding: "utf8", maxBuffer: 1 << 30, timeout: 300_000 });
      assert.equal(json.stderr, "");
      const report = JSON.parse(json.stdout) as { summary: { files: number; problems: number }; findings: { ruleId: string; related: unknown[] }[] };
      assert.equal(report.summary.files, 1);
      assert.equal(report.summary.problems, 0);
      assert.ok(report.findings.length >= 10_000, `${report.findings.length} findings`);
      assert.ok(report.findings.every((f) => f.related.length <= 20));

      // A file, as code scanning uploads it.
      const sarif = runCli(["check", "-f", "sarif", "-o", "report.sarif"], project.dir);
      const run = JSON.parse(project.read("report.sarif")).runs[0] as SarifRun;
      assert.equal(sarif.code, json.status);
      assert.equal(run.results.length, report.findings.length);
      assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
    } finally {
      project.cleanup();
    }
  });
});

describe("a rule that throws", () => {
  it("is a problem in text, JSON and SARIF (associated with the rule)", () => {
    const report = new LintReport("/w", [], ["/w/compose.yaml"], new Map([["/w/compose.yaml", compose]]), new SecretRedactor(new DocumentCache()), [
      { kind: "rule-error", ruleId: "sessions/files-in-cluster", message: "rule sessions/files-in-cluster failed and was skipped: boom\u001b[0m" },
    ]);
    assert.equal(summaryLine(report, colorsFor(false, true, {})), "0 errors, 0 warnings, 0 infos in 1 file; 1 problem: not everything was linted");
    assert.equal(report.problemLine(report.problems[0]), "rule sessions/files-in-cluster failed and was skipped: boom\\x1b[0m");
    assert.deepEqual(JSON.parse(formatJson(report, "1.0.0")).problems, [{ kind: "rule-error", ruleId: "sessions/files-in-cluster", message: "rule sessions/files-in-cluster failed and was skipped: boom\\x1b[0m" }]);
    const run = JSON.parse(formatSarif(report, "1.0.0")).runs[0];
    const index = run.tool.driver.rules.findIndex((r: { id: string }) => r.id === "sessions/files-in-cluster");
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: "error", message: { text: "rule sessions/files-in-cluster failed and was skipped: boom\\x1b[0m" }, descriptor: { id: "rule-error" }, associatedRule: { id: "sessions/files-in-cluster", index } },
        ],
      },
    ]);
  });
});

describe("check fails closed when a rule throws", () => {
  // The CLI run from source with a preload that makes one real rule throw: no hook in production code.
  // Run from the repository (where `--import tsx` resolves), linting the project's folder by path.
  const repo = new URL("../..", import.meta.url).pathname;
  const preload = new URL("../lsp/helpers/throwing-rule.ts", import.meta.url).href;
  const cliFromSource = (args: string[], dir: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "--import", preload, join(repo, "server/src/cli/main.ts"), ...args, dir], { cwd: repo, encoding: "utf8", timeout: 60_000 });
  const scaled = "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: 3\n";

  it("reports the rule's failure in text, JSON and SARIF, keeps the other rules' findings, and exits 2 unless --no-fail-on-skip", () => {
    const project = tempProject({ "compose.yaml": scaled });
    try {
      const text = cliFromSource(["check", "--no-color"], project.dir);
      assert.equal(text.status, 2);
      assert.match(text.stderr, /^scaleout-lint: rule storage\/html-not-shared failed and was skipped: injected failure$/m);
      assert.match(text.stdout, /compose\.yaml:2:3 error storage\/sqlite-in-cluster /);
      assert.doesNotMatch(text.stdout, /storage\/html-not-shared/);

      const json = JSON.parse(cliFromSource(["check", "-f", "json"], project.dir).stdout) as { problems: { kind: string; ruleId?: string; message: string }[] };
      assert.deepEqual(json.problems, [{ kind: "rule-error", ruleId: "storage/html-not-shared", message: "rule storage/html-not-shared failed and was skipped: injected failure" }]);

      const sarif = cliFromSource(["check", "-f", "sarif", "--no-fail-on-skip"], project.dir);
      assert.equal(sarif.status, 1, "the findings decide the exit code with --no-fail-on-skip");
      const invocation = (JSON.parse(sarif.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { associatedRule?: { id: string }; message: { text: string } }[] }[] }[] }).runs[0].invocations[0];
      assert.equal(invocation.executionSuccessful, false);
      assert.deepEqual(invocation.toolExecutionNotifications.map((n) => [n.associatedRule?.id, n.message.text]), [["storage/html-not-shared", "rule storage/html-not-shared failed and was skipped: injected failure"]]);
    } finally {
      project.cleanup();
    }
  });
});
