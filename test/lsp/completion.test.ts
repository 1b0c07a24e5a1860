import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompletionItem, MarkupContent, TextEdit } from "vscode-languageserver-protocol";
import { owncloudCompose, threeReplicasEnv } from "./helpers/deployments";
import { withServer } from "./helpers/lsp-client";

const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label);
const itemNamed = (items: CompletionItem[], label: string): CompletionItem => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no ${label} among ${labels(items).slice(0, 20).join(", ")}…`);
  return item;
};
const docsOf = (item: CompletionItem): string => (item.documentation as MarkupContent).value;
const editOf = (item: CompletionItem): TextEdit => item.textEdit as TextEdit;

// The owncloud compose file with a line being typed under `environment:` (list style), before the redis service.
const typing = (line: string): string => owncloudCompose.replace("  redis:\n", `${line}\n  redis:\n`);

describe("language server: completion", () => {
  it("Compose environment, list style: the detected product's names with docs, then values and Redis hosts", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const names = typing("      - OWNCLOUD_SESS");
      await client.open("compose.yaml", names);
      const items = await client.completion("compose.yaml", 9, 21);
      const handler = itemNamed(items, "OWNCLOUD_SESSION_SAVE_HANDLER");
      assert.ok(docsOf(handler).startsWith("**OWNCLOUD_SESSION_SAVE_HANDLER** · ownCloud image variable"), docsOf(handler));
      assert.ok(docsOf(handler).includes("- Default: `files`"));
      assert.deepEqual(editOf(handler), { range: { start: { line: 9, character: 8 }, end: { line: 9, character: 21 } }, newText: "OWNCLOUD_SESSION_SAVE_HANDLER=" });
      assert.ok(!labels(items).includes("REDIS_HOST"), "an ownCloud service gets no Nextcloud names");

      await client.change("compose.yaml", typing("      - OWNCLOUD_REDIS_ENABLED="));
      const flag = await client.completion("compose.yaml", 9, 32);
      assert.deepEqual(labels(flag), ["true", "false"]);
      assert.equal(flag[1].detail, "OWNCLOUD_REDIS_ENABLED (default)");

      await client.change("compose.yaml", typing("      - OWNCLOUD_DB_TYPE=my"));
      const dbType = await client.completion("compose.yaml", 9, 27);
      assert.deepEqual(labels(dbType), ["sqlite", "mysql", "pgsql"]);
      assert.deepEqual(editOf(dbType[1]).range, { start: { line: 9, character: 25 }, end: { line: 9, character: 27 } });

      // A setting PHP reads freely (any registered handler) still offers the two the image uses.
      await client.change("compose.yaml", typing("      - OWNCLOUD_SESSION_SAVE_HANDLER="));
      const handlers = await client.completion("compose.yaml", 9, 38);
      assert.deepEqual(labels(handlers), ["files", "redis"]);
      assert.equal(handlers[0].detail, "OWNCLOUD_SESSION_SAVE_HANDLER (default)");

      await client.change("compose.yaml", typing("      - OWNCLOUD_REDIS_HOST="));
      const host = await client.completion("compose.yaml", 9, 28);
      assert.deepEqual(labels(host), ["redis"]);
      assert.equal(host[0].detail, "service running redis:7");
    });
  });

  it("Compose environment, map style: Nextcloud names insert `NAME: `, hosts come from the services", async () => {
    const compose = ["services:", "  app:", "    image: nextcloud:30-apache", "    environment:", "      MYSQL_PASSWORD: x", "      REDIS", "  cache:", "    image: valkey/valkey:8", "  db:", "    image: mariadb:11", ""].join("\n");
    await withServer({ files: { "compose.yaml": compose } }, async (client) => {
      await client.open("compose.yaml", compose);
      const items = await client.completion("compose.yaml", 5, 11);
      assert.equal(editOf(itemNamed(items, "REDIS_HOST")).newText, "REDIS_HOST: ");
      assert.ok(!labels(items).some((l) => l.startsWith("OWNCLOUD_")), "a Nextcloud service gets no ownCloud names");
      await client.change("compose.yaml", compose.replace("      REDIS\n", "      REDIS_HOST: \n"));
      assert.deepEqual(labels(await client.completion("compose.yaml", 5, 18)), ["cache"]);
      await client.change("compose.yaml", compose.replace("      REDIS\n", "      MYSQL_HOST: \n"));
      assert.deepEqual(labels(await client.completion("compose.yaml", 5, 18)), ["db"]);
    });
  });

  it("env_file targets: the env files of the project, relative to the compose file", async () => {
    const compose = ["services:", "  app:", "    image: owncloud/server:10.16.4", "    env_file:", "      - ./", ""].join("\n");
    await withServer({ files: { "compose.yaml": compose, "node/owncloud.env": "OWNCLOUD_DOMAIN=x\n", ".env": "A=1\n", "README.md": "x\n" } }, async (client) => {
      await client.open("compose.yaml", compose);
      const items = await client.completion("compose.yaml", 4, 10);
      assert.deepEqual(labels(items).sort(), ["./.env", "./node/owncloud.env"]);
      assert.deepEqual(editOf(items[0]).range, { start: { line: 4, character: 8 }, end: { line: 4, character: 10 } });
      const scalar = compose.replace("    env_file:\n      - ./\n", "    env_file: \n");
      await client.change("compose.yaml", scalar);
      assert.deepEqual(labels(await client.completion("compose.yaml", 3, 14)).sort(), ["./.env", "./node/owncloud.env"]);
    });
  });

  it(".env files: names of the product the file configures, values after `=`", async () => {
    const env = "OWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_DB_T\n";
    await withServer({ files: { "owncloud.env": env } }, async (client) => {
      await client.open("owncloud.env", env);
      const items = await client.completion("owncloud.env", 1, 13);
      assert.equal(editOf(itemNamed(items, "OWNCLOUD_DB_TYPE")).newText, "OWNCLOUD_DB_TYPE=");
      assert.equal(itemNamed(items, "OWNCLOUD_DB_TYPE").detail, "sqlite | mysql | pgsql = sqlite");
      await client.change("owncloud.env", "OWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_DB_TYPE=\n");
      assert.deepEqual(labels(await client.completion("owncloud.env", 1, 17)), ["sqlite", "mysql", "pgsql"]);
    });
  });

  it("Kubernetes env: names after `- name:`, the named variable's values after `value:`", async () => {
    const manifest = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: nextcloud",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: app",
      "          image: nextcloud:30",
      "          env:",
      "          - name: NEXTCLOUD_INIT_HTACCESS",
      "            value: ",
      "          - name: PHP_MEM",
      "",
    ].join("\n");
    await withServer({ files: { "deployment.yaml": manifest } }, async (client) => {
      await client.open("deployment.yaml", manifest);
      const names = await client.completion("deployment.yaml", 13, 25);
      assert.equal(editOf(itemNamed(names, "PHP_MEMORY_LIMIT")).newText, "PHP_MEMORY_LIMIT");
      assert.ok(!labels(names).some((l) => l.startsWith("OWNCLOUD_")));
      const values = await client.completion("deployment.yaml", 12, 19);
      assert.deepEqual(labels(values), ["true"], "any non-empty value turns it on");
    });
  });

  it("Helm values: the chart's keys at the cursor's path with docs and defaults, enum values", async () => {
    const values = ["nextcloud:", "  host: cloud.example.com", "cronjob:", "  enabled: true", "  ty", ""].join("\n");
    await withServer({ files: { "values.yaml": values } }, async (client) => {
      await client.open("values.yaml", values);
      const keys = await client.completion("values.yaml", 4, 4);
      const type = itemNamed(keys, "type");
      assert.equal(type.detail, "sidecar | cronjob = sidecar");
      assert.ok(docsOf(type).startsWith("**cronjob.type** · "), docsOf(type));
      assert.ok(!labels(keys).includes("host"), "only the keys below cronjob");
      await client.change("values.yaml", values.replace("  ty\n", "  type: \n"));
      assert.deepEqual(labels(await client.completion("values.yaml", 4, 8)), ["sidecar", "cronjob"]);
      await client.change("values.yaml", values.replace("  ty\n", "").replace("cronjob:", "cron"));
      assert.ok(labels(await client.completion("values.yaml", 2, 4)).includes("cronjob"));
    });
  });

  it("completion and hover show the same text for a name", async () => {
    const env = "OWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_SESSION_SAVE_\n";
    // The bare name is an env/key-without-value finding, whose line the hover would add: off here.
    await withServer({ files: { "owncloud.env": env, ".scaleout.yaml": "rules:\n  env/key-without-value: off\n" } }, async (client) => {
      await client.open("owncloud.env", env);
      const item = itemNamed(await client.completion("owncloud.env", 1, 22), "OWNCLOUD_SESSION_SAVE_HANDLER");
      await client.change("owncloud.env", "OWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_SESSION_SAVE_HANDLER\n");
      const hover = await client.hover("owncloud.env", 1, 5);
      assert.equal((hover?.contents as MarkupContent).value, docsOf(item));
    });
  });
});
