// `npm run demo`: code-server with the packaged extension installed, on a scratch copy of
// examples/ (so trying the quick fixes leaves the repository alone), in a private sandbox. Prints
// the URL and runs until Ctrl-C. DEMO_PORT (default 8080) sets the port, DEMO_WORKSPACE opens another
// folder in place. It listens on 127.0.0.1 only.
import { existsSync } from "node:fs";
import { startCodeServer } from "./support/code-server";
import { scratchExamples } from "./support/editors";
import { missingTools, paths } from "./support/paths";

async function main(): Promise<void> {
  const missing = missingTools("codeServer", "node24");
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  if (!existsSync(paths.vsix)) {
    console.error(`${paths.vsix} is missing: run npm run package`);
    process.exit(1);
  }
  const scratch = process.env.DEMO_WORKSPACE ? undefined : scratchExamples();
  const workspace = process.env.DEMO_WORKSPACE ?? scratch!.dir;
  const port = Number(process.env.DEMO_PORT ?? 8080);
  const server = await startCodeServer({ vsix: paths.vsix, workspace, port });
  console.log(`Scale-out Lint demo: open ${server.url}`);
  console.log(`  workspace: ${workspace}${scratch ? " (a scratch copy of examples/)" : ""}`);
  console.log(`  extension: ${paths.vsix}, installed in ${server.installMs} ms`);
  console.log(`  from another machine: ssh -L ${port}:127.0.0.1:${port} this-host, then the same URL. Ctrl-C stops it.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping code-server…");
    await server.stop();
    scratch?.remove();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.process.child.once("exit", (code) => {
    if (stopping) return;
    console.error(`code-server exited (${code}):\n${server.process.log}`);
    scratch?.remove();
    process.exit(1);
  });
}

void main();
