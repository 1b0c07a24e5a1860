import { execFileSync } from "node:child_process";
import path from "node:path";
import { tools } from "./paths";
import { freePort, ProcessGroup, waitForHttp } from "./process-group";
import { createSandbox, type Sandbox } from "./sandbox";

export interface CodeServer {
  /** The workbench URL with the workspace folder open. */
  readonly url: string;
  readonly port: number;
  readonly sandbox: Sandbox;
  readonly process: ProcessGroup;
  /** Milliseconds `--install-extension` took. */
  readonly installMs: number;
  /** Stops code-server and everything it spawned, then deletes the sandbox. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  readonly vsix: string;
  readonly workspace: string;
  readonly settings?: Record<string, unknown>;
  /** Defaults to a free loopback port. */
  readonly port?: number;
  /** Keep the sandbox folder (for debugging). */
  readonly keepSandbox?: boolean;
}

/** code-server runs on Node 24; the project and its tests on Node 20. */
function codeServerEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const node24Bin = path.dirname(tools.node24);
  return { ...sandbox.env, PATH: `${node24Bin}${path.delimiter}${sandbox.env.PATH ?? ""}` };
}

/**
 * Installs the VSIX into a private extensions folder and starts code-server on loopback, without
 * auth, telemetry or update checks, detached in its own process group.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const sandbox = createSandbox("code-server", options.settings);
  const env = codeServerEnv(sandbox);
  const common = ["--user-data-dir", sandbox.userDataDir, "--extensions-dir", sandbox.extensionsDir];
  const installStart = Date.now();
  try {
    execFileSync(tools.codeServer, [...common, "--install-extension", options.vsix], { env, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    sandbox.remove();
    const detail = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`code-server --install-extension failed: ${detail.message}\n${detail.stdout ?? ""}${detail.stderr ?? ""}`);
  }
  const installMs = Date.now() - installStart;
  const port = options.port ?? (await freePort());
  const group = new ProcessGroup(
    tools.codeServer,
    [
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      "--log", "info",
      ...common,
      options.workspace,
    ],
    env,
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, group, 60_000);
  } catch (error) {
    await group.stop();
    if (!options.keepSandbox) sandbox.remove();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`,
    port,
    sandbox,
    process: group,
    installMs,
    async stop() {
      await group.stop();
      if (!options.keepSandbox) sandbox.remove();
    },
  };
}
