import path from "node:path";
import type { Locator, Page } from "playwright-core";

/**
 * What a user does in the VS Code workbench, through its own UI only (keyboard, Quick Open, the
 * command palette, the mouse), for the code-server tests. Selectors are the workbench's DOM classes.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
    await this.page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60_000 });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
  async openFile(relativePath: string): Promise<Locator> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+P");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 15_000 });
    await input.fill(relativePath);
    const name = path.basename(relativePath);
    const row = this.page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
    await row.waitFor({ timeout: 15_000 });
    await this.page.keyboard.press("Enter");
    await this.page.locator(".tab.active", { hasText: name }).waitFor({ timeout: 30_000 });
    const editor = this.activeEditor();
    await editor.locator(".view-lines").waitFor({ timeout: 30_000 });
    return editor;
  }

  activeEditor(): Locator {
    return this.page.locator(".editor-group-container.active .monaco-editor").first();
  }

  /** Runs a command by its title through the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 15_000 });
    await input.fill(`>${title}`);
    await this.page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press("Enter");
  }

  /** The text of the output channel currently shown in the Output panel. */
  async outputText(): Promise<string> {
    const view = this.page.locator(".panel .output-view .view-lines, .part.panel .monaco-editor .view-lines").first();
    await view.waitFor({ timeout: 15_000 });
    return (await view.innerText()).replace(/\u00a0/g, " ");
  }

  /** Waits until the Output panel shows text matching `pattern`; returns the text. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    while (Date.now() < deadline) {
      text = await this.outputText().catch(() => "");
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`output channel never matched ${pattern}; it shows:\n${text}`);
  }

  statusItem(label = "Scale-out Lint"): Locator {
    return this.page.locator(".part.statusbar .statusbar-item", { hasText: label }).first();
  }

  /** Squiggles of the active editor: `error`, `warning`, `info` or `hint`. */
  squiggles(kind: "error" | "warning" | "info" | "hint" | "any" = "any"): Locator {
    const selector = kind === "any" ? ".squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint" : `.squiggly-${kind}`;
    return this.activeEditor().locator(selector);
  }

  async openProblems(): Promise<Locator> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+Shift+M");
    const panel = this.page.locator(".markers-panel");
    await panel.waitFor({ timeout: 15_000 });
    return panel;
  }

  problemRows(hasText?: string | RegExp): Locator {
    return this.page.locator(".markers-panel .monaco-list-row", hasText ? { hasText } : {});
  }

  /** Moves the mouse over the middle of `target` and returns the hover widget that appears. */
  async hover(target: Locator, hasText?: string | RegExp): Promise<Locator> {
    const box = await target.boundingBox();
    if (!box) throw new Error("hover target is not visible");
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = this.page.locator(".monaco-hover:not(.hidden)", hasText ? { hasText } : {}).first();
    await hover.waitFor({ timeout: 20_000 });
    return hover;
  }

  /** Moves the cursor with Go to Line/Column (Ctrl+G), 1-based like the status bar. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press("Control+G");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 15_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".statusbar-item", { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 15_000 });
  }

  /** Moves the mouse just right of the cursor (over the text there) and waits for the hover. */
  async hoverAtCursor(hasText?: string | RegExp): Promise<Locator> {
    const cursor = this.activeEditor().locator(".cursor").first();
    const box = await cursor.boundingBox();
    if (!box) throw new Error("no cursor in the active editor");
    await this.page.mouse.move(box.x + 12, box.y + box.height / 2);
    const hover = this.page.locator(".monaco-hover:not(.hidden)", hasText ? { hasText } : {}).first();
    await hover.waitFor({ timeout: 20_000 });
    return hover;
  }

  /**
   * Scrolls the hover (the mouse inside it keeps it open) until `part` is in its upper half:
   * VS Code lists the diagnostics first and the language server's hover below them.
   */
  async scrollHoverTo(hover: Locator, part: Locator): Promise<void> {
    const box = await hover.boundingBox();
    if (!box) return;
    await this.page.mouse.move(box.x + box.width / 2, box.y + 8);
    // the widget keeps its scroll position between hovers: scroll whichever way is needed
    for (let i = 0; i < 40; i++) {
      const partBox = await part.boundingBox().catch(() => null);
      if (!partBox) return;
      // the part just below the top edge, under the heading it belongs to
      const delta = partBox.y - (box.y + 40);
      if (Math.abs(delta) < 25) return;
      await this.page.mouse.wheel(0, Math.max(-400, Math.min(400, delta)));
      await this.page.waitForTimeout(50);
    }
  }

  /** Opens the editor's quick-fix menu at the cursor (Ctrl+.) and picks the action titled `title`. */
  async quickFixAtCursor(title: string | RegExp): Promise<void> {
    await this.page.keyboard.press("Control+.");
    const item = this.page.locator(".action-widget .monaco-list-row", { hasText: title }).first();
    await item.waitFor({ timeout: 20_000 });
    await item.click();
  }

  /** Waits until the Problems panel has no row for `rule` at `line` (1-based). */
  async waitForNoProblemRow(rule: string, line: number, timeoutMs = 30_000): Promise<void> {
    const rows = this.problemRows(rule).filter({ hasText: `[Ln ${line},` });
    const deadline = Date.now() + timeoutMs;
    while ((await rows.count()) > 0) {
      if (Date.now() > deadline) throw new Error(`${rule} at line ${line} is still in the Problems panel`);
      await this.page.waitForTimeout(200);
    }
  }

  /**
   * Saves the active editor once it holds an unsaved change. A quick fix is applied after the
   * click that chose it returns: saving before the edit lands saved nothing, and the test then
   * read the old text from disk (the flake seen on a fresh clone).
   */
  async save(): Promise<void> {
    await this.page.locator(".tab.active.dirty").waitFor({ state: "attached", timeout: 15_000 });
    await this.page.keyboard.press("Control+S");
    await this.page.locator(".tab.active.dirty").waitFor({ state: "detached", timeout: 15_000 });
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  private async focusWorkbench(): Promise<void> {
    // a click on the editor area gives the workbench keyboard focus without changing anything
    await this.page.locator(".monaco-workbench").focus().catch(() => undefined);
  }
}
