// A stand-in "VS Code executable" for @vscode/test-electron (`runTests({ vscodeExecutablePath })`,
// `useInstallation.fromPath` in .vscode-test.mjs), for machines that cannot download VS Code.
// It accepts the arguments runTests passes (folder, --extensionDevelopmentPath=,
// --extensionTestsPath=, ...), starts the VS Code server that ships inside the code-server npm
// package, opens its workbench in headless Chromium with the test payload, and exits with the
// extension host's exit code (0 when the test runner's run() resolved). The tests themselves run in
// the NODE extension host, exactly as in desktop VS Code.
import { mkdirSync } from "node:fs";
import path from "node:path";
import util from "node:util";
import { launchChromium } from "../support/browser";
import { tools } from "../support/paths";
import { freePort, ProcessGroup, waitForHttp } from "../support/process-group";
import { createSandbox } from "../support/sandbox";

const timeoutMs = Number(process.env.VSCODE_SHIM_TIMEOUT_MS ?? 600_000);
/** Workbench log lines that are noise on an offline machine. */
const noise =
  /^(Resolving|Resolved|Creating a socket|\[reconnection|\[AgentHost|\[ChatModel|\[AccountPolicy|Updating additional|Ignoring fetching additional|\[Service Worker\]|Failed: getaddrinfo ENOTFOUND|\[Extension Host\] Error: getaddrinfo)/;

const started = Date.now();
/** Progress lines on stderr with VSCODE_SHIM_TIMING=1. */
function lap(what: string): void {
  if (process.env.VSCODE_SHIM_TIMING) console.error(`[vscode-shim ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
}

async function main(): Promise<number> {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  for (const arg of process.argv.slice(2)) {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (match) options.set(match[1]!, [...(options.get(match[1]!) ?? []), match[2]!]);
    else if (!arg.startsWith("--")) positional.push(arg);
  }
  const developmentPaths = options.get("extensionDevelopmentPath") ?? [];
  const testsPath = options.get("extensionTestsPath")?.[0];
  if (developmentPaths.length === 0 || !testsPath) {
    console.error("vscode-shim: need --extensionDevelopmentPath= and --extensionTestsPath=");
    return 2;
  }
  const folder = positional[0] ? path.resolve(positional[0]) : undefined;

  // runTests' own --user-data-dir/--extensions-dir point into .vscode-test/ of the cwd: use a
  // private sandbox instead, removed afterwards.
  const sandbox = createSandbox("vscode-shim");
  mkdirSync(path.join(sandbox.root, "server-data"), { recursive: true });
  const port = await freePort();
  const server = new ProcessGroup(
    tools.node24,
    [
      tools.vscodeServerMain,
      "--host", "127.0.0.1",
      "--port", String(port),
      "--without-connection-token",
      // without it a built workbench ignores the extensionDevelopmentPath/extensionTestsPath payload
      "--enable-smoke-test-driver",
      "--accept-server-license-terms",
      "--disable-telemetry",
      "--disable-workspace-trust",
      "--server-data-dir", path.join(sandbox.root, "server-data"),
      "--user-data-dir", sandbox.userDataDir,
      "--extensions-dir", sandbox.extensionsDir,
    ],
    sandbox.env,
  );
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, server, 60_000);
    lap(`VS Code server up on 127.0.0.1:${port}`);
    browser = await launchChromium(sandbox.env);
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction("codeAutomationLog", (type: string, args: unknown[]) => {
      const line = util.format(...(args ?? []));
      if (process.env.VSCODE_SHIM_VERBOSE || !noise.test(line)) {
        const stamp = process.env.VSCODE_SHIM_TIMING ? `[${((Date.now() - started) / 1000).toFixed(1)}s] ` : "";
        (type === "error" ? console.error : console.log)(stamp + line);
      }
    });
    await page.exposeFunction("codeAutomationExit", (code: number) => reportExit(code));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = JSON.stringify([
      ...developmentPaths.map((p) => ["extensionDevelopmentPath", remote(p)]),
      ["extensionTestsPath", remote(testsPath)],
      ["skipWelcome", "true"],
    ]);
    const where = folder
      ? `${folder.endsWith(".code-workspace") ? "workspace" : "folder"}=${encodeURIComponent(folder)}`
      : "ew=true";
    await page.goto(`http://127.0.0.1:${port}/?${where}&payload=${encodeURIComponent(payload)}`);
    lap("workbench loading; the tests run in the extension host");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`vscode-shim: no result within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
  } catch (error) {
    console.error(error instanceof Error ? error.stack : String(error));
    console.error(server.log);
    return 1;
  } finally {
    lap("tests finished; stopping");
    await browser?.close().catch(() => undefined);
    await server.stop();
    if (process.env.VSCODE_SHIM_SERVER_LOG) {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(process.env.VSCODE_SHIM_SERVER_LOG, server.log);
    }
    sandbox.remove();
    lap("stopped");
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
