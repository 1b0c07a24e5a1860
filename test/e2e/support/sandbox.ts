import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A private folder tree for one editor run: user data, extensions, and the TMPDIR/XDG_* folders
 * that code-server, the VS Code server, its extension hosts and Chromium write to (config.yaml,
 * deviceid, IPC sockets, crash dumps), so nothing leaks into $HOME or /tmp.
 */
export interface Sandbox {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly env: NodeJS.ProcessEnv;
  remove(): void;
}

/** The user settings every run starts with: no welcome page, no network, no trust prompt. */
export const quietSettings: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "files.autoSave": "off",
  "editor.hover.delay": 150,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.panel.defaultLocation": "bottom",
};

export function createSandbox(prefix: string, settings: Record<string, unknown> = {}): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), `scaleout-${prefix}-`));
  const userDataDir = path.join(root, "user-data");
  const extensionsDir = path.join(root, "extensions");
  for (const dir of ["user-data/User", "extensions", "tmp", "xdg-config", "xdg-data", "xdg-cache", "xdg-state"]) {
    mkdirSync(path.join(root, dir), { recursive: true });
  }
  writeFileSync(path.join(userDataDir, "User/settings.json"), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // no marketplace: nothing is fetched
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    TMPDIR: path.join(root, "tmp"),
    XDG_CONFIG_HOME: path.join(root, "xdg-config"),
    XDG_DATA_HOME: path.join(root, "xdg-data"),
    XDG_CACHE_HOME: path.join(root, "xdg-cache"),
    XDG_STATE_HOME: path.join(root, "xdg-state"),
  };
  return { root, userDataDir, extensionsDir, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}
