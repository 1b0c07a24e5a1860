/**
 * The workspace index on changes made on disk, over a real stdio server: files and folders
 * created, changed, renamed and deleted, `.gitignore` and `.scaleout.yaml` edits. What joins the
 * index passes the same filter as the scan; what leaves it has its diagnostics cleared.
 */
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { describe, it } from "node:test";
import { DidChangeWatchedFilesNotification, DidChangeWorkspaceFoldersNotification, FileChangeType } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER, owncloudCompose, owncloudComposeWithRedisSessions, threeReplicasEnv } from "./helpers/deployments";
import { type LspTestClient, ofRule, withServer } from "./helpers/lsp-client";

const LINT_WORKSPACE = "scaleout.lintWorkspace";
const flagged = (d: { code?: unknown }[]): boolean => ofRule(d as never, FILES_IN_CLUSTER).length === 1;
const clean = (d: unknown[]): boolean => d.length === 0;

/** One didChangeWatchedFiles notification with several changes, as editors batch them. */
async function changed(client: LspTestClient, ...changes: [string, FileChangeType][]): Promise<void> {
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map(([name, type]) => ({ uri: client.uri(name), type })) });
}

/** Writes a scaled ownCloud stack (compose file and `.env`) into a folder. */
function writeStack(client: LspTestClient, dir: string): void {
  client.writeFile(`${dir}/.env`, threeReplicasEnv);
  client.writeFile(`${dir}/compose.yaml`, owncloudCompose);
}

describe("language server: the workspace index on changes on disk", () => {
  it("a file created under a .gitignore'd or excluded folder stays out of the index; one outside joins it", async () => {
    const files = { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv, ".gitignore": "ignored/\n", ".scaleout.yaml": "exclude: [old]\n" };
    await withServer({ files }, async (client) => {
      assert.deepEqual(await client.executeCommand(LINT_WORKSPACE), { files: 2, projects: 1, cancelled: false });
      const mark = client.mark();
      for (const dir of ["ignored", "old", "b"]) writeStack(client, dir);
      await changed(
        client,
        ["ignored/.env", FileChangeType.Created],
        ["ignored/compose.yaml", FileChangeType.Created],
        ["old/.env", FileChangeType.Created],
        ["old/compose.yaml", FileChangeType.Created],
        ["b/.env", FileChangeType.Created],
        ["b/compose.yaml", FileChangeType.Created],
      );
      await client.diagnosticsAfter(mark, "b/compose.yaml", flagged);
      // A change of an ignored file does not bring it in either.
      const later = client.mark();
      client.writeFile("ignored/compose.yaml", `${owncloudCompose}# edited\n`);
      await changed(client, ["ignored/compose.yaml", FileChangeType.Changed], ["a/compose.yaml", FileChangeType.Changed]);
      await client.diagnosticsAfter(later, "a/compose.yaml", flagged);
      for (const name of ["ignored/compose.yaml", "ignored/.env", "old/compose.yaml", "old/.env"]) assert.equal(client.latest(name), undefined, name);
    });
  });

  it("a file that changes into a deployment file joins the index", async () => {
    await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv, "b/stack.yaml": "title: to do\n" } }, async (client) => {
      assert.deepEqual(await client.executeCommand(LINT_WORKSPACE), { files: 3, projects: 1, cancelled: false });
      const mark = client.mark();
      client.writeFile("b/stack.yaml", owncloudCompose.replace("${APP_REPLICAS}", "3"));
      await changed(client, ["b/stack.yaml", FileChangeType.Changed]);
      await client.diagnosticsAfter(mark, "b/stack.yaml", flagged);
    });
  });

  it("a renamed file moves its diagnostics: the old name is cleared, the new one linted", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "compose.yaml", flagged);
      const mark = client.mark();
      renameSync(client.path("compose.yaml"), client.path("docker-compose.yml"));
      await changed(client, ["compose.yaml", FileChangeType.Deleted], ["docker-compose.yml", FileChangeType.Created]);
      await client.diagnosticsAfter(mark, "docker-compose.yml", flagged);
      await client.diagnosticsAfter(mark, "compose.yaml", clean);
    });
  });

  it("a renamed folder (reported as the folder only) moves the diagnostics of the files below it", async () => {
    await withServer({ files: { "stacks/prod/compose.yaml": owncloudCompose, "stacks/prod/.env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "stacks/prod/compose.yaml", flagged);
      const mark = client.mark();
      renameSync(client.path("stacks"), client.path("deploy"));
      await changed(client, ["stacks", FileChangeType.Deleted], ["deploy", FileChangeType.Created]);
      await client.diagnosticsAfter(mark, "deploy/prod/compose.yaml", flagged);
      await client.diagnosticsAfter(mark, "stacks/prod/compose.yaml", clean);
    });
  });

  it("a folder deleted with its files clears their diagnostics; a folder created under an ignored one stays out", async () => {
    await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv, ".gitignore": "build/\n" } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "a/compose.yaml", flagged);
      const mark = client.mark();
      rmSync(client.path("a"), { recursive: true });
      writeStack(client, "build/x");
      writeStack(client, "c");
      await changed(client, ["a", FileChangeType.Deleted], ["build", FileChangeType.Created], ["c", FileChangeType.Created]);
      await client.diagnosticsAfter(mark, "a/compose.yaml", clean);
      await client.diagnosticsAfter(mark, "c/compose.yaml", flagged);
      assert.equal(client.latest("build/x/compose.yaml"), undefined);
    });
  });

  it("deleting the .env re-lints the compose file that read it", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "compose.yaml", flagged);
      const mark = client.mark();
      rmSync(client.path(".env"));
      await changed(client, [".env", FileChangeType.Deleted]);
      // APP_REPLICAS is unknown now: no finding from an unknown fact.
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0);
    });
  });

  it("a .scaleout.yaml written, changed and deleted on disk re-lints every indexed file, and its exclude applies", async () => {
    await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv, "b/compose.yaml": owncloudCompose, "b/.env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "a/compose.yaml", flagged);
      await client.diagnosticsAfter(0, "b/compose.yaml", flagged);
      let mark = client.mark();
      client.writeFile(".scaleout.yaml", "exclude: [b]\n");
      await changed(client, [".scaleout.yaml", FileChangeType.Created]);
      await client.diagnosticsAfter(mark, "b/compose.yaml", clean);
      mark = client.mark();
      client.writeFile(".scaleout.yaml", `rules:\n  ${FILES_IN_CLUSTER}: off\n`);
      await changed(client, [".scaleout.yaml", FileChangeType.Changed]);
      await client.diagnosticsAfter(mark, "a/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0);
      // Without the exclude, b is walked and linted again (with the rule off).
      await client.diagnosticsAfter(mark, "b/compose.yaml", (d) => d.length > 0 && ofRule(d, FILES_IN_CLUSTER).length === 0);
      mark = client.mark();
      rmSync(client.path(".scaleout.yaml"));
      await changed(client, [".scaleout.yaml", FileChangeType.Deleted]);
      await client.diagnosticsAfter(mark, "a/compose.yaml", flagged);
      await client.diagnosticsAfter(mark, "b/compose.yaml", flagged);
    });
  });

  it("a .gitignore change walks the workspace again: newly ignored files leave the index", async () => {
    await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv, "b/compose.yaml": owncloudCompose, "b/.env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "b/compose.yaml", flagged);
      const mark = client.mark();
      client.writeFile(".gitignore", "b/\n");
      await changed(client, [".gitignore", FileChangeType.Created]);
      await client.diagnosticsAfter(mark, "b/compose.yaml", clean);
      assert.ok(flagged(client.latest("a/compose.yaml")!.diagnostics));
    });
  });

  it("a burst of files created on disk (a checkout) is linted in the background: an edit meanwhile gets its diagnostics first", async () => {
    await withServer({ files: { "edited/compose.yaml": owncloudCompose, "edited/.env": threeReplicasEnv } }, async (client) => {
      await client.open("edited/compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(0, "edited/compose.yaml", flagged);
      await client.executeCommand(LINT_WORKSPACE);
      const created: [string, FileChangeType][] = [];
      for (let i = 0; i < 150; i++) {
        writeStack(client, `stacks/s${i}`);
        created.push([`stacks/s${i}/.env`, FileChangeType.Created], [`stacks/s${i}/compose.yaml`, FileChangeType.Created]);
      }
      const mark = client.mark();
      const start = performance.now();
      await changed(client, ...created);
      const version = await client.change("edited/compose.yaml", owncloudComposeWithRedisSessions);
      const edited = await client.diagnosticsAfter(mark, "edited/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0, 10000);
      const editMs = performance.now() - start;
      assert.equal(edited.version, version);
      await client.diagnosticsAfter(mark, "stacks/s149/compose.yaml", flagged, 20000);
      const allMs = performance.now() - start;
      // Had the 300 files been linted in one go, the edit would have waited for all of them.
      assert.ok(editMs < allMs / 2, `edit → diagnostics ${editMs.toFixed(0)} ms, every created file linted after ${allMs.toFixed(0)} ms`);
    });
  });

  it("a workspace folder added after the scan is indexed too; removing it clears its diagnostics", async () => {
    const other = realpathSync(mkdtempSync(join(tmpdir(), "scaleout other folder ")));
    writeFileSync(join(other, "compose.yaml"), owncloudCompose);
    writeFileSync(join(other, ".env"), threeReplicasEnv);
    const otherUri = pathToFileURL(join(other, "compose.yaml")).href;
    const publishedFor = (client: LspTestClient, after: number) => client.published.filter((p) => p.seq > after && p.params.uri === otherUri);
    try {
      await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv }, workspaceFolders: true }, async (client) => {
        await client.executeCommand(LINT_WORKSPACE);
        await client.diagnosticsAfter(0, "a/compose.yaml", flagged);
        let mark = client.mark();
        const folder = { uri: pathToFileURL(other).href, name: "other" };
        await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder], removed: [] } });
        await client.until(() => publishedFor(client, mark).some((p) => flagged(p.params.diagnostics)), "the added folder's diagnostics");
        mark = client.mark();
        await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder] } });
        await client.until(() => publishedFor(client, mark).some((p) => p.params.diagnostics.length === 0), "the removed folder's diagnostics cleared");
        assert.ok(flagged(client.latest("a/compose.yaml")!.diagnostics));
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
