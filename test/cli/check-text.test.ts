/** `scaleout-lint check` with the text format: lines, excerpts, masking, colors, files, config, exit codes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const only = (...keep: string[]): string => onlyRulesConfig(ids, keep);

/** BOM, CRLF, an emoji before the finding on its line, replicas from .env. */
const clusterProject = {
  ".env": "APP_REPLICAS=3\nMYSQL_PASSWORD=hunter2\n",
  "compose.yaml":
    "\uFEFFservices:\r\n" +
    "  app:\r\n" +
    "    image: nextcloud:31-apache\r\n" +
    "    deploy:\r\n" +
    "      replicas: ${APP_REPLICAS}\r\n" +
    '    environment: { NOTE: "🚀", REDIS_HOST: "" }\r\n' +
    "  redis:\r\n" +
    "    image: redis:7\r\n",
  ".scaleout.yaml": only("sessions/files-in-cluster"),
};

const sessionsMessage =
  "app runs on several nodes without REDIS_HOST, so PHP keeps sessions in each container: users are logged out when the load balancer switches nodes.";

describe("check: text output", () => {
  it("prints file:line:col severity id message, the excerpt with a caret, related locations and the summary", () => {
    const project = tempProject(clusterProject);
    try {
      const { code, stdout, stderr } = runCli(["check"], project.dir);
      assert.equal(stderr, "");
      assert.equal(
        stdout,
        [
          `compose.yaml:6:32 error sessions/files-in-cluster ${sessionsMessage}`,
          '   6 |     environment: { NOTE: "🚀", REDIS_HOST: "" }',
          "     |                                ^^^^^^^^^^^^^^",
          "  ↳ compose.yaml:5:17 app runs 3 replicas",
          "  ↳ .env:1:1 APP_REPLICAS is set here",
          "",
          "1 error, 0 warnings, 0 infos in 2 files",
          "",
        ].join("\n"),
      );
      assert.equal(code, 1, "an error finding means exit code 1");
    } finally {
      project.cleanup();
    }
  });

  it("prints paths relative to the working directory when given a subfolder", () => {
    const project = tempProject(Object.fromEntries(Object.entries(clusterProject).map(([name, text]) => [name === ".scaleout.yaml" ? name : `deploy/${name}`, text])));
    try {
      const { code, stdout } = runCli(["check", "deploy"], project.dir);
      assert.equal(code, 1);
      assert.match(stdout, /^deploy\/compose\.yaml:6:32 error sessions\/files-in-cluster /);
      assert.match(stdout, /^ {2}↳ deploy\/\.env:1:1 APP_REPLICAS is set here$/m);
    } finally {
      project.cleanup();
    }
  });

  it("exits 0 with only the summary on a clean project", () => {
    const project = tempProject({ "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n", ".scaleout.yaml": only("sessions/files-in-cluster", "lint/unused-ignore") });
    try {
      const { code, stdout } = runCli(["check", "."], project.dir);
      assert.equal(stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
      assert.equal(code, 0);
    } finally {
      project.cleanup();
    }
  });

  it("never prints a secret: .env values, list items, YAML keys and CIFS options are masked in excerpts", () => {
    const ignore = "# scaleout-ignore sessions/files-in-cluster -- one node";
    const project = tempProject({
      ".env": `REDIS_PASS=redis-pass-2 ${ignore}\n`,
      "compose.yaml": [
        "services:",
        "  app:",
        "    image: nextcloud:31-apache",
        "    environment:",
        `      - MYSQL_PASSWORD=hunter2 ${ignore}`,
        "      - REDIS_HOST_PASSWORD=${REDIS_PASS}",
        "  db:",
        "    image: mariadb:11.4",
        "    environment:",
        `      MARIADB_ROOT_PASSWORD: "s3cr3t-root" ${ignore}`,
        "volumes:",
        "  data:",
        "    driver_opts:",
        "      type: cifs",
        `      o: "username=nc,password=cifs-pass-1,vers=3.0" ${ignore}`,
        "",
      ].join("\n"),
      ".scaleout.yaml": only("lint/unused-ignore"),
    });
    try {
      const { code, stdout } = runCli(["check"], project.dir);
      for (const secret of ["hunter2", "s3cr3t-root", "cifs-pass-1", "redis-pass-2"]) assert.ok(!stdout.includes(secret), `${secret} printed:\n${stdout}`);
      const excerpts = stdout.split("\n").filter((l) => /^ +\d+ \| /.test(l));
      assert.deepEqual(excerpts, [
        `   1 | REDIS_PASS=•••••• ${ignore}`,
        `   5 |       - MYSQL_PASSWORD=•••••• ${ignore}`,
        `  10 |       MARIADB_ROOT_PASSWORD: •••••• ${ignore}`,
        `  15 |       o: "username=nc,password=••••••,vers=3.0" ${ignore}`,
      ]);
      // The caret stands under the comment's `#` in the masked line, although masking shortened the line.
      const lines = stdout.split("\n");
      for (const excerpt of excerpts) {
        const caret = lines[lines.indexOf(excerpt) + 1];
        assert.equal(caret.indexOf("^"), excerpt.indexOf("#"), `${excerpt}\n${caret}`);
        assert.equal(caret.length - caret.indexOf("^"), ignore.length);
      }
      assert.match(stdout, /^compose\.yaml:5:32 info lint\/unused-ignore This ignore comment silences nothing \(sessions\/files-in-cluster reports nothing here\)\.$/m);
      assert.match(stdout, /^0 errors, 0 warnings, 4 infos in 2 files$/m);
      assert.equal(code, 0, "infos alone exit 0");
      for (const format of ["json", "sarif"]) {
        const other = runCli(["check", "--format", format], project.dir).stdout;
        for (const secret of ["hunter2", "s3cr3t-root", "cifs-pass-1", "redis-pass-2"]) assert.ok(!other.includes(secret), `${secret} in ${format}`);
      }
    } finally {
      project.cleanup();
    }
  });

  it("--severity hides findings below the level, and the summary counts what is shown", () => {
    const project = tempProject({
      "compose.yaml": "services:\n  app:\n    # scaleout-ignore sessions/files-in-cluster -- one node\n    image: nextcloud:31-apache\n",
      ".scaleout.yaml": only("sessions/files-in-cluster", "lint/unused-ignore"),
    });
    try {
      const all = runCli(["check"], project.dir);
      assert.match(all.stdout, /^compose\.yaml:3:5 info lint\/unused-ignore /m);
      assert.match(all.stdout, /^0 errors, 0 warnings, 1 info in 1 file$/m);
      const warnings = runCli(["check", "--severity", "warning"], project.dir);
      assert.equal(warnings.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
      assert.equal(warnings.code, 0);
    } finally {
      project.cleanup();
    }
  });

  it("colors only when forced or on a terminal, never with --no-color or NO_COLOR", () => {
    const project = tempProject(clusterProject);
    try {
      const escape = "\u001b[";
      assert.ok(!runCli(["check"], project.dir).stdout.includes(escape), "a pipe gets no colors");
      const forced = runCli(["check"], project.dir, { FORCE_COLOR: "1" }).stdout;
      assert.ok(forced.includes(`${escape}31m${escape}1merror`), "errors are red and bold");
      assert.ok(!runCli(["check", "--no-color"], project.dir, { FORCE_COLOR: "1" }).stdout.includes(escape));
      assert.ok(!runCli(["check"], project.dir, { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout.includes(escape));
    } finally {
      project.cleanup();
    }
  });

  it("walks folders and hidden folders for the file kinds the engine reads, and skips node_modules, .git, dist and tool folders", () => {
    const compose = "services:\n  app:\n    image: nextcloud:31-apache\n";
    const project = tempProject({
      "deploy/docker-compose.prod.yml": compose,
      "stack/app.yml": compose,
      "helm/values.yaml": "nextcloud:\n  host: cloud.example.com\n",
      "env-only/.env": "NEXTCLOUD_ADMIN_USER=admin\n",
      "notes.yaml": "title: not a deployment\n",
      "node_modules/pkg/compose.yaml": compose,
      ".git/compose.yaml": compose,
      "dist/compose.yaml": compose,
      ".venv/lib/compose.yaml": compose,
      ".terraform/modules/compose.yaml": compose,
      ".examples/docker-compose/compose.yaml": compose,
      ".scaleout.yaml": only(),
    });
    try {
      const { code, stdout } = runCli(["check", "--format", "json"], project.dir);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout).files, [".examples/docker-compose/compose.yaml", "deploy/docker-compose.prod.yml", "env-only/.env", "helm/values.yaml", "stack/app.yml"]);
    } finally {
      project.cleanup();
    }
  });

  it("exits 2 with a message when nothing is left to lint, in every format", () => {
    const project = tempProject({ "README.md": "# no deployment here\n", ".venv/compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n" });
    try {
      for (const args of [["check"], ["check", "--format", "sarif"], ["check", "--format", "json"], ["fix", "--dry-run"]]) {
        const { code, stdout, stderr } = runCli(args, project.dir);
        assert.equal(code, 2, args.join(" "));
        assert.equal(stdout, "", args.join(" "));
        assert.match(stderr, /^scaleout-lint: no files to lint in \. \(looked for Compose, Helm values, Kubernetes manifests and \.env files\)\n/, args.join(" "));
      }
    } finally {
      project.cleanup();
    }
  });

  it("opens tool folders for `include` globs, skips `exclude` globs, and lints a folder named explicitly", () => {
    const compose = "services:\n  app:\n    image: nextcloud:31-apache\n";
    const project = tempProject({
      "dist/mariadb/compose.yaml": compose,
      "dist/mariadb/notes.yml": "services:\n  x:\n    image: y\n",
      ".other/compose.yaml": compose,
      "legacy/compose.yaml": compose,
      "prod/compose.yaml": compose,
      ".scaleout.yaml": `include: ["dist/**/compose.yaml"]\nexclude: [legacy]\n${only()}`,
    });
    try {
      const files = (args: string[]): string[] => JSON.parse(runCli(["check", "-f", "json", ...args], project.dir).stdout).files;
      assert.deepEqual(files([]), [".other/compose.yaml", "dist/mariadb/compose.yaml", "prod/compose.yaml"]);
      assert.deepEqual(files(["dist/mariadb"]), ["dist/mariadb/compose.yaml", "dist/mariadb/notes.yml"]);
    } finally {
      project.cleanup();
    }
  });

  it("lints a file named explicitly and fails closed (exit 2, stderr, summary) when a named file is not a kind it reads", () => {
    const project = tempProject({ "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n", "README.md": "# hi\n", ".scaleout.yaml": only() });
    try {
      const { code, stdout, stderr } = runCli(["check", "compose.yaml", "README.md"], project.dir);
      assert.equal(code, 2);
      assert.equal(stdout, "0 errors, 0 warnings, 0 infos in 1 file; 1 problem: not everything was linted\n");
      assert.equal(stderr, "scaleout-lint: README.md: not a Compose, Helm values, Kubernetes or .env file: not linted\n");
      const lenient = runCli(["check", "compose.yaml", "README.md", "--no-fail-on-skip"], project.dir);
      assert.equal(lenient.code, 0);
      assert.equal(lenient.stderr, stderr);
    } finally {
      project.cleanup();
    }
  });

  it("reads .scaleout.yaml: a severity override changes the exit code, --assume-cluster and nodes: 3 give cluster context", () => {
    const singleNode = "services:\n  app:\n    image: nextcloud:31-apache\n  redis:\n    image: redis:7\n";
    const project = tempProject({ "compose.yaml": singleNode, ".scaleout.yaml": only("sessions/files-in-cluster") });
    const nodes = tempProject({ "compose.yaml": singleNode, ".scaleout.yaml": `nodes: 3\n${only("sessions/files-in-cluster").replace("rules:", "rules:\n  sessions/files-in-cluster: warning")}` });
    try {
      const quiet = runCli(["check"], project.dir);
      assert.equal(quiet.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n", "single node: the cluster-only rule is silent");
      const assumed = runCli(["check", "--assume-cluster"], project.dir);
      assert.match(assumed.stdout, /^compose\.yaml:2:3 error sessions\/files-in-cluster app runs on several nodes without REDIS_HOST/m);
      assert.equal(assumed.code, 1);
      const configured = runCli(["check"], nodes.dir);
      assert.match(configured.stdout, /^compose\.yaml:2:3 warning sessions\/files-in-cluster /m);
      assert.equal(configured.code, 0, "downgraded to a warning: no error, exit 0");
    } finally {
      project.cleanup();
      nodes.cleanup();
    }
  });

  it("--config reads another file; --output writes the report and prints the summary", () => {
    const project = tempProject({ ...clusterProject, ".scaleout.yaml": "rules:\n  sessions/files-in-cluster: off\n", "ci/lint.yaml": only("sessions/files-in-cluster") });
    try {
      const { code, stdout } = runCli(["check", "--config", "ci/lint.yaml", "--output", "report.txt"], project.dir);
      assert.equal(code, 1);
      assert.equal(stdout, "1 error, 0 warnings, 0 infos in 2 files (report written to report.txt)\n");
      assert.match(project.read("report.txt"), /^compose\.yaml:6:32 error sessions\/files-in-cluster /);
    } finally {
      project.cleanup();
    }
  });

  it("`concern/*` sets every rule of a concern; a rule's own entry wins", () => {
    for (const [config, check] of [
      ["rules:\n  storage/*: off\n", (out: string) => assert.doesNotMatch(out, / storage\//)],
      ["rules:\n  storage/*: off\n  storage/html-not-shared: warning\n", (out: string) => {
          assert.match(out, /warning storage\/html-not-shared /);
          assert.doesNotMatch(out, / storage\/sqlite/);
        }],
    ] as const) {
      const project = tempProject({ ...clusterProject, ".scaleout.yaml": config });
      try {
        check(runCli(["check"], project.dir).stdout);
      } finally {
        project.cleanup();
      }
    }
  });

  it("exits 2 on a broken config: unknown setting, unknown rule id (with a suggestion), invalid YAML, missing --config file", () => {
    const cases: [string, RegExp][] = [
      ["colour: true\n", /colour: unknown setting "colour"/],
      ["rules:\n  sessions/file-in-cluster: off\n", /rules\.sessions\/file-in-cluster: no rule has this id \(did you mean sessions\/files-in-cluster\?\)/],
      ["rules:\n  sessions/files-in-cluster: loud\n", /invalid setting "loud"/],
      ["rules:\n  sesions/*: off\n", /rules\.sesions\/\*: no rule belongs to the concern "sesions" \(did you mean sessions\/\*\?\)/],
      ["rules: [unclosed\n", /not valid YAML/],
    ];
    for (const [config, expected] of cases) {
      const project = tempProject({ "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n", ".scaleout.yaml": config });
      try {
        const { code, stdout, stderr } = runCli(["check"], project.dir);
        assert.equal(code, 2, config);
        assert.equal(stdout, "");
        assert.match(stderr, expected);
      } finally {
        project.cleanup();
      }
    }
    const project = tempProject({ "compose.yaml": "services: {}\n" });
    try {
      const { code, stderr } = runCli(["check", "--config", "missing.yaml"], project.dir);
      assert.equal(code, 2);
      assert.match(stderr, /config file not found: missing\.yaml/);
    } finally {
      project.cleanup();
    }
  });
});

describe("check: Helm chart sources", () => {
  it("does not read a chart's templates/ as manifests: Helm renders them, the values file is what is linted", () => {
    const project = tempProject({
      "chart/Chart.yaml": "apiVersion: v2\nname: cloud\nversion: 0.1.0\n",
      "chart/templates/deployment.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"cloud.fullname\" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: nextcloud\n          image: nextcloud:31-apache\n          {{- with .Values.env }}\n          env:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n",
    });
    try {
      const { code, stdout, stderr } = runCli(["check", "chart"], project.dir);
      assert.equal(stdout, "");
      assert.match(stderr, /^scaleout-lint: no files to lint in chart /);
      assert.equal(code, 2);
    } finally {
      project.cleanup();
    }
  });
});
