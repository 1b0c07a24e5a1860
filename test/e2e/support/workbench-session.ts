import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { startCodeServer, type CodeServer } from "./code-server";
import { scratchExamples } from "./editors";
import { missingTools, paths } from "./paths";
import { Workbench } from "./workbench";

/** code-server with the packaged VSIX over a scratch copy of examples/, and Chromium on its workbench. */
export interface WorkbenchSession {
  server: CodeServer;
  /** The scratch copy of examples/ the workbench has open. */
  examplesDir: string;
  page: Page;
  workbench: Workbench;
  /** Closes the browser, keeps the server's log as test-results/<logName>, stops the server, removes the scratch copy. */
  close(): Promise<void>;
}

export async function openWorkbenchSession(options: { shots: string; logName: string; lap?: (what: string) => void }): Promise<WorkbenchSession> {
  assert.equal(missingTools("codeServer", "node24", "chromium"), undefined);
  assert.ok(existsSync(paths.vsix), `${paths.vsix} is missing: npm run package`);
  mkdirSync(options.shots, { recursive: true });
  const examples = scratchExamples();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server) {
      writeFileSync(path.join(paths.results, options.logName), server.process.log);
      await server.stop();
    }
    examples.remove();
  };
  try {
    server = await startCodeServer({ vsix: paths.vsix, workspace: examples.dir });
    options.lap?.(`VSIX installed in ${server.installMs} ms; code-server listening on 127.0.0.1:${server.port}`);
    browser = await launchChromium(server.sandbox.env);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const workbench = new Workbench(page);
    await workbench.load(server.url);
    options.lap?.("workbench loaded with examples/ open");
    return { server, examplesDir: examples.dir, page, workbench, close };
  } catch (error) {
    await close();
    throw error;
  }
}
