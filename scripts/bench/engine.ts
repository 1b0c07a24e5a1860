/**
 * Our engine in-process (no LSP): the lint of a project after each edit, the bare `yaml` parse of
 * the same text, and where the engine's time goes (parse into our tree, project, model, each rule).
 */
import { performance } from "node:perf_hooks";
import { LineCounter, parseAllDocuments, parseDocument, Parser } from "yaml";
import { applyTextEdits } from "../../test/lsp/helpers/lsp-client";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { parseYaml } from "../../server/src/engine/documents/yaml-tree";
import { FixBuilder } from "../../server/src/engine/fixes/fix-builder";
import { applyIgnores } from "../../server/src/engine/services/ignore-comments";
import { buildModel, Engine } from "../../server/src/engine/lint";
import { loadProject } from "../../server/src/engine/project/load-project";
import { allRules } from "../../server/src/engine/rules/registry";
import type { Format } from "../../server/src/engine/rules/rule";
import { MapWorkspace } from "../../server/src/engine/workspace";
import type { BenchInput } from "./inputs";
import { median } from "./stats";

/**
 * Each figure twice: wall-clock ms, and the process's CPU ms (user + system, all threads) for the
 * same runs. On a shared machine the process waits for a core; CPU time does not count the wait.
 */
export interface ParseTimes {
  /** `parseDocument` (or `parseAllDocuments` for a multi-document input), median ms. */
  documentMs: number;
  documentCpuMs: number;
  /** The CST parse alone (`new Parser().parse`, every token consumed), median ms. */
  cstMs: number;
  cstCpuMs: number;
  /** parseAllDocuments with the engine's options (LineCounter, merge keys), median ms. */
  engineOptionsMs: number;
  engineOptionsCpuMs: number;
  runs: number;
}

function timeMedian(runs: number, warmup: number, body: (i: number) => void): { ms: number; cpuMs: number } {
  for (let i = 0; i < warmup; i++) body(i);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    body(i);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu) };
}

export function parseTimes(text: string, runs = 15, warmup = 10): ParseTimes {
  const multi = /^---\s*$/m.test(text);
  const document = timeMedian(runs, warmup, () => (multi ? parseAllDocuments(text) : parseDocument(text)));
  const cst = timeMedian(runs, warmup, () => {
    for (const token of new Parser().parse(text)) void token;
  });
  const engineOptions = timeMedian(runs, warmup, () => parseAllDocuments(text, { lineCounter: new LineCounter(), merge: true, uniqueKeys: false, prettyErrors: false, strict: false }));
  return {
    documentMs: document.ms,
    documentCpuMs: document.cpuMs,
    cstMs: cst.ms,
    cstCpuMs: cst.cpuMs,
    engineOptionsMs: engineOptions.ms,
    engineOptionsCpuMs: engineOptions.cpuMs,
    runs,
  };
}

export interface EngineTimes {
  input: string;
  runs: number;
  findings: number;
  /** Engine.lintPaths after each edit (the text differs every time, so nothing is cached), median ms. */
  lintMs: number;
  lintCpuMs: number;
  /** The engine's own parse (yaml parseAllDocuments + conversion into its span-keeping tree), median ms. */
  parseYamlMs: number;
  parseYamlCpuMs: number;
  /** The re-parse after one edit from the previous tree (DocumentCache: only the edited block), median ms. */
  reparseMs: number;
  reparseCpuMs: number;
  /** The phases, median CPU ms each. */
  projectMs: number;
  modelMs: number;
  rulesMs: number;
  ignoresMs: number;
  /** The slowest rules, median CPU ms each. */
  slowestRules: { id: string; ms: number }[];
}

/** The process's CPU time so far, ms (user + system). */
function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

const formatOfKind: Record<string, Format> = { compose: "C", helm: "H", env: "E", k8s: "K" };

export function engineTimes(input: BenchInput, runs = 15, warmup = 5): EngineTimes {
  const dir = "/bench";
  const path = `${dir}/${input.main}`;
  // The texts after each edit of the input's plan, in order (they alternate, so none repeats its predecessor).
  const texts: string[] = [];
  let text = input.files[input.main];
  for (const edit of input.edits) {
    text = applyTextEdits(text, [{ range: edit.range, newText: edit.text }]);
    texts.push(text);
  }
  const at = (i: number): string => texts[i % texts.length];
  const files = new Map(Object.entries(input.files).map(([name, t]) => [`${dir}/${name}`, t]));
  const ws = new MapWorkspace(files);
  const engine = new Engine();
  let findings = 0;
  const lint = timeMedian(runs, warmup, (i) => {
    files.set(path, at(i));
    findings = engine.lintPaths([path], ws, {}).findings.length;
  });
  const parseYamlTimes = timeMedian(runs, warmup, (i) => parseYaml(path, at(i)));
  // Each run starts from the tree of the previous text, as the language server's cache holds it.
  const previous = (i: number): DocumentCache => {
    const cache = new DocumentCache();
    cache.yamlFile(path, at(i + texts.length - 1));
    return cache;
  };
  const caches = Array.from({ length: warmup + runs }, (_, i) => previous(i));
  const reparse = timeMedian(runs, warmup, (i) => caches[i].yamlFile(path, at(i)));

  // Phase by phase, as Engine.lintProject runs them (the parse is done first, into the cache); CPU ms.
  const phase = { project: [] as number[], model: [] as number[], rules: [] as number[], ignores: [] as number[] };
  const perRule = new Map<string, number[]>();
  for (let i = 0; i < warmup + runs; i++) {
    const probe = new Engine();
    files.set(path, at(i));
    probe.cache.yamlFile(path, at(i));
    const spec = probe.discover(path, ws);
    if (!spec) throw new Error(`the engine finds no project for ${input.main}`);
    let t0 = cpuNow();
    const project = loadProject(spec, ws, probe.cache, {});
    const tProject = cpuNow() - t0;
    t0 = cpuNow();
    const model = buildModel(project);
    const tModel = cpuNow() - t0;
    const format: Format = model.format === "helm" ? "H" : formatOfKind[project.kind];
    const fix = new FixBuilder(project);
    const raw: Parameters<typeof applyIgnores>[0] = [];
    let tRules = 0;
    for (const rule of allRules) {
      if (!rule.meta.formats.includes(format) && !(format === "C" && rule.meta.formats.includes("E"))) continue;
      if (rule.meta.clusterOnly && !model.cluster.inCluster) continue;
      const r0 = cpuNow();
      try {
        rule.check({ model, project, fix, report: (f) => raw.push({ ruleId: rule.meta.id, severity: f.severity ?? rule.meta.severity, message: f.message, location: f.location, related: f.related ?? [], fixes: [] }) });
      } catch {
        // Counted as time spent; the real engine logs and skips the rule.
      }
      const ms = cpuNow() - r0;
      tRules += ms;
      if (i >= warmup) perRule.set(rule.meta.id, [...(perRule.get(rule.meta.id) ?? []), ms]);
    }
    t0 = cpuNow();
    applyIgnores(raw, new Map(project.files.map((p) => [p, project.textOf(p)!])));
    const tIgnores = cpuNow() - t0;
    if (i >= warmup) {
      phase.project.push(tProject);
      phase.model.push(tModel);
      phase.rules.push(tRules);
      phase.ignores.push(tIgnores);
    }
  }
  const slowestRules = [...perRule].map(([id, ms]) => ({ id, ms: median(ms) })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  return {
    input: input.id,
    runs,
    findings,
    lintMs: lint.ms,
    lintCpuMs: lint.cpuMs,
    parseYamlMs: parseYamlTimes.ms,
    parseYamlCpuMs: parseYamlTimes.cpuMs,
    reparseMs: reparse.ms,
    reparseCpuMs: reparse.cpuMs,
    projectMs: median(phase.project),
    modelMs: median(phase.model),
    rulesMs: median(phase.rules),
    ignoresMs: median(phase.ignores),
    slowestRules,
  };
}
