import { checkScaleoutConfig, type ConfigProblem } from "../engine/config/config-diagnostics";
import type { LintOptions } from "../engine/lint-api";
import { allRules } from "../engine/rules/registry";
import { dirname, joinPath, type Workspace } from "../engine/workspace";

export const CONFIG_FILE_NAME = ".scaleout.yaml";

interface LoadedConfig {
  text: string;
  options: LintOptions;
  problems: ConfigProblem[];
}

/** Told each time a config's text is checked, with its problems (none when it is fine). */
export type ConfigProblemsListener = (configPath: string, text: string, problems: readonly ConfigProblem[]) => void;

const knownRuleIds = allRules.map((rule) => rule.meta.id);

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
    private readonly onChecked: ConfigProblemsListener = () => undefined,
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

  /** Checks a config now (opened or edited in the editor), so its problems show before any lint reads it. */
  check(configPath: string): void {
    const text = this.workspace.readFile(configPath);
    if (text !== undefined) this.optionsOf(configPath, text);
  }

  /** The config was deleted: its problems go with it. */
  forget(configPath: string): void {
    if (!this.loaded.delete(configPath)) return;
    this.onChecked(configPath, "", []);
  }

  /** The configs read so far that have problems: the settings of each apply only in part. */
  brokenConfigs(): string[] {
    return [...this.loaded].filter(([, loaded]) => loaded.problems.length > 0).map(([path]) => path);
  }

  private optionsOf(configPath: string, text: string): LintOptions {
    const cached = this.loaded.get(configPath);
    if (cached && cached.text === text) return cached.options;
    // Never a silent fallback: each problem is logged and shown in the file by the listener.
    const { options, problems } = checkScaleoutConfig(configPath, text, knownRuleIds);
    for (const problem of problems) this.log(`${configPath}: ${problem.message}`);
    this.loaded.set(configPath, { text, options, problems });
    this.onChecked(configPath, text, problems);
    return options;
  }
}
