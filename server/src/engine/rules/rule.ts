import type { Finding, Fix, FixSafety, RelatedLocation, Severity } from "../findings";
import type { FixBuilder } from "../fixes/fix-builder";
import type { ClusterModel } from "../model/cluster-model";
import type { Project } from "../project/project";
import type { Location } from "../text/span";

/** C = Compose/Swarm (with .env, env_file), H = Helm values, E = .env on its own, K = Kubernetes manifests. */
export type Format = "C" | "H" | "E" | "K";
export type Priority = "P1" | "P2" | "P3";

/** An example deployment: file name (relative, may contain a folder) → text. */
export type ExampleFiles = Record<string, string>;

export interface RuleDocs {
  /** One or two sentences, present tense: what the rule flags. */
  whatItDoes: string;
  /** Why it matters in a cluster; cites public sources (URLs). */
  whyItMatters: string;
  /** Files that make the rule fire (tested: must fire). */
  example: ExampleFiles;
  /** The same deployment done right (tested: must not fire). */
  useInstead: ExampleFiles;
  /** What the quick fix does and why it is safe / unsafe. */
  fixSafety: string;
  /** Public sources: documentation, image entrypoints, chart templates (URLs). */
  sources: string[];
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  formats: Format[];
  priority: Priority;
  /** Silent without cluster context. */
  clusterOnly: boolean;
  /** Short title, sentence case, no full stop. */
  title: string;
  fixSafety: FixSafety | "none";
  docs: RuleDocs;
  /** Silent unless the configuration gives the rule a severity (`rules: { <id>: hint }`): a matter of taste, not of the deployment. */
  offByDefault?: boolean;
}

export interface ReportInput {
  message: string;
  location: Location;
  related?: RelatedLocation[];
  fixes?: (Fix | undefined)[];
  /** Overrides the rule's default severity (e.g. "warning, error in cluster"). */
  severity?: Severity;
}

export interface RuleContext {
  readonly model: ClusterModel;
  readonly project: Project;
  readonly fix: FixBuilder;
  report(input: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/**
 * The fixes a rule may offer, by the fix safety it declares (the README's "Fix safety" column,
 * the docs page, `scaleout-lint rules`). Danger goes safe < unsafe; a suggestion is its own
 * class, never applied in bulk:
 * - `none`: no fix at all.
 * - `safe`: every fix is safe, so fix-all and `scaleout-lint fix` resolve the finding.
 * - `suggestion`: no fix is ever applied in bulk, so no safe or unsafe fix either (a safe one
 *   would be applied by `scaleout-lint fix` behind the reader's back).
 * - `unsafe`: review the fixes — the mixed case: unsafe fixes, plus safe ones where a case is
 *   safe and suggestions, which need an even more explicit choice.
 * The engine drops a fix outside this set and reports it through `Engine.onRuleError`.
 */
export const allowedFixSafeties: Readonly<Record<RuleMeta["fixSafety"], readonly FixSafety[]>> = {
  none: [],
  safe: ["safe"],
  suggestion: ["suggestion"],
  unsafe: ["safe", "unsafe", "suggestion"],
};

/** A fix outside what the rule's declared fix safety allows (allowedFixSafeties); the engine drops it. */
export class FixSafetyViolation extends Error {
  constructor(meta: Pick<RuleMeta, "id" | "fixSafety">, fix: Pick<Fix, "title" | "safety">) {
    super(
      `${meta.id} offered the ${fix.safety} fix "${fix.title}" but declares fix safety "${meta.fixSafety}" (allowing ${allowedFixSafeties[meta.fixSafety].join(", ") || "no fix"}); the fix was dropped. Correct the fix's safety or the rule's meta.fixSafety.`,
    );
    this.name = "FixSafetyViolation";
  }
}

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\/[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];
const FORMATS: readonly Format[] = ["C", "H", "E", "K"];
const PRIORITIES: readonly Priority[] = ["P1", "P2", "P3"];
/** Names a title may start with in lower case. */
const LOWERCASE_FIRST_NAMES = new Set(["ownCloud"]);
/**
 * Capitalised words a sentence-case title may contain after its first word. Add a proper noun
 * here when a new title needs it; a word like "Jobs" in "Background Jobs" is title case.
 */
const PROPER_NOUNS = new Set(["Apache", "Compose", "Docker", "Flux", "Galera", "Helm", "Kubernetes", "Memcached", "Nextcloud", "Redis", "Sentinel", "Swarm", "Swift"]);

function titleProblems(title: string): string[] {
  if (title.trim() === "") return ["title is empty"];
  const problems: string[] = [];
  if (title !== title.trim()) problems.push("title has leading or trailing white space");
  if (/[.!]$/.test(title.trim())) problems.push(`title "${title}" ends with a full stop`);
  const words = title.trim().split(/[\s/]+/).map((w) => w.replace(/^[("`']+|[)"`',:;]+$|'s$/g, ""));
  if (/^[a-z]/.test(words[0]) && !LOWERCASE_FIRST_NAMES.has(words[0])) problems.push(`title "${title}" does not start with a capital letter`);
  const titleCased = words.slice(1).filter((w) => /^[A-Z][a-z]+$/.test(w) && !PROPER_NOUNS.has(w));
  if (titleCased.length > 0) problems.push(`title "${title}" is not sentence case (${titleCased.join(", ")}; a proper noun goes into PROPER_NOUNS in rule.ts)`);
  return problems;
}

function filesProblems(section: "example" | "useInstead", files: unknown): string[] {
  if (typeof files !== "object" || files === null || Object.keys(files).length === 0) return [`docs.${section} has no file`];
  return Object.entries(files as Record<string, unknown>).flatMap(([name, text]) =>
    name.trim() === "" ? [`docs.${section} has a file without a name`] : typeof text !== "string" || text.trim() === "" ? [`docs.${section}["${name}"] is empty`] : [],
  );
}

/**
 * What is wrong with a rule's metadata, in words a rule author can act on. Checks what needs
 * nothing but the metadata; that the id, severity, formats and priority are the ones RULES.md
 * gives is test/rules/rule-contract.test.ts' job (against catalog-contract.ts).
 */
export function ruleMetaProblems(meta: RuleMeta): string[] {
  const problems: string[] = [];
  if (typeof meta.id !== "string" || !RULE_ID.test(meta.id)) problems.push(`id "${String(meta.id)}" is not concern/kebab-name`);
  if (!SEVERITIES.includes(meta.severity)) problems.push(`severity "${String(meta.severity)}" is not one of ${SEVERITIES.join(", ")}`);
  if (!Array.isArray(meta.formats) || meta.formats.length === 0) problems.push("formats is empty");
  else {
    for (const format of meta.formats) if (!FORMATS.includes(format)) problems.push(`format "${String(format)}" is not one of ${FORMATS.join(", ")}`);
    if (new Set(meta.formats).size !== meta.formats.length) problems.push(`formats ${meta.formats.join(", ")} repeat a format`);
  }
  if (!PRIORITIES.includes(meta.priority)) problems.push(`priority "${String(meta.priority)}" is not one of ${PRIORITIES.join(", ")}`);
  if (typeof meta.clusterOnly !== "boolean") problems.push("clusterOnly is not a boolean");
  if (typeof meta.title !== "string") problems.push("title is missing");
  else problems.push(...titleProblems(meta.title));
  if (!Object.hasOwn(allowedFixSafeties, meta.fixSafety)) problems.push(`fixSafety "${String(meta.fixSafety)}" is not one of ${Object.keys(allowedFixSafeties).join(", ")}`);
  const docs = meta.docs as Partial<RuleDocs> | undefined;
  if (!docs) return [...problems, "docs are missing"];
  for (const section of ["whatItDoes", "whyItMatters", "fixSafety"] as const) {
    const text = docs[section];
    if (typeof text !== "string" || text.trim() === "") problems.push(`docs.${section} is empty`);
  }
  problems.push(...filesProblems("example", docs.example), ...filesProblems("useInstead", docs.useInstead));
  if (!Array.isArray(docs.sources) || docs.sources.length === 0) problems.push("docs.sources is empty");
  else if (docs.sources.some((s) => typeof s !== "string" || s.trim() === "")) problems.push("docs.sources has an empty entry");
  return problems;
}

/** Checks the metadata when the rule module loads, so a broken rule fails every test at once. */
export function defineRule(rule: Rule): Rule {
  const problems = ruleMetaProblems(rule.meta);
  if (problems.length > 0) throw new Error(`Rule ${String(rule.meta.id)} has invalid metadata: ${problems.join("; ")}.`);
  return rule;
}

export type { Finding };
