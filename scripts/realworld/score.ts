/**
 * Scores the engine against the hand-labelled real-world set in test/realworld/repos.json.
 *
 *   node --import tsx scripts/realworld/score.ts [--json] [--verbose]
 *
 * Each stored repository folder (test/realworld/repos/<owner>__<name>/) is linted the way
 * `scaleout-lint check` lints a directory (runLint with the folder as working directory and
 * its `.scaleout.yaml`, if any). A finding is a true positive when its rule id, file and
 * 1-based line match a label (one of `rule`/`rules`, `line`/`lines`, or an `also` location).
 * Every other finding is a false positive; those an adjudicator judged wrong are listed in the
 * repository's `false_positives` with a reason, and still count as false positives. A label
 * no finding matched is a miss; `uncovered/*` labels (no rule covers them) are always misses.
 *
 * Nothing is fetched: repositories whose licence does not allow storing their files are
 * listed as "not present, not scored", unless `--mirror DIR` names a folder of local git
 * mirrors (`DIR/<owner>+<name>/repo`, as the project's search tool leaves them): then their
 * listed files are read at the recorded commit into a temporary folder and scored too. One repository failing to lint is reported and the
 * others are still scored.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { CliIo } from "../../server/src/cli/cli-io";
import { ConfigResolver } from "../../server/src/cli/load-config";
import { RangeMapper } from "../../server/src/cli/one-based-range";
import { runLint } from "../../server/src/cli/run-lint";

export interface LabelLocation {
  file: string;
  line?: number;
  lines?: number[];
}

export interface Label extends LabelLocation {
  rule?: string;
  rules?: string[];
  /** Counted with the cluster rules; defaults to true for `uncovered/*`, else from the rule id. */
  cluster?: boolean;
  note: string;
  also?: LabelLocation[];
  found_by_review?: boolean;
}

export interface AdjudicatedFalsePositive {
  file: string;
  /** Omitted: every finding of this rule in this file (e.g. all yaml/syntax errors of a template). */
  line?: number;
  rule: string;
  reason: string;
}

export interface RepoEntry {
  repo: string;
  commit: string;
  licence: string;
  licence_file?: string;
  stored: boolean;
  files: string[];
  note?: string;
  labels: Label[];
  false_positives?: AdjudicatedFalsePositive[];
}

/** A finding reduced to what the score needs; `file` is relative to the repository folder. */
export interface ScoredFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  /** Findings that matched a label another finding had already matched. */
  duplicates: number;
  /** False positives a reviewer confirmed as wrong (listed with a reason); included in fp. */
  adjudicated: number;
  findings: number;
  labels: number;
}

export interface RepoScore {
  repo: string;
  all: Counts;
  cluster: Counts;
  undefinedVariable: number;
  /** Findings that state what the linter could not see rather than claim a problem: not scored. */
  notes: number;
  falsePositives: (ScoredFinding & { reason?: string })[];
  misses: (Label & { ruleIds: string[] })[];
  error?: string;
}

/** `project/unseen-input` says which referenced files were not there to read: a statement, not a problem. */
export const NOTE_RULES: ReadonlySet<string> = new Set(["project/unseen-input"]);

/** Rules about one file's syntax, secrets or variables rather than about several nodes. */
export function isClusterRule(ruleId: string): boolean {
  if (ruleId === "compose/undefined-variable" || ruleId === "config/secret-path-as-value") return false;
  return !/^(yaml|env|lint|security)\//.test(ruleId);
}

export function labelRules(label: Label): string[] {
  const rules = label.rules ?? (label.rule !== undefined ? [label.rule] : []);
  return rules.filter((r) => typeof r === "string");
}

export function isClusterLabel(label: Label): boolean {
  if (typeof label.cluster === "boolean") return label.cluster;
  const rules = labelRules(label);
  return rules.some((r) => r.startsWith("uncovered/") || isClusterRule(r));
}

function linesOf(location: LabelLocation): number[] {
  if (Array.isArray(location.lines)) return location.lines;
  return typeof location.line === "number" ? [location.line] : [];
}

export function labelMatches(label: Label, finding: ScoredFinding): boolean {
  if (!labelRules(label).includes(finding.rule)) return false;
  const locations = [label as LabelLocation, ...(label.also ?? [])];
  return locations.some((loc) => normalise(loc.file) === normalise(finding.file) && linesOf(loc).includes(finding.line));
}

function normalise(path: string): string {
  return path.split("\\").join("/").replace(/^\.\//, "");
}

function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0, duplicates: 0, adjudicated: 0, findings: 0, labels: 0 };
}

/** Matches findings to labels; pure, so the unit test can check it on a synthetic case. */
export function scoreFindings(repo: string, labels: readonly Label[], findings: readonly ScoredFinding[], adjudicated: readonly AdjudicatedFalsePositive[] = []): RepoScore {
  const all = emptyCounts();
  const cluster = emptyCounts();
  const found = new Set<number>();
  const foundByCluster = new Set<number>();
  const falsePositives: RepoScore["falsePositives"] = [];
  let undefinedVariable = 0;
  let notes = 0;
  for (const finding of findings) {
    if (NOTE_RULES.has(finding.rule)) {
      notes++;
      continue;
    }
    const inCluster = isClusterRule(finding.rule);
    all.findings++;
    if (inCluster) cluster.findings++;
    if (finding.rule === "compose/undefined-variable") undefinedVariable++;
    const matching = labels.map((label, index) => ({ label, index })).filter(({ label }) => labelMatches(label, finding));
    const fresh = matching.find(({ index }) => !found.has(index));
    if (fresh) {
      found.add(fresh.index);
      // The cluster figures count only what cluster rules found.
      if (inCluster) foundByCluster.add(fresh.index);
      continue;
    }
    const clusterFresh = inCluster ? matching.find(({ index }) => !foundByCluster.has(index)) : undefined;
    if (clusterFresh) {
      foundByCluster.add(clusterFresh.index);
      all.duplicates++;
      continue;
    }
    if (matching.length > 0) {
      all.duplicates++;
      if (inCluster) cluster.duplicates++;
      continue;
    }
    all.fp++;
    if (inCluster) cluster.fp++;
    const reason = adjudicated.find((a) => a.rule === finding.rule && normalise(a.file) === normalise(finding.file) && (a.line === undefined || a.line === finding.line))?.reason;
    if (reason !== undefined) {
      all.adjudicated++;
      if (inCluster) cluster.adjudicated++;
    }
    falsePositives.push(reason !== undefined ? { ...finding, reason } : finding);
  }
  const misses: RepoScore["misses"] = [];
  labels.forEach((label, index) => {
    const inCluster = isClusterLabel(label);
    all.labels++;
    if (inCluster) cluster.labels++;
    if (found.has(index)) all.tp++;
    else {
      all.fn++;
      misses.push({ ...label, ruleIds: labelRules(label) });
    }
    if (inCluster) {
      if (foundByCluster.has(index)) cluster.tp++;
      else cluster.fn++;
    }
  });
  return { repo, all, cluster, undefinedVariable, notes, falsePositives, misses };
}

export function precision(c: Counts): number | undefined {
  return c.tp + c.fp === 0 ? undefined : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number | undefined {
  return c.labels === 0 ? undefined : c.tp / c.labels;
}

export function sumCounts(counts: readonly Counts[]): Counts {
  const total = emptyCounts();
  for (const c of counts) for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
  return total;
}

export const ROOT = resolve(import.meta.dirname, "../..");
export const SET_DIR = join(ROOT, "test/realworld");

export function repoFolder(repo: string): string {
  return join(SET_DIR, "repos", repo.replace("/", "__"));
}

export function loadSet(path = join(SET_DIR, "repos.json")): RepoEntry[] {
  const data = JSON.parse(readFileSync(path, "utf8")) as { repos: RepoEntry[] };
  return data.repos;
}

/** Lints one stored repository folder as `scaleout-lint check` run inside it would. */
export function lintFolder(dir: string): ScoredFinding[] {
  const io: CliIo = { cwd: dir, env: {}, stdoutIsTty: false, stdout: () => {}, stderr: () => {} };
  // The stored files are exactly what is scored, so this repository's .gitignore must not hide any.
  const configs = ConfigResolver.create(dir, undefined);
  const run = runLint(io, { paths: ["."], configs, assumeCluster: false, minimumSeverity: "hint", respectGitignore: false });
  const texts = (run.result as { texts?: Map<string, string> }).texts;
  const mapper = new RangeMapper((path) => texts?.get(path) ?? (existsSync(path) ? readFileSync(path, "utf8").replace(/^\uFEFF/, "") : undefined));
  const out: ScoredFinding[] = [];
  for (const f of (run.result.findings ?? []) as unknown[]) {
    const finding = f as { ruleId?: unknown; message?: unknown; location?: { path?: unknown; span?: unknown } };
    const rule = typeof finding.ruleId === "string" ? finding.ruleId : "unknown";
    const message = typeof finding.message === "string" ? finding.message : "";
    const path = typeof finding.location?.path === "string" ? finding.location.path : undefined;
    let line = 0;
    let file = "(no file)";
    if (path !== undefined) {
      file = relative(dir, path).split(sep).join("/");
      try {
        line = mapper.range(finding.location as never).line;
      } catch {
        line = 0;
      }
    }
    out.push({ rule, file, line, message });
  }
  return out;
}

/** The listed files of a repository at its recorded commit, from a local git mirror; undefined when absent. */
function checkoutFromMirror(mirror: string, entry: RepoEntry): string | undefined {
  const gitDir = join(mirror, entry.repo.replace("/", "+"), "repo");
  if (!existsSync(gitDir) || !entry.commit) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "scaleout-realworld-"));
  for (const file of entry.files ?? []) {
    let text: Buffer;
    try {
      text = execFileSync("git", ["--git-dir", gitDir, "show", `${entry.commit}:${file}`], { stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 << 20 });
    } catch {
      continue;
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

function pct(value: number | undefined): string {
  return value === undefined ? "   -  " : `${(value * 100).toFixed(1).padStart(5)}%`;
}

function row(name: string, c: Counts): string {
  return `${name.padEnd(44)} ${String(c.findings).padStart(4)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}  ${pct(precision(c))} ${pct(recall(c))}`;
}

function main(argv: readonly string[]): number {
  const json = argv.includes("--json");
  const verbose = argv.includes("--verbose");
  const mirrorAt = argv.indexOf("--mirror");
  const mirror = mirrorAt >= 0 ? argv[mirrorAt + 1] : undefined;
  const set = loadSet();
  const scores: RepoScore[] = [];
  const notPresent: string[] = [];
  let fromMirror = 0;
  for (const entry of set) {
    let dir: string | undefined = repoFolder(entry.repo);
    let temporary = false;
    if (!entry.stored || !existsSync(dir)) {
      dir = mirror ? checkoutFromMirror(mirror, entry) : undefined;
      temporary = dir !== undefined;
      if (temporary) fromMirror++;
    }
    if (dir === undefined) {
      notPresent.push(entry.repo);
      continue;
    }
    try {
      scores.push(scoreFindings(entry.repo, entry.labels ?? [], lintFolder(dir), entry.false_positives ?? []));
    } catch (error) {
      const failed = scoreFindings(entry.repo, entry.labels ?? [], []);
      failed.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
      scores.push(failed);
    } finally {
      if (temporary) rmSync(dir, { recursive: true, force: true });
    }
  }
  const all = sumCounts(scores.map((s) => s.all));
  const cluster = sumCounts(scores.map((s) => s.cluster));
  const undefinedVariable = scores.reduce((n, s) => n + s.undefinedVariable, 0);
  const notes = scores.reduce((n, s) => n + s.notes, 0);
  const summary = {
    repos: set.length,
    scored: scores.length,
    labelsInSet: set.reduce((n, e) => n + (e.labels?.length ?? 0), 0),
    all: { ...all, precision: precision(all), recall: recall(all) },
    cluster: { ...cluster, precision: precision(cluster), recall: recall(cluster) },
    notes,
    undefinedVariable: { findings: undefinedVariable, share: all.findings === 0 ? 0 : undefinedVariable / all.findings },
    notPresent,
    errors: scores.filter((s) => s.error).map((s) => ({ repo: s.repo, error: s.error })),
  };
  if (json) {
    console.log(JSON.stringify({ summary, repos: scores }, null, 2));
    return 0;
  }
  const header = `${"".padEnd(44)} find   TP   FP   FN   precision recall`;
  console.log(`Real-world set: ${set.length} repositories, ${summary.labelsInSet} labels; ${scores.length} scored (${scores.length - fromMirror} stored, ${fromMirror} from the mirror).\n`);
  console.log(`All rules\n${header}`);
  for (const s of scores) console.log(row(s.repo, s.all) + (s.error ? `  ERROR: ${s.error}` : ""));
  console.log(row("TOTAL", all));
  console.log(`\nCluster rules (not yaml/*, env/*, lint/*, security/*, compose/undefined-variable, config/secret-path-as-value)\n${header}`);
  for (const s of scores) console.log(row(s.repo, s.cluster));
  console.log(row("TOTAL", cluster));
  const unreviewed = all.fp - all.adjudicated;
  if (unreviewed > 0) console.log(`\n${unreviewed} false positive(s) not yet adjudicated: review them (--verbose) and add a label or a false_positives entry.`);
  console.log(`\n${notes} project/unseen-input note(s) (what could not be seen) are not scored.`);
  console.log(`\ncompose/undefined-variable: ${undefinedVariable} of ${all.findings} findings (${pct(summary.undefinedVariable.share).trim()})`);
  if (verbose) {
    for (const s of scores) {
      for (const fp of s.falsePositives) console.log(`FP   ${s.repo} ${fp.file}:${fp.line} ${fp.rule}${fp.reason ? ` — adjudicated: ${fp.reason}` : " — not adjudicated"}: ${fp.message.split("\n")[0]}`);
      for (const miss of s.misses) console.log(`MISS ${s.repo} ${miss.file}:${linesOf(miss).join(",")} ${miss.ruleIds.join("|")}: ${miss.note}`);
    }
  }
  console.log(`\nNot present, not scored (licence does not allow storing the files): ${notPresent.length}`);
  for (const repo of notPresent) console.log(`  ${repo}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
