/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activeApi, open, until, workspaceFile } from "./helpers";

// examples/nextcloud-compose: `- MYSQL_PASSWORD=${MYSQL_PASSWORD}` and `- MYSQL_HOST=db` in compose.yaml, MYSQL_PASSWORD on the first line of its .env.
suite("go to definition and document links", () => {
  test("Go to Definition on ${MYSQL_PASSWORD} opens the .env line; on MYSQL_HOST=db the db service", async () => {
    const editor = await open("nextcloud-compose/compose.yaml");
    await activeApi();
    const text = editor.document.getText();
    const at = (needle: string, after: string): vscode.Position => editor.document.positionAt(text.indexOf(needle, text.indexOf(after)) + 1);
    const definitions = (position: vscode.Position) =>
      vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>("vscode.executeDefinitionProvider", editor.document.uri, position);
    const uriOf = (d: vscode.Location | vscode.LocationLink) => ("targetUri" in d ? d.targetUri : d.uri);
    const rangeOf = (d: vscode.Location | vscode.LocationLink) => ("targetRange" in d ? d.targetRange : d.range);
    // The first answer may come before the first lint: ask until ours is there.
    const variable = await until("a definition of ${MYSQL_PASSWORD}", async () => {
      const found = (await definitions(at("MYSQL_PASSWORD}", "${MYSQL_PASSWORD"))) ?? [];
      return found.find((d) => uriOf(d).fsPath === workspaceFile("nextcloud-compose/.env").fsPath);
    });
    assert.deepEqual([rangeOf(variable).start.line, rangeOf(variable).start.character, rangeOf(variable).end.character], [0, 0, 14]);
    const host = ((await definitions(at("db", "MYSQL_HOST="))) ?? []).find((d) => uriOf(d).fsPath === editor.document.uri.fsPath);
    assert.ok(host, "MYSQL_HOST=db leads to the db service");
    assert.equal(editor.document.lineAt(rangeOf(host).start.line).text, "  db:");
    assert.equal(rangeOf(host).start.character, 2);
    // The command a user runs (F12) lands on the .env line.
    editor.selection = new vscode.Selection(at("MYSQL_PASSWORD}", "${MYSQL_PASSWORD"), at("MYSQL_PASSWORD}", "${MYSQL_PASSWORD"));
    await vscode.commands.executeCommand("editor.action.revealDefinition");
    const landed = await until(".env in the editor", () => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith("/.env") ? vscode.window.activeTextEditor : undefined));
    assert.equal(landed.selection.active.line, 0);
  });
});
