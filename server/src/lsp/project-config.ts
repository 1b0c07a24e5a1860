import { parse as parseYamlData } from "yaml";
import { lintOptionsOfConfig } from "../engine/config/config-options";
import { parseScaleoutConfig } from "../engine/config/scaleout-config";
import type { LintOptions } from "../engine/lint-api";
import { dirname, joinPath, type Workspace } from "../engine/workspace";

export const CONFIG_FILE_NAME = ".scaleout.yaml";

interface LoadedConfig {
  text: string;
  options: LintOptions;
}

/**
 * The nearest `.scaleout.yaml` of each file — the first found walking up from its folder, as the
 * CLI does — read through the same Workspace as the deployment files (so an unsaved edit
 * counts) and re-parsed only when its text changes.
 */
export class ProjectConfigs {
  private folders: string[] = [];
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly workspace: Workspace,
    private readonly log: (message: string) => void,
  ) {}

  setFolders(folders: string[]): void {
    // Longest first, so a nested folder wins over its parent.
    this.folders = [...new Set(folders)].sort((a, b) => b.length - a.length);
  }

  changeFolders(added: string[], removed: string[]): void {
    this.setFolders([...this.folders.filter((f) => !removed.includes(f)), ...added]);
  }

  isConfigPath(path: string): boolean {
    return this.folders.some((folder) => joinPath(folder, CONFIG_FILE_NAME) === path);
  }

  /** The options of the nearest config above `path`, or undefined when there is none. */
  optionsFor(path: string): LintOptions | undefined {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const configPath = joinPath(dir, CONFIG_FILE_NAME);
      const text = this.workspace.readFile(configPath);
      if (text !== undefined) return this.optionsOf(configPath, text);
      if (dirname(dir) === dir) return undefined;
    }
  }

  private optionsOf(configPath: string, text: string): LintOptions {
    const cached = this.loaded.get(configPath);
    if (cached && cached.text === text) return cached.options;
    const options = this.parse(configPath, text);
    this.loaded.set(configPath, { text, options });
    return options;
  }

  private parse(configPath: string, text: string): LintOptions {
    let data: unknown;
    try {
      data = parseYamlData(text);
    } catch (error) {
      this.log(`${configPath}: not valid YAML, ignored (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
      return {};
    }
    const { config, problems } = parseScaleoutConfig(data);
    for (const problem of problems) this.log(`${configPath}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`);
    return lintOptionsOfConfig(config);
  }
}
