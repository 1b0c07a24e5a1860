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
