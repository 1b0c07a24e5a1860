import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { scratchExamples, type EditorReport } from "./editors";
import { missingTools, paths } from "./paths";
import { scenarioFor } from "./scenarios";

const lspSeverity = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/**
 * The same checks for every headless LSP client: on each scenario file of examples/ the expected
 * rule ids arrive as diagnostics from `dist/server.js --stdio`, the hover on the finding shows its
 * rule documentation, and the quick fix's edit applies, is saved, and the finding goes away.
 */
export function editorSuite(name: string, tool: "nvim" | "emacs", run: (file: string, rule?: string) => Promise<EditorReport>): void {
  describe(name, () => {
    for (const kind of ["compose", "helm", "env"] as const) {
      const scenario = scenarioFor(kind);
      test(`${kind}: ${scenario.file} — ${scenario.rule} arrives, hovers, and its fix applies`, async () => {
        assert.ok(existsSync(paths.serverBundle), `${paths.serverBundle} is missing: npm run build`);
        assert.equal(missingTools(tool), undefined);
        const examples = scratchExamples();
        try {
          const file = path.join(examples.dir, scenario.file);
          const report = await run(file, scenario.rule);
          console.log(`  ${name} ${scenario.file}: ${report.ms} ms, ${report.diagnostics.map((d) => d.code).join(", ")}`);
          assert.deepEqual(report.errors, []);
          const codes = report.diagnostics.map((d) => d.code);
          for (const rule of [scenario.rule, ...(scenario.alsoReported ?? [])]) assert.ok(codes.includes(rule), `${rule} in ${codes.join(", ")}`);
          const finding = report.diagnostics.find((d) => d.code === scenario.rule)!;
          assert.equal(finding.line, scenario.line);
          assert.equal(finding.severity, lspSeverity[scenario.severity]);
          assert.equal(finding.source, "scaleout-lint");
          assert.match(report.hover ?? "", scenario.hover);
          assert.ok(report.actions?.some((title) => scenario.fixTitle.test(title)), `a quick fix ${scenario.fixTitle} in ${report.actions?.join(" | ")}`);
          assert.match(report.applied ?? "", scenario.fixTitle);
          for (const pattern of scenario.fixed) assert.match(report.onDisk, pattern);
          const after = report as EditorReport & { cleared?: boolean; after?: string[] };
          assert.equal(after.cleared, true, `${scenario.rule} still reported after the fix: ${after.after?.join(", ")}`);
        } finally {
          examples.remove();
        }
      });
    }
  });
}

