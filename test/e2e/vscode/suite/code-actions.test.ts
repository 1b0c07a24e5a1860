/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { fixScenarios } from "../../support/scenarios";
import { codeActions, findingOf, findings, findingsWhen, hoverText, open, restore, ruleId, until, workspaceFile } from "./helpers";

suite("code actions and hovers", () => {
  for (const scenario of fixScenarios) {
    test(`${scenario.kind}: hover on ${scenario.rule} shows its documentation`, async () => {
      const uri = workspaceFile(scenario.file);
      await open(scenario.file);
      const finding = await findingOf(uri, scenario.rule);
      assert.match(await hoverText(uri, finding.range.start), scenario.hover);
    });

    test(`${scenario.kind}: the quick fix for ${scenario.rule} edits the file and the finding goes`, async () => {
      const uri = workspaceFile(scenario.file);
      const editor = await open(scenario.file);
      const original = editor.document.getText();
      try {
        const finding = await findingOf(uri, scenario.rule);
        const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
        const titles = actions.map((a) => a.title);
        const fix = actions.find((a) => scenario.fixTitle.test(a.title));
        assert.ok(fix?.edit, `a quick fix ${scenario.fixTitle} with an edit in ${titles.join(" | ")}`);
        assert.ok(titles.some((t) => /^Ignore .* on this line$/.test(t)), "ignore on this line");
        assert.ok(titles.some((t) => /^Ignore .* in this file$/.test(t)), "ignore in this file");
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        for (const pattern of scenario.fixed) assert.match(editor.document.getText(), pattern);
        await findingsWhen(uri, `${scenario.rule} gone`, (list) => !list.some((d) => ruleId(d) === scenario.rule && d.range.start.line === scenario.line));
      } finally {
        await restore(uri, original);
      }
    });
  }

  test("'Show documentation' opens the rule's page, answered by the server offline", async () => {
    const scenario = fixScenarios[0]!;
    const uri = workspaceFile(scenario.file);
    await open(scenario.file);
    const finding = await findingOf(uri, scenario.rule);
    const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const docs = actions.find((a) => a.command?.command === "scaleout.showRuleDocs" && a.command.arguments?.[0] === scenario.rule);
    assert.ok(docs?.command, `a documentation action in ${actions.map((a) => a.title).join(" | ")}`);
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    const page = await until("the rule page is open", () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === "scaleout-lint" && d.uri.path === `/rules/${scenario.rule}.md`),
    );
    assert.match(page.getText(), /Why it matters/);
    // the diagnostic's own link is the same page
    const code = finding.code as { target: vscode.Uri };
    assert.equal(code.target.toString(), page.uri.toString());
  });

  test("source.fixAll.scaleout applies the safe fixes of a file", async () => {
    // the first example file that has safe fixes; the scenario files first, they surely have findings
    const found = [...(await vscode.workspace.findFiles("**/*.{yml,yaml,env}", "**/node_modules/**")), ...(await vscode.workspace.findFiles("**/.env"))];
    const first = new Set(fixScenarios.map((s) => workspaceFile(s.file).toString()));
    const files = [...found.filter((u) => first.has(u.toString())), ...found.filter((u) => !first.has(u.toString()))];
    for (const uri of files) {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const before = await until(`findings in ${uri.path}`, () => (findings(uri).length ? findings(uri) : undefined), 5000).catch(() => []);
      if (before.length === 0) continue;
      const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
      const [fixAll] = await codeActions(uri, whole, "source.fixAll.scaleout");
      if (!fixAll?.edit) continue;
      const original = editor.document.getText();
      try {
        assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
        assert.notEqual(editor.document.getText(), original);
        const after = await findingsWhen(uri, "fewer findings after fix-all", (list) => list.length < before.length);
        console.log(`      fix-all on ${vscode.workspace.asRelativePath(uri)}: ${before.length} → ${after.length} findings`);
      } finally {
        await restore(uri, original);
      }
      return;
    }
    assert.fail("no example file offers source.fixAll.scaleout");
  });
});
