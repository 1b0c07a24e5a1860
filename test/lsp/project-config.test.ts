/** The language server's `.scaleout.yaml` lookup: the nearest config above each file, as the CLI's. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProjectConfigs } from "../../server/src/lsp/project-config";
import type { Workspace } from "../../server/src/engine/workspace";

function workspaceOf(files: Record<string, string>): Workspace & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (path) => {
      reads.push(path);
      return files[path];
    },
    listDir: () => undefined,
  };
}

describe("ProjectConfigs", () => {
  it("takes the nearest config walking up from the file, and none when there is none", () => {
    const ws = workspaceOf({
      "/repo/.scaleout.yaml": "assumeCluster: true\nrules:\n  cron/multiple-runners: off\n",
      "/repo/stacks/a/.scaleout.yaml": "nodes: 1\nrules:\n  cron/multiple-runners: error\n",
    });
    const configs = new ProjectConfigs(ws, () => undefined);
    configs.setFolders(["/repo"]);
    assert.deepEqual(configs.optionsFor("/repo/stacks/a/deep/compose.yaml"), { rules: { "cron/multiple-runners": "error" } });
    assert.deepEqual(configs.optionsFor("/repo/stacks/b/compose.yaml"), { rules: { "cron/multiple-runners": "off" }, assumeCluster: true });
    assert.deepEqual(configs.optionsFor("/repo/compose.yaml"), { rules: { "cron/multiple-runners": "off" }, assumeCluster: true });
    assert.equal(configs.optionsFor("/elsewhere/compose.yaml"), undefined);
  });

  it("logs the problems of an invalid config and keeps its valid settings", () => {
    const log: string[] = [];
    const ws = workspaceOf({ "/repo/.scaleout.yaml": "colour: true\nnodes: 3\n" });
    const configs = new ProjectConfigs(ws, (m) => log.push(m));
    assert.deepEqual(configs.optionsFor("/repo/x/compose.yaml"), { assumeCluster: true });
    assert.deepEqual(log, ['/repo/.scaleout.yaml: colour: unknown setting "colour"']);
  });
});

describe("language server: .scaleout.yaml diagnostics", () => {
  it("shows each problem on its key, with the nearest rule id, and re-lints with what is valid", async () => {
    const { withServer, hasRule, lacksRule } = await import("./helpers/lsp-client");
    const { owncloudCompose, threeReplicasEnv } = await import("./helpers/deployments");
    const config = "rules:\n  sessions/files-in-clustr: off\n  storage/*: off\n  storge/*: warning\nnodes: three\n";
    await withServer({ files: { "compose.yaml": owncloudCompose, ".env": threeReplicasEnv, ".scaleout.yaml": config } }, async (client) => {
      const mark = client.mark();
      await client.open("compose.yaml", owncloudCompose);
      await client.diagnosticsAfter(mark, "compose.yaml", hasRule("sessions/files-in-cluster"));
      const published = await client.diagnosticsAfter(mark, ".scaleout.yaml", (d) => d.length === 3);
      const messages = published.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message}`);
      assert.deepEqual(messages, [
        "4:0-5 nodes: Invalid input: expected number, received string — this setting is not applied",
        "1:2-26 rules.sessions/files-in-clustr: no rule has this id (did you mean sessions/files-in-cluster?); `scaleout-lint rules` lists them — this setting is not applied",
        '3:2-10 rules.storge/*: no rule belongs to the concern "storge" (did you mean storage/*?) — this setting is not applied',
      ]);
      assert.ok(published.diagnostics.every((d) => d.severity === 1 && d.source === "scaleout-lint" && d.code === "config"));
      // Fixed in the editor, unsaved: the problems go, and the concern setting applies.
      const fixedMark = client.mark();
      await client.open(".scaleout.yaml", "rules:\n  sessions/*: off\n", "yaml");
      await client.diagnosticsAfter(fixedMark, ".scaleout.yaml", (d) => d.length === 0);
      await client.diagnosticsAfter(fixedMark, "compose.yaml", lacksRule("sessions/files-in-cluster"));
    });
  });
});
