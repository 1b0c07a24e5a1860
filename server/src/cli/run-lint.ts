import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Severity, severityRank } from "../engine/findings";
import { Engine } from "../engine/lint";
import type { LintOptions, LintResult } from "../engine/lint-api";
import type { CliIo } from "./cli-io";
import { collectFiles } from "./collect-files";
import { FsWorkspace } from "./fs-workspace";
import { LintReport } from "./lint-report";
import type { CliConfig } from "./load-config";
import { SecretRedactor } from "../engine/services/redact";
import { UsageError } from "./usage-error";

export interface LintRun {
  engine: Engine;
  workspace: FsWorkspace;
  /** The files found below the given paths (the engine adds their .env, overrides, Chart.yaml). */
  inputs: string[];
  options: LintOptions;
  result: LintResult;
  report: LintReport;
}

export interface LintRequest {
  paths: readonly string[];
  config: CliConfig;
  assumeCluster: boolean;
  minimumSeverity: Severity;
}

/** One Engine per run, over the file system; paths resolved against the working directory. */
export function runLint(io: CliIo, request: LintRequest): LintRun {
  const engine = new Engine();
  engine.onRuleError = (ruleId, error) => {
    io.stderr(`scaleout-lint: rule ${ruleId} failed and was skipped: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  const workspace = new FsWorkspace();
  const given = request.paths.length > 0 ? request.paths : ["."];
  for (const path of given) if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`no such file or directory: ${path}`);
  const absolute = given.map((p) => resolve(io.cwd, p));
  const { files, skipped } = collectFiles(absolute, engine, workspace, { root: request.config.root, include: request.config.include, exclude: request.config.exclude });
  for (const path of skipped) io.stderr(`scaleout-lint: ${path}: not a Compose, Helm values or .env file, skipped\n`);
  // A run that lints nothing must not pass in CI as if it had found nothing.
  if (files.length === 0) throw new UsageError(`no files to lint in ${given.join(", ")} (looked for Compose, Helm values, Kubernetes manifests and .env files)`);
  const options: LintOptions = { ...request.config.options };
  if (request.assumeCluster) options.assumeCluster = true;
  const result = engine.lintPaths(files, workspace, options);
  return { engine, workspace, inputs: files, options, result, report: reportOf(io, engine, result, request.minimumSeverity) };
}

/** Re-lints the same files as they are now in the workspace (staged fixes included). */
export function relint(io: CliIo, run: LintRun, minimumSeverity: Severity): LintRun {
  const result = run.engine.lintPaths(run.inputs, run.workspace, run.options);
  return { ...run, result, report: reportOf(io, run.engine, result, minimumSeverity) };
}

function reportOf(io: CliIo, engine: Engine, result: LintResult, minimumSeverity: Severity): LintReport {
  const files = [...new Set(result.projects.flatMap((p) => p.files))].sort();
  const findings = result.findings.filter((f) => severityRank[f.severity] >= severityRank[minimumSeverity]);
  return new LintReport(io.cwd, findings, files, result.texts, new SecretRedactor(engine.cache));
}
