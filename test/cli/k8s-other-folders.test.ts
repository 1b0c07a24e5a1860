/**
 * A Kubernetes deployment split over folders: the CLI looks for a manifest's claim in the other
 * folders of what it lints (the folder given), and no further.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { splitClaim, splitDeployment } from "../helpers/k8s-split";
import { runCli, tempProject } from "./cli-harness";

const RWO = "storage/rwo-in-cluster";
const base = "deploy/clusters/home/apps/nextcloud";

const deployment = splitDeployment;
const claim = splitClaim();

function rwoFindings(args: string[], dir: string): { file: string; line: number }[] {
  const run = runCli(["check", "--format", "json", ...args], dir);
  const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
  return report.findings.filter((f) => f.ruleId === RWO).map((f) => ({ file: f.file, line: f.line }));
}

describe("Kubernetes objects in other folders", () => {
  it("finds the claim of a sibling folder below the folder given, deep in a repository", () => {
    const project = tempProject({ [`${base}/app/deployment.yaml`]: deployment, [`${base}/storage/claim.yaml`]: claim });
    try {
      execFileSync("git", ["init", "-q"], { cwd: project.dir });
      assert.deepEqual(rwoFindings([base], project.dir), [{ file: `${base}/storage/claim.yaml`, line: 7 }]);
      // Linting the app folder alone, the claim is not part of what is linted: its access mode is unknown.
      assert.deepEqual(rwoFindings([`${base}/app`], project.dir), []);
    } finally {
      project.cleanup();
    }
  });
});
