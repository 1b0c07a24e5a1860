/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activeApi, findings, ruleId, until, workspaceFile } from "./helpers";

suite("lint the whole workspace", () => {
  test("the command fills the Problems panel for a file that is not open", async () => {
    await activeApi();
    // No other test opens the ownCloud Helm example.
    const uri = workspaceFile("owncloud-helm/values.yaml");
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), "the file is not open");
    await vscode.commands.executeCommand("scaleout.lintWorkspace");
    const found = await until("diagnostics of the unopened values.yaml", () => {
      const list = findings(uri);
      return list.some((d) => ruleId(d) === "sessions/files-in-cluster") ? list : undefined;
    });
    const finding = found.find((d) => ruleId(d) === "sessions/files-in-cluster")!;
    // `owncloud:` on line 2, as `scaleout-lint check examples/owncloud-helm` reports it.
    assert.deepEqual([finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character], [1, 0, 1, 8]);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), "still not open");
  });
});
