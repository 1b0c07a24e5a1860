/**
 * `npm run bench`: our language server next to yaml-language-server and Microsoft's Compose
 * language service, driven by the same LSP client over stdio, on Compose stacks of 5–300 app
 * stacks, the nextcloud/helm values and a Kubernetes manifest set. Writes bench/results.md.
 *
 *   npm run bench:setup     # once: Node 24 for the peers into bench/node24
 *   npm run bench           # builds dist/, then runs this
 *   node --import tsx scripts/bench/run.ts [--inputs=compose-5,helm-values] [--servers=ours,yamlls]
 *
 * A missed target is reported, not an error: the exit code is non-zero only when the harness fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { serverPath } from "../../test/lsp/helpers/lsp-client";
import type { EngineTimes, ParseTimes } from "./engine";
import { composeInput, findSharedDir, helmInput, k8sInput, repoRoot, type BenchInput } from "./inputs";
import { killAll, measure, type RunResult } from "./measure";
import { node24, serverSpecs, type ServerSpec } from "./servers";
import { fmt, fmtRatio, median, percentile, ratio } from "./stats";
import { type IndexResult, measureIndex, summarizeIndex } from "./workspace-index";

const INDEX_FILES = 1000;

const YAMLLS_DEBOUNCE_MS = 200;

interface Target {
  name: string;
  value: string;
  limit: string;
  met: boolean | undefined;
  note?: string;
}

function arg(name: string): string[] | undefined {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3).split(",").filter(Boolean) : undefined;
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadStart = os.loadavg();
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first (npm run bench does)`);
  const notes: string[] = [];
  const say = (line: string): void => {
    console.log(line);
    notes.push(line);
  };

  const shared = findSharedDir();
  if (!shared.dir) throw new Error(`../shared not found (tried ${shared.tried.join(", ")}); set SCALEOUT_SHARED_DIR`);
  const sharedDir = shared.dir;
  if (sharedDir !== shared.tried[0]) say(`note: ${shared.tried[0]} does not exist; using ${sharedDir} (beside the main checkout)`);
  const schema = join(sharedDir, "anchors", "compose-spec.json");
  const composeSchema = existsSync(schema) ? schema : undefined;

  const only = arg("inputs");
  const onlyServers = arg("servers");
  const inputs: BenchInput[] = [];
  for (const n of [5, 50, 150, 300]) inputs.push(composeInput(sharedDir, n, n >= 300 ? 15 : 20));
  const helm = helmInput(sharedDir, 20);
  if (typeof helm === "string") say(`skip: Helm values input: ${helm}`);
  else inputs.push(helm);
  inputs.push(k8sInput(20));
  const selected = inputs.filter((i) => !only || only.includes(i.id));

  const specs = serverSpecs(composeSchema).filter((s) => !onlyServers || onlyServers.includes(s.id));
  for (const spec of specs) if (spec.skip) say(`skip: ${spec.name}: ${spec.skip}`);
  const running = specs.filter((s) => !s.skip);

  // What an empty Node process costs to start, to read the initialize figures against.
  const startup = new Map<string, number>();
  for (const [label, bin] of [[`Node ${process.versions.node}`, process.execPath], ["Node 24", node24]] as const) {
    if (!existsSync(bin)) continue;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      spawnSync(bin, ["-e", "0"]);
      if (i > 0) times.push(performance.now() - t0);
    }
    startup.set(label, median(times));
  }
  say(`baseline: an empty Node process starts and exits in ${[...startup].map(([l, ms]) => `${fmt(ms, " ms")} (${l})`).join(", ")} (median of 5)`);

  // In-process figures first, in a fresh process, while none of our servers runs.
  console.log("\nin-process: bare yaml parse of every input, our engine on N=150 and N=300 …");
  const child = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "scripts", "bench", "in-process.ts"), ...selected.map((i) => i.id)], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, SCALEOUT_SHARED_DIR: sharedDir },
  });
  if (child.status !== 0) throw new Error(`scripts/bench/in-process.ts failed (${child.status}): ${child.stderr}`);
  const inProcess = JSON.parse(child.stdout) as { parses: Record<string, ParseTimes>; engines: Record<string, EngineTimes> };
  const parses = new Map(Object.entries(inProcess.parses));
  const engines = Object.values(inProcess.engines);
  for (const e of engines) console.log(`  engine ${e.input}: lint ${fmt(e.lintMs, " ms")} (CPU ${fmt(e.lintCpuMs, " ms")}), its parse ${fmt(e.parseYamlMs, " ms")} (CPU ${fmt(e.parseYamlCpuMs, " ms")}), its re-parse after one edit ${fmt(e.reparseMs, " ms")} (CPU ${fmt(e.reparseCpuMs, " ms")}), bare parseDocument ${fmt(parses.get(e.input)?.documentMs, " ms")} (CPU ${fmt(parses.get(e.input)?.documentCpuMs, " ms")})`);

  const results: RunResult[] = [];
  for (const input of selected) {
    console.log(`\n== ${input.title}: ${input.lines} lines, ${input.edits.length} edits, ${input.hovers.length} hovers`);
    for (const spec of running) {
      const t0 = performance.now();
      // The largest stack gets more time: a slow server is reported as slow, not as failed.
      const scale = Math.max(1, input.lines / 2000);
      const result = await measure(spec, input, { firstMs: 60_000 * scale, editMs: 20_000 * scale });
      results.push(result);
      const line = `  ${spec.id.padEnd(9)} init ${fmt(result.initializeMs, " ms")}, first diagnostics ${fmt(result.firstDiagnosticsMs, " ms")} (${result.firstDiagnosticsCount ?? "—"}), edit median ${fmt(median(result.editMs), " ms")} p95 ${fmt(percentile(result.editMs, 95), " ms")}, server CPU/edit ${fmt(result.editCpuMs, " ms")}, hover ${fmt(median(result.hoverMs), " ms")} (${result.hoverAnswers}/${input.hovers.length} answered), peak RSS ${fmt((result.peakRssKiB ?? Number.NaN) / 1024, " MiB")}  [${((performance.now() - t0) / 1000).toFixed(1)} s]`;
      console.log(line);
      if (result.error) say(`  error: ${spec.id} on ${input.id}: ${result.error}`);
    }
  }

  // The workspace index: ours only (the peers have no such command), around the N=150 stack.
  let index: IndexResult | undefined;
  const main150 = inputs.find((i) => i.id === "compose-150");
  if (main150 && running.some((s) => s.id === "ours") && (!only || only.includes("workspace-index"))) {
    console.log(`\n== workspace index: ${INDEX_FILES} deployment files around the N=150 stack`);
    index = await measureIndex(sharedDir, main150, INDEX_FILES);
    console.log(`  ${summarizeIndex(index)}`);
    if (index.error) say(`  error: workspace index: ${index.error}`);
  }

  const targets = evaluateTargets(results, parses, inProcess.engines["compose-150"], index);
  console.log("\nTargets (ours vs yaml-language-server, N=150):");
  for (const t of targets) console.log(`${t.met === undefined ? "N/A " : t.met ? "PASS" : "FAIL"}  ${t.name}: ${t.value} (target ${t.limit})${t.note ? ` — ${t.note}` : ""}`);

  say(`load average (1, 5, 15 min) at start ${loadStart.map((l) => l.toFixed(1)).join(", ")}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} on ${os.cpus().length} cores: other work shared the machine, so absolute figures are noisy`);
  const minutes = (performance.now() - began) / 60_000;
  const markdown = report({ inputs: selected, specs, results, parses, engines, targets, notes, minutes, sharedDir, composeSchema, index });
  mkdirSync(join(repoRoot, "bench"), { recursive: true });
  writeFileSync(join(repoRoot, "bench", "results.md"), markdown);
  console.log(`\nwrote bench/results.md (${minutes.toFixed(1)} min)`);
}

function find(results: RunResult[], server: string, input: string): RunResult | undefined {
  return results.find((r) => r.server === server && r.input === input);
}

function evaluateTargets(results: RunResult[], parses: Map<string, ParseTimes>, engine: EngineTimes | undefined, index: IndexResult | undefined): Target[] {
  const ours = find(results, "ours", "compose-150");
  const yaml = find(results, "yamlls", "compose-150");
  const ours300 = find(results, "ours", "compose-300");
  const check = (r: number | undefined, limit: number): boolean | undefined => (r === undefined ? undefined : r <= limit);
  const targets: Target[] = [];
  const editRatio = ratio(median(ours?.editMs ?? []), median(yaml?.editMs ?? []));
  const yamlWork = median(yaml?.editMs ?? []) - YAMLLS_DEBOUNCE_MS;
  const editRatioNoDebounce = yamlWork > 0 ? ratio(median(ours?.editMs ?? []), yamlWork) : undefined;
  targets.push({
    name: "edit → diagnostics median ≤ 0.3× yaml-language-server",
    value: `${fmt(median(ours?.editMs ?? []), " ms")} vs ${fmt(median(yaml?.editMs ?? []), " ms")} = ${fmtRatio(editRatio)}`,
    limit: "≤ 0.30×",
    met: check(editRatio, 0.3),
    note: `yaml-language-server's figure includes its fixed ${YAMLLS_DEBOUNCE_MS} ms validation delay; without it the ratio would be ${fmtRatio(editRatioNoDebounce)}; server CPU per edit ${fmt(ours?.editCpuMs, " ms")} vs ${fmt(yaml?.editCpuMs, " ms")} = ${fmtRatio(ratio(ours?.editCpuMs, yaml?.editCpuMs))}`,
  });
  const firstRatio = ratio(ours?.firstDiagnosticsMs, yaml?.firstDiagnosticsMs);
  targets.push({
    name: "first diagnostics after didOpen ≤ 0.3× yaml-language-server",
    value: `${fmt(ours?.firstDiagnosticsMs, " ms")} vs ${fmt(yaml?.firstDiagnosticsMs, " ms")} = ${fmtRatio(firstRatio)}`,
    limit: "≤ 0.30×",
    met: check(firstRatio, 0.3),
    note: `server CPU didOpen → first diagnostics ${fmt(ours?.openCpuMs, " ms")} vs ${fmt(yaml?.openCpuMs, " ms")} = ${fmtRatio(ratio(ours?.openCpuMs, yaml?.openCpuMs))}`,
  });
  const rssRatio = ratio(ours?.peakRssKiB, yaml?.peakRssKiB);
  targets.push({
    name: "peak RSS ≤ 0.5× yaml-language-server",
    value: `${fmt((ours?.peakRssKiB ?? Number.NaN) / 1024, " MiB")} vs ${fmt((yaml?.peakRssKiB ?? Number.NaN) / 1024, " MiB")} = ${fmtRatio(rssRatio)}`,
    limit: "≤ 0.50×",
    met: check(rssRatio, 0.5),
  });
  targets.push({
    name: "our initialize < 100 ms",
    value: fmt(ours?.initializeMs, " ms"),
    limit: "< 100 ms",
    met: ours?.initializeMs === undefined ? undefined : ours.initializeMs < 100,
    note: "spawn → initialize result, Node start-up and loading the bundle included",
  });
  const growth = ratio(median(ours300?.editMs ?? []), median(ours?.editMs ?? []));
  targets.push({
    name: "linear growth: our edit median at N=300 ≤ 2.2× at N=150",
    value: `${fmt(median(ours300?.editMs ?? []), " ms")} vs ${fmt(median(ours?.editMs ?? []), " ms")} = ${fmtRatio(growth)}`,
    limit: "≤ 2.20×",
    met: check(growth, 2.2),
    note: `server CPU per edit ${fmt(ours300?.editCpuMs, " ms")} vs ${fmt(ours?.editCpuMs, " ms")} = ${fmtRatio(ratio(ours300?.editCpuMs, ours?.editCpuMs))}`,
  });
  const parse150 = parses.get("compose-150");
  const beyond = (lint: number | undefined, bare: number | undefined): number | undefined => (lint === undefined || bare === undefined || bare <= 0 ? undefined : (lint - bare) / bare);
  const beyondCpu = beyond(engine?.lintCpuMs, parse150?.documentCpuMs);
  const beyondWall = beyond(engine?.lintMs, parse150?.documentMs);
  const pct = (v: number | undefined): string => (v === undefined ? "—" : `${(v * 100).toFixed(0)} %`);
  targets.push({
    name: "engine work beyond parsing ≤ 25 % of the bare parse (N=150, in-process)",
    value: engine && parse150 ? `(${fmt(engine.lintCpuMs, " ms")} lint − ${fmt(parse150.documentCpuMs, " ms")} parseDocument) / ${fmt(parse150.documentCpuMs, " ms")} = ${pct(beyondCpu)}` : "—",
    limit: "≤ 25 %",
    met: beyondCpu === undefined ? undefined : beyondCpu <= 0.25,
    note: `CPU time of the process, median per run; wall clock gives ${pct(beyondWall)}`,
  });
  if (index) {
    const whileIndexing = index.editWhileIndexingMs.length > 0 ? median(index.editWhileIndexingMs) : undefined;
    const indexRatio = ratio(whileIndexing, median(yaml?.editMs ?? []));
    targets.push({
      name: `edit → diagnostics median while ${INDEX_FILES.toLocaleString("en")} workspace files are indexed ≤ 0.3× yaml-language-server (the edit target)`,
      value: `${fmt(whileIndexing, " ms")} vs ${fmt(median(yaml?.editMs ?? []), " ms")} = ${fmtRatio(indexRatio)}`,
      limit: "≤ 0.30×",
      met: check(indexRatio, 0.3),
      note: `the same edits without the scan ${fmt(median(index.editMs), " ms")}; ${index.editWhileIndexingMs.length} edits answered while the scan ran`,
    });
  }
  return targets;
}

interface ReportData {
  inputs: BenchInput[];
  specs: ServerSpec[];
  results: RunResult[];
  parses: Map<string, ParseTimes>;
  engines: EngineTimes[];
  targets: Target[];
  notes: string[];
  minutes: number;
  sharedDir: string;
  composeSchema: string | undefined;
  index: IndexResult | undefined;
}

function report(d: ReportData): string {
  const out: string[] = [];
  const cpus = os.cpus();
  out.push(
    "# LSP benchmark results",
    "",
    `Written by \`npm run bench\` (scripts/bench/) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; the harness on Node ${process.versions.node}; run time ${d.minutes.toFixed(1)} min. Other processes may have shared the machine: single figures are indicative, the ratios more so.`,
    "",
  );
  if (d.notes.length > 0) out.push(...d.notes.map((n) => `- ${n}`), "");

  out.push("## Targets (ours vs yaml-language-server on the N=150 stack)", "", "| target | measured | limit | result |", "|---|---|---|---|");
  for (const t of d.targets) out.push(`| ${t.name} | ${t.value}${t.note ? ` (${t.note})` : ""} | ${t.limit} | ${t.met === undefined ? "not measured" : t.met ? "met" : "**not met**"} |`);
  out.push("");

  const running = d.specs.filter((s) => !s.skip);
  const peers = running.filter((s) => s.id !== "ours");
  for (const input of d.inputs) {
    const parse = d.parses.get(input.id);
    out.push(`## ${input.title}`, "", `${input.lines} lines, ${input.edits.length} edits, ${input.hovers.length} hovers. Bare \`yaml\` parse of the same text (in-process, Node ${process.versions.node}, median of ${parse?.runs}, wall / CPU): ${input.kind === "k8s" ? "parseAllDocuments" : "parseDocument"} ${fmt(parse?.documentMs, " ms")} / ${fmt(parse?.documentCpuMs, " ms")}, CST only (Parser) ${fmt(parse?.cstMs, " ms")} / ${fmt(parse?.cstCpuMs, " ms")}, parseAllDocuments with the engine's options ${fmt(parse?.engineOptionsMs, " ms")} / ${fmt(parse?.engineOptionsCpuMs, " ms")}.`, "");
    const header = ["metric", ...running.map((s) => s.id), ...peers.map((p) => `ours / ${p.id}`)];
    out.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    const row = (label: string, value: (r: RunResult | undefined) => number | undefined, unit: string, extra?: (r: RunResult | undefined) => string, withRatio = true): void => {
      const cells = running.map((s) => {
        const r = find(d.results, s.id, input.id);
        return `${fmt(value(r), unit)}${extra ? extra(r) : ""}`;
      });
      const ours = value(find(d.results, "ours", input.id));
      const ratios = peers.map((p) => (withRatio ? fmtRatio(ratio(ours, value(find(d.results, p.id, input.id)))) : ""));
      out.push(`| ${[label, ...cells, ...ratios].join(" | ")} |`);
    };
    const count = (n: number | undefined): string => (n === undefined ? "" : ` (${n})`);
    row("initialize (spawn → result)", (r) => r?.initializeMs, " ms");
    row("first diagnostics after didOpen (count)", (r) => r?.firstDiagnosticsMs, " ms", (r) => count(r?.firstDiagnosticsCount));
    row("edit → diagnostics median", (r) => (r && r.editMs.length ? median(r.editMs) : undefined), " ms");
    row("edit → diagnostics p95", (r) => (r && r.editMs.length ? percentile(r.editMs, 95) : undefined), " ms");
    row("server CPU: didOpen → first diagnostics", (r) => r?.openCpuMs, " ms");
    row("server CPU per edit (mean)", (r) => r?.editCpuMs, " ms");
    row("server CPU, whole session", (r) => r?.totalCpuMs, " ms");
    row("hover median (answers)", (r) => (r && r.hoverMs.length ? median(r.hoverMs) : undefined), " ms", (r) => (r ? ` (${r.hoverAnswers}/${input.hovers.length})` : ""));
    row("size of one publishDiagnostics after an edit", (r) => (r?.lastPublicationBytes === undefined ? undefined : r.lastPublicationBytes / 1024), " KiB", (r) =>
      r?.lastDiagnosticsCount === undefined ? "" : ` (${r.lastDiagnosticsCount} diagnostics, ${r.lastRelatedLocations ?? 0} related locations)`,
      false,
    );
    row("peak RSS (VmHWM)", (r) => (r?.peakRssKiB === undefined ? undefined : r.peakRssKiB / 1024), " MiB");
    const checks = running.map((s) => {
      const r = find(d.results, s.id, input.id);
      if (!r) return "—";
      const schemaPart = input.schemaError ? `schema ${r.schemaErrorCount ?? "—"}, ` : "";
      return `${schemaPart}syntax ${r.syntaxErrorCount ?? "—"}`;
    });
    out.push(`| diagnostics after a ${input.schemaError ? "schema-breaking / " : ""}syntax-breaking edit | ${checks.join(" | ")} |${peers.map(() => " |").join("")}`);
    out.push("");
    for (const s of running) {
      const r = find(d.results, s.id, input.id);
      if (r?.error) out.push(`- **${s.id} failed**: ${r.error}`);
      if (r && r.extraPublications > 0) out.push(`- ${s.id} sent ${r.extraPublications} more publication(s) for the file than one per edit.`);
    }
    out.push("");
  }

  if (d.index) {
    const r = d.index;
    const p = r.progress;
    out.push(
      `## Workspace index: "Lint the whole workspace" on ${r.files.toLocaleString("en")} files (ours)`,
      "",
      `The N=150 stack at the root of a workspace with ${((r.files - 1) / 2).toLocaleString("en")} stack folders, each a small Compose stack (\`gen-compose.mjs 2\`, replicas from \`\${APP_REPLICAS}\`) and its \`.env\`: ${r.files.toLocaleString("en")} deployment files.`,
      "",
      "| metric | ours |",
      "|---|---|",
      `| index: command → result, nothing else to do (projects linted) | ${fmt(r.indexMs, " ms")} (${r.projects ?? "—"}) |`,
      `| work-done progress notifications of that scan | ${p ? `${p.begin} begin, ${p.report} report, ${p.end} end` : "—"} |`,
      `| edit → diagnostics median of the N=150 stack, no scan running (${r.editMs.length} edits) | ${fmt(r.editMs.length ? median(r.editMs) : undefined, " ms")} |`,
      `| edit → diagnostics median while the scan runs (${r.editWhileIndexingMs.length} edits) | ${fmt(r.editWhileIndexingMs.length ? median(r.editWhileIndexingMs) : undefined, " ms")} |`,
      `| edit → diagnostics p95 while the scan runs | ${fmt(r.editWhileIndexingMs.length ? percentile(r.editWhileIndexingMs, 95) : undefined, " ms")} |`,
      `| the scan that ran while typing: command → result | ${fmt(r.indexWhileTypingMs, " ms")} |`,
      "",
      "Each figure from a fresh server; the typing session edits the stack 20 times first (warm-up), then 20 times without a scan, then starts the command and edits on, 25 ms apart, until the scan ends. The scan lints one project per turn of the event loop and waits while the editor's own analysis is pending, so it takes longer while the user types.",
      "",
    );
    if (r.error) out.push(`- **workspace index failed**: ${r.error}`, "");
  }

  if (d.engines.length > 0) {
    const cols = d.engines;
    const line = (label: string, value: (e: EngineTimes) => string): string => `| ${label} | ${cols.map(value).join(" | ")} |`;
    out.push(
      "## Our engine in-process (no LSP)",
      "",
      "Measured in a fresh Node process before any server runs. Engine.lintPaths after each edit of the plan (a new text each time, so the parse cache never hits), median after warm-up; then the same work phase by phase, as Engine.lintProject runs it.",
      "",
      `| | ${cols.map((e) => e.input).join(" | ")} |`,
      `|---|${cols.map(() => "---").join("|")}|`,
      line("runs (after warm-up)", (e) => String(e.runs)),
      line("findings", (e) => String(e.findings)),
      line("**Engine.lintPaths**, wall / CPU", (e) => `**${fmt(e.lintMs, " ms")}** / ${fmt(e.lintCpuMs, " ms")}`),
      line("bare parseDocument (yaml), wall / CPU", (e) => `${fmt(d.parses.get(e.input)?.documentMs, " ms")} / ${fmt(d.parses.get(e.input)?.documentCpuMs, " ms")}`),
      line("bare CST parse (yaml Parser), wall / CPU", (e) => `${fmt(d.parses.get(e.input)?.cstMs, " ms")} / ${fmt(d.parses.get(e.input)?.cstCpuMs, " ms")}`),
      line("parse into the engine's tree (parseAllDocuments + span-keeping conversion), wall / CPU", (e) => `${fmt(e.parseYamlMs, " ms")} / ${fmt(e.parseYamlCpuMs, " ms")}`),
      line("**re-parse after one edit** (only the edited block, spliced into the previous tree), wall / CPU", (e) => `**${fmt(e.reparseMs, " ms")}** / ${fmt(e.reparseCpuMs, " ms")}`),
      line("then, phase by phase (CPU):", () => ""),
      line("project (interpolation, .env, overrides)", (e) => fmt(e.projectMs, " ms")),
      line("cluster model", (e) => fmt(e.modelMs, " ms")),
      line("rules (all that apply)", (e) => fmt(e.rulesMs, " ms")),
      line("ignore comments", (e) => fmt(e.ignoresMs, " ms")),
      line("slowest rules", (e) => e.slowestRules.map((r) => `\`${r.id}\` ${fmt(r.ms, " ms")}`).join(", ")),
      line("our LSP edit → diagnostics median (from above)", (e) => {
        const ours = find(d.results, "ours", e.input);
        return ours && ours.editMs.length ? fmt(median(ours.editMs), " ms") : "—";
      }),
      "",
    );
  }

  out.push("## What is measured", "");
  out.push(
    "- Every server is started by the same client (test/lsp/helpers/lsp-client.ts) over stdio, one at a time, in a fresh temporary workspace folder holding the input's files. Between `initialized` and `didOpen` the client waits 300 ms so each server has read its settings via workspace/configuration.",
    "- **initialize**: from spawning the process to the initialize result (includes Node start-up and module loading — the peers on Node 24, ours on the Node running the harness).",
    "- **first diagnostics**: didOpen → the first publishDiagnostics for the file (ours: the one carrying version 1). The count in brackets is the number of diagnostics in it.",
    "- **edit → diagnostics**: an incremental didChange replacing a value (alternately a replica count and a domain/host value inside one service, each a new version) → the answering publishDiagnostics; 25 ms pause between edits; more publications than one per edit are reported below the table.",
    "- **hover**: request → response on keys (`image`, `replicas`, environment keys; top-level chart keys; `kind`, `replicas`, `image`, `env`); `answers` counts non-empty results.",
    "- The servers do different work: on these valid files the peers report nothing (yaml-language-server validates against the Compose schema, the Compose service checks syntax), while ours reports its cluster findings, so its publications are much larger (see the size row). The latencies are what an editor user waits for from each server.",
    "- **peak RSS**: VmHWM of the server process from /proc/<pid>/status after all requests.",
    "- **server CPU**: user + system time of the server process from /proc/<pid>/stat (10 ms ticks): from didOpen to the first diagnostics, per edit over the edit loop (pauses included, so background work counts), and the whole session. Unlike the latencies it does not count time spent waiting for a core on a busy machine.",
    "- **in-process figures** (bare parse, engine) run in a fresh Node process before any server starts; each is a median of wall-clock ms and, separately, of the process's CPU ms. The engine target is judged on CPU time.",
    "- **diagnostics after a breaking edit**: to show each server really validates: a Compose key renamed to `restartx` (not allowed by the Compose schema), then a value replaced by an unclosed flow sequence (YAML syntax error).",
    "",
  );
  for (const s of d.specs) out.push(`- **${s.name}** (\`${s.id}\`): ${s.skip ? `skipped — ${s.skip}` : s.measures}`);
  out.push("", `Inputs from ${d.sharedDir}: bench/gen-compose.mjs, corpus/ (nextcloud/helm values.yaml + Chart.yaml)${d.composeSchema ? ", anchors/compose-spec.json" : ""}; the Kubernetes manifests are generated by scripts/bench/inputs.ts.`, "");
  return `${out.join("\n")}\n`;
}

process.on("SIGINT", () => {
  killAll();
  process.exit(130);
});

main().catch((error: unknown) => {
  killAll();
  console.error("benchmark harness error:", error);
  process.exitCode = 1;
});
