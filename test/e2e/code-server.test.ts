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

  test("completion: the image's variables with their docs, then the values of the one picked", async () => {
    try {
      await showCompose();
      // the end of `- OWNCLOUD_REDIS_HOST=redis`, then a new list item
      await workbench.goTo(16, 34);
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("- OWNCLOUD_SESSION_SAVE_H");
      await page.keyboard.press("Control+Space");
      const suggest = page.locator(".editor-widget.suggest-widget.visible");
      await suggest.locator(".monaco-list-row", { hasText: "OWNCLOUD_SESSION_SAVE_HANDLER" }).first().waitFor({ timeout: 20_000 });
      // the details pane shows the catalog entry, the same text as the hover
      await page.keyboard.press("Control+Space");
      await suggest.locator(".suggest-details", { hasText: "PHP" }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
      await workbench.screenshot(path.join(shots, "completion-1-names.png"));
      await page.keyboard.press("Enter");
      await page.keyboard.press("Escape");
      const line = workbench.activeEditor().locator(".view-line", { hasText: "OWNCLOUD_SESSION_SAVE_HANDLER=" });
      await line.first().waitFor({ timeout: 10_000 });
      lap("completion: a variable name inserted with its `=`");
      // the Redis flag's values, then the Redis host from the project's services
      await page.keyboard.press("Enter");
      await page.keyboard.type("- OWNCLOUD_REDIS_ENABLED=");
      await page.keyboard.press("Control+Space");
      await suggest.locator(".monaco-list-row", { hasText: "false" }).first().waitFor({ timeout: 20_000 });
      assert.ok(await suggest.locator(".monaco-list-row", { hasText: "true" }).first().isVisible());
      await workbench.screenshot(path.join(shots, "completion-2-values.png"));
      lap("completion: the values of a boolean");
      await page.keyboard.press("Escape");
      await workbench.runCommand("File: Revert File");
    } catch (error) {
      await workbench.screenshot(path.join(shots, "completion-failed.png")).catch(() => undefined);
      throw error;
    }
  });

  test("hover on ${VAR}: the value from .env and where it was set; a finding's link opens its page", async () => {
    try {
      await showCompose();
      // `${APP_REPLICAS}` of `replicas: ${APP_REPLICAS}`
      await workbench.goTo(7, 20);
      // the env scenario left APP_REPLICAS=4 in .env
      const hover = await workbench.hoverAtCursor(/Effective replicas of owncloud: 4/);
      const text = await hover.innerText();
      assert.match(text, /\$\{APP_REPLICAS\} = 4 — set in \.env:\d+/);
      await workbench.scrollHoverTo(hover, hover.locator("p", { hasText: "Effective replicas" }).first());
      await workbench.screenshot(path.join(shots, "hover-variable-and-replicas.png"));
      lap("hover: ${APP_REPLICAS} resolved from .env, effective replicas");
      // the rule link of a finding is a command link that opens the bundled page beside the file
      await page.mouse.move(5, 5);
      await workbench.goTo(4, 3);
      const findingHover = await workbench.hoverAtCursor(/cron\/multiple-runners/);
      const link = findingHover.locator("a", { hasText: "cron/multiple-runners" }).last();
      await workbench.scrollHoverTo(findingHover, link);
      await link.click();
      await page.locator(".tab", { hasText: /multiple-runners/ }).first().waitFor({ timeout: 30_000 });
      await workbench.screenshot(path.join(shots, "hover-rule-link-opened.png"));
      lap("hover: the rule link opened the rule's page");
    } catch (error) {
      await workbench.screenshot(path.join(shots, "hover-failed.png")).catch(() => undefined);
      throw error;
    }
  });

  /** The compose example, already open in a tab since its scenario: brought to the front. */
  async function showCompose(): Promise<void> {
    const tab = page.locator(".tab", { hasText: "docker-compose.yml" }).first();
    if (await tab.isVisible()) await tab.click();
    else await workbench.openFile("owncloud-swarm/docker-compose.yml");
    await page.locator(".tab.active", { hasText: "docker-compose.yml" }).waitFor({ timeout: 30_000 });
    await workbench.activeEditor().locator(".view-lines").waitFor({ timeout: 30_000 });
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
      // below the diagnostics: the finding in short, with a link to its rule's page
      await workbench.scrollHoverTo(hover, hover.locator("a", { hasText: scenario.rule }).last());
      await workbench.screenshot(path.join(shots, `${kind}-2-hover.png`));
      lap(`${kind}: hover shows the finding and its rule's link`);

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
