/**
 * The editor sees a Kubernetes deployment split over folders of its workspace folder: a claim
 * in another folder, deeper than any `.git`, reaches the rules, and a change to it on disk re-lints.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitClaim, splitDeployment } from "../helpers/k8s-split";
import { FileChangeType } from "vscode-languageserver-protocol";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";

const RWO = "storage/rwo-in-cluster";
const base = "clusters/home/apps/default/nextcloud";
const deployment = splitDeployment;
const claim = splitClaim;

describe("Kubernetes objects in other folders of the workspace", () => {
  it("reports on the claim of another folder, and clears when it changes on disk", async () => {
    await withServer({ files: { [`${base}/app/deployment.yaml`]: deployment, [`${base}/storage/claim.yaml`]: claim("ReadWriteOnce") } }, async (client) => {
      let mark = client.mark();
      await client.open(`${base}/app/deployment.yaml`, deployment);
      const found = await client.diagnosticsAfter(mark, `${base}/storage/claim.yaml`, hasRule(RWO));
      assert.deepEqual(ofRule(found.diagnostics, RWO).map((d) => d.range.start.line), [6]);
      client.writeFile(`${base}/storage/claim.yaml`, claim("ReadWriteMany"));
      mark = client.mark();
      await client.watchedFileChanged(`${base}/storage/claim.yaml`, FileChangeType.Changed);
      await client.diagnosticsAfter(mark, `${base}/storage/claim.yaml`, lacksRule(RWO));
    });
  });
});
