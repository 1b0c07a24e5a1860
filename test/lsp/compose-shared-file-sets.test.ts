/**
 * Two Compose file sets that share their first file, over a real stdio server: both are linted,
 * each file gets the findings of every set it is part of (once each), a quick fix comes from the
 * set whose finding it fixes, and the editor says what the CLI says of the same folder.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { type CodeAction, type Diagnostic, FileChangeType } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER } from "./helpers/deployments";
import { applyTextEdits, type LspTestClient, ofRule, serverPath, withServer } from "./helpers/lsp-client";

const cliPath = join(dirname(serverPath), "cli.js");

// ownCloud on 3 nodes; the set [a, b] keeps sessions in Redis, the set [a, c] does not but uses MySQL.
const a = [
  "services:",
  "  owncloud:",
  "    image: owncloud/server:10.16.4",
  "    deploy:",
  "      replicas: 3",
  "    environment:",
  "      - OWNCLOUD_REDIS_ENABLED=true",
  "      - OWNCLOUD_REDIS_HOST=redis",
  "  redis:",
  "    image: redis:7",
  "",
].join("\n");
const b = ["services:", "  owncloud:", "    environment:", "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis", "      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379", ""].join("\n");
const c = ["services:", "  owncloud:", "    environment:", "      - OWNCLOUD_DOMAIN=cloud.example.com", "      - OWNCLOUD_DB_TYPE=mysql", "      - OWNCLOUD_DB_HOST=db", ""].join("\n");
/** Only the set [a, b] leaves the database at its SQLite default; only [a, c] leaves sessions in files. */
const SQLITE = "storage/sqlite-in-cluster";
const ofBothSets = (d: Diagnostic[]): boolean => ofRule(d, FILES_IN_CLUSTER).length === 1 && ofRule(d, SQLITE).length === 1;
const serviceName = { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } };
const twoSets = "compose:\n  files:\n    - [a.yaml, b.yaml]\n    - [a.yaml, c.yaml]\n";

/** What the CLI reports for one file, as `rule line:col-line:col message`, sorted. */
function cliFindings(cwd: string, args: string[], file: string): string[] {
  const run = spawnSync(process.execPath, [cliPath, "check", "--format", "json", ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] };
  return report.findings
    .filter((f) => f.file === file)
    .map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`)
    .sort();
}

/** The same for the editor's diagnostics (0-based ranges made 1-based). */
function editorFindings(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`).sort();
}

function noDuplicates(diagnostics: Diagnostic[]): void {
  const keys = editorFindings(diagnostics);
  assert.equal(new Set(keys).size, keys.length, `duplicates: ${keys.join("\n")}`);
}

async function sessionFix(client: LspTestClient, diagnostic: Diagnostic): Promise<CodeAction> {
  const actions = (await client.codeActions("a.yaml", diagnostic.range, [diagnostic])) as CodeAction[];
  const fix = actions.find((action) => action.edit && /Store sessions in Redis/.test(action.title));
  assert.ok(fix, `a session fix among ${actions.map((action) => action.title).join(", ")}`);
  return fix;
}

describe("language server: Compose file sets that share a file", () => {
  it("`.scaleout.yaml` compose.files [a, b] and [a, c]: a.yaml alone open gets the findings of both sets, once each, as the CLI", async () => {
    await withServer({ files: { "a.yaml": a, "b.yaml": b, "c.yaml": c, ".scaleout.yaml": twoSets } }, async (client) => {
      await client.open("a.yaml", a);
      // The finding of the set [a, c] only (sessions stay in files there), and that of [a, b] only.
      const published = await client.diagnosticsAfter(0, "a.yaml", ofBothSets);
      const [finding, ...others] = ofRule(published.diagnostics, FILES_IN_CLUSTER);
      assert.equal(others.length, 0);
      assert.deepEqual(finding.range, serviceName);
      noDuplicates(published.diagnostics);
      const editor = editorFindings(published.diagnostics);
      assert.deepEqual(editor, cliFindings(client.root, ["."], "a.yaml"), "the editor and `check .` agree");
      assert.deepEqual(editor, cliFindings(client.root, ["a.yaml"], "a.yaml"), "the editor and `check a.yaml` agree");

      // Its quick fix is the one of the set [a, c] (the set [a, b] has no such finding), as the CLI's.
      const fix = await sessionFix(client, finding);
      const edits = fix.edit!.changes?.[client.uri("a.yaml")] ?? [];
      assert.ok(edits.length > 0);
      assert.match(applyTextEdits(a, edits), /OWNCLOUD_SESSION_SAVE_HANDLER=redis\n {6}- OWNCLOUD_SESSION_SAVE_PATH=tcp:\/\/redis:6379/);
    });
  });

  it("the editor's scaleout.compose.files: each set is kept; a change of the file only the second set reads re-lints that set", async () => {
    await withServer({ files: { "a.yaml": a, "b.yaml": b, "c.yaml": c }, settings: { compose: { files: [["a.yaml", "b.yaml"], ["a.yaml", "c.yaml"]] } } }, async (client) => {
      await client.open("a.yaml", a);
      await client.diagnosticsAfter(0, "a.yaml", ofBothSets);
      // c.yaml now keeps sessions in Redis too: no set leaves them in files.
      const mark = client.mark();
      client.writeFile("c.yaml", b);
      await client.watchedFileChanged("c.yaml", FileChangeType.Changed);
      const after = await client.diagnosticsAfter(mark, "a.yaml", (d) => ofRule(d, SQLITE).length === 1 && ofRule(d, FILES_IN_CLUSTER).length === 0);
      noDuplicates(after.diagnostics);
      // Dropping the second set: only [a, b] is linted.
      const dropped = client.mark();
      client.writeFile("c.yaml", c);
      await client.watchedFileChanged("c.yaml", FileChangeType.Changed);
      await client.diagnosticsAfter(dropped, "a.yaml", ofBothSets);
      const settled = client.mark();
      await client.changeSettings({ compose: { files: [["a.yaml", "b.yaml"]] } });
      const only = await client.diagnosticsAfter(settled, "a.yaml", (d) => d.length > 0);
      assert.equal(ofRule(only.diagnostics, FILES_IN_CLUSTER).length, 0);
      assert.equal(ofRule(only.diagnostics, SQLITE).length, 1);
    });
  });

  it("COMPOSE_FILE in the .env beside an explicit set with the same first file: both sets are linted once a file of each is open, as `check .` lints them", async () => {
    const files = { "a.yaml": a, "b.yaml": b, "c.yaml": c, ".env": "COMPOSE_FILE=a.yaml:c.yaml\n", ".scaleout.yaml": "compose:\n  files:\n    - [a.yaml, b.yaml]\n" };
    await withServer({ files }, async (client) => {
      await client.open("a.yaml", a);
      await client.open("c.yaml", c);
      const published = await client.diagnosticsAfter(0, "a.yaml", ofBothSets);
      noDuplicates(published.diagnostics);
      assert.deepEqual(editorFindings(published.diagnostics), cliFindings(client.root, ["."], "a.yaml"));
      // Closing c.yaml keeps the set [a, c]: a.yaml, still open, is part of it.
      const mark = client.mark();
      await client.close("c.yaml");
      const after = await client.diagnosticsAfter(mark, "a.yaml", (d) => d.length > 0);
      assert.ok(ofBothSets(after.diagnostics));
      noDuplicates(after.diagnostics);
    });
  });

  it("every indexed file of both sets: `Lint the whole workspace` publishes what `check .` reports, file by file", async () => {
    await withServer({ files: { "a.yaml": a, "b.yaml": b, "c.yaml": c, ".scaleout.yaml": twoSets } }, async (client) => {
      assert.deepEqual(await client.executeCommand("scaleout.lintWorkspace"), { files: 3, projects: 1, cancelled: false }, "one lint of a.yaml lints both of its sets");
      const published = client.latest("a.yaml")!;
      assert.ok(ofBothSets(published.diagnostics));
      assert.deepEqual(editorFindings(client.latest("a.yaml")!.diagnostics), cliFindings(client.root, ["."], "a.yaml"));
      noDuplicates(published.diagnostics);
      for (const name of ["b.yaml", "c.yaml"]) assert.deepEqual(editorFindings(client.latest(name)?.diagnostics ?? []), cliFindings(client.root, ["."], name), name);
      // a.yaml deleted: both sets lose their first file; what is left is linted as the CLI lints it.
      const mark = client.mark();
      rmSync(client.path("a.yaml"));
      await client.watchedFileChanged("a.yaml", FileChangeType.Deleted);
      await client.diagnosticsAfter(mark, "a.yaml", (d) => d.length === 0);
      for (const name of ["b.yaml", "c.yaml"]) {
        const after = await client.diagnosticsAfter(mark, name, (d) => d.length > 0);
        assert.deepEqual(editorFindings(after.diagnostics), cliFindings(client.root, ["."], name), name);
        assert.deepEqual(after.diagnostics.map((d) => d.code), ["project/unseen-input"], name);
      }
    });
  });

  it("sets [compose.yaml] and [compose.yaml, compose.prod.yaml]: the scan lints both though the override sorts first", async () => {
    const files = { "compose.yaml": a, "compose.prod.yaml": b, ".scaleout.yaml": "compose:\n  files:\n    - [compose.yaml]\n    - [compose.yaml, compose.prod.yaml]\n" };
    await withServer({ files }, async (client) => {
      await client.executeCommand("scaleout.lintWorkspace");
      const published = client.latest("compose.yaml")!;
      // compose.yaml alone keeps sessions in files; the production set does not.
      assert.equal(ofRule(published.diagnostics, FILES_IN_CLUSTER).length, 1);
      assert.deepEqual(editorFindings(published.diagnostics), cliFindings(client.root, ["."], "compose.yaml"));
    });
  });
});
