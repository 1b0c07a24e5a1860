import { parse as parseYamlData } from "yaml";
import { parseScaleoutConfig } from "../engine/config/scaleout-config";
import type { LintOptions } from "../engine/lint-api";
import { joinPath, type Workspace } from "../engine/workspace";

export const CONFIG_FILE_NAME = ".scaleout.yaml";

interface LoadedConfig {
  text: string | undefined;
  options: LintOptions | undefined;
}

/**
 * `.scaleout.yaml` at the root of each workspace folder, read through the same Workspace as the
 * deployment files (so an unsaved edit counts) and re-parsed only when its text changes.
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

  /** The options of the folder holding `path`, or undefined without a folder or a config file. */
  optionsFor(path: string): LintOptions | undefined {
    const folder = this.folders.find((f) => path === f || path.startsWith(f.endsWith("/") ? f : `${f}/`));
    if (folder === undefined) return undefined;
    const configPath = joinPath(folder, CONFIG_FILE_NAME);
    const text = this.workspace.readFile(configPath);
    const cached = this.loaded.get(configPath);
    if (cached && cached.text === text) return cached.options;
    const options = text === undefined ? undefined : this.parse(configPath, text);
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
    // `nodes: 3` says the stack runs on several nodes, which the files themselves cannot show.
    const assumeCluster = config.assumeCluster === true || (config.nodes ?? 1) > 1;
    return { rules: config.rules, assumeCluster, ...(config.mounts ? { mounts: config.mounts } : {}) };
  }
}
