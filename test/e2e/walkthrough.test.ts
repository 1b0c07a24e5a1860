// The walkthrough in real VS Code: code-server with the packaged VSIX installed, "Welcome: Open
// Walkthrough..." from the command palette, our walkthrough picked by its title: its three steps
// are listed and each step's Markdown page (packed in the VSIX) is rendered. Screenshot in
// test-results/code-server/walkthrough.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { paths, repoRoot } from "./support/paths";
import type { Workbench } from "./support/workbench";
import { openWorkbenchSession, type WorkbenchSession } from "./support/workbench-session";

const shots = path.join(paths.results, "code-server");
const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  contributes: { walkthroughs: { title: string; steps: { title: string; media: { markdown: string } }[] }[] };
};
const walkthrough = manifest.contributes.walkthroughs[0];

/** The first line of a step's Markdown page after its heading, as the rendered page shows it. */
function firstParagraph(markdown: string): string {
  const text = readFileSync(path.join(repoRoot, markdown), "utf8");
  return text.split("\n\n")[1].split("\n")[0].replace(/`|\*\*/g, "").trim();
}

describe("VS Code (code-server) — the walkthrough", () => {
  let session: WorkbenchSession | undefined;
  let page: Page;
  let workbench: Workbench;

  before(async () => {
    session = await openWorkbenchSession({ shots, logName: "code-server-walkthrough.log" });
    ({ page, workbench } = session);
  });

  after(async () => {
    await session?.close();
  });

  test("Welcome: Open Walkthrough lists it; its three steps show their pages", async () => {
    try {
      await workbench.runCommand("Welcome: Open Walkthrough...");
      const input = page.locator(".quick-input-widget input");
      await input.fill(walkthrough.title);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: walkthrough.title }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press("Enter");

      const container = page.locator(".gettingStartedContainer");
      await container.locator(".gettingStartedSlideDetails", { hasText: walkthrough.title }).first().waitFor({ timeout: 30_000 });
      const steps = container.locator(".getting-started-step .step-title");
      await steps.first().waitFor({ timeout: 15_000 });
      assert.deepEqual(
        (await steps.allInnerTexts()).map((t) => t.trim()).filter(Boolean),
        walkthrough.steps.map((s) => s.title),
      );

      for (const [i, step] of walkthrough.steps.entries()) {
        await container.locator(".getting-started-step .step-title", { hasText: step.title }).first().click();
        const expected = firstParagraph(step.media.markdown);
        await waitForFrameText(page, expected);
        if (i === 0) await workbench.screenshot(path.join(shots, "walkthrough.png"));
      }
    } catch (error) {
      await workbench.screenshot(path.join(shots, "walkthrough-failed.png")).catch(() => undefined);
      throw error;
    }
  });
});

/** The Markdown media is rendered in a webview (nested iframes): waits until one frame shows `text`. */
async function waitForFrameText(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  while (Date.now() < deadline) {
    seen.length = 0;
    for (const frame of page.frames()) {
      const body = await frame.locator("body").innerText({ timeout: 1_000 }).catch(() => "");
      const flat = body.replace(/\s+/g, " ");
      if (flat.includes(text)) return;
      if (flat.trim()) seen.push(flat.slice(0, 120));
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no frame shows "${text}"; frames show:\n${seen.join("\n")}`);
}
