import type { Finding } from "../engine/findings";
import type { Engine } from "../engine/lint";
import type { LintOptions, ProjectResult } from "../engine/lint-api";
import { projectKeyOf, type ProjectSpec } from "../engine/project/load-project";
import { SecretRedactor, type SecretSpanMemo } from "../engine/services/redact";
import { dirname } from "../engine/workspace";
import type { Span } from "../engine/text/span";
import type { DocumentWorkspace } from "./document-workspace";

/** One lint of one project, with the exact texts and open-document versions it saw. */
export interface ProjectAnalysis {
  spec: ProjectSpec;
  result: ProjectResult;
  texts: Map<string, string>;
  /** Versions of the project's files that were open when it was linted. */
  versions: Map<string, number>;
  /** Masks the secrets of these texts in what the server sends: messages, titles, hovers. */
  readonly redactor: SecretRedactor;
}

/** A finding together with the analysis it came from (for its texts). */
export interface AnalysedFinding {
  finding: Finding;
  analysis: ProjectAnalysis;
}

/**
 * The projects of the open documents, each with its latest lint. Knows which project reads which
 * file, so a change re-lints only the projects that read the changed file (a `.env` change
 * re-lints the compose project that interpolates it). Projects none of whose files is open or
 * kept (a file the workspace scan linted) are dropped: their diagnostics are cleared rather
 * than left to go stale.
 */
export class ProjectAnalyses {
  private readonly projects = new Map<string, ProjectAnalysis>();
  private readonly projectsOfFile = new Map<string, Set<string>>();
  /** Where each file's secret values stand, per text: shared by the lints, so an edit recomputes one file. */
  private readonly secretSpans: SecretSpanMemo = new Map();

  constructor(
    private readonly engine: Engine,
    private readonly workspace: DocumentWorkspace,
    private readonly optionsFor: (entry: string) => LintOptions,
    /** Files whose projects stay linted though none of their files is open (the workspace index). */
    private readonly kept: (path: string) => boolean = () => false,
  ) {}

  /**
   * Re-lints the projects the given files belong to (now, or before this change). `nearby`
   * also re-lints the projects of the same folder and the folder below (for created or deleted
   * files: a new override, `.env` or `Chart.yaml` joins projects that never read it).
   * Returns every file whose diagnostics may have changed.
   */
  update(paths: Iterable<string>, nearby = false): Set<string> {
    const specs = new Map<string, ProjectSpec>();
    const stale = new Set<string>();
    for (const path of paths) {
      // Every Compose file set that lists the file is linted: two sets may share it.
      const found = this.workspace.isOpen(path) || this.projectsOfFile.has(path) || this.kept(path) ? this.engine.discoverAll(path, this.workspace, this.optionsFor(path)) : [];
      for (const spec of found) specs.set(projectKeyOf(spec), spec);
      for (const id of this.projectsOfFile.get(path) ?? []) stale.add(id);
      if (nearby) {
        const dir = dirname(path);
        for (const [id, analysis] of this.projects) {
          const entryDir = dirname(analysis.spec.entry);
          if (entryDir === dir || dirname(entryDir) === dir) stale.add(id);
        }
      }
    }
    for (const id of stale) {
      if (specs.has(id)) continue;
      // A project whose entry now belongs elsewhere (a `.env` that a new compose file reads) is replaced.
      const rediscovered = this.rediscover(id);
      if (rediscovered) specs.set(projectKeyOf(rediscovered), rediscovered);
      else this.orphansOf(id, specs);
    }
    const affected = new Set<string>();
    for (const id of stale) if (!specs.has(id)) this.remove(id, affected);
    for (const spec of specs.values()) this.lint(spec, affected);
    this.dropUnopened(affected);
    return affected;
  }

  /** Re-lints every project (settings changed). */
  updateAll(): Set<string> {
    const affected = new Set<string>();
    // The settings may put files into other projects (a Compose file set): each is found again.
    const specs = new Map<string, ProjectSpec>();
    for (const [id, analysis] of this.projects) {
      const spec = this.rediscover(id) ?? analysis.spec;
      if (!specs.has(projectKeyOf(spec))) specs.set(projectKeyOf(spec), spec);
    }
    for (const id of [...this.projects.keys()]) if (!specs.has(id)) this.remove(id, affected);
    for (const spec of specs.values()) this.lint(spec, affected);
    this.dropUnopened(affected);
    return affected;
  }

  /**
   * The project a linted one is now: the same Compose file set when its entry is still in it,
   * else what its entry belongs to now (undefined when nothing reads it any more).
   */
  private rediscover(id: string): ProjectSpec | undefined {
    const entry = this.projects.get(id)?.spec.entry ?? id;
    const found = this.engine.discoverAll(entry, this.workspace, this.optionsFor(entry));
    return found.find((spec) => projectKeyOf(spec) === id) ?? found[0];
  }

  /**
   * A project whose entry is gone (deleted): its other open or kept files are linted in what they
   * belong to now (the rest of a Compose file set, as the CLI lints it, or a `.env` on its own).
   */
  private orphansOf(id: string, specs: Map<string, ProjectSpec>): void {
    const analysis = this.projects.get(id);
    if (!analysis) return;
    for (const file of analysis.result.files) {
      if (file === analysis.spec.entry || !(this.workspace.isOpen(file) || this.kept(file))) continue;
      for (const spec of this.engine.discoverAll(file, this.workspace, this.optionsFor(file))) specs.set(projectKeyOf(spec), spec);
    }
  }

  /** Forgets every project (the server was disabled); returns the files that had diagnostics. */
  clear(): Set<string> {
    const affected = new Set(this.projectsOfFile.keys());
    this.projects.clear();
    this.projectsOfFile.clear();
    this.secretSpans.clear();
    return affected;
  }

  /** The findings located in a file, across the projects that read it, without duplicates. */
  findingsIn(path: string): AnalysedFinding[] {
    const out: AnalysedFinding[] = [];
    const seen = new Set<string>();
    for (const id of this.projectsOfFile.get(path) ?? []) {
      const analysis = this.projects.get(id);
      if (!analysis) continue;
      for (const finding of analysis.result.findings) {
        if (finding.location.path !== path) continue;
        const key = `${finding.ruleId}|${finding.location.span.start}|${finding.location.span.end}|${finding.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ finding, analysis });
      }
    }
    return out;
  }

  /** The files below a folder that some project read in its latest lint. */
  filesUnder(dir: string): string[] {
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    return [...this.projectsOfFile.keys()].filter((path) => path.startsWith(prefix));
  }

  /** Whether each of these projects has an analysis. */
  hasAll(specs: readonly ProjectSpec[]): boolean {
    return specs.every((spec) => this.projects.has(projectKeyOf(spec)));
  }

  /** Whether some project read this file in its latest lint. */
  covers(path: string): boolean {
    return this.projectsOfFile.has(path);
  }

  /** The analyses that read a file. */
  analysesOf(path: string): ProjectAnalysis[] {
    return [...(this.projectsOfFile.get(path) ?? [])].map((id) => this.projects.get(id)).filter((a): a is ProjectAnalysis => a !== undefined);
  }

  /** The text of a file as the latest analysis saw it. */
  textOf(path: string): string | undefined {
    for (const analysis of this.analysesOf(path)) {
      const text = analysis.texts.get(path);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /**
   * This, as seen from a newer text of one file: its findings in that file are moved to where
   * they stand in the text, and those the edits touched are left out (a request answers from
   * the latest finished analysis rather than wait for the next). This itself when it saw the text.
   */
  asSeenIn(path: string, text: string): ProjectAnalyses {
    const analyses = this.analysesOf(path);
    if (analyses.every((a) => (a.texts.get(path) ?? text) === text)) return this;
    const maps = new Map<string, OffsetMap>();
    const mapOf = (old: string): OffsetMap => {
      let map = maps.get(old);
      if (!map) maps.set(old, (map = offsetMapOf(old, text)));
      return map;
    };
    const view = Object.create(this) as ProjectAnalyses;
    view.findingsIn = (file: string): AnalysedFinding[] => {
      const found = this.findingsIn(file);
      if (file !== path) return found;
      const out: AnalysedFinding[] = [];
      for (const analysed of found) {
        const old = analysed.analysis.texts.get(path);
        if (old === undefined || old === text) {
          out.push(analysed);
          continue;
        }
        const span = mapOf(old)(analysed.finding.location.span);
        if (!span) continue;
        const { finding } = analysed;
        out.push({ finding: { ...finding, location: { ...finding.location, span } }, analysis: analysed.analysis });
      }
      return out;
    };
    return view;
  }

  /** Whether every analysis of this file saw the given version of it. */
  isCurrent(path: string, version: number): boolean {
    const analyses = this.analysesOf(path);
    return analyses.length > 0 && analyses.every((a) => a.versions.get(path) === version);
  }

  private lint(spec: ProjectSpec, affected: Set<string>): void {
    const texts = new Map<string, string>();
    const result = this.engine.lintProject(spec, this.workspace, this.optionsFor(spec.entry), texts);
    const versions = new Map<string, number>();
    for (const path of result.files) {
      const document = this.workspace.openDocument(path);
      if (document) versions.set(path, document.version);
    }
    const id = projectKeyOf(spec);
    this.remove(id, affected);
    if (result.files.length === 0) return;
    const cache = this.engine.cache;
    const secretSpans = this.secretSpans;
    let redactor: SecretRedactor | undefined;
    this.projects.set(id, {
      spec,
      result,
      texts,
      versions,
      // Learned when first needed: a project without findings or hovers never pays for it.
      get redactor(): SecretRedactor {
        if (!redactor) {
          redactor = new SecretRedactor(cache, secretSpans);
          redactor.learn(texts);
        }
        return redactor;
      },
    });
    for (const path of result.files) {
      let ids = this.projectsOfFile.get(path);
      if (!ids) this.projectsOfFile.set(path, (ids = new Set()));
      ids.add(id);
      affected.add(path);
    }
  }

  private remove(id: string, affected: Set<string>): void {
    const analysis = this.projects.get(id);
    if (!analysis) return;
    this.projects.delete(id);
    for (const path of analysis.result.files) {
      affected.add(path);
      const ids = this.projectsOfFile.get(path);
      ids?.delete(id);
      if (ids?.size === 0) this.projectsOfFile.delete(path);
    }
  }

  private dropUnopened(affected: Set<string>): void {
    for (const [id, analysis] of [...this.projects]) {
      if (!analysis.result.files.some((path) => this.workspace.isOpen(path) || this.kept(path))) this.remove(id, affected);
    }
    for (const path of this.secretSpans.keys()) if (!this.projectsOfFile.has(path)) this.secretSpans.delete(path);
  }
}

type OffsetMap = (span: Span) => Span | undefined;

/**
 * Where a span of `before` is in `after`, taking the edits between them as one replaced region
 * (everything between the common prefix and the common suffix). A span that reaches into that
 * region has no place in `after`: undefined.
 */
export function offsetMapOf(before: string, after: string): OffsetMap {
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const changedEnd = before.length - suffix;
  const delta = after.length - before.length;
  return (span) => {
    if (span.end <= prefix) return span;
    if (span.start >= changedEnd) return { start: span.start + delta, end: span.end + delta };
    return undefined;
  };
}
