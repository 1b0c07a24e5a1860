import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Severity, severityRank } from "../engine/findings";
import { Engine, uniqueFindings } from "../engine/lint";
import { normalizePath } from "../engine/workspace";
import type { DeployCommand, LintOptions, LintResult, ProjectResult } from "../engine/lint-api";
import { SecretRedactor } from "../engine/services/redact";
import { DEFAULT_MAX_FILE_SIZE } from "../engine/skipped-files";
import type { CliIo } from "./cli-io";
import { collectFiles } from "./collect-files";
import { WorkspaceBoundary } from "../node/workspace-boundary";
import { FsWorkspace } from "./fs-workspace";
import { findRepositoryRoot } from "./gitignore";
import { type LintProblem, LintReport } from "./lint-report";
import type { ConfigResolver } from "./load-config";
import { UsageError } from "./usage-error";

/** Files linted with the same options (those of one `.scaleout.yaml`, or none). */
export interface LintGroup {
  files: string[];
  options: LintOptions;
}

export interface LintRun {
  engine: Engine;
  workspace: FsWorkspace;
  /** The files found below the given paths (the engine adds their .env, overrides, Chart.yaml). */
  inputs: string[];
  groups: LintGroup[];
  /** With `--stdin`: the file the standard input stands for; only its findings are reported. */
  stdinPath: string | undefined;
  result: LintResult;
  report: LintReport;
  /** Warnings among all findings, whatever `--severity` or `--quiet` hides (what `--max-warnings` counts). */
  warningCount: number;
  /** Paths named on the command line that are not a kind of file the linter reads. */
  notLintable: string[];
}

export interface LintRequest {
  paths: readonly string[];
  configs: ConfigResolver;
  assumeCluster: boolean;
  /** `--deploy`: how the Compose files are deployed; wins over `.scaleout.yaml`. */
  deploy?: DeployCommand;
  /** `--values`: values files of one Helm release, lowest first, by absolute path; they are linted together. */
  values?: string[];
  /** `--file`: one Compose file set (absolute paths, in merge order); wins over `.scaleout.yaml` `compose.files`. */
  composeFiles?: string[];
  /** `--env-file`: the env files that fill `${VAR}` (absolute paths, in order); win over `.scaleout.yaml` `compose.envFiles`. */
  envFiles?: string[];
  minimumSeverity: Severity;
  respectGitignore: boolean;
  /** `--stdin --stdin-filename F`: lint `text` as if it were F. */
  stdin?: { filename: string; text: string };
}

/** One Engine per run, over the file system; paths resolved against the working directory. */
export function runLint(io: CliIo, request: LintRequest): LintRun {
  const engine = new Engine();
  const workspace = new FsWorkspace(new WorkspaceBoundary(), (path) => request.configs.forFile(path).options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  let files: string[];
  let stdinPath: string | undefined;
  let notLintable: string[] = [];
  if (request.stdin) {
    if (request.paths.length > 0) throw new UsageError("--stdin lints standard input only: give no paths (--stdin-filename names the file it stands for)");
    stdinPath = resolve(io.cwd, request.stdin.filename);
    workspace.boundary.addRoot(workspaceRootOf(stdinPath, false));
    const text = request.stdin.text.replace(/^\uFEFF/, "");
    const kind = engine.fileKind(stdinPath, text);
    if (kind === undefined || kind === "chart") throw new UsageError(`${request.stdin.filename}: not a Compose, Helm values, Kubernetes or .env file, nothing to lint`);
    // The files beside it (its .env, overrides, Chart.yaml) are read from disk as usual.
    workspace.stage(stdinPath, text);
    files = [stdinPath];
  } else {
    const given = request.paths.length > 0 ? request.paths : request.values ?? ["."];
    for (const path of given) if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`no such file or directory: ${path}`);
    const absolute = given.map((p) => resolve(io.cwd, p));
    for (const path of absolute) workspace.boundary.addRoot(workspaceRootOf(path, statSync(path).isDirectory()));
    // Files named on the command line are the user's to read.
    for (const path of request.values ?? []) workspace.boundary.addRoot(workspaceRootOf(path, false));
    const collected = collectFiles(absolute, engine, workspace, { configs: request.configs, respectGitignore: request.respectGitignore });
    notLintable = collected.skipped;
    // A run that lints nothing must not pass in CI as if it had found nothing.
    if (collected.files.length === 0 && !request.values) throw new UsageError(`no files to lint in ${given.join(", ")} (looked for Compose, Helm values, Kubernetes manifests and .env files)`);
    // A layer named by --values is linted whatever its name (`prod.yaml`).
    files = [...collected.files, ...(request.values ?? []).filter((path) => !collected.files.includes(path))];
  }
  const groups = groupByConfig(engine, workspace, files, request, workspaceRootsOf(request, io.cwd));
  const run = { engine, workspace, inputs: files, groups, stdinPath, notLintable };
  return { ...run, ...lintGroups(io, run, request.minimumSeverity) };
}

/**
 * What a linted path may read and fix: the Git repository that holds it (a compose file's
 * `env_file: ../shared.env` in the same repository is part of the deployment), or, outside a
 * repository, the folder given (a file's own folder).
 */
function workspaceRootOf(path: string, isDirectory: boolean): string {
  const dir = isDirectory ? path : dirname(path);
  return findRepositoryRoot(dir) ?? dir;
}

/**
 * A project is linted with the config nearest its entry file (the compose file, the values
 * file), so every file of the project sees the same options.
 */
function groupByConfig(engine: Engine, workspace: FsWorkspace, files: readonly string[], request: LintRequest, workspaceRoots: string[]): LintGroup[] {
  const groups = new Map<string, LintGroup>();
  const withValues = (options: LintOptions): LintOptions => (request.values ? { ...options, helmValues: [request.values, ...(options.helmValues ?? [])] } : options);
  for (const file of files) {
    const entry = engine.discover(file, workspace, withValues(request.configs.forFile(file).options))?.entry ?? file;
    const config = request.configs.forFile(entry);
    const key = config.path ?? "";
    let group = groups.get(key);
    if (!group) {
      const options: LintOptions = { ...config.options };
      if (request.assumeCluster) options.assumeCluster = true;
      if (request.deploy) options.deploy = request.deploy;
      if (request.values) options.helmValues = withValues(options).helmValues;
      if (request.composeFiles) options.composeFileSets = [request.composeFiles.map(normalizePath)];
      if (request.envFiles) options.composeEnvFiles = request.envFiles.map(normalizePath);
      // The folders linted (a file's own folder for a file given): where a manifest's other objects may lie.
      options.workspaceRoots = workspaceRoots;
      group = { files: [], options };
      groups.set(key, group);
    }
    group.files.push(file);
  }
  return [...groups.values()];
}

function workspaceRootsOf(request: LintRequest, cwd: string): string[] {
  if (request.stdin) return [dirname(resolve(cwd, request.stdin.filename))];
  return (request.paths.length > 0 ? request.paths : ["."]).map((p) => {
    const path = resolve(cwd, p);
    return existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
  });
}

/** Re-lints the same files as they are now in the workspace (staged fixes included). */
export function relint(io: CliIo, run: LintRun, minimumSeverity: Severity): LintRun {
  return { ...run, ...lintGroups(io, run, minimumSeverity) };
}

type Linted = Pick<LintRun, "result" | "report" | "warningCount">;

function lintGroups(io: CliIo, run: Pick<LintRun, "engine" | "workspace" | "groups" | "stdinPath" | "notLintable">, minimumSeverity: Severity): Linted {
  const problems: LintProblem[] = run.notLintable.map((path) => ({
    kind: "not-lintable",
    path,
    message: isDirectory(path) ? "no Compose, Helm values, Kubernetes or .env file in this folder: nothing linted" : "not a Compose, Helm values, Kubernetes or .env file: not linted",
  }));
  const ruleErrors = new Set<string>();
  run.engine.onRuleError = (ruleId, error) => {
    const message = `rule ${ruleId} failed and was skipped: ${error instanceof Error ? error.message : String(error)}`;
    if (ruleErrors.has(message)) return;
    ruleErrors.add(message);
    problems.push({ kind: "rule-error", ruleId, message });
  };
  const results = run.groups.map((group) => run.engine.lintPaths(group.files, run.workspace, group.options));
  const result = mergeResults(results);
  const skippedPaths = new Set<string>();
  for (const project of result.projects) {
    for (const { path, reason } of project.skipped ?? []) {
      if (skippedPaths.has(path)) continue;
      skippedPaths.add(path);
      problems.push({ kind: "skipped-file", path, message: `not linted: ${reason}` });
    }
  }
  for (const failure of result.failures ?? []) {
    const error = failure.error instanceof Error ? failure.error.message : String(failure.error);
    problems.push({ kind: "project-error", path: failure.entry, message: `internal error, this project was not linted (the others were): ${error}` });
  }
  let all = result.findings;
  let files = [...new Set(result.projects.flatMap((p) => p.files))].sort();
  if (run.stdinPath !== undefined) {
    // Standard input is one file: what the project says about its neighbours is theirs.
    all = all.filter((f) => f.location.path === run.stdinPath);
    files = [run.stdinPath];
  }
  const findings = all.filter((f) => severityRank[f.severity] >= severityRank[minimumSeverity]);
  const report = new LintReport(io.cwd, findings, files, result.texts, new SecretRedactor(run.engine.cache), problems);
  return { result, report, warningCount: all.filter((f) => f.severity === "warning").length };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function mergeResults(results: readonly LintResult[]): LintResult {
  if (results.length === 1) return results[0];
  const projects: ProjectResult[] = [];
  const texts = new Map<string, string>();
  for (const result of results) {
    projects.push(...result.projects);
    for (const [path, text] of result.texts) texts.set(path, text);
  }
  const failures = results.flatMap((r) => r.failures ?? []);
  return { projects, findings: uniqueFindings(results.map((r) => r.findings)), texts, ...(failures.length > 0 ? { failures } : {}) };
}
