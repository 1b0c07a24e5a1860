import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { paths, repoRoot, tools } from "./paths";

/** What a headless editor driver (nvim/e2e.lua, emacs/e2e.el) reports. */
export interface EditorReport {
  errors: string[];
  filetype?: string;
  mode?: string;
  diagnostics: { code: string; severity: number; line: number; col: number; message: string; source?: string }[];
  hover?: string;
  actions?: string[];
  applied?: string;
  text?: string;
  /** Wall time of the editor process. */
  ms: number;
  /** The file as it is on disk after the editor quit. */
  onDisk: string;
}

/** A private copy of examples/ the editors may change. */
export function scratchExamples(): { dir: string; remove(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "scaleout-examples-"));
  const dir = path.join(root, "examples");
  cpSync(paths.examples, dir, { recursive: true });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

async function drive(
  editor: "nvim" | "emacs",
  file: string,
  rule: string | undefined,
  save: boolean,
): Promise<EditorReport> {
  const sandbox = mkdtempSync(path.join(os.tmpdir(), `scaleout-${editor}-`));
  const out = path.join(sandbox, "report.json");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: sandbox,
    XDG_CONFIG_HOME: path.join(sandbox, "config"),
    XDG_DATA_HOME: path.join(sandbox, "data"),
    XDG_STATE_HOME: path.join(sandbox, "state"),
    XDG_CACHE_HOME: path.join(sandbox, "cache"),
    SCALEOUT_SERVER: paths.serverBundle,
    SCALEOUT_FILE: file,
    SCALEOUT_E2E_OUT: out,
    SCALEOUT_SAVE: save ? "1" : "",
    ...(rule ? { SCALEOUT_RULE: rule } : {}),
  };
  const started = Date.now();
  const driver = path.join(repoRoot, "test/e2e", editor, editor === "nvim" ? "e2e.lua" : "e2e.el");
  const { output } =
    editor === "nvim"
      ? await run(tools.nvim, ["--headless", "-n", "-i", "NONE", "-u", driver], env, 60_000)
      : await run(tools.emacs, ["--batch", "-Q", "-l", driver], env, 60_000);
  const ms = Date.now() - started;
  try {
    const report = JSON.parse(readFileSync(out, "utf8")) as Omit<EditorReport, "ms" | "onDisk">;
    // Emacs reports the diagnostics as the server sent them (LSP ranges), Neovim as vim.diagnostic
    const diagnostics = (report.diagnostics ?? []).map((d) => {
      const raw = d as typeof d & { range?: { start: { line: number; character: number } } };
      return raw.range ? { ...d, line: raw.range.start.line, col: raw.range.start.character } : d;
    });
    return { ...report, errors: report.errors ?? [], diagnostics, ms, onDisk: readFileSync(file, "utf8") };
  } catch {
    throw new Error(`${editor} wrote no report; its output:\n${output}`);
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

export const runNeovim = (file: string, rule?: string, save = true) => drive("nvim", file, rule, save);
export const runEmacs = (file: string, rule?: string, save = true) => drive("emacs", file, rule, save);
