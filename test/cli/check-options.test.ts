/**
 * `check` options for CI: --max-warnings, --quiet, --format github, --stdin/--stdin-filename,
 * and the nearest `.scaleout.yaml` of each file. Exact lines and exit codes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeData, escapeProperty } from "../../server/src/cli/format-github";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const only = (...keep: string[]): string => onlyRulesConfig(ids, keep);
const ENV_RULES = ["env/duplicate-key", "env/syntax", "lint/unused-ignore"];

/** One error, two warnings, one info: an .env on its own. */
const envText = "A=1\nA=2\n# scaleout-ignore env/duplicate-key\nC=3\nnot a line\nP=1\nP=again\n";
const dupA = "A is defined again here (before on line 1); Compose uses this later value, so the earlier line has no effect.";
const dupP = "P is defined again here (before on line 6); Compose uses this later value, so the earlier line has no effect.";
const unused = "This ignore comment silences nothing (env/duplicate-key reports nothing here).";
const syntax = 'This line is not valid env-file syntax: variable name "not a line" contains a space.';

/** Two warnings and nothing else. */
const warningsOnly = "A=1\nA=2\nP=1\nP=again\n";

describe("check --max-warnings", () => {
  it("exits 1 when the warnings exceed N even without errors, 0 at N; info never counts", () => {
    const project = tempProject({ ".env": `${warningsOnly}# scaleout-ignore env/syntax\n`, ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const over = runCli(["check", "--max-warnings", "1", "--no-color"], project.dir);
      assert.equal(over.code, 1);
      assert.equal(over.stderr, "scaleout-lint: too many warnings (2, maximum 1)\n");
      assert.match(over.stdout, /^0 errors, 2 warnings, 1 info in 1 file$/m);
      const at = runCli(["check", "--max-warnings", "2"], project.dir);
      assert.equal(at.code, 0, "2 warnings, 1 info: the info does not count");
      assert.equal(at.stderr, "");
      assert.equal(runCli(["check"], project.dir).code, 0, "without --max-warnings warnings never fail");
    } finally {
      project.cleanup();
    }
  });

  it("counts the warnings --quiet and --severity hide, as ESLint does; errors still exit 1", () => {
    const project = tempProject({ ".env": warningsOnly, ".scaleout.yaml": only(...ENV_RULES) });
    const withError = tempProject({ ".env": envText, ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const quiet = runCli(["check", "--quiet", "--max-warnings", "0"], project.dir);
      assert.equal(quiet.code, 1);
      assert.equal(quiet.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
      assert.equal(quiet.stderr, "scaleout-lint: too many warnings (2, maximum 0)\n");
      assert.equal(runCli(["check", "--severity", "error", "--max-warnings", "0"], project.dir).code, 1);
      assert.equal(runCli(["check", "--max-warnings", "5"], withError.dir).code, 1, "an error fails whatever the warnings");
    } finally {
      project.cleanup();
      withError.cleanup();
    }
  });

  it("takes a whole number of 0 or more", () => {
    const project = tempProject({ ".env": warningsOnly });
    try {
      for (const value of ["-1", "two", "1.5", ""]) {
        const { code, stdout, stderr } = runCli(["check", `--max-warnings=${value}`], project.dir);
        assert.equal(code, 2, value);
        assert.equal(stdout, "");
        assert.equal(stderr, `scaleout-lint: --max-warnings must be a whole number of 0 or more, not "${value}"\nRun \`scaleout-lint --help\` for usage.\n`);
      }
    } finally {
      project.cleanup();
    }
  });
});

describe("check --quiet", () => {
  it("reports errors only, in every format, and the exit code follows the errors", () => {
    const project = tempProject({ ".env": envText, ".scaleout.yaml": only(...ENV_RULES) });
    const clean = tempProject({ ".env": warningsOnly, ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const text = runCli(["check", "--quiet", "--no-color"], project.dir);
      assert.equal(text.code, 1);
      assert.equal(text.stdout, [`.env:5:1 error env/syntax ${syntax}`, "   5 | not a line", "     | ^^^^^^^^^^", "", "1 error, 0 warnings, 0 infos in 1 file", ""].join("\n"));
      const json = JSON.parse(runCli(["check", "--quiet", "-f", "json"], project.dir).stdout);
      assert.deepEqual(
        json.findings.map((f: { ruleId: string }) => f.ruleId),
        ["env/syntax"],
      );
      assert.equal(runCli(["check", "--quiet", "-f", "github"], project.dir).stdout, `::error file=.env,line=5,col=1,endLine=5,endColumn=11,title=env/syntax::${syntax}\n`);
      // Warnings only: nothing reported, exit 0 (--quiet wins over --severity).
      const none = runCli(["check", "--quiet", "--severity", "hint"], clean.dir);
      assert.equal(none.code, 0);
      assert.equal(none.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
    } finally {
      project.cleanup();
      clean.cleanup();
    }
  });
});

describe("check --format github", () => {
  it("prints one workflow command per finding: error, warning, notice for info", () => {
    const project = tempProject({ "deploy/.env": envText, ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const { code, stdout, stderr } = runCli(["check", "--format", "github"], project.dir);
      assert.equal(code, 1);
      assert.equal(stderr, "");
      assert.equal(
        stdout,
        [
          `::warning file=deploy/.env,line=2,col=1,endLine=2,endColumn=2,title=env/duplicate-key::${dupA}`,
          `::notice file=deploy/.env,line=3,col=1,endLine=3,endColumn=36,title=lint/unused-ignore::${unused}`,
          `::error file=deploy/.env,line=5,col=1,endLine=5,endColumn=11,title=env/syntax::${syntax}`,
          `::warning file=deploy/.env,line=7,col=1,endLine=7,endColumn=2,title=env/duplicate-key::${dupP}`,
          "",
        ].join("\n"),
      );
    } finally {
      project.cleanup();
    }
  });

  it("escapes % CR LF in the message and also : and , in properties, as @actions/core does", () => {
    assert.equal(escapeData("50% done\r\nnext: a,b"), "50%25 done%0D%0Anext: a,b");
    assert.equal(escapeProperty("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    const project = tempProject({ "a,b:c%/.env": "x%y:z,w v=1\n", ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const { stdout } = runCli(["check", "--format", "github"], project.dir);
      assert.equal(stdout, '::error file=a%2Cb%3Ac%25/.env,line=1,col=2,endLine=1,endColumn=3,title=env/syntax::This line is not valid env-file syntax: unexpected character "%25" in variable name "x%25y".\n');
    } finally {
      project.cleanup();
    }
  });

  it("masks secrets as the other formats do, and prints nothing on a clean run", () => {
    const project = tempProject({
      "compose.yaml": "services:\n  db:\n    image: mariadb:11\n    environment:\n      MYSQL_PASSWORD: s3cr3t-Passw0rd-x\n",
      ".scaleout.yaml": only("security/plaintext-secret"),
    });
    const clean = tempProject({ ".env": "A=1\n", ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const { stdout } = runCli(["check", "--format", "github"], project.dir);
      assert.match(stdout, /^::warning file=compose\.yaml,line=5,.*title=security\/plaintext-secret::/);
      assert.doesNotMatch(stdout, /s3cr3t-Passw0rd-x/);
      const none = runCli(["check", "--format", "github"], clean.dir);
      assert.equal(none.code, 0);
      assert.equal(none.stdout, "");
    } finally {
      project.cleanup();
      clean.cleanup();
    }
  });
});

describe("check --stdin --stdin-filename", () => {
  it("lints standard input as the named file: its name decides the kind, in every format", () => {
    const project = tempProject({ ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const text = runCli(["check", "--stdin", "--stdin-filename", "deploy/.env", "--no-color"], project.dir, {}, warningsOnly);
      assert.equal(text.code, 0);
      assert.match(text.stdout, /^deploy\/\.env:2:1 warning env\/duplicate-key A is defined again here/);
      assert.match(text.stdout, /^0 errors, 2 warnings, 0 infos in 1 file$/m);
      const github = runCli(["check", "--stdin", "--stdin-filename=prod.env", "-f", "github"], project.dir, {}, "bad line\n");
      assert.equal(github.code, 1);
      assert.equal(github.stdout, '::error file=prod.env,line=1,col=1,endLine=1,endColumn=9,title=env/syntax::This line is not valid env-file syntax: variable name "bad line" contains a space.\n');
      const sarif = JSON.parse(runCli(["check", "--stdin", "--stdin-filename", "prod.env", "-f", "sarif"], project.dir, {}, "bad line\n").stdout);
      assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, "prod.env");
      const json = JSON.parse(runCli(["check", "--stdin", "--stdin-filename", "prod.env", "-f", "json"], project.dir, {}, "bad line\n").stdout);
      assert.deepEqual(json.files, ["prod.env"]);
    } finally {
      project.cleanup();
    }
  });

  it("reads the files beside it from disk (the .env of a compose file) and reports only the standard input's findings", () => {
    const project = tempProject({
      ".env": "APP_REPLICAS=3\nX=1\nX=2\n",
      "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n",
      ".scaleout.yaml": only("sessions/files-in-cluster", "env/duplicate-key"),
    });
    try {
      const stdin = "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: ${APP_REPLICAS}\n  redis:\n    image: redis:7\n";
      const { code, stdout } = runCli(["check", "--stdin", "--stdin-filename", "compose.yaml", "--no-color"], project.dir, {}, stdin);
      assert.equal(code, 1);
      assert.match(stdout, /^compose\.yaml:2:3 error sessions\/files-in-cluster app runs on several nodes without REDIS_HOST/);
      assert.match(stdout, /^ {2}↳ \.env:1:1 APP_REPLICAS is set here$/m, "the replicas come from the .env on disk");
      assert.doesNotMatch(stdout, /env\/duplicate-key/, "the .env's own findings are not the standard input's");
      assert.match(stdout, /^1 error, 0 warnings, 0 infos in 1 file$/m);
    } finally {
      project.cleanup();
    }
  });

  it("is a usage error without --stdin-filename, with paths, or for a file kind it does not read", () => {
    const project = tempProject({ ".env": "A=1\n" });
    try {
      const cases: [string[], string][] = [
        [["check", "--stdin"], "--stdin needs --stdin-filename FILE: the file the text stands for (its name decides the file kind and its project)"],
        [["check", "--stdin-filename", "x.env"], "--stdin-filename goes with --stdin"],
        [["check", "--stdin", "--stdin-filename", "x.env", ".env"], "--stdin lints standard input only: give no paths (--stdin-filename names the file it stands for)"],
        [["check", "--stdin", "--stdin-filename", "README.md"], "README.md: not a Compose, Helm values, Kubernetes or .env file, nothing to lint"],
        [["fix", "--stdin"], "--stdin needs --stdin-filename FILE: the file the text stands for (its name decides the file kind and its project)"],
      ];
      for (const [args, message] of cases) {
        const { code, stdout, stderr } = runCli(args, project.dir, {}, "A=1\n");
        assert.equal(code, 2, args.join(" "));
        assert.equal(stdout, "", args.join(" "));
        assert.equal(stderr, `scaleout-lint: ${message}\nRun \`scaleout-lint --help\` for usage.\n`, args.join(" "));
      }
    } finally {
      project.cleanup();
    }
  });

  it("fix --stdin prints the fixed text and writes nothing; what is left goes to standard error", () => {
    const original = "A=1\n";
    const project = tempProject({ "prod.env": original, ".scaleout.yaml": only(...ENV_RULES) });
    try {
      const input = "# scaleout-ignore env/duplicate-key\nB=2\nbad line\n";
      const { code, stdout, stderr } = runCli(["fix", "--stdin", "--stdin-filename", "prod.env"], project.dir, {}, input);
      assert.equal(stdout, "B=2\nbad line\n");
      assert.equal(stderr, [`prod.env:2:1 error env/syntax ${syntax.replace("not a line", "bad line")}`, "   2 | bad line", "     | ^^^^^^^^", "", "1 error, 0 warnings, 0 infos in 1 file", ""].join("\n"));
      assert.equal(code, 1);
      assert.equal(project.read("prod.env"), original, "nothing written");
      const clean = runCli(["fix", "--stdin", "--stdin-filename", "prod.env"], project.dir, {}, "A=1\n");
      assert.equal(clean.code, 0);
      assert.equal(clean.stdout, "A=1\n");
    } finally {
      project.cleanup();
    }
  });
});

describe("check: the nearest .scaleout.yaml of each file", () => {
  it("lints each folder with its own config: severities, cluster context and excludes relative to its folder", () => {
    const single = "services:\n  app:\n    image: nextcloud:31-apache\n  redis:\n    image: redis:7\n";
    const project = tempProject({
      ".scaleout.yaml": `exclude: [old]\n${only("env/duplicate-key")}`,
      "a/.env": warningsOnly,
      "b/.scaleout.yaml": `exclude: [skip]\n${only("env/duplicate-key", "sessions/files-in-cluster").replace("rules:", "rules:\n  env/duplicate-key: error")}`,
      "b/.env": warningsOnly,
      "b/skip/.env": warningsOnly,
      "a/skip/.env": "S=1\nS=2\n",
      "old/.env": warningsOnly,
      "b/old/.env": "O=1\nO=2\n",
      "c/.scaleout.yaml": `nodes: 3\n${only("sessions/files-in-cluster")}`,
      "c/compose.yaml": single,
    });
    try {
      const { code, stdout } = runCli(["check", "-f", "json"], project.dir);
      assert.equal(code, 1);
      const findings = JSON.parse(stdout).findings.map((f: { file: string; line: number; severity: string; ruleId: string }) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`);
      assert.deepEqual(findings, [
        "a/.env:2 warning env/duplicate-key",
        "a/.env:4 warning env/duplicate-key",
        "a/skip/.env:2 warning env/duplicate-key",
        "b/.env:2 error env/duplicate-key",
        "b/.env:4 error env/duplicate-key",
        "b/old/.env:2 error env/duplicate-key",
        "c/compose.yaml:2 error sessions/files-in-cluster",
      ]);
      // Started inside b: b's config, not the one of the folder above.
      const inside = runCli(["check", "-f", "json"], `${project.dir}/b`);
      assert.deepEqual(
        JSON.parse(inside.stdout).findings.map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`),
        [".env error", ".env error", "old/.env error"],
      );
      // --config forces one file for all: the root's, whose `old` skips every folder of that name.
      const forced = runCli(["check", "-f", "json", "--config", ".scaleout.yaml"], project.dir);
      assert.equal(forced.code, 0);
      assert.deepEqual(JSON.parse(forced.stdout).files, ["a/.env", "a/skip/.env", "b/.env", "b/skip/.env", "c/compose.yaml"]);
    } finally {
      project.cleanup();
    }
  });

  it("walks up above the starting folder when nothing is found below it", () => {
    const project = tempProject({ ".scaleout.yaml": "rules:\n  env/duplicate-key: off\n", "deploy/.env": warningsOnly });
    try {
      const { code, stdout } = runCli(["check"], `${project.dir}/deploy`);
      assert.equal(code, 0);
      assert.equal(stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
    } finally {
      project.cleanup();
    }
  });

  it("a broken nested config is a usage error naming the file", () => {
    const project = tempProject({ ".env": "A=1\n", "sub/.scaleout.yaml": "colour: true\n", "sub/.env": "A=1\n" });
    try {
      const { code, stdout, stderr } = runCli(["check"], project.dir);
      assert.equal(code, 2);
      assert.equal(stdout, "");
      assert.equal(stderr, `scaleout-lint: ${project.dir}/sub/.scaleout.yaml:\n  colour: unknown setting "colour"\nRun \`scaleout-lint --help\` for usage.\n`);
    } finally {
      project.cleanup();
    }
  });
});
