import * as vscode from "vscode";

/** The settings section shared with the server, which reads the rest itself (workspace/configuration). */
export const settingsSection = "scaleout";

/**
 * The settings the client itself acts on: whether to run, and which documents to send. The others
 * (`rules`, `deploy`, `inlayHints.enabled`…) the server reads and re-reads on every change; the
 * language client asks for inlay hints again when the server sends `workspace/inlayHint/refresh`.
 */
export interface ClientSettings {
  readonly enable: boolean;
  readonly extraFilePatterns: readonly string[];
}

export function readClientSettings(): ClientSettings {
  const settings = vscode.workspace.getConfiguration(settingsSection);
  const extra = settings.get<unknown>("extraFilePatterns", []);
  return {
    enable: settings.get<boolean>("enable", true) !== false,
    extraFilePatterns: Array.isArray(extra)
      ? extra.filter((pattern): pattern is string => typeof pattern === "string" && pattern.trim() !== "")
      : [],
  };
}

/** Whether a configuration change means the client must be stopped, started or re-created. */
export function affectsClient(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${settingsSection}.enable`) ||
    event.affectsConfiguration(`${settingsSection}.extraFilePatterns`)
  );
}
