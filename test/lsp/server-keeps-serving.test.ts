/**
 * The server keeps serving whatever happens inside it, over real LSP streams: a rule that throws
 * is logged once with its id while the other rules still report; hundreds of edits in a burst
 * never publish an older version after a newer one; a lone `\r` inserted before a `\n` does not
 * shift the positions of later edits.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { FILES_IN_CLUSTER, owncloudCompose, threeReplicasEnv } from "./helpers/deployments";
import { hasRule, ofRule, withServer } from "./helpers/lsp-client";
import { THROWING_RULE } from "./helpers/throwing-rule";

const fromSource = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

describe("language server: keeps serving", () => {
  it("logs a throwing rule once with its id, and the other rules still report", async () => {
    // The server from source with one rule made to throw (a preload, so the production bundle has no hook for it).
    const server = { command: process.execPath, args: ["--import", "tsx", "--import", fromSource("./helpers/throwing-rule.ts"), fromSource("../../server/src/lsp/server.ts"), "--stdio"] };
    await withServer({ server, files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const first = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER), 20_000);
      assert.equal(ofRule(first.diagnostics, FILES_IN_CLUSTER).length, 1);
      let last = 0;
      for (let i = 0; i < 3; i++) {
        mark = client.mark();
        last = await client.change("compose.yaml", `${owncloudCompose}# edit ${i}\n`);
        await client.diagnosticsAfter(mark, "compose.yaml", (d) => hasRule(FILES_IN_CLUSTER)(d), 20_000);
      }
      assert.ok(last > 1);
      const logged = client.logs.filter((l) => l.includes(THROWING_RULE));
      assert.equal(logged.length, 1, `logged ${logged.length} times:\n${client.logs.join("\n")}`);
      assert.match(logged[0], /rule storage\/html-not-shared threw \(skipped, other rules still report\): .*injected failure/);
      assert.equal(client.exitCode, undefined, "the server is still running");
    });
  });

  it("a burst of 300 incremental edits never publishes an older version after a newer one", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      mark = client.mark();
      let last = 0;
      // Typing a comment at the end, one character per change, without waiting.
      const line = owncloudCompose.split("\n").length - 1;
      for (let i = 0; i < 300; i++) last = await client.edit("compose.yaml", { start: { line, character: i }, end: { line, character: i } }, i === 0 ? "#" : "x");
      const uri = client.uri("compose.yaml");
      const versions = () => client.published.filter((p) => p.seq > mark && p.params.uri === uri).map((p) => p.params.version ?? 0);
      await client.diagnosticsAfter(mark, "compose.yaml", () => versions().includes(last), 20_000);
      await new Promise((r) => setTimeout(r, 200));
      const seen = versions();
      assert.equal(seen.at(-1), last, "the latest version is published last");
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b), `versions went backwards: ${seen.join(",")}`);
    });
  });

  it("a lone \\r inserted before \\n does not shift later edits or findings", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      let mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      const before = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(FILES_IN_CLUSTER));
      const at = ofRule(before.diagnostics, FILES_IN_CLUSTER)[0].range;
      // `services:\r\n`: still one line break. Then a comment typed at the start of line 1.
      await client.edit("compose.yaml", { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, "\r");
      mark = client.mark();
      const version = await client.edit("compose.yaml", { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, "# note\n");
      const uri = client.uri("compose.yaml");
      await client.diagnosticsAfter(mark, "compose.yaml", () => client.published.some((p) => p.seq > mark && p.params.uri === uri && p.params.version === version));
      const after = client.published.filter((p) => p.params.uri === uri && p.params.version === version).at(-1)!.params;
      const moved = ofRule(after.diagnostics, FILES_IN_CLUSTER)[0].range;
      // The client's text: "services:\r\n# note\n  owncloud:…": the finding moved down one line, same columns.
      assert.deepEqual(moved, { start: { line: at.start.line + 1, character: at.start.character }, end: { line: at.end.line + 1, character: at.end.character } });
      assert.equal(after.diagnostics.filter((d) => d.code === "yaml/syntax").length, 0, "the server's text is the client's");
    });
  });
});
