/** textDocument/documentLink and textDocument/definition over the real server's stdio. */
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import { DefinitionRequest, DocumentLinkRequest, type DocumentLink, type Location } from "vscode-languageserver-protocol";
import { withServer, type LspTestClient } from "./helpers/lsp-client";

const links = (client: LspTestClient, name: string): Promise<DocumentLink[] | null> => client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: client.uri(name) } });
const definition = (client: LspTestClient, name: string, line: number, character: number): Promise<unknown> =>
  client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: client.uri(name) }, position: { line, character } });
const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const compose = (outside: string): string =>
  [
    "include:", //                                  0
    "  - db/compose.db.yaml", //                    1
    "services:", //                                 2
    "  app:", //                                    3
    "    image: owncloud/server:10.16.4", //        4
    "    env_file:", //                             5
    "      - node/owncloud.env", //                 6
    "      - missing.env", //                       7
    `      - ../${outside}/outside.env`, //         8
    "    depends_on:", //                           9
    "      - db", //                                10
    "      - redis", //                             11
    "    environment:", //                          12
    "      OWNCLOUD_REDIS_HOST: redis", //          13
    "      OWNCLOUD_DB_HOST: db:3306", //           14
    "    deploy:", //                               15
    "      replicas: ${APP_REPLICAS:-1}", //        16
    "  redis:", //                                  17
    "    image: redis:7", //                        18
    "",
  ].join("\n");
const dbCompose = "services:\n  db:\n    image: mariadb:10.11\n";
const env = "# replicas of the app\nAPP_REPLICAS=3\n";

describe("language server: document links and go to definition", () => {
  it("links env_file and include entries to files in the workspace; none to a missing file or one outside it", async () => {
    const outsideDir = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-outside-")));
    writeFileSync(join(outsideDir, "outside.env"), "A=1\n");
    const text = compose(basename(outsideDir));
    try {
      await withServer({ files: { "compose.yaml": text, "db/compose.db.yaml": dbCompose, "node/owncloud.env": "OWNCLOUD_DOMAIN=cloud.example.com\n", ".env": env } }, async (client) => {
        const mark = client.mark();
        await client.open("compose.yaml", text);
        await client.diagnosticsAfter(mark, "compose.yaml");
        const found = await links(client, "compose.yaml");
        assert.deepEqual(
          found?.map((l) => ({ range: l.range, target: l.target, tooltip: l.tooltip })),
          [
            { range: range(1, 4, 22), target: client.uri("db/compose.db.yaml"), tooltip: "Open compose.db.yaml" },
            { range: range(6, 8, 25), target: client.uri("node/owncloud.env"), tooltip: "Open owncloud.env" },
          ],
        );
        assert.ok(client.initializeResult?.capabilities.documentLinkProvider, "documentLinkProvider is announced");
        assert.equal(client.initializeResult?.capabilities.definitionProvider, true);
      });
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it("goes from a service name, a host setting and ${VAR} to the definition, in this file or another", async () => {
    const text = compose("none");
    await withServer({ files: { "compose.yaml": text, "db/compose.db.yaml": dbCompose, ".env": env } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", text);
      await client.diagnosticsAfter(mark, "compose.yaml");
      const dbKey = [{ uri: client.uri("db/compose.db.yaml"), range: range(1, 2, 4) }];
      const redisKey = [{ uri: client.uri("compose.yaml"), range: range(17, 2, 7) }];
      assert.deepEqual(await definition(client, "compose.yaml", 10, 9), dbKey, "depends_on: - db, in the included file");
      assert.deepEqual(await definition(client, "compose.yaml", 11, 10), redisKey, "depends_on: - redis, in this file");
      assert.deepEqual(await definition(client, "compose.yaml", 13, 28), redisKey, "OWNCLOUD_REDIS_HOST: redis");
      assert.deepEqual(await definition(client, "compose.yaml", 14, 25), dbKey, "OWNCLOUD_DB_HOST: db:3306");
      assert.deepEqual(await definition(client, "compose.yaml", 16, 20), [{ uri: client.uri(".env"), range: range(1, 0, 12) }] as Location[], "${APP_REPLICAS} to its .env line");
      assert.equal(await definition(client, "compose.yaml", 14, 29), null, "the port is no service");
      assert.equal(await definition(client, "compose.yaml", 4, 14), null, "an image names nothing");
    });
  });

  it("a Chart.yaml's file:// dependency links to the subchart; a template expression gets nothing", async () => {
    const chart = ["apiVersion: v2", "name: cloud", "dependencies:", "  - name: nextcloud", "    repository: file://../nextcloud", "  - name: redis", "    repository: file://../redis", ""].join("\n");
    const templated = ["services:", "  app:", "    image: nextcloud:29", '    env_file: "{{ nextcloud_env_file }}"', "    depends_on:", '      - "{{ db_service }}"', ""].join("\n");
    await withServer({ files: { "umbrella/Chart.yaml": chart, "nextcloud/Chart.yaml": "apiVersion: v2\nname: nextcloud\n", "compose.yaml": templated } }, async (client) => {
      await client.open("umbrella/Chart.yaml", chart);
      const found = await links(client, "umbrella/Chart.yaml");
      assert.deepEqual(found?.map((l) => [l.range, l.target]), [[range(4, 16, 35), client.uri("nextcloud/Chart.yaml")]]);
      const mark = client.mark();
      await client.open("compose.yaml", templated);
      await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(await links(client, "compose.yaml"), []);
      assert.equal(await definition(client, "compose.yaml", 5, 12), null);
    });
  });

  it("broken YAML while typing: answers without a crash, then navigates again once it parses", async () => {
    const text = compose("none");
    await withServer({ files: { "compose.yaml": text, "db/compose.db.yaml": dbCompose, ".env": env } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", text);
      await client.diagnosticsAfter(mark, "compose.yaml");
      const broken = text.replace("      - redis\n", "      - [redis\n    : {\n");
      mark = client.mark();
      await client.change("compose.yaml", broken);
      await client.diagnosticsAfter(mark, "compose.yaml");
      assert.ok(Array.isArray(await links(client, "compose.yaml")));
      await definition(client, "compose.yaml", 10, 9);
      await definition(client, "compose.yaml", 11, 10);
      // Asked right after the edit, before its diagnostics: the answer is of the text as it is now.
      await client.change("compose.yaml", `# a comment typed above\n${text}`);
      assert.deepEqual(await definition(client, "compose.yaml", 11, 9), [{ uri: client.uri("db/compose.db.yaml"), range: range(1, 2, 4) }]);
      assert.deepEqual((await links(client, "compose.yaml"))?.map((l) => l.range), [range(2, 4, 22)], "the include, a line lower; node/owncloud.env is not in this workspace");
      assert.equal(client.exitCode, undefined, "the server still runs");
      assert.ok(!client.logs.some((l) => /documentLink|definition/.test(l) && /failed|threw/.test(l)), client.logs.join("\n"));
    });
  });
});
