/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { envDependency, fixScenarios } from "../../support/scenarios";
import { findingOf, findingsWhen, open, restore, ruleId, setSetting, workspaceFile } from "./helpers";

suite("settings and related files", () => {
  const scenario = fixScenarios[0]!;

  teardown(async () => {
    await setSetting("rules", undefined);
  });

  test("scaleout.rules: off removes the rule's diagnostic, a severity overrides it", async () => {
    const uri = workspaceFile(scenario.file);
    await open(scenario.file);
    await findingOf(uri, scenario.rule);
    await setSetting("rules", { [scenario.rule]: "off" });
    await findingsWhen(uri, `${scenario.rule} turned off`, (list) => !list.some((d) => ruleId(d) === scenario.rule));
    await setSetting("rules", { [scenario.rule]: "hint" });
    const hinted = await findingsWhen(uri, `${scenario.rule} as a hint`, (list) =>
      list.some((d) => ruleId(d) === scenario.rule && d.severity === vscode.DiagnosticSeverity.Hint),
    );
    assert.ok(hinted.length > 0);
    await setSetting("rules", undefined);
    await findingsWhen(uri, `${scenario.rule} back as ${scenario.severity}`, (list) =>
      list.some((d) => ruleId(d) === scenario.rule && d.severity !== vscode.DiagnosticSeverity.Hint),
    );
  });

  test("editing the .env updates the diagnostics of the compose file that uses it", async () => {
    const compose = workspaceFile(envDependency.compose);
    const env = workspaceFile(envDependency.env);
    await open(envDependency.compose);
    await findingOf(compose, envDependency.rule);
    const envEditor = await open(envDependency.env);
    const original = envEditor.document.getText();
    try {
      const match = envDependency.from.exec(original);
      assert.ok(match, `${envDependency.env} has ${envDependency.from}`);
      const start = envEditor.document.positionAt(match.index);
      const end = envEditor.document.positionAt(match.index + match[0].length);
      await envEditor.edit((edit) => edit.replace(new vscode.Range(start, end), envDependency.to));
      // unsaved: the server lints the open .env's text
      await findingsWhen(compose, `${envDependency.rule} gone with one replica`, (list) => !list.some((d) => ruleId(d) === envDependency.rule));
      await envEditor.document.save();
    } finally {
      await restore(env, original);
    }
    await findingsWhen(compose, `${envDependency.rule} back with the .env restored`, (list) => list.some((d) => ruleId(d) === envDependency.rule));
  });
});
