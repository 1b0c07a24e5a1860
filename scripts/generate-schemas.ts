// Writes the JSON Schemas in schemas/ from the zod schemas, so editors validate `.scaleout.yaml`
// and catalog data against exactly what the engine accepts. Output is deterministic (stable key
// order, no timestamps) so a re-run on unchanged sources leaves git clean; a unit test compares
// the committed files with renderSchemas().
// Run: node --import tsx scripts/generate-schemas.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { scaleoutConfigSchema } from "../server/src/engine/config/scaleout-config";
import { catalogEntrySchema } from "../server/src/engine/knowledge/catalog-schema";

export const schemasDir = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");

const outputs: { file: string; title: string; schema: z.ZodType }[] = [
  { file: "scaleout-config.schema.json", title: "Scale-out Lint configuration (.scaleout.yaml)", schema: scaleoutConfigSchema },
  { file: "knowledge-catalog.schema.json", title: "Scale-out Lint knowledge catalog entry", schema: catalogEntrySchema },
];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** File name in schemas/ → file content. */
export function renderSchemas(): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const output of outputs) {
    // "input" describes what a user may write (optional fields stay optional).
    const generated = z.toJSONSchema(output.schema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    const document = { $schema, title: output.title, ...(sortKeys(rest) as Record<string, unknown>) };
    rendered[output.file] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return rendered;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(schemasDir, { recursive: true });
  for (const [file, content] of Object.entries(renderSchemas())) {
    writeFileSync(join(schemasDir, file), content);
    console.log(`wrote schemas/${file}`);
  }
}
