import { createHash } from "node:crypto";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, Severity } from "../engine/findings";
import type { RuleMeta } from "../engine/rules/rule";
import { ruleDocsMarkdown, ruleDocsText } from "../engine/services/rule-docs";
import type { Location } from "../engine/text/span";
import { jsonChunks, LazyArray } from "./json-stream";
import type { LintProblem, LintReport } from "./lint-report";
import { ruleCatalog } from "./rule-catalog";
import { toolInformationUri } from "./version";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

type SarifLevel = "error" | "warning" | "note";
const levelOf: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note", hint: "note" };

/**
 * SARIF 2.1.0 for code scanning: the full rule table (every registered rule, so a dashboard can
 * show rules that found nothing), results with 1-based regions in UTF-16 columns relative to
 * `%SRCROOT%` (the working directory), related locations, and the safe fixes as replacements.
 */
export function sarifLog(report: LintReport, version: string, informationUri: string | undefined = toolInformationUri): object {
  return sarifDocument(report, version, informationUri, (results) => [...results]);
}

/** The log in pieces, one result at a time: a report of any size is never one string. */
export function* formatSarifChunks(report: LintReport, version: string): Generator<string> {
  yield* jsonChunks(sarifDocument(report, version, toolInformationUri, (results) => new LazyArray(results)));
  yield "\n";
}

function sarifDocument(report: LintReport, version: string, informationUri: string | undefined, collect: (results: Iterable<object>) => unknown): object {
  const rules = ruleCatalog();
  // A result must point into the table; an id the table lacks (a rule registered elsewhere) is added.
  for (const finding of report.findings) {
    if (!rules.some((r) => r.id === finding.ruleId)) rules.push(fallbackMeta(finding));
  }
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "scaleout-lint",
            version,
            semanticVersion: version,
            ...(informationUri !== undefined ? { informationUri } : {}),
            rules: rules.map(ruleDescriptor),
          },
        },
        // What was not linted, so code scanning does not take a partial run for a clean one.
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            ...(report.problems.length > 0 ? { toolExecutionNotifications: report.problems.map((problem) => notification(report, problem, ruleIndex)) } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.cwd) } },
        columnKind: "utf16CodeUnits",
        results: collect(
          (function* () {
            for (const finding of report.findings) yield sarifResult(report, finding, ruleIndex.get(finding.ruleId)!);
          })(),
        ),
      },
    ],
  };
}

export function formatSarif(report: LintReport, version: string): string {
  return [...formatSarifChunks(report, version)].join("");
}

function notification(report: LintReport, problem: LintProblem, ruleIndex: ReadonlyMap<string, number>): object {
  const index = problem.ruleId !== undefined ? ruleIndex.get(problem.ruleId) : undefined;
  return {
    level: "error",
    message: { text: report.message(problem.message) },
    descriptor: { id: problem.kind },
    ...(problem.path !== undefined ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(report, problem.path) } }] } : {}),
    ...(problem.ruleId !== undefined ? { associatedRule: { id: problem.ruleId, ...(index !== undefined ? { index } : {}) } } : {}),
  };
}

/**
 * A rule's `helpUri`: the first public web page its documentation cites (the vendor's docs, the
 * image's entrypoint, the chart's template, a man page) — the page that explains the problem.
 * The tool's own rule pages have no public address (package.json names no repository), so they
 * are not linked; the full page is in `help.markdown`. Undefined when the rule cites no URL.
 */
export function helpUriOf(meta: RuleMeta): string | undefined {
  return meta.docs.sources.find((source) => /^https?:\/\/\S+$/.test(source.trim()))?.trim();
}

function ruleDescriptor(meta: RuleMeta): object {
  const helpUri = helpUriOf(meta);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.whatItDoes },
    ...(helpUri !== undefined ? { helpUri } : {}),
    help: { text: ruleDocsText(meta), markdown: ruleDocsMarkdown(meta, { form: "page" }) },
    defaultConfiguration: { level: levelOf[meta.severity] },
    properties: {
      tags: [meta.id.split("/")[0], meta.priority, ...(meta.clusterOnly ? ["cluster-only"] : [])],
      formats: meta.formats,
      fixSafety: meta.fixSafety,
    },
  };
}

function sarifResult(report: LintReport, finding: Finding, ruleIndex: number): object {
  const result: Record<string, unknown> = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levelOf[finding.severity],
    message: { text: report.message(finding.message) },
    locations: [{ physicalLocation: physicalLocation(report, finding.location) }],
    partialFingerprints: { "scaleoutLint/v1": fingerprint(report, finding) },
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(report, related.location),
      message: { text: report.message(related.message) },
    }));
  }
  // Only safe fixes: code scanning may offer them as one-click changes. None that carries a secret.
  const fixes = finding.fixes.filter((fix) => fix.safety === "safe" && !fix.edits.some((e) => report.redactor.containsSecret(e.newText)));
  if (fixes.length > 0) {
    result.fixes = fixes.map((fix) => {
      const byPath = new Map<string, typeof fix.edits>();
      for (const edit of fix.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
      return {
        description: { text: report.message(fix.title) },
        artifactChanges: [...byPath].map(([path, edits]) => ({
          artifactLocation: artifactLocation(report, path),
          replacements: edits.map((edit) => ({
            deletedRegion: region(report, { path, span: edit.span }),
            insertedContent: { text: edit.newText },
          })),
        })),
      };
    });
  }
  return result;
}

function physicalLocation(report: LintReport, location: Location): object {
  return { artifactLocation: artifactLocation(report, location.path), region: region(report, location) };
}

function region(report: LintReport, location: Location): object {
  const { line, column, endLine, endColumn } = report.range(location);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

/** Relative to %SRCROOT% when inside it (what code scanning needs), else an absolute file URI. */
function artifactLocation(report: LintReport, path: string): object {
  const rel = relative(report.cwd, path).split("\\").join("/");
  if (rel === "" || rel.startsWith("../") || rel === "..") return { uri: pathToFileURL(path).href };
  return { uri: rel.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** Stable across edits elsewhere in the file: the rule, the file and the (masked) text of the line. */
function fingerprint(report: LintReport, finding: Finding): string {
  const { path, span } = finding.location;
  const text = report.texts.get(path) ?? "";
  const index = report.ranges.index(path);
  const line = index.positionAt(span.start).line;
  const masked = report.redactor.maskLine(path, text, index.lineStart(line), index.lineEnd(line)).text.trim();
  return createHash("sha256").update(`${finding.ruleId}\0${report.displayPath(path)}\0${masked}`).digest("hex").slice(0, 32);
}

/** `sessions/files-in-cluster` → `SessionsFilesInCluster`, SARIF's conventional rule name. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

function fallbackMeta(finding: Finding): RuleMeta {
  return {
    id: finding.ruleId,
    severity: finding.severity,
    formats: ["C", "H", "E", "K"],
    priority: "P1",
    clusterOnly: false,
    title: finding.ruleId,
    fixSafety: "none",
    docs: { whatItDoes: finding.ruleId, whyItMatters: "", example: {}, useInstead: {}, fixSafety: "", sources: [] },
  };
}
