/**
 * `scaleout-lint check --format sarif`: SARIF 2.1.0 structure, the full rule table, results that
 * point into it, and validation by Microsoft's SARIF Multitool (the devDependency
 * @microsoft/sarif-multitool), which must report no error and no warning but the missing
 * informationUri (the tool has no public homepage to point at).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, repoRoot, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const version = (JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8")) as { version: string }).version;

describe("check: SARIF output", () => {
  const project = tempProject({
    "deploy space/compose.yaml": [
      "services:",
      "  app:",
      "    image: nextcloud:31-apache",
      "    deploy:",
      "      replicas: ${APP_REPLICAS}",
      "    # scaleout-ignore locking/no-shared-redis -- later",
      "    environment:",
      "      MYSQL_HOST: db",
      "  redis:",
      "    image: redis:7",
      "",
    ].join("\n"),
    "deploy space/.env": "APP_REPLICAS=3\n",
    ".scaleout.yaml": onlyRulesConfig(ids, ["sessions/files-in-cluster", "lint/unused-ignore"]),
  });
  let log: any;
  let code: number;
  before(() => {
    const outcome = runCli(["check", "--format", "sarif", "--output", "scaleout.sarif"], project.dir);
    code = outcome.code;
    log = JSON.parse(project.read("scaleout.sarif"));
  });
  after(() => project.cleanup());

  it("is a SARIF 2.1.0 log with one run of scaleout-lint and the exit code of the findings", () => {
    assert.equal(code, 1);
    assert.equal(log.version, "2.1.0");
    assert.equal(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, "scaleout-lint");
    assert.equal(driver.version, version);
    assert.equal(driver.informationUri, undefined);
    assert.deepEqual(log.runs[0].originalUriBaseIds, { "%SRCROOT%": { uri: `${pathToFileURL(project.dir).href}/` } });
    assert.equal(log.runs[0].columnKind, "utf16CodeUnits");
  });

  it("lists every registered rule with its title, description, help and default level", () => {
    const rules = log.runs[0].tool.driver.rules;
    assert.deepEqual(
      rules.map((r: any) => r.id),
      ids,
    );
    for (const [i, rule] of allRules.entries()) {
      const descriptor = rules[i];
      assert.equal(descriptor.shortDescription.text, rule.meta.title);
      assert.equal(descriptor.fullDescription.text, rule.meta.docs.whatItDoes);
      assert.match(descriptor.name, /^[A-Z][A-Za-z0-9]+$/);
      assert.ok(descriptor.help.markdown.includes(`# ${rule.meta.title}`));
      assert.ok(descriptor.help.markdown.includes("## Why it matters"));
      assert.ok(descriptor.help.text.startsWith(`${rule.meta.id}: ${rule.meta.title}`));
      assert.equal(descriptor.defaultConfiguration.level, { error: "error", warning: "warning", info: "note", hint: "note" }[rule.meta.severity]);
    }
    assert.equal(rules.find((r: any) => r.id === "sessions/files-in-cluster").name, "SessionsFilesInCluster");
  });

  it("has results whose ruleIndex points at their rule, with regions, related locations and safe fixes", () => {
    const run = log.runs[0];
    const results = run.results;
    assert.deepEqual(
      results.map((r: any) => [r.ruleId, r.level]),
      [
        ["sessions/files-in-cluster", "error"],
        ["lint/unused-ignore", "note"],
      ],
    );
    for (const result of results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    const [sessions, unused] = results;
    assert.deepEqual(sessions.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: "deploy%20space/compose.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 },
        },
      },
    ]);
    assert.deepEqual(
      sessions.relatedLocations.map((r: any) => [r.id, r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine, r.message.text]),
      [
        [1, "deploy%20space/compose.yaml", 5, "app runs 3 replicas"],
        [2, "deploy%20space/.env", 1, "APP_REPLICAS is set here"],
      ],
    );
    assert.equal(sessions.fixes, undefined, "the sessions fix is unsafe: not offered in SARIF");
    assert.match(sessions.partialFingerprints["scaleoutLint/v1"], /^[0-9a-f]{32}$/);
    assert.deepEqual(unused.fixes, [
      {
        description: { text: "Remove the unused ignore comment" },
        artifactChanges: [
          {
            artifactLocation: { uri: "deploy%20space/compose.yaml", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { startLine: 6, startColumn: 1, endLine: 7, endColumn: 1 }, insertedContent: { text: "" } }],
          },
        ],
      },
    ]);
  });

  it("passes the SARIF Multitool's validation", () => {
    const multitool = `${repoRoot}/node_modules/@microsoft/sarif-multitool-${process.platform}/Sarif.Multitool${process.platform === "win32" ? ".exe" : ""}`;
    const validation = spawnSync(multitool, ["validate", "scaleout.sarif", "--output", "validation.sarif", "--log", "ForceOverwrite", "--level", "Error;Warning"], {
      cwd: project.dir,
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(validation.error, undefined, `the multitool did not run: ${String(validation.error)}`);
    assert.equal(validation.status, 0, validation.stdout + validation.stderr);
    const results = JSON.parse(project.read("validation.sarif")).runs[0].results as any[];
    assert.deepEqual(
      results.map((r) => `${r.level ?? "warning"} ${r.ruleId}`),
      ["warning SARIF2005"],
      JSON.stringify(results, null, 2),
    );
  });
});
