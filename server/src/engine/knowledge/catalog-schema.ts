import { z } from "zod";

export const valueTypeSchema = z
  .enum(["string", "boolean", "integer", "enum", "list", "path", "url", "size", "duration", "any"])
  .describe(
    "How the value is read. size: PHP shorthand (512M) or a Kubernetes quantity (8Gi); duration: a number of seconds; any: a mapping, a list of objects or free text the catalog does not check.",
  );

export type ValueType = z.infer<typeof valueTypeSchema>;

export const catalogSurfaceSchema = z
  .union([z.enum(["nextcloud-image", "owncloud-image", "compose"]), z.string().regex(/^[a-z0-9][a-z0-9-]*-chart$/)])
  .describe(
    "Where the name lives: an environment variable of an official image, a value of a Helm chart (`<chart>-chart`, the chart named by its profile), or a Compose key.",
  );

export type CatalogSurface = z.infer<typeof catalogSurfaceSchema>;

export const catalogEntrySchema = z
  .object({
    name: z
      .string()
      .min(1)
      .describe(
        "Environment variable name, or dotted value path (`persistence.owncloud.accessMode`); Compose paths use `*` for user-chosen names (`services.*.deploy.replicas`).",
      ),
    surface: catalogSurfaceSchema,
    type: valueTypeSchema,
    enumValues: z
      .array(z.string())
      .min(1)
      .optional()
      .describe("Accepted values of an enum, or accepted items of a list."),
    commonValues: z
      .array(z.string())
      .min(1)
      .optional()
      .describe("Values completion offers for a setting that accepts others too (not validated: e.g. a PHP session handler)."),
    listSeparator: z
      .enum(["space", "comma"])
      .optional()
      .describe("How the product splits a list given as one string."),
    booleanForm: z
      .enum(["true-false", "any-set", "0-1"])
      .optional()
      .describe(
        "How the product reads the flag: true-false = the literal words; any-set = any non-empty value means on (shell `-n` tests, Go template truthiness); 0-1 = the digits. Only set where the sources say so.",
      ),
    default: z
      .string()
      .optional()
      .describe("Default as text, exactly as the sources give it; absent when the default is unset or unknown."),
    meaning: z.string().min(1).describe("What the setting does, in one or two sentences."),
    cluster: z
      .string()
      .describe("What changes once more than one node serves the instance; empty when nothing does."),
    secret: z.boolean().optional().describe("Passwords, keys and tokens: every output masks the value."),
    installTimeOnly: z
      .boolean()
      .optional()
      .describe("Applied at the first install only; later edits change nothing."),
    runtime: z
      .boolean()
      .optional()
      .describe("Read on every request (web and cron), so every node must carry the same value."),
    status: z
      .enum(["current", "deprecated", "removed", "renamed", "ignored"])
      .optional()
      .describe(
        "current (default); deprecated: an older name or key the product still reads, prefer the replacement; removed / renamed / ignored: setting it has no effect.",
      ),
    replacement: z.string().optional().describe("What to use instead of a deprecated, removed, renamed or ignored name."),
    since: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, "a version such as 8.0.0")
      .optional()
      .describe("The chart version from which the status holds (renamed in v8: `8.0.0`); an older chart still reads the key."),
    fileVariantOf: z
      .string()
      .optional()
      .describe("For a `_FILE` variable: the variable whose value is read from that file."),
    availability: z
      .string()
      .optional()
      .describe("Image variants or versions that read the name, when not all of them do."),
    openChildren: z
      .boolean()
      .optional()
      .describe(
        "Keys below this one are user-chosen names or a subchart's values the catalog does not list: an unknown key below it is not necessarily a mistake.",
      ),
    minimum: z.number().int().optional().describe("Smallest accepted integer."),
    maximum: z.number().int().optional().describe("Largest accepted integer."),
    source: z.string().min(1).describe("Public sources (URLs) of the fact: the image entrypoint, the chart template, the vendor documentation."),
  })
  .strict()
  .superRefine((entry, context) => {
    const problem = (message: string, path: string): void => {
      context.addIssue({ code: "custom", message, path: [path] });
    };
    if (entry.type === "enum" && entry.enumValues === undefined) problem("an enum needs enumValues", "enumValues");
    if (entry.enumValues !== undefined && entry.type !== "enum" && entry.type !== "list") {
      problem("enumValues only apply to enum and list", "enumValues");
    }
    if (entry.listSeparator !== undefined && entry.type !== "list") problem("listSeparator only applies to list", "listSeparator");
    if (entry.booleanForm !== undefined && entry.type !== "boolean") problem("booleanForm only applies to boolean", "booleanForm");
    if ((entry.minimum !== undefined || entry.maximum !== undefined) && entry.type !== "integer") {
      problem("minimum/maximum only apply to integer", "minimum");
    }
    if (entry.status === "renamed" && entry.replacement === undefined) problem("a renamed entry needs its replacement", "replacement");
    if (entry.fileVariantOf !== undefined && !entry.name.endsWith("_FILE")) problem("fileVariantOf needs a _FILE name", "fileVariantOf");
    // An empty default means "not set" for the entrypoints (`[[ -z ]]` tests), so it need not be a member.
    if (entry.default !== undefined && entry.default !== "" && entry.type === "enum" && entry.enumValues !== undefined) {
      if (!entry.enumValues.includes(entry.default)) problem("the default is not one of enumValues", "default");
    }
  })
  .describe("One environment variable, Helm value or Compose key the linter knows about.");

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
