/**
 * One server on one input, over stdio with the shared LSP client: initialize, first diagnostics
 * after didOpen, edit → diagnostics, hover, two checks that the server really diagnoses, peak RSS.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { LspTestClient } from "../../test/lsp/helpers/lsp-client";
import type { BenchInput, Edit } from "./inputs";
import type { ServerSpec } from "./servers";

export interface RunResult {
  server: ServerSpec["id"];
  input: string;
  /** Set when the server failed on this input (timeout, crash); the figures so far are kept. */
  error?: string;
  initializeMs?: number;
  firstDiagnosticsMs?: number;
  firstDiagnosticsCount?: number;
  editMs: number[];
  /** Publications for the main file beyond one per edit (would make "next publication" ambiguous). */
  extraPublications: number;
  lastDiagnosticsCount?: number;
  /** Size of the last publishDiagnostics for the file after the edits, as JSON (bytes). */
  lastPublicationBytes?: number;
  /** Related locations in that publication, over all its diagnostics. */
  lastRelatedLocations?: number;
  hoverMs: number[];
  hoverAnswers: number;
  /** Diagnostics after an edit that breaks the YAML syntax / the Compose schema. */
  syntaxErrorCount?: number;
  schemaErrorCount?: number;
  peakRssKiB?: number;
  /** Server CPU (user + system from /proc/<pid>/stat, 10 ms ticks): didOpen → first diagnostics; per edit (mean over the edit loop); the whole session. */
  openCpuMs?: number;
  editCpuMs?: number;
  totalCpuMs?: number;
  configurationRequests: number;
}

const live = new Set<LspTestClient>();

/** Kills every server still running (on a harness error or Ctrl-C). */
export function killAll(): void {
  for (const client of live) if (client.alive) client.child.kill("SIGKILL");
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function peakRssKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time the process has used (user + system, all threads), ms; USER_HZ is 100 on Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const minus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);

export interface Timeouts {
  firstMs: number;
  editMs: number;
}

export async function measure(spec: ServerSpec, input: BenchInput, timeouts: Timeouts): Promise<RunResult> {
  const result: RunResult = { server: spec.id, input: input.id, editMs: [], extraPublications: 0, hoverMs: [], hoverAnswers: 0, configurationRequests: 0 };
  let client: LspTestClient | undefined;
  try {
    client = await LspTestClient.start({ ...spec.start, files: input.files, clientName: "scaleout-bench" });
    live.add(client);
    result.initializeMs = client.initializeMs;
    // Let every server read its settings (workspace/configuration) before the document opens,
    // so no server answers the open with a settings-less validation.
    await sleep(300);
    const c = client;
    const name = input.main;
    const uri = c.uri(name);
    /** Waits for this version's publication (or, unversioned, the next one after the mark). */
    const answer = async (mark: number, version: number | undefined, timeoutMs: number): Promise<number> => {
      await c.diagnosticsAfter(mark, name, () => version === undefined || c.latest(name)?.version === version, timeoutMs);
      return c.latest(name)?.diagnostics.length ?? 0;
    };
    const publicationsAfter = (mark: number): number => c.published.filter((p) => p.seq > mark && p.params.uri === uri).length;
    const text = input.files[name];

    const pid = c.child.pid;
    const mark = c.mark();
    let cpu0 = cpuMs(pid);
    let started = performance.now();
    await c.open(name, text, spec.languageId(input));
    result.firstDiagnosticsCount = await answer(mark, spec.versioned ? 1 : undefined, timeouts.firstMs);
    result.firstDiagnosticsMs = performance.now() - started;
    result.openCpuMs = minus(cpuMs(pid), cpu0);
    // A second publication for the open (e.g. after a late schema load) must not answer the first edit.
    await sleep(300);

    const editOnce = async (edit: Edit, timeoutMs: number): Promise<{ ms: number; count: number }> => {
      const before = c.mark();
      const t0 = performance.now();
      const version = await c.edit(name, edit.range, edit.text);
      const count = await answer(before, spec.versioned ? version : undefined, timeoutMs);
      const ms = performance.now() - t0;
      // A short pause between edits, as between keystrokes; late extra publications are counted.
      await sleep(25);
      result.extraPublications += Math.max(0, publicationsAfter(before) - 1);
      return { ms, count };
    };
    cpu0 = cpuMs(pid);
    for (const edit of input.edits) {
      const { ms, count } = await editOnce(edit, timeouts.editMs);
      result.editMs.push(ms);
      result.lastDiagnosticsCount = count;
    }
    const editCpu = minus(cpuMs(pid), cpu0);
    result.lastPublicationBytes = JSON.stringify(c.latest(name) ?? {}).length;
    result.lastRelatedLocations = (c.latest(name)?.diagnostics ?? []).reduce((sum, d) => sum + (d.relatedInformation?.length ?? 0), 0);
    result.editCpuMs = editCpu === undefined ? undefined : editCpu / input.edits.length;

    for (const position of input.hovers) {
      started = performance.now();
      const hover = await c.hover(name, position.line, position.character);
      result.hoverMs.push(performance.now() - started);
      if (hover && JSON.stringify(hover.contents).length > 2) result.hoverAnswers++;
    }

    // Does the server really diagnose? A schema error (Compose only), then a syntax error.
    if (input.schemaError) result.schemaErrorCount = (await editOnce(input.schemaError, timeouts.editMs)).count;
    result.syntaxErrorCount = (await editOnce(input.syntaxError, timeouts.editMs)).count;
    result.peakRssKiB = peakRssKiB(pid);
    result.totalCpuMs = cpuMs(pid);
  } catch (error) {
    result.error = (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
    if (client) result.peakRssKiB ??= peakRssKiB(client.child.pid);
  } finally {
    if (client) {
      result.configurationRequests = client.configurationRequests;
      await client.stop();
      if (client.alive) client.child.kill("SIGKILL");
      live.delete(client);
    }
  }
  return result;
}
