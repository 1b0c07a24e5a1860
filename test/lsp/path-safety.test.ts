/**
 * The language server reads nothing outside the editor's workspace folder: an `env_file:` that
 * leaves it, a `.env` link to an outside file, a FIFO and `/proc/kmsg` (which blocks a reader)
 * are not read, each gives one exact `project/unseen-input` diagnostic, nothing is published on
 * an outside file, no message carries its text, and no code action edits it. Over real stdio.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { hasRule, ofRule, withServer } from "./helpers/lsp-client";

const UNSEEN = "project/unseen-input";
const SECRET_TEXT = "DB_PASSWORD=canary-7f3a9\nA=1\nA=2\nnot a line canary-7f3a9\n";

describe("language server: workspace boundary", () => {
  it("does not read env files outside the folder, a FIFO or /proc/kmsg, and says why", async () => {
    const outside = mkdtempSync(join(tmpdir(), "scaleout-outside-"));
    const secretPath = join(outside, "db.env");
    writeFileSync(secretPath, SECRET_TEXT);
    const compose = ["services:", "  app:", "    image: nextcloud:31-apache", "    env_file:", `      - ${secretPath}`, "      - /proc/kmsg", "      - pipe.env", "    environment:", "      - MYSQL_PASSWORD=${DB_PASSWORD}", ""].join("\n");
    try {
      await withServer({ files: { "compose.yaml": compose } }, async (client) => {
        symlinkSync(secretPath, client.path(".env"));
        execFileSync("mkfifo", [client.path("pipe.env")]);
        const mark = client.mark();
        await client.open("compose.yaml", compose);
        const published = await client.diagnosticsAfter(mark, "compose.yaml", hasRule(UNSEEN), 20_000);
        const unseen = ofRule(published.diagnostics, UNSEEN).map((d) => ({ range: d.range, message: d.message }));
        const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
        assert.deepEqual(unseen, [
          { range: at(0, 0, 0), message: ".env is a link leading outside the workspace: not read; the variables it sets are unknown, so no rule assumes a value for them." },
          { range: at(4, 8, 8 + secretPath.length), message: `${secretPath} is outside the workspace: not read; settings from it are unknown (app), so no rule assumes a default for them.` },
          { range: at(5, 8, 18), message: "/proc/kmsg is in /proc, a system folder: not read; settings from it are unknown (app), so no rule assumes a default for them." },
          { range: at(6, 8, 16), message: "pipe.env is a FIFO (named pipe), not a file: not read; settings from it are unknown (app), so no rule assumes a default for them." },
        ]);
        // Nothing published on a file outside the folder, and no text of it in any diagnostic.
        const rootUri = pathToFileURL(client.root).href;
        for (const { params } of client.published) {
          assert.ok(params.uri.startsWith(`${rootUri}/`), `published on ${params.uri}`);
          assert.ok(!JSON.stringify(params.diagnostics).includes("canary-7f3a9"), "a diagnostic carries the outside file's text");
        }
        // No code action (quick fix or fix-all) edits a file outside the folder.
        const all: Diagnostic[] = published.diagnostics;
        const actions = (await client.codeActions("compose.yaml", at(0, 0, 9), all)) as CodeAction[];
        for (const action of actions) {
          const uris = [...Object.keys(action.edit?.changes ?? {}), ...(action.edit?.documentChanges ?? []).map((c) => ("textDocument" in c ? c.textDocument.uri : ""))];
          for (const uri of uris) assert.ok(uri.startsWith(`${rootUri}/`), `${action.title} edits ${uri}`);
        }
        assert.equal(readFileSync(secretPath, "utf8"), SECRET_TEXT);
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
