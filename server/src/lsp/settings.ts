import type { DeployCommand, LintOptions, RuleSetting } from "../engine/lint-api";

/** The `scaleout.*` settings the server acts on (the client itself handles `extraFilePatterns`, `trace`). */
export interface ServerSettings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  assumeCluster: boolean;
  docsBaseUrl?: string;
  /** `scaleout.deploy`: "auto" (undefined) lets the file names and `.scaleout.yaml` decide. */
  deploy?: DeployCommand;
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

/** Editor settings win over the project's `.scaleout.yaml`, rule by rule. */
export function lintOptionsOf(settings: ServerSettings, fileOptions: LintOptions | undefined): LintOptions {
  return {
    // Any other setting of the file (one the editor has no equivalent for) passes through.
    ...fileOptions,
    rules: { ...(fileOptions?.rules ?? {}), ...settings.rules },
    assumeCluster: settings.assumeCluster || (fileOptions?.assumeCluster ?? false),
    ...(fileOptions?.mounts ? { mounts: fileOptions.mounts } : {}),
    ...(settings.deploy ? { deploy: settings.deploy } : {}),
  };
}
