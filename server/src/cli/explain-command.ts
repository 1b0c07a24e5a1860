import { catalog } from "../engine/knowledge/catalog";
import { ruleDocsText } from "../engine/services/rule-docs";
import { type CliIo, EXIT_OK } from "./cli-io";
import { colorsFor } from "./colors";
import { type OptionSpec, parseArgs } from "./parse-args";
import { ruleCatalog } from "./rule-catalog";
import { UsageError } from "./usage-error";

const EXPLAIN_OPTIONS: readonly OptionSpec[] = [{ name: "no-color", takesValue: false }];

export function explainCommand(argv: readonly string[], io: CliIo): number {
  const { positionals, options } = parseArgs(argv, EXPLAIN_OPTIONS);
  if (positionals.length !== 1) throw new UsageError("explain takes exactly one rule id, e.g. `scaleout-lint explain sessions/files-in-cluster`");
  const id = positionals[0];
  const metas = ruleCatalog();
  // `read-committed` alone names a rule when no other rule has that name.
  const byName = metas.filter((m) => m.id.endsWith(`/${id}`));
  const meta = metas.find((m) => m.id === id) ?? (byName.length === 1 ? byName[0] : undefined);
  if (!meta) {
    const ids = metas.map((m) => m.id);
    const suggestion = catalog.suggest(id, ids);
    throw new UsageError(`unknown rule id "${id}"${suggestion ? `; did you mean ${suggestion}?` : ""} (\`scaleout-lint rules\` lists them)`);
  }
  io.stdout(ruleDocsText(meta, colorsFor(io.stdoutIsTty, options.has("no-color"), io.env)));
  return EXIT_OK;
}
