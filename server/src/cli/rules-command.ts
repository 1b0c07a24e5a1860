import type { RuleMeta } from "../engine/rules/rule";
import { rulesTableMarkdown } from "../engine/services/rule-docs";
import { type CliIo, EXIT_OK } from "./cli-io";
import { colorsFor } from "./colors";
import { type OptionSpec, parseArgs } from "./parse-args";
import { ruleCatalog } from "./rule-catalog";
import { UsageError } from "./usage-error";

const RULES_OPTIONS: readonly OptionSpec[] = [
  { name: "format", short: "f", takesValue: true, choices: ["text", "json", "markdown"] },
  { name: "no-color", takesValue: false },
];

const COLUMNS = ["id", "severity", "formats", "priority", "cluster", "fix", "title"] as const;

/** The rule table, from the registry: what `docs/rules/README.md` and the SARIF rule table list too. */
export function rulesCommand(argv: readonly string[], io: CliIo): number {
  const { positionals, options } = parseArgs(argv, RULES_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments (got ${positionals.join(" ")})`);
  const metas = ruleCatalog();
  const format = options.get("format") ?? "text";
  if (format === "json") io.stdout(`${JSON.stringify(metas.map(jsonRow), null, 2)}\n`);
  else if (format === "markdown") io.stdout(markdownTable(metas));
  else io.stdout(textTable(metas, colorsFor(io.stdoutIsTty, options.has("no-color"), io.env)));
  return EXIT_OK;
}

function cells(meta: RuleMeta): Record<(typeof COLUMNS)[number], string> {
  return {
    id: meta.id,
    severity: meta.severity,
    formats: meta.formats.join(" "),
    priority: meta.priority,
    cluster: meta.clusterOnly ? "yes" : "no",
    fix: meta.fixSafety,
    title: meta.title,
  };
}

function jsonRow(meta: RuleMeta): object {
  return {
    id: meta.id,
    severity: meta.severity,
    formats: meta.formats,
    priority: meta.priority,
    clusterOnly: meta.clusterOnly,
    fixSafety: meta.fixSafety,
    title: meta.title,
  };
}

function textTable(metas: readonly RuleMeta[], colors: ReturnType<typeof colorsFor>): string {
  const rows = metas.map(cells);
  const widths = COLUMNS.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (values: string[]): string => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join("  ");
  const out = [colors.bold(line([...COLUMNS]))];
  for (const row of rows) out.push(line(COLUMNS.map((c) => row[c])));
  out.push("", `${metas.length} rules. Formats: C Compose/Swarm, H Helm values, E .env, K Kubernetes. \`scaleout-lint explain <id>\` for details.`);
  return `${out.join("\n")}\n`;
}

function markdownTable(metas: readonly RuleMeta[]): string {
  return `${rulesTableMarkdown(metas).join("\n")}\n`;
}
