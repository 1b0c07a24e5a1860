/**
 * What the fixtures under test/rules/<concern>/<rule>/ must cover (fixtures.test.ts runs them):
 * every registered rule has invalid cases and near misses; an invalid case fires its rule; a
 * case whose findings offer a fix has golden fixed/ output; and the formats a rule declares
 * (C H K E, RULES.md) are the formats it fires on: each declared format has an invalid case of
 * that format where the rule fires, and no finding lands in a format the rule does not declare.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { describe, it } from "node:test";
import type { Finding } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { allRules } from "../../server/src/engine/rules/registry";
import type { Format } from "../../server/src/engine/rules/rule";
import { filesBelow, fsWorkspace } from "../helpers/workspace";
import { caseOptions } from "../helpers/case-options";

/**
 * Declared formats a rule does not fire on yet. Each entry is a bug in the rule (or in RULES.md)
 * that its owner fixes by making the rule fire there — then adds the invalid case and deletes
 * the entry here (the test fails while a stale entry stays). Never add one for a format a
 * fixture is simply missing: write the fixture.
 */
const knownGaps: { ruleId: string; format: Format; reason: string }[] = [
  {
    ruleId: "redis/password-mismatch",
    format: "E",
    reason: "RULES.md lists E, but a lone .env shows no Redis server to compare with; the project's .env of a Compose project is covered (C).",
  },
  {
    ruleId: "security/plaintext-secret",
    format: "E",
    reason:
      "The rule flags an env file only when git tracks it, and every fixture file is tracked by this repository: test/rules/plaintext-secret-tracked.test.ts covers E with real repositories made by git.",
  },
  {
    ruleId: "upgrade/version-skew",
    format: "H",
    reason:
      "RULES.md lists H, but neither chart can render two versions: the Nextcloud chart's web pod, cron sidecar and CronJob all use the nextcloud.image template, the ownCloud chart's Deployment and CronJob the owncloud.image template (templates/deployment.yaml, cronjob.yaml of both charts). Skew between releases is upgrade/uncoordinated's finding.",
  },
];

const root = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
const isCaseInput = (name: string): boolean => name !== "expected.json" && name !== "fixed" && name !== "README.md";
const subdirs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => statSync(`${dir}/${n}`).isDirectory()).sort() : []);

const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$|\.stack\.ya?ml$/i;
const HELM_FILE = /^(([\w-]+[.-])?values([.-][\w.-]+)?|Chart|helmfile)\.ya?ml$/i;
const ENV_FILE = /^\.env(\..+)?$|\.env$/i;

type FileClass = Format | "env file" | undefined;

/** What a file is, from its name and top-level keys — on its own, independent of the engine's detection. */
function classOfFile(path: string, text: string): FileClass {
  // A template (`docker-compose.yml.j2`, `values.yaml.tpl`) is of the format it renders to.
  const name = basename(path).replace(/\.(j2|jinja2?|tmpl|tpl|gotmpl)$/i, "");
  if (ENV_FILE.test(name)) return "env file";
  if (!/\.ya?ml$/i.test(name)) return undefined;
  if (COMPOSE_FILE.test(name) || (/^services\s*:/m.test(text) && !/^apiVersion\s*:/m.test(text))) return "C";
  // A kustomization that inflates charts (`helmCharts:`) deploys Helm values too.
  if (HELM_FILE.test(name) || /^kind:\s*HelmRelease\s*$/m.test(text) || /^helmCharts\s*:/m.test(text)) return "H";
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return "K";
  return undefined;
}

interface InvalidCase {
  ruleId: string;
  name: string;
  dir: string;
  /** The rule's findings with the format of the file each lands in. */
  findings: { finding: Finding; format: Format; inEnvFile: boolean }[];
  hasGolden: boolean;
}

function loadCase(ruleId: string, dir: string, name: string): InvalidCase {
  const paths = filesBelow(dir, (n) => !isCaseInput(n));
  const classes = new Map(paths.map((p) => [p, classOfFile(p, readFileSync(p, "utf8"))]));
  const present = new Set(classes.values());
  const formatOf = (path: string): Format => {
    const cls = classes.get(path);
    // An env file with a Compose file is the project's .env / env_file (RULES.md counts it as C); alone it is E.
    if (cls === "env file") return present.has("C") ? "C" : "E";
    if (cls) return cls;
    // A YAML layer beside Chart.yaml, named as the user likes, is a values file.
    if (/\.ya?ml$/i.test(path) && paths.some((p) => /\/Chart\.ya?ml$/i.test(p))) return "H";
    throw new Error(`${dir}: cannot tell the format of ${path.slice(dir.length + 1)}`);
  };
  const expectedFile = `${dir}/expected.json`;
  const options = existsSync(expectedFile) ? ((JSON.parse(readFileSync(expectedFile, "utf8")) as { options?: LintOptions }).options ?? {}) : {};
  const engine = new Engine();
  engine.onRuleError = (id, error) => {
    throw new Error(`rule ${id} threw: ${String(error)}`);
  };
  const mine = engine.lintPaths(paths, fsWorkspace, caseOptions(dir, options)).findings.filter((f) => f.ruleId === ruleId);
  return {
    ruleId,
    name,
    dir,
    findings: mine.map((finding) => ({ finding, format: formatOf(finding.location.path), inEnvFile: classes.get(finding.location.path) === "env file" })),
    hasGolden: existsSync(`${dir}/fixed`),
  };
}

describe("rule fixture coverage", () => {
  it("classifies fixture files by format", () => {
    assert.equal(classOfFile("/x/compose.override.yaml", ""), "C");
    assert.equal(classOfFile("/x/docker-compose.prod.yml", ""), "C");
    assert.equal(classOfFile("/x/nextcloud.stack.yml", ""), "C");
    assert.equal(classOfFile("/x/stack.yaml", "version: '3.8'\nservices:\n  app: {}\n"), "C");
    assert.equal(classOfFile("/x/values-prod.yaml", ""), "H");
    assert.equal(classOfFile("/x/release.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"), "H");
    assert.equal(classOfFile("/x/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n"), "K");
    assert.equal(classOfFile("/x/.env", ""), "env file");
    assert.equal(classOfFile("/x/db.env", ""), "env file");
    assert.equal(classOfFile("/x/notes.yaml", "title: x\n"), undefined);
    assert.equal(classOfFile("/x/mariadb-values.yaml", ""), "H");
    assert.equal(classOfFile("/x/helmfile.yaml", "releases: []\n"), "H");
    assert.equal(classOfFile("/x/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts: []\n"), "H");
  });

  for (const rule of allRules) {
    const { id: ruleId, formats } = rule.meta;
    const ruleDir = `${root}/${ruleId}`;
    const cases = subdirs(`${ruleDir}/invalid`).map((name) => loadCase(ruleId, `${ruleDir}/invalid/${name}`, name));
    const gaps = knownGaps.filter((g) => g.ruleId === ruleId);

    describe(ruleId, () => {
      it("has invalid cases and near misses", () => {
        assert.ok(cases.length > 0, `no test/rules/${ruleId}/invalid/<case>/`);
        assert.ok(subdirs(`${ruleDir}/valid`).length > 0, `no test/rules/${ruleId}/valid/<case>/ (a near miss that must stay silent)`);
      });

      it("fires on every invalid case", () => {
        assert.deepEqual(cases.filter((c) => c.findings.length === 0).map((c) => c.name), []);
      });

      it("has golden fixed/ output for every invalid case with a fix", () => {
        assert.deepEqual(cases.filter((c) => !c.hasGolden && c.findings.some((f) => f.finding.fixes.length > 0)).map((c) => `invalid/${c.name} offers a fix but has no fixed/`), []);
      });

      it(`fires on an invalid case of each declared format (${formats.join(" ")})`, () => {
        const shown = new Set(cases.flatMap((c) => c.findings.map((f) => f.format)));
        const missing = formats.filter((f) => !shown.has(f) && !gaps.some((g) => g.format === f));
        assert.deepEqual(missing, [], `declared formats without an invalid case where ${ruleId} fires: add one (C compose project, H values/HelmRelease, K manifests, E a lone .env)`);
        for (const gap of gaps) {
          assert.ok(formats.includes(gap.format), `knownGaps: ${ruleId} does not declare ${gap.format}`);
          assert.ok(!shown.has(gap.format), `knownGaps: ${ruleId} now fires on ${gap.format}; delete its knownGaps entry`);
        }
      });

      it("fires only on declared formats", () => {
        // E rules read every env file, a Compose project's too: lint.ts runs them there, and RULES.md's C includes the project's .env and env_files.
        const stray = cases.flatMap((c) =>
          c.findings
            .filter((f) => !formats.includes(f.format) && !(f.format === "C" && f.inEnvFile && formats.includes("E")))
            .map((f) => `invalid/${c.name}: ${f.format} finding in ${f.finding.location.path.slice(c.dir.length + 1)}`),
        );
        assert.deepEqual(stray, []);
      });
    });
  }

  it("lists known gaps of registered rules only", () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    assert.deepEqual(knownGaps.filter((g) => !ids.has(g.ruleId)).map((g) => g.ruleId), []);
  });
});
