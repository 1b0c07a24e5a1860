import { z } from "zod";

const ruleSettingSchema = z
  .enum(["error", "warning", "info", "hint", "off"])
  .describe("Severity for the rule, or `off` to disable it.");

// Rule ids are `concern/kebab-name` (RULES.md); `env/*`-style groups are not ids.
const ruleIdSchema = z
  .string()
  .regex(/^[a-z]+(?:-[a-z]+)*\/(?:[a-z0-9]+(?:-[a-z0-9]+)*|\*)$/, "a rule id looks like `concern/kebab-name` (or `concern/*` for every rule of a concern)")
  .describe("A rule id such as `sessions/files-in-cluster`, or `storage/*` for every rule of a concern (a rule's own entry wins).");

export const scaleoutConfigSchema = z
  .object({
    rules: z
      .record(ruleIdSchema, ruleSettingSchema)
      .optional()
      .describe("Per-rule severity overrides; `off` disables a rule."),
    assumeCluster: z
      .boolean()
      .optional()
      .describe(
        "Treat every deployment as clustered even when the files do not show more than one node (e.g. replicas set by an orchestrator outside the workspace).",
      ),
    nodes: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("How many nodes serve the instance; more than 1 implies cluster context."),
    mounts: z
      .record(
        z.string().regex(/^\//, "a host path starts with `/`").describe("An absolute host directory (a mount point, or a directory below one)."),
        z.enum(["nfs", "cifs", "glusterfs", "ocfs2", "local"]).describe("The file system of that directory on every node."),
      )
      .optional()
      .describe(
        "What the host directories that bind mounts use are on, e.g. `/mnt/gluster: glusterfs`, `/mnt/iscsi: ocfs2`. The longest matching path wins, and a declaration overrides what a path's name suggests (`/mnt/nfs-old: local`). Databases on `nfs`, `cifs` or `glusterfs` are reported; `ocfs2` (on iSCSI) and `local` are fine.",
      ),
    deploy: z
      .enum(["compose", "stack"])
      .optional()
      .describe(
        "How the Compose files are deployed, where their names cannot show it: `compose` (`docker compose up` reads the `.env` beside the file to fill `${VAR}`) or `stack` (`docker stack deploy` reads no `.env`: every `${VAR}` comes from the deploying shell and is unknown here). Unset: a file named like a stack (`stack.yml`, `*.stack.yml`, a `stacks/` folder) or with `deploy.placement` is a stack, any other is `compose`.",
      ),
    helmValues: z
      .array(z.array(z.string().min(1).describe("A values file, relative to the folder of this file.")).min(1).describe("The values files of one release, lowest first: `[values.yaml, values-prod.yaml]` as `helm install -f values.yaml -f values-prod.yaml`."))
      .optional()
      .describe(
        "Values files deployed together as one Helm release, each list in the order `helm install -f` gets them: later files win, maps merge key by key, a list replaces the list below it and `null` removes a key (https://helm.sh/docs/chart_template_guide/values_files/). Findings land on the line of the file whose value wins. Paths are relative to the folder of this file. A file in no list is linted on its own, with the chart's defaults below it.",
      ),
    releases: z
      .array(
        z
          .object({
            chart: z
              .string()
              .regex(/^(bitnami\/)?(mariadb|postgresql|redis)$/, "a Bitnami chart: `bitnami/mariadb`, `bitnami/postgresql` or `bitnami/redis`")
              .describe("The Bitnami chart the release installs: `bitnami/mariadb`, `bitnami/postgresql` or `bitnami/redis`."),
            name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a release name is lowercase letters, digits and `-`").describe("The release name, as `helm install <name>` gets it."),
            namespace: z.string().min(1).optional().describe("The namespace it is installed in (`helm install -n`)."),
            values: z.array(z.string().min(1).describe("A values file, relative to the folder of this file.")).min(1).describe("Its values files, lowest first, as `helm install -f` gets them."),
          })
          .strict(),
      )
      .optional()
      .describe(
        "Releases of Bitnami's MariaDB, PostgreSQL or Redis charts installed with `helm install` from values files of the workspace, e.g. `{chart: bitnami/mariadb, name: db, namespace: cloud, values: [mariadb-values.yaml]}`. An app whose database or Redis host names the release's Service (`db-mariadb`, `db-redis-master`) is judged with that server's values: READ-COMMITTED isolation, persistence, the Redis password. Argo CD Applications, Flux HelmReleases, umbrella charts, kustomize `helmCharts:` and helmfile `releases:` of these charts are read without it.",
      ),
    compose: z
      .object({
        files: z
          .array(
            z
              .array(z.string().min(1).describe("A Compose file, relative to the folder of this file."))
              .min(1, "a file set names at least one Compose file")
              .describe("One file set, in merge order, as `docker compose -f compose.yaml -f compose.prod.yaml` reads it: the first file's folder is the project directory, each later file overrides those before it, and no `compose.override.yaml` is read."),
          )
          .optional()
          .describe(
            "Compose file sets, e.g. `[[compose.yaml, compose.prod.yaml]]`. A file a set lists is linted as part of that set (the first set that lists it); without sets, a `compose.yaml` is linted with its `compose.override.yaml`, or with the files `COMPOSE_FILE` in its `.env` names (https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/).",
          ),
        envFiles: z
          .array(z.string().min(1).describe("An env file, relative to the folder of this file."))
          .optional()
          .describe(
            "The files `docker compose --env-file` reads to fill `${VAR}`, in order: a later file's value wins, and the `.env` beside the Compose file is then not read (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file).",
          ),
      })
      .strict()
      .optional()
      .describe("How the Compose projects below this file are deployed: which files `docker compose` merges (`-f`) and which env files fill `${VAR}` (`--env-file`)."),
    maxFileSize: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "The largest file that is read, in bytes (default 5242880, 5 MB). A larger file is not linted: it gets one `lint/skipped-file` finding, and `check` exits 2 unless `--no-fail-on-skip`.",
      ),
    include: z
      .array(z.string().min(1))
      .optional()
      .describe("Extra glob patterns of files to lint, relative to the folder of this file."),
    exclude: z
      .array(z.string().min(1))
      .optional()
      .describe("Glob patterns of files to skip, relative to the folder of this file."),
  })
  .strict()
  .describe("Scale-out Lint configuration (`.scaleout.yaml`; each file uses the nearest one above it).");

export type ScaleoutConfig = z.infer<typeof scaleoutConfigSchema>;

export interface ScaleoutConfigProblem {
  /** Dotted path of the offending key (`rules.sessions/files-in-cluster`); "" for the whole file. */
  path: string;
  message: string;
}

export interface ParsedScaleoutConfig {
  config: ScaleoutConfig;
  problems: ScaleoutConfigProblem[];
}

type Field = keyof ScaleoutConfig;
const fieldSchemas = scaleoutConfigSchema.shape;

/**
 * Validates `.scaleout.yaml` data. A mistake in one setting must not silence the others, so every
 * valid top-level field (and every valid rule entry) is kept and each invalid one becomes a problem.
 * Never throws.
 */
export function parseScaleoutConfig(data: unknown): ParsedScaleoutConfig {
  // An empty YAML document parses to null/undefined: that is an empty config, not a mistake.
  if (data === null || data === undefined) return { config: {}, problems: [] };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { config: {}, problems: [{ path: "", message: "the configuration must be a mapping of settings" }] };
  }
  const config: Record<string, unknown> = {};
  const problems: ScaleoutConfigProblem[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!Object.hasOwn(fieldSchemas, key)) {
      problems.push({ path: key, message: `unknown setting "${key}"` });
      continue;
    }
    const field = key as Field;
    if (field === "rules") {
      const rules = parseRules(value, problems);
      if (rules !== undefined) config.rules = rules;
      continue;
    }
    const result = fieldSchemas[field].safeParse(value);
    if (result.success) {
      if (result.data !== undefined) config[field] = result.data;
    } else {
      problems.push(...issuesToProblems(result.error.issues, [field]));
    }
  }
  return { config: config as ScaleoutConfig, problems };
}

function parseRules(value: unknown, problems: ScaleoutConfigProblem[]): ScaleoutConfig["rules"] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push({ path: "rules", message: "`rules` must be a mapping of rule id to severity" });
    return undefined;
  }
  const rules: Record<string, z.infer<typeof ruleSettingSchema>> = {};
  for (const [ruleId, setting] of Object.entries(value as Record<string, unknown>)) {
    const id = ruleIdSchema.safeParse(ruleId);
    if (!id.success) {
      problems.push({ path: `rules.${ruleId}`, message: `"${ruleId}" is not a rule id (expected concern/kebab-name or concern/*)` });
      continue;
    }
    const severity = ruleSettingSchema.safeParse(setting);
    if (!severity.success) {
      problems.push({
        path: `rules.${ruleId}`,
        message: `invalid setting ${JSON.stringify(setting)}: expected one of error, warning, info, hint, off`,
      });
      continue;
    }
    rules[ruleId] = severity.data;
  }
  return rules;
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ScaleoutConfigProblem[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join("."),
    message: issue.message,
  }));
}
