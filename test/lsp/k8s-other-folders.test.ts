/**
 * The editor sees a Kubernetes deployment split over folders of its workspace folder: a claim
 * in another folder, deeper than any `.git`, reaches the rules, and a change to it on disk re-lints.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FileChangeType } from "vscode-languageserver-protocol";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";

const RWO = "storage/rwo-in-cluster";
const base = "clusters/home/apps/default/nextcloud";
const deployment = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nextcloud",
  "spec:",
  "  replicas: 2",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nextcloud:31-apache",
  "          volumeMounts:",
  "            - name: html",
  "              mountPath: /var/www/html",
  "      volumes:",
  "        - name: html",
  "          persistentVolumeClaim:",
  "            claimName: nextcloud-html",
  "",
].join("\n");
const claim = (mode: string): string => ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata:", "  name: nextcloud-html", "spec:", "  accessModes:", `    - ${mode}`, "  resources:", "    requests:", "      storage: 10Gi", ""].join("\n");

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
