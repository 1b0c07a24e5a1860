/**
 * The editor's `scaleout.compose.files` and `scaleout.compose.envFiles` over a real stdio server:
 * a file of a set is linted with the set, `--env-file`s replace `.env`, and a changed setting
 * re-links the open files to their projects.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FILES_IN_CLUSTER, owncloudCompose } from "./helpers/deployments";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";

// Sessions in Redis, in a file of its own that only the set merges.
const sessions = ["services:", "  owncloud:", "    environment:", "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis", "      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379", ""].join("\n");

describe("language server: Compose file sets and env files", () => {
  it("scaleout.compose.envFiles fills ${VAR} instead of .env; dropping the setting reads .env again", async () => {
    const files = { "compose.yaml": owncloudCompose, ".env": "APP_REPLICAS=1\n", "env/prod.env": "APP_REPLICAS=3\n" };
    await withServer({ files, settings: { compose: { envFiles: ["env/prod.env"] } } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const scaled = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      const [finding] = ofRule(scaled.diagnostics, FILES_IN_CLUSTER);
      assert.deepEqual(finding.relatedInformation?.map((r) => r.location.uri).slice(-1), [client.uri("env/prod.env")]);
      mark = client.mark();
      await client.changeSettings({});
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
    });
  });

  it("a file of a scaleout.compose.files set is linted with the set, whichever of its files is open", async () => {
    const files = { "compose.yaml": owncloudCompose, ".env": "APP_REPLICAS=3\n", "compose.sessions.yaml": sessions };
    await withServer({ files, settings: { compose: { files: [["compose.yaml", "compose.sessions.yaml"]] } } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.sessions.yaml", sessions);
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
      // Without the set, compose.yaml stands alone: its sessions are files on every node.
      mark = client.mark();
      await client.changeSettings({});
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      await client.changeSettings({ compose: { files: [["compose.yaml", "compose.sessions.yaml"]] } });
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
    });
  });
});
