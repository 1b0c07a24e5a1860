/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activeApi, extensionId, setSetting, until, workspaceRoot } from "./helpers";

suite("activation and lifecycle", () => {
  suiteTeardown(async () => {
    await setSetting("enable", undefined);
    await setSetting("extraFilePatterns", undefined);
  });

  test("activates when a compose file is opened", async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    const compose = (await vscode.workspace.findFiles("**/{compose,docker-compose}*.{yml,yaml}", "**/node_modules/**", 1))[0];
    assert.ok(compose, "the workspace has a compose file");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(compose));
    await until("activation", () => extension.isActive);
  });

  // Activation time is measured and printed here (the README reports it); the 100 ms budget is
  // judged from those measurements, not asserted, since a timed test fails on a busy machine.
  test("activation is measured and the server starts over IPC", async () => {
    const api = await activeApi();
    const total = Math.round(((api.loadMs ?? 0) + api.activationMs) * 10) / 10;
    console.log(`      activation ${total} ms (loading the bundle ${api.loadMs} ms + activate() ${api.activationMs} ms); the server answered initialize ${api.serverStartupMs()} ms later`);
    assert.equal(typeof api.loadMs, "number", "loaded from the bundle");
    assert.ok(Number.isFinite(total) && total > 0, `activation time measured: ${total} ms`);
    assert.equal(api.serverStatus(), "running");
  });

  test("contributes its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ["scaleout.restartServer", "scaleout.showOutput", "scaleout.lintWorkspace"]) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    await vscode.commands.executeCommand("scaleout.showOutput");
  });

  test("the status bar item names the extension for a handled file", async () => {
    const api = await activeApi();
    const status = await until("a visible status item", () => (api.statusItem().visible ? api.statusItem() : undefined));
    assert.match(status.text, /Scale-out Lint/);
  });

  test("restartServer brings the server back", async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand("scaleout.restartServer");
    await until("running after restart", () => api.serverStatus() === "running");
  });

  test("scaleout.enable false stops the server, true starts it again", async () => {
    const api = await activeApi();
    await setSetting("enable", false);
    await until("disabled", () => api.serverStatus() === "disabled");
    assert.match(api.statusItem().text, /circle-slash/);
    await setSetting("enable", true);
    await until("running again", () => api.serverStatus() === "running");
  });

  test("scaleout.extraFilePatterns sends more files to the server", async () => {
    const api = await activeApi();
    const notes = vscode.Uri.joinPath(workspaceRoot(), "notes", "cluster.txt");
    await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode("services:\n  app:\n    image: nextcloud\n"));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notes));
      await until("status hidden for a plain text file", () => !api.statusItem().visible);
      await setSetting("extraFilePatterns", ["**/notes/*.txt"]);
      await until("server re-created and the file handled", () => api.serverStatus() === "running" && api.statusItem().visible);
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
      await vscode.workspace.fs.delete(notes);
      await setSetting("extraFilePatterns", undefined);
    }
  });
});
