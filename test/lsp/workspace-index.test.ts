import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FileChangeType } from "vscode-languageserver-protocol";
import { FILES_IN_CLUSTER, owncloudCompose, owncloudComposeWithRedisSessions, threeReplicasEnv } from "./helpers/deployments";
import { hasRule, ofRule, withServer } from "./helpers/lsp-client";

const LINT_WORKSPACE = "scaleout.lintWorkspace";
const serviceName = { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } };

/** `count` folders, each an ownCloud stack scaled to 3 by its `.env`. */
function stacks(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`stack-${String(i).padStart(3, "0")}/compose.yaml`] = owncloudCompose;
    files[`stack-${String(i).padStart(3, "0")}/.env`] = threeReplicasEnv;
  }
  return files;
}

describe("language server: lint the whole workspace", () => {
  it("publishes the diagnostics of files that are not open, with work-done progress begin/report/end", async () => {
    const files = { "prod/compose.yaml": owncloudCompose, "prod/.env": threeReplicasEnv, "notes/readme.yaml": "title: not a deployment\n", "node_modules/x/compose.yaml": owncloudCompose };
    await withServer({ files, workDoneProgress: true }, async (client) => {
      const mark = client.mark();
      const result = await client.executeCommand(LINT_WORKSPACE);
      assert.deepEqual(result, { files: 3, projects: 1, cancelled: false });
      const published = await client.diagnosticsAfter(mark, "prod/compose.yaml", (d) => d.length > 0);
      const [finding, ...others] = ofRule(published.diagnostics, FILES_IN_CLUSTER);
      assert.equal(others.length, 0);
      assert.deepEqual(finding.range, serviceName);
      assert.equal(published.version, undefined, "a file that is not open has no version");
      // Nothing below node_modules, and no diagnostics for a YAML no project reads.
      assert.equal(client.latest("node_modules/x/compose.yaml"), undefined);
      assert.equal(client.latest("notes/readme.yaml"), undefined);

      assert.equal(client.progressTokens.length, 1);
      const kinds = client.progress.map((p) => p.value.kind);
      assert.equal(kinds[0], "begin");
      assert.equal(kinds.at(-1), "end");
      assert.ok(kinds.includes("report"));
      assert.ok(client.progress.every((p) => p.token === client.progressTokens[0]));
      const begin = client.progress[0].value;
      assert.ok(begin.kind === "begin" && begin.cancellable === true && /linting the workspace/.test(begin.title));
      const last = client.progress.filter((p) => p.value.kind === "report").at(-1)!.value;
      assert.ok(last.kind === "report");
      assert.equal(last.percentage, 100);
      assert.equal(last.message, "3/3 files");
    });
  });

  it("works without progress support: no window/workDoneProgress/create", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      const mark = client.mark();
      await client.executeCommand(LINT_WORKSPACE);
      const published = await client.diagnosticsAfter(mark, "compose.yaml", (d) => d.length > 0);
      assert.deepEqual(ofRule(published.diagnostics, FILES_IN_CLUSTER)[0].range, serviceName);
      assert.equal(client.progressTokens.length, 0);
      assert.equal(client.progress.length, 0);
    });
  });

  it("keeps them current: a .env change on disk re-lints the compose file that is not open, and back", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      let mark = client.mark();
      client.writeFile(".env", "APP_REPLICAS=1\n");
      await client.watchedFileChanged(".env", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0);
      mark = client.mark();
      client.writeFile(".env", "APP_REPLICAS=4\n");
      await client.watchedFileChanged(".env", FileChangeType.Changed);
      const back = await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      assert.deepEqual(ofRule(back.diagnostics, FILES_IN_CLUSTER)[0].range, serviceName);
    });
  });

  it("a change of the compose file on disk updates its diagnostics; deleting it clears them", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      await client.diagnosticsAfter(0, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      let mark = client.mark();
      client.writeFile("compose.yaml", owncloudComposeWithRedisSessions);
      await client.watchedFileChanged("compose.yaml", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0);
      client.writeFile("compose.yaml", owncloudCompose);
      await client.watchedFileChanged("compose.yaml", FileChangeType.Changed);
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      mark = client.mark();
      rmSync(client.path("compose.yaml"));
      await client.watchedFileChanged("compose.yaml", FileChangeType.Deleted);
      await client.diagnosticsAfter(mark, "compose.yaml", (d) => d.length === 0);
    });
  });

  it("a deployment file created on disk after the scan joins the index", async () => {
    await withServer({ files: { "a/compose.yaml": owncloudCompose, "a/.env": threeReplicasEnv } }, async (client) => {
      await client.executeCommand(LINT_WORKSPACE);
      const mark = client.mark();
      client.writeFile("b/.env", threeReplicasEnv);
      client.writeFile("b/compose.yaml", owncloudCompose);
      await client.watchedFileChanged("b/.env", FileChangeType.Created);
      await client.watchedFileChanged("b/compose.yaml", FileChangeType.Created);
      const published = await client.diagnosticsAfter(mark, "b/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      assert.deepEqual(ofRule(published.diagnostics, FILES_IN_CLUSTER)[0].range, serviceName);
    });
  });

  it("an edit of an open document gets its diagnostics while the scan runs, before the scan ends", async () => {
    await withServer({ files: { ...stacks(150), "edited/compose.yaml": owncloudCompose, "edited/.env": threeReplicasEnv }, workDoneProgress: true }, async (client) => {
      await client.open("edited/compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(0, "edited/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
      const scan = client.executeCommand(LINT_WORKSPACE);
      // The scan is under way: it has linted some files, not all.
      await client.until(() => client.progress.some((p) => p.value.kind === "report" && (p.value.percentage ?? 0) > 0), "a progress report");
      const mark = client.mark();
      const version = await client.change("edited/compose.yaml", owncloudComposeWithRedisSessions);
      const published = await client.diagnosticsAfter(mark, "edited/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 0, 10000);
      assert.equal(published.version, version);
      const endedBefore = client.progress.some((p) => p.value.kind === "end");
      assert.equal(endedBefore, false, "the edit's diagnostics come before the scan ends");
      assert.deepEqual(await scan, { files: 302, projects: 151, cancelled: false });
      assert.ok(client.progress.at(-1)?.value.kind === "end");
    });
  });

  it("is cancellable through the progress: the scan stops and says so", async () => {
    await withServer({ files: stacks(150), workDoneProgress: true }, async (client) => {
      const scan = client.executeCommand(LINT_WORKSPACE);
      await client.until(() => client.progress.some((p) => p.value.kind === "report"), "a progress report");
      await client.connection.sendNotification("window/workDoneProgress/cancel", { token: client.progressTokens[0] });
      const result = (await scan) as { cancelled: boolean; projects: number };
      assert.equal(result.cancelled, true);
      assert.ok(result.projects < 150, `stopped early (${result.projects} projects linted)`);
      assert.equal(client.progress.at(-1)?.value.kind, "end");
    });
  });

  it("skips what .gitignore or .scaleout.yaml exclude, never follows a link out of the workspace, and keeps the size limit", async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), "scaleout outside ")));
    writeFileSync(join(outside, "compose.yaml"), owncloudCompose);
    writeFileSync(join(outside, ".env"), threeReplicasEnv);
    const files = {
      "a/compose.yaml": owncloudCompose,
      "a/.env": threeReplicasEnv,
      ".gitignore": "ignored/\n",
      "ignored/compose.yaml": owncloudCompose,
      ".scaleout.yaml": "exclude: [old]\nmaxFileSize: 2048\n",
      "old/compose.yaml": owncloudCompose,
      "big/compose.yaml": `${owncloudCompose}${"# padding\n".repeat(400)}`,
    };
    try {
      await withServer({ files }, async (client) => {
        symlinkSync(outside, client.path("linked"));
        const result = await client.executeCommand(LINT_WORKSPACE);
        assert.deepEqual(result, { files: 3, projects: 2, cancelled: false });
        await client.diagnosticsAfter(0, "a/compose.yaml", (d) => ofRule(d, FILES_IN_CLUSTER).length === 1);
        const big = await client.diagnosticsAfter(0, "big/compose.yaml", hasRule("lint/skipped-file"));
        assert.deepEqual(big.diagnostics.map((d) => d.code), ["lint/skipped-file"]);
        for (const name of ["ignored/compose.yaml", "old/compose.yaml", "linked/compose.yaml", "linked/.env"]) assert.equal(client.latest(name), undefined, name);
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("runs at start-up with scaleout.lintWorkspaceOnStartup", async () => {
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv }, settings: { lintWorkspaceOnStartup: true } }, async (client) => {
      const published = await client.diagnosticsAfter(0, "compose.yaml", (d) => d.length > 0);
      assert.deepEqual(ofRule(published.diagnostics, FILES_IN_CLUSTER)[0].range, serviceName);
    });
  });
});
