// Bundles the three shipped files. `node esbuild.mjs` (npm run build); `--watch` rebuilds on change.
//   dist/extension.js  the VS Code client (`vscode` is provided by the editor)
//   dist/server.js     the language server: `--stdio` for any editor, IPC when the client starts it;
//                      executable with a shebang (the npm package's `scaleout-lint-server` bin)
//   dist/cli.js        the CLI, executable, with a shebang
// Type-checking is separate (`npm run typecheck`): esbuild only strips types.
import { chmod, readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

const { version } = JSON.parse(await readFile(new URL("./package.json", import.meta.url), "utf8"));

/** @type {esbuild.Plugin} the CLI and the server are run directly (`bin`), in watch mode too */
const executable = {
  name: "executable",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length === 0 && build.initialOptions.outfile) await chmod(build.initialOptions.outfile, 0o755);
    });
  },
};

const watch = process.argv.includes("--watch");

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  // the server reports it as serverInfo.version, the CLI in --version
  define: { "process.env.SCALEOUT_VERSION": JSON.stringify(version) },
};

const bundles = [
  {
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    // how long the bundle takes to load: activation time = loading + activate(), as VS Code counts it
    banner: { js: "var __scaleoutLoadStart=performance.now();" },
    footer: { js: "var __scaleoutLoadEnd=performance.now();" },
  },
  { entryPoints: ["server/src/lsp/server.ts"], outfile: "dist/server.js", banner: { js: "#!/usr/bin/env node" }, plugins: [executable] },
  { entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" }, plugins: [executable] },
];

const started = performance.now();
if (watch) {
  for (const bundle of bundles) {
    const context = await esbuild.context({ ...common, ...bundle, logLevel: "info" });
    await context.watch();
  }
  console.log("esbuild: watching client/src and server/src");
} else {
  await Promise.all(bundles.map((bundle) => esbuild.build({ ...common, ...bundle })));
  console.log(`esbuild: ${bundles.map((b) => b.outfile).join(", ")} in ${Math.round(performance.now() - started)} ms`);
}
