import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fork } from "node:child_process";
import { FileChangeType } from "vscode-languageserver-protocol";
import { createProtocolConnection, InitializeRequest, IPCMessageReader, IPCMessageWriter } from "vscode-languageserver-protocol/node";
import { FILES_IN_CLUSTER, owncloudCompose, owncloudComposeWithRedisSessions, threeReplicasEnv } from "./helpers/deployments";
import { hasRule, lacksRule, ofRule, serverPath, summarize, withServer } from "./helpers/lsp-client";



describe("language server: initialize", () => {
  it("advertises incremental sync, quick fixes + fix-all, hover and the docs command", async () => {
    await withServer({}, async (client) => {
      const { capabilities, serverInfo } = client.initializeResult;
      assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
      assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ["quickfix", "source.fixAll.scaleout"], resolveProvider: false });
      assert.equal(capabilities.hoverProvider, true);
      assert.deepEqual(capabilities.executeCommandProvider, { commands: ["scaleout.showRuleDocs", "scaleout.lintWorkspace"] });
      assert.equal(serverInfo?.name, "scaleout-lint");
      assert.match(serverInfo?.version ?? "", /^\d+\.\d+\.\d+/);
    });
  });

  it("also runs over Node IPC, as the VS Code client starts it", async () => {
    const child = fork(serverPath, ["--node-ipc"], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(result.serverInfo?.name, "scaleout-lint");
      assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ["quickfix", "source.fixAll.scaleout"], resolveProvider: false });
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it("leaves scaleout.showRuleDocs to VS Code, which registers it itself", async () => {
    await withServer({ clientName: "Visual Studio Code" }, async (client) => {
      assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider, { commands: ["scaleout.lintWorkspace"] });
    });
  });

  it("advertises no command the client says it registers itself", async () => {
    await withServer({ clientName: "Visual Studio Code", initializationOptions: { clientCommands: ["scaleout.showRuleDocs", "scaleout.lintWorkspace"] } }, async (client) => {
      assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider, { commands: [] });
    });
  });
});

describe("language server: diagnostics", () => {
  it("publishes the finding at the service name with code, docs link, severity and related .env line", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const published = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.equal(published.version, 1);
      const [finding, ...others] = ofRule(published.diagnostics, FILES_IN_CLUSTER);
      assert.equal(others.length, 0);
      assert.deepEqual(finding.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
      assert.equal(finding.severity, 1);
      assert.equal(finding.source, "scaleout-lint");
      assert.deepEqual(finding.codeDescription, { href: "scaleout-lint:/rules/sessions/files-in-cluster.md" });
      assert.match(finding.message, /^owncloud runs on several nodes with OWNCLOUD_SESSION_SAVE_HANDLER unset/);
      assert.deepEqual(finding.relatedInformation, [
        { location: { uri: client.uri("compose.yaml"), range: { start: { line: 4, character: 16 }, end: { line: 4, character: 31 } } }, message: "owncloud runs 3 replicas" },
        { location: { uri: client.uri(".env"), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } } }, message: "APP_REPLICAS is set here" },
      ]);
      assert.deepEqual(Object.keys(finding.data as object).sort(), ["end", "key", "ruleId", "start"]);
    });
  });

  it("keeps UTF-16 positions with CRLF line breaks, a BOM and emoji", async () => {
    const crlf = `\uFEFF# 🚀 scaled stack\r\n${owncloudCompose.replace("  owncloud:\n", "  owncloud: # ☁️ app\n")}`.replace(/\n/g, "\r\n").replace(/\r\r\n/g, "\r\n");
    await withServer({ files: { "compose.yaml": crlf, ".env": "# 🚀 replicas 🚀\r\nAPP_REPLICAS=3\r\n" } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", crlf);
      const published = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      const [finding] = ofRule(published.diagnostics, FILES_IN_CLUSTER);
      assert.deepEqual(finding.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } });
      assert.deepEqual(finding.relatedInformation?.[1].location.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
    });
  });

  it("re-lints the compose file when its .env document changes, and back", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.open(".env", threeReplicasEnv);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      await client.change(".env", "APP_REPLICAS=1\n");
      const single = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(single.diagnostics, FILES_IN_CLUSTER), [], "one replica is not a cluster");
      assert.equal(single.version, 1, "the compose document itself did not change");
      mark = client.mark();
      await client.change(".env", "APP_REPLICAS=4\n");
      const scaled = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(scaled.diagnostics, FILES_IN_CLUSTER).map((d) => d.relatedInformation?.[0].message), ["owncloud runs 4 replicas"]);
    });
  });

  it("re-lints when a .env that is not open changes on disk (didChangeWatchedFiles)", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      client.writeFile(".env", "APP_REPLICAS=1\n");
      mark = client.mark();
      await client.watchedFileChanged(".env", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
    });
  });

  it("re-lints when the Dockerfile a service is built from changes on disk", async () => {
    const compose = ["services:", "  app:", "    build: ./app", "    image: registry.example.com/acme/cloud:1", "    deploy:", "      replicas: 3", ""].join("\n");
    await withServer({ files: { "compose.yaml": compose, "app/Dockerfile": "FROM nextcloud:31.0.9-apache\n" } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", compose);
      const first = await client.diagnosticsAfter(mark, "compose.yaml", hasRule("locking/no-shared-redis"));
      assert.deepEqual(
        ofRule(first.diagnostics, "locking/no-shared-redis").map((d) => d.range.start),
        [{ line: 1, character: 2 }],
        "built FROM nextcloud: a Nextcloud node",
      );
      client.writeFile("app/Dockerfile", "FROM nextcloud:31.0.9-apache\nENV REDIS_HOST=redis\n");
      mark = client.mark();
      await client.watchedFileChanged("app/Dockerfile", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule("locking/no-shared-redis"));
    });
  });

  it("picks up a .env created on disk after the compose file was opened", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const first = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(first.diagnostics, FILES_IN_CLUSTER), [], "without the .env the replica count is unknown");
      client.writeFile(".env", threeReplicasEnv);
      mark = client.mark();
      await client.watchedFileChanged(".env", FileChangeType.Created);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
    });
  });

  it("falls back to the disk content on close, and clears once no file of the project is open", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open(".env", threeReplicasEnv);
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      await client.change("compose.yaml", owncloudComposeWithRedisSessions);
      const edited = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(edited.diagnostics, FILES_IN_CLUSTER), []);
      assert.equal(edited.version, 2);
      mark = client.mark();
      await client.close("compose.yaml");
      const reverted = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.equal(reverted.version, undefined, "a closed file has no version");
      assert.deepEqual(ofRule(reverted.diagnostics, FILES_IN_CLUSTER).map(summarize), ["sessions/files-in-cluster 1:2-1:10 sev1"], "the unsaved edit is gone");
      mark = client.mark();
      await client.close(".env");
      const cleared = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(cleared.diagnostics, []);
      const clearedEnv = await client.diagnosticsAfter(mark, ".env");
      assert.deepEqual(clearedEnv.diagnostics, []);
    });
  });

  it("publishes the latest version of a burst of edits last, never an older one after it", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      let last = 0;
      for (let i = 0; i < 5; i++) last = await client.change("compose.yaml", `${owncloudCompose}# typing ${i}\n`);
      const uri = client.uri("compose.yaml");
      const latest = () => client.published.filter((p) => p.seq > mark && p.params.uri === uri).map((p) => p.params.version);
      await client.diagnosticsAfter(mark, "compose.yaml", () => latest().includes(last));
      await new Promise((r) => setTimeout(r, 100));
      const versions = latest();
      assert.equal(versions.at(-1), last, "the latest version is published last");
      assert.deepEqual(versions, [...versions].sort((x, y) => (x ?? 0) - (y ?? 0)), "versions never go backwards");
      assert.ok(versions.length <= 5, `a burst is coalesced or at worst linted once per change (${versions.length})`);
    });
  });
});

describe("language server: settings", () => {
  it("applies a severity override and turns a rule off (workspace/configuration, re-linted on change)", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv }, settings: { rules: { [FILES_IN_CLUSTER]: "warning" } } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const warned = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(warned.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [2], "the first publication already has the editor's setting");
      mark = client.mark();
      await client.changeSettings({ rules: { [FILES_IN_CLUSTER]: "off" } });
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
      mark = client.mark();
      await client.changeSettings({ enable: false });
      const disabled = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(disabled.diagnostics, []);
    });
  });

  it("reads initializationOptions and pushed settings from editors without workspace/configuration", async () => {
    const options = { pullConfiguration: false, initializationOptions: { rules: { [FILES_IN_CLUSTER]: "hint" } }, files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } };
    await withServer(options, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const hinted = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(hinted.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [4]);
      mark = client.mark();
      await client.changeSettings({ rules: { [FILES_IN_CLUSTER]: "info" } });
      const info = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(info.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [3]);
    });
  });

  it("reads .scaleout.yaml at the folder root; editor settings win over it", async () => {
    const files = { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv, ".scaleout.yaml": `rules:\n  ${FILES_IN_CLUSTER}: hint\n` };
    await withServer({ files }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const hinted = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(hinted.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [4]);
      mark = client.mark();
      await client.changeSettings({ rules: { [FILES_IN_CLUSTER]: "error" } });
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER)[0]?.severity === 1);
      mark = client.mark();
      await client.changeSettings({});
      client.writeFile(".scaleout.yaml", `rules:\n  ${FILES_IN_CLUSTER}: "off"\n`);
      await client.watchedFileChanged(".scaleout.yaml", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", lacksRule(FILES_IN_CLUSTER));
    });
  });

  it("applies the nearest .scaleout.yaml to each document: a nested one wins over the folder root's", async () => {
    const files = {
      "compose.yaml": owncloudCompose,
      ".env": threeReplicasEnv,
      ".scaleout.yaml": `rules:\n  ${FILES_IN_CLUSTER}: hint\n`,
      "stacks/prod/compose.yaml": owncloudCompose,
      "stacks/prod/.env": threeReplicasEnv,
      "stacks/.scaleout.yaml": `rules:\n  ${FILES_IN_CLUSTER}: warning\n`,
    };
    await withServer({ files }, async (client) => {
      let mark = client.mark();
      await client.open("stacks/prod/compose.yaml", owncloudCompose);
      const nested = await client.diagnosticsAfter(mark, "stacks/prod/compose.yaml", hasRule(FILES_IN_CLUSTER));
      assert.deepEqual(ofRule(nested.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [2]);
      mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const root = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      assert.deepEqual(ofRule(root.diagnostics, FILES_IN_CLUSTER).map((d) => d.severity), [4]);
    });
  });

  it("assumeCluster makes a standalone .env a cluster", async () => {
    const env = "OWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_REDIS_ENABLED=true\n";
    await withServer({ files: { "standalone/owncloud.env": env }, settings: { assumeCluster: true } }, async (client) => {
      const mark = client.mark();
      await client.open("standalone/owncloud.env", env);
      await client.diagnosticsAfter(mark, "standalone/owncloud.env", hasRule(FILES_IN_CLUSTER));
    });
  });
});

describe("language server: bad input", () => {
  it("reports broken YAML while typing, never crashes, and recovers", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      // Typing `[` after `image:` opens a flow sequence that never closes.
      await client.edit("compose.yaml", { start: { line: 10, character: 11 }, end: { line: 10, character: 11 } }, "[");
      const broken = await client.diagnosticsAfter(mark, "compose.yaml", hasRule("yaml/syntax"));
      const syntax = ofRule(broken.diagnostics, "yaml/syntax");
      assert.ok(syntax.length >= 1 && syntax.every((d) => d.severity === 1 && d.source === "scaleout-lint"));
      // Reported once, by the rule: the server adds no syntax diagnostics of its own.
      assert.deepEqual(broken.diagnostics.filter((d) => d.code === undefined), []);
      mark = client.mark();
      await client.edit("compose.yaml", { start: { line: 10, character: 11 }, end: { line: 10, character: 12 } }, "");
      const fixed = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(fixed.diagnostics, "yaml/syntax"), []);
      assert.equal(ofRule(fixed.diagnostics, FILES_IN_CLUSTER).length, 1);
    });
  });

  it("skips a file over maxFileSize (5 MB) and a binary .env with one lint/skipped-file each, without crashing", async () => {
    const huge = `services:\n  app:\n    image: nextcloud:31\n${"# padding padding padding padding padding padding padding padding\n".repeat(85_000)}`;
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": "APP_REPLICAS=3\u0000\u0001\n", "big/compose.yaml": huge } }, async (client) => {
      let mark = client.mark();
      await client.open("big/compose.yaml", huge);
      await client.open("compose.yaml", owncloudCompose);
      const published = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(published.diagnostics, FILES_IN_CLUSTER), [], "the binary .env is not read, so the replica count is unknown");
      const skipped = (name: string) => ofRule(client.latest(name)?.diagnostics ?? [], "lint/skipped-file").map((d) => [d.range.start.line, d.message]);
      await client.diagnosticsAfter(mark, "big/compose.yaml");
      assert.deepEqual(skipped("big/compose.yaml"), [[0, "Not linted: the file is 5.4 MB, over the 5 MB limit (`maxFileSize` in .scaleout.yaml)."]]);
      await client.diagnosticsAfter(mark, ".env");
      assert.deepEqual(skipped(".env"), [[0, "Not linted: the file looks binary (it has a NUL byte in its first 8 KB)."]]);
      mark = client.mark();
      await client.change("big/compose.yaml", `${huge}# more\n`);
      const hover = await client.hover("big/compose.yaml", 1, 3);
      assert.equal(hover, null);
      const again = await client.diagnosticsAfter(mark, "big/compose.yaml");
      assert.deepEqual(again.diagnostics.map((d) => d.code), ["lint/skipped-file"]);
    });
  });

  it("ignores empty files and non-file URIs", async () => {
    await withServer({ files: { "compose.yaml": "" } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", "");
      const empty = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(empty.diagnostics, []);
      await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: "untitled:Untitled-1", languageId: "yaml", version: 1, text: "services: {" } });
      assert.equal(await client.hover("compose.yaml", 0, 0), null);
    });
  });
});
