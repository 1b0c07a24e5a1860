import { z } from "zod";
import { type CatalogEntry, type CatalogSurface, catalogEntrySchema } from "./catalog-schema";

/** An entry as written in a data file: the surface is given once per file. */
export type CatalogEntryInput = Omit<z.input<typeof catalogEntrySchema>, "surface">;

/**
 * Validates a data file at module load, so a malformed entry fails every test that imports the
 * catalog instead of surfacing later as a wrong hover or a silent rule.
 */
export function parseCatalogEntries(surface: CatalogSurface, inputs: readonly CatalogEntryInput[]): readonly CatalogEntry[] {
  return Object.freeze(
    inputs.map((input, index) => {
      const result = catalogEntrySchema.safeParse({ ...input, surface });
      if (!result.success) {
        const where = `${surface} entry #${index} (${input.name ?? "unnamed"})`;
        throw new Error(`Invalid catalog entry ${where}: ${z.prettifyError(result.error)}`);
      }
      return Object.freeze(result.data);
    }),
  );
}
