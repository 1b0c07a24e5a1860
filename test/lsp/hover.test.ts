import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExecuteCommandRequest, type MarkupContent } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER, owncloudCompose, threeReplicasEnv } from "./helpers/deployments";
import { withServer } from "./helpers/lsp-client";


const markdownOf = (hover: { contents: unknown } | null): string => {
  assert.ok(hover, "expected a hover");
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, "markdown");
  return contents.value;
};

describe("language server: hover", () => {
  it("on a finding: one line per finding with its rule's link, not the rule's whole page", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.open("compose.yaml", owncloudCompose);
      const hover = await client.hover("compose.yaml", 1, 5);
      const markdown = markdownOf(hover);
      // Several rules report at the service name: one line each.
      const lines = markdown.split("\n");
      assert.ok(lines.length >= 2 && lines.every((line) => /^- (error|warning|info|hint) · .+ — \[[a-z-]+\/[a-z0-9-]+\]\(scaleout-lint:\/rules\/[a-z-]+\/[a-z0-9-]+\.md\)$/.test(line)), markdown);
      assert.ok(lines.some((line) => line.includes("[sessions/files-in-cluster](scaleout-lint:/rules/sessions/files-in-cluster.md)")), markdown);
      assert.ok(markdown.length < 400 * lines.length, `${markdown.length} characters`);
      assert.deepEqual(hover?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
    });
  });

  it("in VS Code the rule link is a command that opens the bundled page; a docs URL wins when configured", async () => {
    const compose = owncloudCompose.replace("      - OWNCLOUD_DB_PASSWORD=hunter2\n", "      - OWNCLOUD_DB_PASSWORD=hunter2\n      - OWNCLOUD_SESSION_SAVE_HANDLER=redis\n");
    await withServer({ clientName: "Visual Studio Code", files: { "compose.yaml": compose, ".env": threeReplicasEnv } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", compose);
      const diagnostics = await client.diagnosticsAfter(mark, "compose.yaml", (d) => d.some((x) => x.code === "sessions/redis-handler-without-path"));
      const target = diagnostics.diagnostics.find((d) => d.code === "sessions/redis-handler-without-path")!;
      const markdown = markdownOf(await client.hover("compose.yaml", target.range.start.line, target.range.start.character + 1));
      const link = `command:scaleout.showRuleDocs?${encodeURIComponent(JSON.stringify(["sessions/redis-handler-without-path"]))}`;
      assert.ok(markdown.includes(`[sessions/redis-handler-without-path](${link})`), markdown);
      assert.ok(/\nWhy: [^\n]+\.\n\nFix: [^\n]+$/.test(markdown), markdown);
      const before = client.mark();
      await client.changeSettings({ docsBaseUrl: "https://example.org/rules" });
      await client.diagnosticsAfter(before, "compose.yaml", (d) => d.some((x) => x.codeDescription?.href.startsWith("https://example.org/") === true));
      const configured = markdownOf(await client.hover("compose.yaml", target.range.start.line, target.range.start.character + 1));
      assert.ok(configured.includes("(https://example.org/rules/sessions-redis-handler-without-path.md)"), configured);
    });
  });

  it("on ${VAR}: the resolved value and where it was set (a secret masked); on a replica count: the effective count", async () => {
    const compose = owncloudCompose.replace("      - OWNCLOUD_DB_PASSWORD=hunter2\n", "      - OWNCLOUD_DB_PASSWORD=${DB_PASSWORD}\n      - OWNCLOUD_DOMAIN=${DOMAIN:-cloud.example.com}\n");
    const env = "APP_REPLICAS=3\nDB_PASSWORD=s3cr3t-pw\n";
    await withServer({ files: { "compose.yaml": compose, ".env": env } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", compose);
      await client.diagnosticsAfter(mark, "compose.yaml");
      const replicas = await client.hover("compose.yaml", 4, 22);
      assert.ok(markdownOf(replicas).startsWith("Effective replicas of **owncloud**: 3 — from .env:1\n\n`${APP_REPLICAS}` = `3` — set in .env:1\n\n---\n\n"), markdownOf(replicas));
      assert.deepEqual(replicas?.range, { start: { line: 4, character: 16 }, end: { line: 4, character: 31 } });
      const password = markdownOf(await client.hover("compose.yaml", 8, 34));
      assert.ok(password.startsWith("`${DB_PASSWORD}` = `••••••` — set in .env:2"), password);
      assert.ok(!password.includes("s3cr3t"), password);
      const domain = markdownOf(await client.hover("compose.yaml", 9, 30));
      assert.ok(domain.startsWith("`${DOMAIN}` is not set in the project's files: the default `cloud.example.com` applies"), domain);
    });
  });

  it("on a known image variable: the catalog entry with the value masked when it is a secret", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.open("compose.yaml", owncloudCompose);
      const password = await client.hover("compose.yaml", 8, 14);
      const markdown = markdownOf(password);
      assert.ok(markdown.startsWith("**OWNCLOUD_DB_PASSWORD** · ownCloud image variable"), markdown);
      assert.ok(markdown.includes("- Value here: `••••••`"), markdown);
      assert.ok(!markdown.includes("hunter2"), "the password never appears in clear");
      assert.deepEqual(password?.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 28 } });
      const host = markdownOf(await client.hover("compose.yaml", 7, 10));
      assert.ok(host.startsWith("**OWNCLOUD_REDIS_HOST** · ownCloud image variable"), host);
      assert.ok(host.includes("- Default: `redis`") && host.includes("- Value here: `redis`"), host);
      assert.ok(host.includes("Source: https://github.com/owncloud-docker/base/"), host);
    });
  });

  it("in a .env and on a cluster-relevant Compose key", async () => {
    const env = "OWNCLOUD_DB_PASSWORD='s3cr3t-value'\nOWNCLOUD_SESSION_SAVE_HANDLER=redis\n";
    await withServer({ files: { "compose.yaml": owncloudCompose, "node/owncloud.env": env, ".env": threeReplicasEnv } }, async (client) => {
      await client.open("node/owncloud.env", env);
      const secret = markdownOf(await client.hover("node/owncloud.env", 0, 3));
      assert.ok(secret.includes("- Value here: `••••••`") && !secret.includes("s3cr3t"), secret);
      const handler = markdownOf(await client.hover("node/owncloud.env", 1, 29));
      assert.ok(handler.includes("**OWNCLOUD_SESSION_SAVE_HANDLER** · ownCloud image variable") && handler.includes("- Default: `files`") && handler.includes("- Value here: `redis`"), handler);
      await client.open("compose.yaml", owncloudCompose);
      const replicas = markdownOf(await client.hover("compose.yaml", 4, 8));
      assert.ok(replicas.startsWith("**services.*.deploy.replicas** · Compose key"), replicas);
      assert.ok(replicas.includes("**In a cluster:**"), replicas);
    });
  });

  it("on a variable in an x- extension block that services merge in", async () => {
    const compose = ["x-common-env: &env", "  OWNCLOUD_REDIS_HOST: redis", "services:", "  app:", "    image: owncloud/server:10.16.4", "    environment: *env", ""].join("\n");
    await withServer({ files: { "compose.yaml": compose } }, async (client) => {
      await client.open("compose.yaml", compose);
      const hover = await client.hover("compose.yaml", 1, 6);
      assert.ok(markdownOf(hover).startsWith("**OWNCLOUD_REDIS_HOST** · ownCloud image variable"), markdownOf(hover));
      assert.deepEqual(hover?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 21 } });
    });
  });

  it("on a Helm value of the nextcloud chart, by its dotted path", async () => {
    const values = ["replicaCount: 3", "internalDatabase:", "  enabled: false", "externalDatabase:", "  enabled: true", "  password: \"pa55word\"", ""].join("\n");
    await withServer({ files: { "values.yaml": values } }, async (client) => {
      await client.open("values.yaml", values);
      const replicas = markdownOf(await client.hover("values.yaml", 0, 4));
      assert.ok(replicas.includes("**replicaCount** · nextcloud/helm chart value"), replicas);
      assert.ok(replicas.includes("- Value here: `3`"), replicas);
      const nested = markdownOf(await client.hover("values.yaml", 2, 4));
      assert.ok(nested.includes("**internalDatabase.enabled** · nextcloud/helm chart value"), nested);
      const password = markdownOf(await client.hover("values.yaml", 5, 4));
      assert.ok(password.includes("**externalDatabase.password**") && password.includes("- Value here: `••••••`"), password);
      assert.ok(!password.includes("pa55word"), "a chart password is never shown in clear");
    });
  });

  it("nothing to say: null", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.open("compose.yaml", owncloudCompose);
      assert.equal(await client.hover("compose.yaml", 10, 14), null, "the image value of redis");
      assert.equal(await client.hover("compose.yaml", 40, 0), null, "past the end");
    });
  });
});

describe("language server: rule docs", () => {
  it("scaleout/ruleDocs returns the full docs; an unknown id is an InvalidParams error", async () => {
    await withServer({ settings: { docsBaseUrl: "https://example.org/docs/rules/" } }, async (client) => {
      const result = (await client.connection.sendRequest("scaleout/ruleDocs", { ruleId: FILES_IN_CLUSTER })) as { ruleId: string; title: string; markdown: string };
      assert.equal(result.ruleId, FILES_IN_CLUSTER);
      assert.equal(result.title, "PHP sessions stored per node in a cluster");
      assert.ok(result.markdown.includes("**Example**\n\n`compose.yaml`\n\n```yaml\nservices:"), result.markdown);
      assert.ok(result.markdown.endsWith("[Documentation for sessions/files-in-cluster](https://example.org/docs/rules/sessions-files-in-cluster.md)"), result.markdown.slice(-200));
      await assert.rejects(client.connection.sendRequest("scaleout/ruleDocs", { ruleId: "nope/nothing" }), (error: { code?: number; message?: string }) => error.code === -32602 && /Unknown rule id "nope\/nothing"/.test(error.message ?? ""));
    });
  });

  it("workspace/executeCommand scaleout.showRuleDocs answers the docs and tells the user", async () => {
    await withServer({}, async (client) => {
      const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: "scaleout.showRuleDocs", arguments: [FILES_IN_CLUSTER] })) as { ruleId: string };
      assert.equal(result.ruleId, FILES_IN_CLUSTER);
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(client.shownMessages.some((m) => m.startsWith("sessions/files-in-cluster: PHP sessions stored per node in a cluster.")), JSON.stringify(client.shownMessages));
    });
  });
});
