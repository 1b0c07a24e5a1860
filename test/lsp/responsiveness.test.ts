/**
 * Typing never waits for a lint: a burst of edits is published in order and ends with the last
 * version; hover and code actions answer from the latest finished analysis instead of forcing a
 * new one, and code actions never offer edits computed for another version. No timing: the
 * messages that race are written in one chunk, so the server handles them back to back.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CodeAction, MarkupContent, TextDocumentEdit } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER, owncloudCompose, threeReplicasEnv } from "./helpers/deployments";
import { hasRule, lacksRule, ofRule, withServer } from "./helpers/lsp-client";
import { didChange, RawChannel } from "./helpers/raw-batch";

const SESSION_LINES = "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis\n      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379\n";
/** Line 9 (0-based), the `  redis:` line: inserting the session lines before it fixes sessions/files-in-cluster. */
const AFTER_ENVIRONMENT = { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } };

describe("language server: typing never waits", () => {
  it("a burst of 100 edits publishes only in version order, and last the last version", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", `# \n${owncloudCompose}`);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      let last = 0;
      // 98 keystrokes into the comment on line 0, then the two lines that fix the finding.
      for (let i = 0; i < 98; i++) last = await client.edit("compose.yaml", { start: { line: 0, character: 2 + i }, end: { line: 0, character: 2 + i } }, "x");
      for (const [i, line] of SESSION_LINES.split(/(?<=\n)/).filter(Boolean).entries()) {
        last = await client.edit("compose.yaml", { start: { line: 10 + i, character: 0 }, end: { line: 10 + i, character: 0 } }, line);
      }
      assert.equal(last, 101);
      const uri = client.uri("compose.yaml");
      await client.diagnosticsAfter(mark, "compose.yaml", () => client.latest("compose.yaml")?.version === last);
      const final = client.latest("compose.yaml")!;
      assert.deepEqual(ofRule(final.diagnostics, FILES_IN_CLUSTER), [], "the last publication is for the last text");
      // A round trip: anything the server had queued before it answers is on the wire by now.
      await client.hover("compose.yaml", 0, 0);
      const versions = client.published.filter((p) => p.seq > mark && p.params.uri === uri).map((p) => p.params.version ?? 0);
      assert.equal(versions.at(-1), last, "nothing is published after the last version");
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `published out of order: ${versions.join(", ")}`);
    });
  });

  it("hover during a pending analysis answers at once from the latest finished one", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const raw = new RawChannel(client);
      const mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      const uri = client.uri("compose.yaml");
      // Version 2 fixes the finding at `owncloud` (line 1); the hover on it is sent right behind the edit.
      const hover = raw.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 5 } });
      raw.write([didChange(uri, 2, AFTER_ENVIRONMENT, SESSION_LINES), hover.message]);
      const published = await raw.until((s) => s.kind === "publish" && s.params.uri === uri && s.params.version === 2);
      const answered = raw.indexOf((s) => s.kind === "response" && s.id === hover.id);
      assert.ok(answered >= 0 && answered < published, "the hover is answered before the pending analysis publishes");
      const seen = raw.seen[published];
      assert.ok(seen.kind === "publish" && lacksRule(FILES_IN_CLUSTER)(seen.params.diagnostics), "version 2 has no sessions finding");
      // The answer still has the finding's docs: it came from version 1's analysis, not from a new one.
      const response = raw.seen[answered];
      const markdown = response.kind === "response" ? ((response.result as { contents: MarkupContent } | null)?.contents.value ?? "") : "";
      assert.ok(markdown.includes(`[${FILES_IN_CLUSTER}]`), markdown.slice(0, 300));
      // And once version 2 is analysed, hover answers from it.
      const after = await client.hover("compose.yaml", 1, 5);
      assert.ok(!((after?.contents as MarkupContent | undefined)?.value ?? "").includes(`[${FILES_IN_CLUSTER}]`));
    });
  });

  it("code actions for an outdated version offer no edits; fix-all analyses the current version first", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv }, documentChanges: true }, async (client) => {
      const raw = new RawChannel(client);
      const mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const opened = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      const diagnostic = ofRule(opened.diagnostics, FILES_IN_CLUSTER)[0];
      const uri = client.uri("compose.yaml");
      // A comment line above everything: version 1's edits would land one line too high.
      const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const quickFix = raw.request("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const fixAll = raw.request("textDocument/codeAction", { textDocument: { uri }, range: top, context: { diagnostics: [], only: ["source.fixAll"] } });
      raw.write([didChange(uri, 2, top, "# scaleout-ignore-file redis/exposed-without-auth\n"), quickFix.message, fixAll.message]);
      await raw.until((s) => s.kind === "response" && s.id === fixAll.id);
      const answer = raw.seen[raw.indexOf((s) => s.kind === "response" && s.id === quickFix.id)];
      const actions = (answer.kind === "response" ? answer.result : undefined) as CodeAction[];
      assert.ok(Array.isArray(actions));
      assert.deepEqual(actions.filter((a) => a.edit !== undefined).map((a) => a.title), [], "no edit computed for version 1");
      // Fix-all: the unused ignore comment of version 2 is removed, with edits for version 2.
      const fixAllAnswer = raw.seen[raw.indexOf((s) => s.kind === "response" && s.id === fixAll.id)];
      const fixAllActions = (fixAllAnswer.kind === "response" ? fixAllAnswer.result : undefined) as CodeAction[];
      assert.equal(fixAllActions.length, 1, JSON.stringify(fixAllActions));
      const change = fixAllActions[0].edit?.documentChanges?.[0] as TextDocumentEdit;
      assert.equal(change.textDocument.version, 2);
      assert.deepEqual(change.edits.map((e) => [e.range.start.line, e.range.end.line, e.newText]), [[0, 1, ""]]);
      // Once version 2 is published, its diagnostic gets its edits again.
      const current = await raw.until((s) => s.kind === "publish" && s.params.uri === uri && s.params.version === 2);
      const seen = raw.seen[current];
      const moved = seen.kind === "publish" ? ofRule(seen.params.diagnostics, FILES_IN_CLUSTER)[0] : undefined;
      assert.ok(moved);
      assert.equal(moved.range.start.line, diagnostic.range.start.line + 1);
      const fixes = (await client.codeActions("compose.yaml", moved.range, [moved])) as CodeAction[];
      assert.ok(fixes.some((a) => (a.edit?.documentChanges?.[0] as TextDocumentEdit | undefined)?.textDocument.version === 2), JSON.stringify(fixes.map((a) => a.title)));
    });
  });
});
