/**
 * The workspace index: "Scale-out Lint: Lint the whole workspace" on a generated workspace of
 * 1,000 deployment files (stack folders, each a small Compose stack from gen-compose.mjs scaled
 * by `${APP_REPLICAS}` from its `.env`) around the N=150 stack, which is opened and typed in.
 * Measures the scan (command → result, with its work-done progress) and edit → diagnostics of
 * the typed-in file while the scan runs, against the same edits without it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LspTestClient } from "../../test/lsp/helpers/lsp-client";
import type { BenchInput } from "./inputs";
import { median } from "./stats";

export interface IndexResult {
  files: number;
  /** Command → result of a scan with nothing else to do. */
  indexMs?: number;
  projects?: number;
  /** `$/progress` notifications of that scan: begin, reports, end. */
  progress?: { begin: number; report: number; end: number };
  /** Edit → diagnostics of the open N=150 stack, before any scan and while one runs. */
  editMs: number[];
  editWhileIndexingMs: number[];
  /** The scan that ran while typing: command → result. */
  indexWhileTypingMs?: number;
  error?: string;
}

const LINT_WORKSPACE = "scaleout.lintWorkspace";
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The N=150 input plus `count` deployment files in stack folders (`count / 2` folders of compose.yaml + .env). */
export function indexWorkspace(sharedDir: string, main: BenchInput, count: number): Record<string, string> {
  const stack = execFileSync(process.execPath, [join(sharedDir, "bench", "gen-compose.mjs"), "2"], { encoding: "utf8" }).replace(/replicas: 1\b/g, "replicas: ${APP_REPLICAS}");
  const files: Record<string, string> = { ...main.files };
  for (let i = 0; i < count / 2; i++) {
    const dir = `stacks/site-${String(i).padStart(4, "0")}`;
    files[`${dir}/compose.yaml`] = stack;
    files[`${dir}/.env`] = `APP_REPLICAS=${1 + (i % 4)}\nDB_PASSWORD=secret${i}\n`;
  }
  return files;
}

async function started(files: Record<string, string>): Promise<LspTestClient> {
  const client = await LspTestClient.start({ files, clientName: "scaleout-bench", workDoneProgress: true });
  await sleep(300);
  return client;
}

export async function measureIndex(sharedDir: string, main: BenchInput, count: number): Promise<IndexResult> {
  const files = indexWorkspace(sharedDir, main, count);
  const result: IndexResult = { files: Object.keys(files).length, editMs: [], editWhileIndexingMs: [] };
  const clients: LspTestClient[] = [];
  try {
    // 1. The scan alone, in a fresh server.
    const alone = await started(files);
    clients.push(alone);
    let t0 = performance.now();
    const scanned = (await alone.executeCommand(LINT_WORKSPACE)) as { files: number; projects: number; cancelled: boolean };
    result.indexMs = performance.now() - t0;
    result.projects = scanned.projects;
    const kinds = alone.progress.map((p) => p.value.kind);
    result.progress = { begin: kinds.filter((k) => k === "begin").length, report: kinds.filter((k) => k === "report").length, end: kinds.filter((k) => k === "end").length };
    await alone.stop();

    // 2. Typing in the N=150 stack, without a scan and then while one runs (a fresh server).
    const c = await started(files);
    clients.push(c);
    const name = main.main;
    let mark = c.mark();
    await c.open(name, files[name]);
    await c.diagnosticsAfter(mark, name, () => c.latest(name)?.version === 1, 60_000);
    await sleep(300);
    let k = 0;
    const editOnce = async (): Promise<number> => {
      const edit = main.edits[k++ % main.edits.length];
      const before = c.mark();
      const start = performance.now();
      const version = await c.edit(name, edit.range, edit.text);
      await c.diagnosticsAfter(before, name, () => c.latest(name)?.version === version, 20_000);
      const ms = performance.now() - start;
      await sleep(25);
      return ms;
    };
    // Warm-up (JIT, caches) first, so neither phase pays for it.
    for (let i = 0; i < main.edits.length; i++) await editOnce();
    for (let i = 0; i < main.edits.length; i++) result.editMs.push(await editOnce());
    // Keep the plan's toggles in step: an even number of edits leaves the text as it started.
    if (k % 2 === 1) await editOnce();
    mark = c.progress.length;
    t0 = performance.now();
    let done = false;
    const scan = c.executeCommand(LINT_WORKSPACE).then(() => {
      result.indexWhileTypingMs = performance.now() - t0;
      done = true;
    });
    await c.until(() => c.progress.length > mark, "the scan's progress to begin", 60_000);
    // Edits counted only while the scan runs; an edit answered after it ended is left out.
    while (!done && result.editWhileIndexingMs.length < 400) {
      const ms = await editOnce();
      if (!done && !c.progress.slice(mark).some((p) => p.value.kind === "end")) result.editWhileIndexingMs.push(ms);
    }
    await scan;
  } catch (error) {
    result.error = (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
  } finally {
    for (const client of clients) {
      await client.stop().catch(() => undefined);
      if (client.alive) client.child.kill("SIGKILL");
    }
  }
  return result;
}

export function summarizeIndex(r: IndexResult): string {
  return `index of ${r.files} files: ${r.indexMs?.toFixed(0) ?? "—"} ms (${r.projects ?? "—"} projects; progress ${r.progress ? `${r.progress.begin} begin, ${r.progress.report} report, ${r.progress.end} end` : "—"}); edit median ${median(r.editMs).toFixed(1)} ms without, ${median(r.editWhileIndexingMs).toFixed(1)} ms while indexing (${r.editWhileIndexingMs.length} edits, scan ${r.indexWhileTypingMs?.toFixed(0) ?? "—"} ms)${r.error ? `; error: ${r.error}` : ""}`;
}
