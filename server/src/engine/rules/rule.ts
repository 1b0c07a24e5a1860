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
  /** Why it matters in a cluster; cites the seed or FACTS section. */
  whyItMatters: string;
  /** Files that make the rule fire (tested: must fire). */
  example: ExampleFiles;
  /** The same deployment done right (tested: must not fire). */
  useInstead: ExampleFiles;
  /** What the quick fix does and why it is safe / unsafe. */
  fixSafety: string;
  /** Source references: FACTS.md sections, seeds, documentation links. */
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

export function defineRule(rule: Rule): Rule {
  return rule;
}

export type { Finding };
