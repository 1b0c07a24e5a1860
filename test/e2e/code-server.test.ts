// A user's view of the extension in real VS Code: code-server 4.139.1 (the VS Code workbench and
// server) with the packaged VSIX installed by --install-extension, driven through its own UI by
// playwright-core and Debian's headless Chromium. For each scenario of support/scenarios.ts: open
// the file, see the squiggle and the finding with its rule id in the Problems panel, hover it and
// read the rule documentation, apply the quick fix through the editor's quick-fix menu, save, and
// see the file change on disk and the finding go. Screenshots of each state go to test-results/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { paths } from "./support/paths";
import { scenarioFor } from "./support/scenarios";
import type { Workbench } from "./support/workbench";
import { openWorkbenchSession, type WorkbenchSession } from "./support/workbench-session";

const started = Date.now();
const lap = (what: string) => console.log(`  [${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
const shots = path.join(paths.results, "code-server");

describe("VS Code (code-server) — a user's view", () => {
  let session: WorkbenchSession | undefined;
  let page: Page;
  let workbench: Workbench;

  before(async () => {
    session = await openWorkbenchSession({ shots, logName: "code-server.log", lap });
    ({ page, workbench } = session);
  });

  after(async () => {
    await session?.close();
    lap("code-server stopped");
  });

  test("the extension activates and its server starts", async () => {
    await workbench.openFile("owncloud-swarm/docker-compose.yml");
    await workbench.statusItem().waitFor({ timeout: 30_000 });
    await workbench.runCommand("Scale-out Lint: Show Output");
    const output = await workbench.waitForOutput(/server started over IPC/);
    assert.match(output, /Scale-out Lint 0\.\d+\.\d+: server started over IPC in \d+ ms \(scaleout-lint/);
    lap("output channel: server started");
    await page.keyboard.press("Control+J"); // hide the panel again
  });

  for (const kind of ["compose", "helm", "env"] as const) {
    const scenario = scenarioFor(kind);
    test(`${kind}: ${scenario.file} — squiggle, Problems, hover, quick fix`, async () => {
      try {
        await userFixes(kind, scenario);
      } catch (error) {
        await workbench.screenshot(path.join(shots, `${kind}-failed.png`)).catch(() => undefined);
        throw error;
      }
    });
  }

  async function userFixes(kind: string, scenario: NonNullable<ReturnType<typeof scenarioFor>>): Promise<void> {
    {
      const file = path.join(session!.examplesDir, scenario.file);
      const before = readFileSync(file, "utf8");
      await workbench.openFile(scenario.file);
      await workbench.squiggles(scenario.severity).first().waitFor({ timeout: 60_000 });
      lap(`${kind}: squiggle`);

      const problems = await workbench.openProblems();
      const row = workbench.problemRows(scenario.rule).first();
      await row.waitFor({ timeout: 30_000 });
      assert.match(await row.innerText(), new RegExp(`${scenario.rule.replace("/", "\\/")}`));
      await workbench.screenshot(path.join(shots, `${kind}-1-squiggle-and-problems.png`));
      lap(`${kind}: Problems panel lists ${scenario.rule}`);
      assert.ok(await problems.isVisible());

      // the finding's start, then the mouse over it
      await workbench.goTo(scenario.line + 1, scenario.character + 1);
      const hover = await workbench.hoverAtCursor(scenario.hover);
      assert.match(await hover.innerText(), scenario.hover);
      // the rule's documentation starts with its id in code style, below the diagnostics
      await workbench.scrollHoverTo(hover, hover.locator("code", { hasText: scenario.rule }).last());
      await workbench.screenshot(path.join(shots, `${kind}-2-hover.png`));
      lap(`${kind}: hover shows the rule documentation`);

      await page.mouse.move(5, 5);
      await workbench.quickFixAtCursor(scenario.fixTitle);
      await workbench.save();
      // The tab turns clean when the save is acknowledged; the file on disk follows right after.
      const changed = await changedOnDisk(file, before);
      assert.notEqual(changed, before, "the file changed on disk");
      for (const pattern of scenario.fixed) assert.match(changed, pattern);
      await workbench.waitForNoProblemRow(scenario.rule, scenario.line + 1);
      await workbench.screenshot(path.join(shots, `${kind}-3-fixed.png`));
      lap(`${kind}: quick fix applied, saved, ${scenario.rule} gone`);
    }
  }
});

/** The file's text once it differs from `before`, or `before` after 10 s. */
async function changedOnDisk(file: string, before: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = readFileSync(file, "utf8");
    if (text !== before || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
