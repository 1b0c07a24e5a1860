import type { ExampleFiles, RuleMeta } from "../engine/rules/rule";
import type { Colors } from "./colors";
import { formatNames } from "./rule-catalog";

const WRAP_AT = 88;

/** A rule's documentation for the terminal (`explain`) and SARIF's `help.text`: the docs page's sections as plain text. */
export function ruleDocsText(meta: RuleMeta, colors: Colors): string {
  const heading = (text: string): string => colors.bold(text);
  const lines = [
    `${colors.bold(meta.id)}: ${meta.title}`,
    "",
    `  severity      ${colors.severity(meta.severity, meta.severity)}`,
    `  formats       ${meta.formats.map((f) => formatNames[f]).join(", ")}`,
    `  priority      ${meta.priority}`,
    `  cluster only  ${meta.clusterOnly ? "yes (silent until the files show more than one node)" : "no"}`,
    `  fix           ${meta.fixSafety}`,
    "",
    heading("What it does"),
    ...wrap(meta.docs.whatItDoes),
    "",
    heading("Why it matters"),
    ...wrap(meta.docs.whyItMatters),
    "",
    heading("Example"),
    ...exampleLines(meta.docs.example, colors),
    heading("Use instead"),
    ...exampleLines(meta.docs.useInstead, colors),
    heading("Fix safety"),
    ...wrap(meta.docs.fixSafety),
    "",
    heading("Sources"),
    ...meta.docs.sources.map((s) => `  - ${s}`),
    "",
  ];
  return lines.join("\n");
}

function wrap(paragraph: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > WRAP_AT - 2) {
      out.push(`  ${line}`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push(`  ${line}`);
  return out;
}

function exampleLines(files: ExampleFiles, colors: Colors): string[] {
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    out.push(`  ${colors.dim(`── ${name}`)}`);
    for (const line of text.replace(/\r?\n$/, "").split(/\r?\n/)) out.push(`    ${line}`.trimEnd());
    out.push("");
  }
  return out;
}
