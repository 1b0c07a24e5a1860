import type { ExampleFiles, Rule } from "../engine/rules/rule";
import { docsUrlOf } from "../engine/rules/registry";

export interface RuleDocsOptions {
  docsBaseUrl?: string;
  /** The failing example too (the documentation page has it; a hover is shorter without it). */
  withExample: boolean;
}

const severityLabel = { error: "error", warning: "warning", info: "information", hint: "hint" } as const;
const fixSafetyLabel = { safe: "safe quick fix", unsafe: "quick fix (unsafe: review it)", suggestion: "suggested fix", none: "no quick fix" } as const;

/** A rule's documentation as Markdown, from its metadata (the same sections as docs/rules/). */
export function ruleDocsMarkdown(rule: Rule, options: RuleDocsOptions): string {
  const { meta } = rule;
  const lines: string[] = [
    `### ${meta.title}`,
    "",
    `\`${meta.id}\` · ${severityLabel[meta.severity]} · ${fixSafetyLabel[meta.fixSafety]}${meta.clusterOnly ? " · cluster only" : ""}`,
    "",
    meta.docs.whatItDoes,
    "",
    "**Why it matters**",
    "",
    meta.docs.whyItMatters,
    "",
  ];
  if (options.withExample) lines.push("**Example**", "", ...exampleBlocks(meta.docs.example));
  lines.push("**Use instead**", "", ...exampleBlocks(meta.docs.useInstead));
  lines.push("**Fix safety**", "", meta.docs.fixSafety, "");
  if (meta.docs.sources.length > 0) lines.push(`Sources: ${meta.docs.sources.join("; ")}`, "");
  const url = docsUrlOf(meta.id, options.docsBaseUrl);
  lines.push(`[Documentation for ${meta.id}](${url})`);
  return lines.join("\n");
}

function exampleBlocks(files: ExampleFiles): string[] {
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const language = /\.ya?ml$/i.test(name) ? "yaml" : "properties";
    // A fence longer than any backtick run in the text keeps the block closed.
    const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longestRun + 1);
    out.push(`\`${name}\``, "", `${fence}${language}`, text.replace(/\r?\n$/, ""), fence, "");
  }
  return out;
}
