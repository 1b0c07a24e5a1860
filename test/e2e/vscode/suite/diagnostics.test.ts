/// <reference types="mocha" />
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { fixScenarios } from "../../support/scenarios";
import { activeApi, findingOf, findings, open, ruleId, severityOf, until, workspaceFile } from "./helpers";

suite("diagnostics", () => {
  for (const scenario of fixScenarios) {
    test(`${scenario.kind}: ${scenario.file} reports ${scenario.rule} with its code, link, range and severity`, async () => {
      await activeApi();
      const uri = workspaceFile(scenario.file);
      await open(scenario.file);
      const finding = await findingOf(uri, scenario.rule);
      assert.equal(finding.source, "scaleout-lint");
      assert.equal(finding.severity, severityOf[scenario.severity]);
      assert.deepEqual([finding.range.start.line, finding.range.start.character], [scenario.line, scenario.character]);
      assert.ok(finding.range.end.isAfter(finding.range.start), "a non-empty range");
      const code = finding.code as { value: string; target: vscode.Uri };
      assert.equal(typeof code, "object", "code carries the documentation link (codeDescription.href)");
      assert.equal(code.value, scenario.rule);
      assert.match(code.target.toString(true), new RegExp(`${scenario.rule}\\.md$`));
      const codes = findings(uri).map(ruleId);
      for (const rule of scenario.alsoReported ?? []) assert.ok(codes.includes(rule), `${rule} in ${codes.join(", ")}`);
    });
  }

  test("related information points into the .env that scales the service out", async () => {
    const scenario = fixScenarios.find((s) => s.kind === "compose")!;
    const uri = workspaceFile(scenario.file);
    await open(scenario.file);
    const finding = await findingOf(uri, scenario.rule);
    const related = finding.relatedInformation ?? [];
    assert.ok(related.length > 0, "has related information");
    const inEnv = related.find((r) => r.location.uri.path.endsWith("/.env"));
    assert.ok(inEnv, `a related location in .env: ${related.map((r) => r.location.uri.path).join(", ")}`);
    const envText = (await vscode.workspace.openTextDocument(inEnv.location.uri)).lineAt(inEnv.location.range.start.line).text;
    assert.match(envText, /^APP_REPLICAS=/);
  });

  test("the status bar item counts the active file's errors and warnings", async () => {
    const api = await activeApi();
    const scenario = fixScenarios.find((s) => s.kind === "compose")!;
    const uri = workspaceFile(scenario.file);
    await open(scenario.file);
    await findingOf(uri, scenario.rule);
    const errors = findings(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = findings(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const status = await until("status counts", () => {
      const snapshot = api.statusItem();
      return snapshot.visible && snapshot.text.includes(`$(error) ${errors}`) ? snapshot : undefined;
    });
    assert.equal(status.text.includes(`$(warning) ${warnings}`), warnings > 0);
    assert.match(status.tooltip, new RegExp(`${errors} errors?, ${warnings} warnings?`));
  });
});
