/**
 * The editor links a Bitnami MariaDB release in another folder to the Nextcloud release that
 * names its Service: the finding lands in the release's file, and an edit there clears it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";

const RULE = "database/read-committed";

const nextcloud = [
  "apiVersion: argoproj.io/v1alpha1",
  "kind: Application",
  "metadata:",
  "  name: nextcloud",
  "spec:",
  "  destination:",
  "    namespace: cloud",
  "  source:",
  "    repoURL: https://nextcloud.github.io/helm/",
  "    chart: nextcloud",
  "    helm:",
  "      valuesObject:",
  "        replicaCount: 2",
  "        internalDatabase:",
  "          enabled: false",
  "        externalDatabase:",
  "          enabled: true",
  "          host: mariadb.db.svc.cluster.local",
  "",
].join("\n");

const mariadb = (flags?: string): string =>
  [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    "  name: mariadb",
    "spec:",
    "  destination:",
    "    namespace: db",
    "  source:",
    "    repoURL: https://charts.bitnami.com/bitnami",
    "    chart: mariadb",
    ...(flags ? ["    helm:", "      valuesObject:", "        primary:", `          extraFlags: ${flags}`] : []),
    "",
  ].join("\n");

describe("Bitnami releases beside the app", () => {
  it("reports in the release's file and clears when the release is edited", async () => {
    const files = { ".git/HEAD": "ref: refs/heads/main\n", "apps/nextcloud/application.yaml": nextcloud, "apps/mariadb/application.yaml": mariadb() };
    await withServer({ files }, async (client) => {
      let mark = client.mark();
      await client.open("apps/nextcloud/application.yaml", nextcloud);
      await client.open("apps/mariadb/application.yaml", mariadb());
      const found = await client.diagnosticsAfter(mark, "apps/mariadb/application.yaml", hasRule(RULE));
      assert.deepEqual(
        ofRule(found.diagnostics, RULE).map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
        [[9, 11, 18]],
      );
      mark = client.mark();
      await client.change("apps/mariadb/application.yaml", mariadb("--transaction-isolation=READ-COMMITTED"));
      await client.diagnosticsAfter(mark, "apps/mariadb/application.yaml", lacksRule(RULE));
    });
  });
});
