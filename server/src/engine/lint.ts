import { DocumentCache } from "./documents/document-cache";
import { ruleSettingOf } from "./config/rule-setting";
import { hoverFactsOf } from "./services/hover-facts";
import { inlayHintsOf } from "./services/inlay-hints";
import { existingFileIn, type NavigationFacts, navigationFactsOf } from "./services/navigation";
import { fileKindOf } from "./documents/file-kind";
import type { Finding, Fix, RelatedLocation, Severity } from "./findings";
import { FixBuilder } from "./fixes/fix-builder";
import { applyIgnores } from "./services/ignore-comments";
import type { FileKind, LintOptions, LintResult, ProjectResult } from "./lint-api";
import type { ClusterModel } from "./model/cluster-model";
import { buildComposeModel } from "./model/compose-adapter";
import { buildEnvModel } from "./model/env-adapter";
import { buildHelmModel } from "./model/helm-adapter";
import { buildK8sModel } from "./model/k8s-adapter";
import { discoverProject, loadProject, projectKeyOf, type ProjectSpec } from "./project/load-project";
import type { Project } from "./project/project";
import { allRules } from "./rules/registry";
import { allowedFixSafeties, FixSafetyViolation, type Format, type Rule } from "./rules/rule";
import type { Location } from "./text/span";
import { ReadGuard, SKIPPED_FILE_RULE } from "./skipped-files";
import { dirname, joinPath, type Workspace } from "./workspace";
import { markMountedConfigFiles } from "./model/config-php";

const formatOfKind: Record<Project["kind"], Format> = { compose: "C", helm: "H", env: "E", k8s: "K" };

export const UNUSED_IGNORE_RULE = "lint/unused-ignore";

/**
 * Files in, findings out. Holds the parse cache, so one Engine per process (the language
 * server keeps one for its lifetime; the CLI one per run).
 */
export class Engine {
  readonly cache = new DocumentCache();
  /**
   * Called when a rule throws (the rule is skipped, the others still report) and when it offers
   * a fix its declared fix safety does not allow (a FixSafetyViolation: the fix is dropped, the
   * finding kept).
   */
  onRuleError: (ruleId: string, error: unknown) => void = () => {};

  constructor(private readonly rules: readonly Rule[] = allRules) {}

  private ruleError(ruleId: string, error: unknown): void {
    try {
      this.onRuleError(ruleId, error);
    } catch (thrown) {
      throw new RuleErrorRethrown(thrown);
    }
  }

  fileKind(path: string, text?: string): FileKind | undefined {
    return fileKindOf(path, text);
  }

  /** `options`: its Compose file sets and env files decide which project a file of theirs is linted in. */
  discover(path: string, ws: Workspace, options: LintOptions = {}): ProjectSpec | undefined {
    const guard = new ReadGuard(ws);
    const spec = discoverProject(path, guard, this.cache, options);
    if (spec || !guard.skipped.has(path)) return spec;
    // A file that was not read (binary, too large) still belongs where its name puts it, so the
    // project reports it as skipped instead of nobody saying anything.
    const byName: Workspace = { readFile: (p) => (p === path ? "" : guard.readFile(p)), listDir: (d) => guard.listDir(d) };
    return discoverProject(path, byName, this.cache, options);
  }

  /** Lints the projects the given files belong to; each project once. */
  /**
   * Every project a file is linted in: its own (`discover`), and every other Compose file set of
   * the options that lists it or reads it (the `.env` of its folder, an `--env-file`). Two sets may share files
   * (`[compose.yaml, compose.dev.yaml]` and `[compose.yaml, compose.prod.yaml]`): a file of both
   * is deployed by both, and a finding of either is true of it.
   */
  discoverAll(path: string, ws: Workspace, options: LintOptions = {}): ProjectSpec[] {
    const spec = this.discover(path, ws, options);
    if (!spec) return [];
    const specs = [spec];
    if (spec.kind !== "compose" || (options.composeFileSets?.length ?? 0) < 2) return specs;
    const keys = new Set([projectKeyOf(spec)]);
    for (const set of options.composeFileSets ?? []) {
      // An `--env-file` fills `${VAR}` in every set.
      if (set.length === 0 || !(set.includes(path) || joinPath(dirname(set[0]), ".env") === path || (options.composeEnvFiles ?? []).includes(path))) continue;
      const other: ProjectSpec = { kind: "compose", entry: set[0], files: set };
      if (keys.has(projectKeyOf(other))) continue;
      keys.add(projectKeyOf(other));
      specs.push(other);
    }
    return specs;
  }

  lintPaths(paths: string[], ws: Workspace, options: LintOptions = {}): LintResult {
    const specs = new Map<string, ProjectSpec>();
    const failures: { entry: string; error: unknown }[] = [];
    for (const path of paths) {
      // Finding a file's project reads its folder (and the two above, for an includer): an
      // internal error there fails that file alone.
      let found: ProjectSpec[];
      try {
        found = this.discoverAll(path, ws, options);
      } catch (error) {
        failures.push({ entry: path, error });
        continue;
      }
      // Two Compose file sets may share their first file (`compose.yaml` + `compose.dev.yaml`, `compose.yaml` + `compose.prod.yaml`): each is linted.
      for (const spec of found) if (!specs.has(projectKeyOf(spec))) specs.set(projectKeyOf(spec), spec);
    }
    const projects: ProjectResult[] = [];
    const texts = new Map<string, string>();
    for (const spec of specs.values()) {
      // One project's internal error must not take the healthy projects of the run down with it.
      try {
        projects.push(this.lintProject(spec, ws, options, texts));
      } catch (error) {
        // What onRuleError throws (a test that wants a rule error to fail the lint) is the caller's.
        if (error instanceof RuleErrorRethrown) throw error.thrown;
        failures.push({ entry: spec.entry, error });
      }
    }
    const result: LintResult = { projects, findings: uniqueFindings(projects.map((p) => p.findings)), texts };
    if (failures.length > 0) result.failures = failures;
    return result;
  }

  lintProject(spec: ProjectSpec, ws: Workspace, options: LintOptions = {}, texts = new Map<string, string>()): ProjectResult {
    const guard = new ReadGuard(ws, options.maxFileSize);
    const project = loadProject(spec, guard, this.cache, options);
    for (const path of project.files) texts.set(path, project.textOf(path)!);
    const model = buildModel(project);
    const raw: Finding[] = [];
    // A HelmRelease deploys chart values: the Helm rules apply to it as to a values file.
    const format: Format = model.format === "helm" ? "H" : formatOfKind[project.kind];
    const fix = new FixBuilder(project, model);
    // A file the YAML parser cannot read (half typed) gets no fix: an insert there lands in the
    // broken text and makes it worse, as ESLint leaves a file with a parse error alone.
    const unreadable = new Set(project.parseProblems.filter((p) => p.fileKind === "yaml" && p.severity === "error").map((p) => p.location.path));
    // Where a template follows an insert, what it renders (a `{{ toYaml … | nindent 2 }}` line) may
    // end up under the inserted key: such a fix is not offered.
    const templateStarts = new Map<string, number[]>();
    for (const file of [...project.composeFiles, ...project.yamlFiles]) if (file.renderedTemplates?.length) templateStarts.set(file.path, file.renderedTemplates.map((t) => t.start));
    const insertsBeforeTemplate = (e: { path: string; span: { start: number; end: number } }): boolean => (templateStarts.get(e.path) ?? []).some((start) => start >= e.span.start);
    for (const rule of this.rules) {
      const setting = ruleSettingOf(options, rule.meta.id);
      if (setting === "off" || (setting === undefined && rule.meta.offByDefault)) continue;
      if (!rule.meta.formats.includes(format) && !(format === "C" && rule.meta.formats.includes("E"))) continue;
      if (rule.meta.clusterOnly && !model.cluster.inCluster) continue;
      const severity: Severity | undefined = setting;
      const allowedFixes = allowedFixSafeties[rule.meta.fixSafety];
      // Reported once the rule is done, so an onRuleError that throws (the tests') cannot be caught as the rule's own error.
      const breaches: FixSafetyViolation[] = [];
      try {
        rule.check({
          model,
          project,
          fix,
          report: (input) => {
            const fixes: Fix[] = [];
            for (const offered of input.fixes ?? []) {
              if (offered === undefined || offered.edits.length === 0) continue;
              // A fix that cannot be applied whole, or that edits an anchor other places share, is not offered.
              if (editsOverlap(offered) || (!offered.keepsValues && fix.sharedEdit(offered))) continue;
              if (offered.edits.some((e) => unreadable.has(e.path) || (e.span.start === e.span.end && insertsBeforeTemplate(e)))) continue;
              // A fix more dangerous than the rule declares would reach fix-all or `fix --unsafe` unannounced.
              if (allowedFixes.includes(offered.safety)) fixes.push(offered);
              else breaches.push(new FixSafetyViolation(rule.meta, offered));
            }
            raw.push({
              ruleId: rule.meta.id,
              severity: severity ?? input.severity ?? rule.meta.severity,
              message: input.message,
              location: input.location,
              related: cappedRelated(input.related ?? []),
              fixes,
            });
          },
        });
      } catch (error) {
        this.ruleError(rule.meta.id, error);
      }
      for (const breach of breaches) this.ruleError(rule.meta.id, breach);
    }
    const { kept, unused } = applyIgnores(raw, new Map(project.files.map((p) => [p, project.textOf(p)!])));
    if (options.rules?.[UNUSED_IGNORE_RULE] !== "off") {
      for (const directive of unused) {
        kept.push({
          ruleId: UNUSED_IGNORE_RULE,
          severity: options.rules?.[UNUSED_IGNORE_RULE] ?? "info",
          message: `This ignore comment silences nothing (${directive.ruleIds.join(", ")} reports nothing here).`,
          location: directive.location,
          related: [],
          fixes: [removeIgnoreComment(fix, project.textOf(directive.location.path) ?? "", directive.location)].filter((f): f is NonNullable<typeof f> => f !== undefined),
        });
      }
    }
    const skipped = [...guard.skipped].map(([path, reason]) => ({ path, reason }));
    const files = [...project.files];
    for (const { path, reason } of skipped) {
      // Positions in a file that was not read: line 1, column 1 of an empty text.
      texts.set(path, "");
      if (!files.includes(path)) files.push(path);
      if (options.rules?.[SKIPPED_FILE_RULE] === "off") continue;
      kept.push({ ruleId: SKIPPED_FILE_RULE, severity: options.rules?.[SKIPPED_FILE_RULE] ?? "info", message: `Not linted: ${reason}.`, location: { path, span: { start: 0, end: 0 } }, related: [], fixes: [] });
    }
    kept.sort(compareFindings);
    const result: ProjectResult = { id: spec.entry, kind: project.kind, entry: spec.entry, files, findings: kept, hoverFacts: hoverFactsOf(project, model) };
    // Only while the editor shows them: no work on every keystroke (and every CLI run) for hints nobody asked for.
    if (options.inlayHints) result.inlayHints = inlayHintsOf(project, model);
    if (skipped.length > 0) result.skipped = skipped;
    // Links and definitions are asked for by the editor now and then, not on every keystroke: worked out on first use.
    const exists = existingFileIn(guard);
    let navigation: NavigationFacts | undefined;
    Object.defineProperty(result, "navigation", { enumerable: true, configurable: true, get: () => (navigation ??= navigationFactsOf(project, exists)) });
    return result;
  }
}

/** What onRuleError threw, carried past lintPaths' per-project guard to the caller. */
class RuleErrorRethrown extends Error {
  constructor(readonly thrown: unknown) {
    super("onRuleError threw");
  }
}

/** At most this many related locations per finding: a 10,000-service stack must not list every service. */
export const MAX_RELATED = 20;

/** The first MAX_RELATED - 1 as they are, then one that says how many more there are. */
export function cappedRelated(related: readonly RelatedLocation[]): RelatedLocation[] {
  if (related.length <= MAX_RELATED) return [...related];
  const kept = related.slice(0, MAX_RELATED - 1);
  const last = related[MAX_RELATED - 1];
  const more = related.length - MAX_RELATED;
  kept.push({ location: last.location, message: `${last.message} (and ${more.toLocaleString("en-US")} more)` });
  return kept;
}

/** A comment alone on its line goes with the line; one after an entry (`KEY=v # scaleout-ignore …`) leaves the entry. */
function removeIgnoreComment(fix: FixBuilder, text: string, location: Location): Fix | undefined {
  let lineStart = location.span.start;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const before = text.slice(lineStart, location.span.start);
  if (before.trim() === "") return fix.deleteLines(location, "Remove the unused ignore comment", "safe");
  const start = location.span.start - (before.length - before.trimEnd().length);
  return fix.replace({ path: location.path, span: { start, end: location.span.end } }, "", "Remove the unused ignore comment", "safe");
}

/** Two edits of one fix on the same text (inserts at one offset excepted: they apply in order). */
function editsOverlap(fix: Fix): boolean {
  const edits = [...fix.edits].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.span.start - b.span.start || a.span.end - b.span.end));
  for (let i = 1; i < edits.length; i++) {
    const [a, b] = [edits[i - 1], edits[i]];
    if (a.path === b.path && (b.span.start < a.span.end || (b.span.start === a.span.start && a.span.end > a.span.start))) return true;
  }
  return false;
}

export function buildModel(project: Project): ClusterModel {
  const model = buildFormatModel(project);
  // Compose mounts config files from the host; the linter reads only those a chart or ConfigMap writes.
  if (model.format === "compose") markMountedConfigFiles(model);
  if (project.refusedInputs.length > 0) model.refusedInputs = [...project.refusedInputs];
  return model;
}

function buildFormatModel(project: Project): ClusterModel {
  switch (project.kind) {
    case "compose":
      return buildComposeModel(project);
    case "helm":
      return buildHelmModel(project) ?? emptyModel("helm");
    case "env":
      return buildEnvModel(project);
    case "k8s":
      // A Flux HelmRelease of the chart deploys what its values say, like a values file.
      return (project.helmValues ? buildHelmModel(project) : undefined) ?? buildK8sModel(project);
    default:
      return emptyModel(project.kind);
  }
}

function emptyModel(format: ClusterModel["format"]): ClusterModel {
  return { format, vocabulary: { instance: format === "compose" ? "replica" : format === "env" ? "node" : "pod" }, standalone: format === "env", services: [], apps: [], databases: [], redis: [], syncAgents: [], volumes: new Map(), cluster: { inCluster: false, reasons: [] } };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.location.path !== b.location.path) return a.location.path < b.location.path ? -1 : 1;
  if (a.location.span.start !== b.location.span.start) return a.location.span.start - b.location.span.start;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/**
 * The findings of several projects (or runs) once each, in report order: a file shared by two
 * projects (an `.env`, a base manifest) would otherwise repeat the same finding.
 */
export function uniqueFindings(lists: Iterable<readonly Finding[]>): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const list of lists) {
    for (const f of list) {
      const key = `${f.ruleId}|${f.location.path}|${f.location.span.start}|${f.location.span.end}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  return findings.sort(compareFindings);
}
