import type { DeployCommand, LintOptions, RuleSetting } from "../engine/lint-api";
import { joinPath } from "../engine/workspace";

/** The `scaleout.*` settings the server acts on (the client itself handles `extraFilePatterns`, `trace`). */
export interface ServerSettings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  assumeCluster: boolean;
  docsBaseUrl?: string;
  /** `scaleout.deploy`: "auto" (undefined) lets the file names and `.scaleout.yaml` decide. */
  deploy?: DeployCommand;
  /** `scaleout.inlayHints.enabled`: show resolved `${VAR}` values and effective replica counts inline (opt-in). */
  inlayHints?: boolean;
  /** `scaleout.helmValues`: values files of one release each, lowest first, absolute or relative to a workspace folder. */
  helmValues?: string[][];
  /** `scaleout.compose.files`: Compose file sets as written (relative to the workspace folder, or absolute). */
  composeFiles?: string[][];
  /** `scaleout.compose.envFiles`: the `--env-file` files as written. */
  composeEnvFiles?: string[];
  /** `scaleout.lintWorkspaceOnStartup`: lint every deployment file of the workspace when the server starts. */
  lintWorkspaceOnStartup?: boolean;
}

export const defaultSettings: ServerSettings = { enable: true, rules: {}, assumeCluster: false };

const RULE_SETTINGS: readonly RuleSetting[] = ["error", "warning", "info", "hint", "off"];

/**
 * Reads settings from whatever a client sends (workspace/configuration, didChangeConfiguration,
 * initializationOptions): unknown or mistyped fields are ignored rather than trusted, so a
 * typo in an editor's JSON cannot break the server.
 */
export function readSettings(raw: unknown, base: ServerSettings = defaultSettings): ServerSettings {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return base;
  const input = raw as Record<string, unknown>;
  // Some editors nest the section (`{ scaleout: { … } }`) in initializationOptions.
  if (input.scaleout !== undefined && typeof input.scaleout === "object") return readSettings(input.scaleout, base);
  const settings: ServerSettings = { ...base, rules: { ...base.rules } };
  if (typeof input.enable === "boolean") settings.enable = input.enable;
  if (typeof input.assumeCluster === "boolean") settings.assumeCluster = input.assumeCluster;
  if (input.deploy === "compose" || input.deploy === "stack") settings.deploy = input.deploy;
  else if (input.deploy === "auto") delete settings.deploy;
  // VS Code sends `inlayHints: { enabled }`; other editors may send the dotted name flat, or a bare boolean.
  const inlayHints = typeof input.inlayHints === "boolean" ? input.inlayHints : ((input.inlayHints as { enabled?: unknown } | null | undefined)?.enabled ?? input["inlayHints.enabled"]);
  if (typeof inlayHints === "boolean") settings.inlayHints = inlayHints;
  if (Array.isArray(input.helmValues)) {
    const sets = input.helmValues.filter((set): set is string[] => Array.isArray(set) && set.length > 0 && set.every((p) => typeof p === "string" && p.trim() !== ""));
    if (sets.length > 0) settings.helmValues = sets.map((set) => set.map((p) => p.trim()));
    else delete settings.helmValues;
  }
  // `scaleout.compose.files` arrives nested (`compose: { files }`) from VS Code, flat from other clients.
  const compose = input.compose !== null && typeof input.compose === "object" && !Array.isArray(input.compose) ? (input.compose as Record<string, unknown>) : {};
  const files = compose.files ?? input["compose.files"];
  if (Array.isArray(files)) {
    const sets = files.map((set) => (Array.isArray(set) ? set : [set]).filter((name): name is string => typeof name === "string" && name.trim() !== "").map((name) => name.trim())).filter((set) => set.length > 0);
    if (sets.length > 0) settings.composeFiles = sets;
    else delete settings.composeFiles;
  }
  const envFiles = compose.envFiles ?? input["compose.envFiles"];
  if (Array.isArray(envFiles)) {
    const names = envFiles.filter((name): name is string => typeof name === "string" && name.trim() !== "").map((name) => name.trim());
    if (names.length > 0) settings.composeEnvFiles = names;
    else delete settings.composeEnvFiles;
  }
  if (typeof input.lintWorkspaceOnStartup === "boolean") settings.lintWorkspaceOnStartup = input.lintWorkspaceOnStartup;
  if (typeof input.docsBaseUrl === "string" && input.docsBaseUrl.trim() !== "") settings.docsBaseUrl = input.docsBaseUrl.trim();
  if (input.rules !== null && typeof input.rules === "object" && !Array.isArray(input.rules)) {
    settings.rules = {};
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof value === "string" && RULE_SETTINGS.includes(value as RuleSetting)) settings.rules[id] = value as RuleSetting;
    }
  }
  return settings;
}

/**
 * Editor settings win over the project's `.scaleout.yaml`, rule by rule. `folders`: the workspace
 * folders (a relative Helm values path may name a file of any of them); `folder`: the project's own
 * folder, which relative Compose paths in the settings are written against.
 */
export function lintOptionsOf(settings: ServerSettings, fileOptions: LintOptions | undefined, folders: readonly string[] = [], folder?: string): LintOptions {
  // A relative path may name a file of any workspace folder; a set no linted file is in stays unused.
  const editorValues = (settings.helmValues ?? []).flatMap((set) => (set.every((p) => p.startsWith("/")) ? [set.map((p) => joinPath("/", p))] : folders.map((f) => set.map((p) => joinPath(f, p)))));
  const helmValues = [...editorValues, ...(fileOptions?.helmValues ?? [])];
  const resolve = (name: string): string | undefined => (name.startsWith("/") ? joinPath("/", name) : folder !== undefined ? joinPath(folder, name) : undefined);
  const fileSets = settings.composeFiles?.map((set) => set.map(resolve).filter((p): p is string => p !== undefined)).filter((set) => set.length > 0);
  const envFiles = settings.composeEnvFiles?.map(resolve).filter((p): p is string => p !== undefined);
  return {
    // Any other setting of the file (one the editor has no equivalent for) passes through.
    ...fileOptions,
    rules: { ...(fileOptions?.rules ?? {}), ...settings.rules },
    assumeCluster: settings.assumeCluster || (fileOptions?.assumeCluster ?? false),
    ...(fileOptions?.mounts ? { mounts: fileOptions.mounts } : {}),
    ...(settings.deploy ? { deploy: settings.deploy } : {}),
    ...(settings.inlayHints === true ? { inlayHints: true } : {}),
    // The editor's sets first: a file both list belongs to the editor's release.
    ...(helmValues.length > 0 ? { helmValues } : {}),
    ...(fileSets && fileSets.length > 0 ? { composeFileSets: fileSets } : {}),
    ...(envFiles && envFiles.length > 0 ? { composeEnvFiles: envFiles } : {}),
  };
}
