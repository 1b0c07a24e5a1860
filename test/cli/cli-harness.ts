/**
 * Runs the BUILT CLI (dist/cli.js, what `bin.scaleout-lint` ships) as a child process on
 * temporary folders. `npm test` builds first; a missing bundle is built here once.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const cliPath = join(repoRoot, "dist", "cli.js");

if (!existsSync(cliPath)) execFileSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "ignore" });

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment without the variables that change colors, so every test states what it wants. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

/** `input` is written to the CLI's standard input (closed at once when absent). */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, input?: string): CliOutcome {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: { ...baseEnv(), ...env }, encoding: "utf8", timeout: 60_000, input: input ?? "" });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder holding `files` (relative name → text); removed by the returned cleanup. */
export function tempProject(files: Record<string, string>): { dir: string; read(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-cli-"));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, "utf8");
  }
  return {
    dir,
    read: (name) => readFileSync(join(dir, name), "utf8"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A `.scaleout.yaml` that turns every registered rule off except the ones a test is about. */
export function onlyRulesConfig(allIds: readonly string[], keep: readonly string[]): string {
  const lines = ["rules:"];
  for (const id of allIds) if (!keep.includes(id)) lines.push(`  ${id}: off`);
  return `${lines.join("\n")}\n`;
}
