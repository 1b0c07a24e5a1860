import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER, owncloudCompose, threeReplicasEnv } from "./helpers/deployments";
import { applyTextEdits, LspTestClient, ofRule, withServer } from "./helpers/lsp-client";



/** Opens a file and returns its first diagnostic of the rule. */
async function openAndFind(client: LspTestClient, name: string, text: string, ruleId: string): Promise<Diagnostic> {
  const mark = client.mark();
  await client.open(name, text);
  const published = await client.diagnosticsAfter(mark, name, (d) => ofRule(d, ruleId).length > 0);
  return ofRule(published.diagnostics, ruleId)[0];
}

function actionTitled(actions: (CodeAction | { title: string })[], title: string): CodeAction {
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  return action as CodeAction;
}

function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (edit?.documentChanges) return (edit.documentChanges as TextDocumentEdit[]).filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
  return edit?.changes?.[uri] ?? [];
}

describe("language server: code actions", () => {
  it("offers the rule's fix, ignore on this line, ignore in this file and the docs, in that order", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, FILES_IN_CLUSTER);
      const actions = (await client.codeActions("compose.yaml", diagnostic.range, [diagnostic])) as CodeAction[];
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
        [
          ["Store sessions in Redis (redis:6379) (unsafe)", "quickfix", false],
          ["Ignore sessions/files-in-cluster on this line", "quickfix", false],
          ["Ignore sessions/files-in-cluster in this file", "quickfix", false],
          ["Show documentation for sessions/files-in-cluster", "quickfix", false],
        ],
      );
      assert.deepEqual(actions[3].command, { title: "Show documentation for sessions/files-in-cluster", command: "scaleout.showRuleDocs", arguments: [FILES_IN_CLUSTER] });
      assert.ok(actions.slice(0, 3).every((a) => a.diagnostics?.[0].code === FILES_IN_CLUSTER));
      // Clients that drop `data` still get the same actions, found by rule id, message and range.
      const withoutData = (await client.codeActions("compose.yaml", diagnostic.range, [{ ...diagnostic, data: undefined }])) as CodeAction[];
      assert.deepEqual(withoutData.map((a) => a.title), actions.map((a) => a.title));
    });
  });

  it("applying the fix's edit and re-linting leaves the rule silent", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, FILES_IN_CLUSTER);
      const actions = await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]);
      const fix = actionTitled(actions, "Store sessions in Redis (redis:6379) (unsafe)");
      const fixed = applyTextEdits(owncloudCompose, editsFor(fix.edit, client.uri("compose.yaml")));
      assert.equal(
        fixed,
        owncloudCompose.replace(
          "      - OWNCLOUD_DB_PASSWORD=hunter2\n",
          "      - OWNCLOUD_DB_PASSWORD=hunter2\n      - OWNCLOUD_SESSION_SAVE_HANDLER=redis\n      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379\n",
        ),
      );
      const mark = client.mark();
      await client.change("compose.yaml", fixed);
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.equal(after.version, 2);
      assert.deepEqual(ofRule(after.diagnostics, FILES_IN_CLUSTER), []);
    });
  });

  it("a fix may edit another file: the .env that lacks a variable the compose file uses", async () => {
    // No final line break and an emoji (two UTF-16 units) before the insertion point.
    const env = "# stack settings\nOTHER=🚀";
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": env } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, "compose/undefined-variable");
      assert.deepEqual(diagnostic.range, { start: { line: 4, character: 16 }, end: { line: 4, character: 31 } });
      const fix = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Add APP_REPLICAS= to .env (fill in the value)");
      assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [client.uri(".env")]);
      const fixedEnv = applyTextEdits(env, editsFor(fix.edit, client.uri(".env")));
      assert.match(fixedEnv, /^# stack settings\nOTHER=🚀\nAPP_REPLICAS=\n?$/);
      const mark = client.mark();
      await client.open(".env", fixedEnv);
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(after.diagnostics, "compose/undefined-variable"), []);
    });
  });

  it("a value that comes from .env is fixed there: the edit is on the .env line, not over the ${VAR}", async () => {
    const compose = ["services:", "  app:", "    image: nextcloud:31-apache", "    deploy:", "      replicas: ${NC_REPLICAS}", "      update_config:", "        parallelism: ${NC_UPDATE_PARALLELISM}", "    environment:", "      - REDIS_HOST=redis", ""].join("\n");
    const env = "NC_REPLICAS=4\r\nNC_UPDATE_PARALLELISM=2\r\n";
    await withServer({ files: { "compose.yaml": compose, ".env": env } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", compose, "upgrade/uncoordinated");
      assert.deepEqual(diagnostic.range, { start: { line: 6, character: 21 }, end: { line: 6, character: 45 } });
      const fix = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Update app one replica at a time");
      assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [client.uri(".env")]);
      assert.deepEqual(editsFor(fix.edit, client.uri(".env")), [{ range: { start: { line: 1, character: 22 }, end: { line: 1, character: 23 } }, newText: "1" }]);
      const mark = client.mark();
      await client.open(".env", applyTextEdits(env, editsFor(fix.edit, client.uri(".env"))));
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(after.diagnostics, "upgrade/uncoordinated"), []);
    });
  });

  it("gives versioned documentChanges to clients that support them", async () => {
    await withServer({ documentChanges: true, files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, FILES_IN_CLUSTER);
      const fix = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Store sessions in Redis (redis:6379) (unsafe)");
      assert.equal(fix.edit?.changes, undefined);
      const [change] = fix.edit?.documentChanges as TextDocumentEdit[];
      assert.deepEqual(change.textDocument, { uri: client.uri("compose.yaml"), version: 1 });
    });
  });

  it("ignore on this line: a comment above, indented like the finding's line, silences it without an unused-ignore", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, FILES_IN_CLUSTER);
      const action = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Ignore sessions/files-in-cluster on this line");
      const edits = editsFor(action.edit, client.uri("compose.yaml"));
      assert.deepEqual(edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: "  # scaleout-ignore sessions/files-in-cluster\n" }]);
      const ignored = applyTextEdits(owncloudCompose, edits);
      const mark = client.mark();
      await client.change("compose.yaml", ignored);
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(after.diagnostics, FILES_IN_CLUSTER), []);
      assert.deepEqual(ofRule(after.diagnostics, "lint/unused-ignore"), []);
    });
  });

  it("a .env: ignore on the entry's line; what the file lacks is reported at its first key and can be ignored there", async () => {
    const env = "# ownCloud node settings\nOWNCLOUD_DOMAIN=cloud.example.com\nOWNCLOUD_REDIS_ENABLE=true\n";
    await withServer({ files: { "node/owncloud.env": env }, settings: { assumeCluster: true } }, async (client) => {
      const missing = await openAndFind(client, "node/owncloud.env", env, FILES_IN_CLUSTER);
      assert.deepEqual(missing.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 15 } });
      const missingActions = await client.codeActions("node/owncloud.env", missing.range, [missing]);
      assert.deepEqual(
        missingActions.map((a) => a.title).filter((t) => t.startsWith("Ignore")),
        ["Ignore sessions/files-in-cluster on this line", "Ignore sessions/files-in-cluster in this file"],
      );
      const typo = ofRule(client.latest("node/owncloud.env")!.diagnostics, "config/unknown-variable")[0];
      assert.deepEqual(typo.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 21 } });
      const action = actionTitled(await client.codeActions("node/owncloud.env", typo.range, [typo]), "Ignore config/unknown-variable on this line");
      const edits = editsFor(action.edit, client.uri("node/owncloud.env"));
      assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: "# scaleout-ignore config/unknown-variable\n" }]);
      const mark = client.mark();
      await client.change("node/owncloud.env", applyTextEdits(env, edits));
      const after = await client.diagnosticsAfter(mark, "node/owncloud.env");
      assert.deepEqual(ofRule(after.diagnostics, "config/unknown-variable"), []);
      assert.deepEqual(ofRule(after.diagnostics, "lint/unused-ignore"), []);
      assert.equal(ofRule(after.diagnostics, FILES_IN_CLUSTER).length, 1);
    });
  });

  it("ignore on this line adds the rule to an ignore comment already above the line", async () => {
    const withIgnore = owncloudCompose.replace("  owncloud:\n", "  # scaleout-ignore sessions/redis-handler-without-path -- checked\n  owncloud:\n");
    await withServer({ files: { "compose.yaml": withIgnore, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", withIgnore, FILES_IN_CLUSTER);
      const action = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Ignore sessions/files-in-cluster on this line");
      const edits = editsFor(action.edit, client.uri("compose.yaml"));
      assert.deepEqual(edits, [{ range: { start: { line: 1, character: 55 }, end: { line: 1, character: 55 } }, newText: ",sessions/files-in-cluster" }]);
      assert.ok(applyTextEdits(withIgnore, edits).includes("  # scaleout-ignore sessions/redis-handler-without-path,sessions/files-in-cluster -- checked\n  owncloud:\n"));
    });
  });

  it("ignore in this file: the first line, after a BOM, with the file's CRLF", async () => {
    const crlf = `\uFEFF${owncloudCompose.replace(/\n/g, "\r\n")}`;
    await withServer({ files: { "compose.yaml": crlf, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", crlf, FILES_IN_CLUSTER);
      const action = actionTitled(await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]), "Ignore sessions/files-in-cluster in this file");
      const edits = editsFor(action.edit, client.uri("compose.yaml"));
      assert.deepEqual(edits, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, newText: "# scaleout-ignore-file sessions/files-in-cluster\r\n" }]);
      const ignored = applyTextEdits(crlf, edits);
      assert.ok(ignored.startsWith("\uFEFF# scaleout-ignore-file sessions/files-in-cluster\r\nservices:\r\n"));
      const mark = client.mark();
      await client.change("compose.yaml", ignored);
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(after.diagnostics, FILES_IN_CLUSTER), []);
    });
  });

  it("source.fixAll.scaleout applies the safe fixes only and is offered only when asked for", async () => {
    const withUnusedIgnore = owncloudCompose.replace("  redis:\n", "  # scaleout-ignore sessions/files-in-cluster\n  redis:\n");
    await withServer({ files: { "compose.yaml": withUnusedIgnore, ".env": threeReplicasEnv } }, async (client) => {
      const unused = await openAndFind(client, "compose.yaml", withUnusedIgnore, "lint/unused-ignore");
      assert.deepEqual(unused.range, { start: { line: 9, character: 2 }, end: { line: 9, character: 45 } });
      const quickFixesOnly = await client.codeActions("compose.yaml", unused.range, [unused], ["quickfix"]);
      assert.ok(quickFixesOnly.every((a) => (a as CodeAction).kind === "quickfix"));
      const unusedFix = actionTitled(quickFixesOnly, "Remove the unused ignore comment");
      assert.equal(unusedFix.isPreferred, true, "a safe fix is the preferred one");
      const actions = (await client.codeActions("compose.yaml", { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ["source.fixAll.scaleout"])) as CodeAction[];
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [["Fix all safe Scale-out Lint problems", "source.fixAll.scaleout"]]);
      const fixedAll = applyTextEdits(withUnusedIgnore, editsFor(actions[0].edit, client.uri("compose.yaml")));
      assert.ok(!fixedAll.includes("scaleout-ignore"), "the unused ignore comment is removed");
      assert.ok(!fixedAll.includes("OWNCLOUD_SESSION_SAVE_HANDLER"), "the unsafe session fix is not applied in bulk");
      assert.ok(fixedAll.includes("  redis:\n    image: redis:7\n"));
      const mark = client.mark();
      await client.change("compose.yaml", fixedAll);
      const after = await client.diagnosticsAfter(mark, "compose.yaml");
      assert.deepEqual(ofRule(after.diagnostics, "lint/unused-ignore"), []);
      assert.equal(ofRule(after.diagnostics, FILES_IN_CLUSTER).length, 1);
    });
  });

  it("once the new version is analysed, answers for it: the old diagnostic gets nothing, the moved one its actions", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const diagnostic = await openAndFind(client, "compose.yaml", owncloudCompose, FILES_IN_CLUSTER);
      // Two lines above the service: the finding moves down, its old diagnostic no longer matches.
      const mark = client.mark();
      const version = await client.change("compose.yaml", `# a\n# b\n${owncloudCompose}`);
      await client.diagnosticsAfter(mark, "compose.yaml", () => client.latest("compose.yaml")?.version === version);
      const stale = await client.codeActions("compose.yaml", diagnostic.range, [diagnostic]);
      assert.deepEqual(stale, [], "a diagnostic of an older version gets no actions");
      const moved = { ...diagnostic, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } }, data: { ...(diagnostic.data as object), start: 20, end: 28 } };
      const actions = await client.codeActions("compose.yaml", moved.range, [moved]);
      assert.equal(actions.length, 4);
      const edits = editsFor(actionTitled(actions, "Ignore sessions/files-in-cluster on this line").edit, client.uri("compose.yaml"));
      assert.equal(edits[0].range.start.line, 3);
    });
  });
});
