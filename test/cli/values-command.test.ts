/**
 * `--values a.yaml --values b.yaml` and `.scaleout.yaml` `helmValues` lint values files as one
 * Helm release, layered in that order (https://helm.sh/docs/chart_template_guide/values_files/).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli, tempProject } from "./cli-harness";

const base = ["replicaCount: 1", "persistence:", "  enabled: true", "  accessMode: ReadWriteOnce", "internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n");
const prod = "replicaCount: 3\n";
const RWO = "storage/rwo-in-cluster";

interface Row {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  related?: { file: string; line: number }[];
}

function rows(args: string[], dir: string, ruleId = RWO): Row[] {
  const run = runCli(["check", "--format", "json", ...args], dir);
  return (JSON.parse(run.stdout) as { findings: Row[] }).findings.filter((f) => f.ruleId === ruleId);
}

describe("check --values", () => {
  it("layers the files in the order given: the ReadWriteOnce claim of values.yaml is reported once values-prod.yaml scales to 3", () => {
    const project = tempProject({ "values.yaml": base, "values-prod.yaml": prod });
    try {
      const found = rows(["--values", "values.yaml", "--values", "values-prod.yaml"], project.dir);
      assert.deepEqual(found.map((r) => [r.file, r.line, r.column]), [["values.yaml", 4, 3]]);
      assert.deepEqual(found[0].related?.[0], { ...found[0].related?.[0], file: "values-prod.yaml", line: 1 });
      assert.deepEqual(rows(["--values", "values-prod.yaml", "--values", "values.yaml"], project.dir), [], "the other order keeps one replica");
      assert.deepEqual(rows([], project.dir), [], "without --values each file is linted on its own");
    } finally {
      project.cleanup();
    }
  });

  it("lints a layer whatever its name, and refuses a file that does not exist", () => {
    const project = tempProject({ "values.yaml": base, "prod.yaml": prod });
    try {
      assert.deepEqual(rows(["--values", "values.yaml", "--values", "prod.yaml"], project.dir).map((r) => [r.file, r.line]), [["values.yaml", 4]]);
      const run = runCli(["check", "--values", "values.yaml", "--values", "nope.yaml"], project.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--values nope\.yaml: no such file/);
    } finally {
      project.cleanup();
    }
  });

  it("a `helmValues` that is not a list of lists of files is a configuration error", () => {
    const project = tempProject({ "values.yaml": base, ".scaleout.yaml": "helmValues: values.yaml\n" });
    try {
      const run = runCli(["check", "."], project.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /helmValues/);
    } finally {
      project.cleanup();
    }
  });

  it("`helmValues` in .scaleout.yaml names the files from its folder", () => {
    const project = tempProject({ "deploy/values.yaml": base, "deploy/env/prod.yaml": prod, ".scaleout.yaml": "helmValues:\n  - [deploy/values.yaml, deploy/env/prod.yaml]\n" });
    try {
      assert.deepEqual(rows(["deploy"], project.dir).map((r) => [r.file, r.line]), [["deploy/values.yaml", 4]]);
    } finally {
      project.cleanup();
    }
  });
});
