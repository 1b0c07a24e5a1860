import { parseDockerfile, type Dockerfile } from "../project/dockerfile";
import { parseEnvFile, type EnvFile } from "./env-file";
import { reparseYaml } from "./yaml-incremental";
import { parseYaml, type YamlFile } from "./yaml-tree";

/**
 * Parses each file once per text: the language server asks for the same document from
 * diagnostics, hover and code actions, and a project re-lint re-reads unchanged neighbours.
 * A YAML file whose text changed is re-parsed from its previous tree where the edit allows
 * (only the block the edit is in; see yaml-incremental.ts), else in full.
 */
export class DocumentCache {
  private readonly yaml = new Map<string, YamlFile>();
  private readonly env = new Map<string, EnvFile>();
  private readonly docker = new Map<string, { text: string; file: Dockerfile }>();

  yamlFile(path: string, text: string): YamlFile {
    const cached = this.yaml.get(path);
    if (cached && cached.text === text) return cached;
    const parsed = (cached && reparseYaml(cached, text)) || parseYaml(path, text);
    this.yaml.set(path, parsed);
    return parsed;
  }

  envFile(path: string, text: string): EnvFile {
    const cached = this.env.get(path);
    if (cached && cached.text === text) return cached;
    const parsed = parseEnvFile(path, text);
    this.env.set(path, parsed);
    return parsed;
  }

  dockerfile(path: string, text: string): Dockerfile {
    const cached = this.docker.get(path);
    if (cached && cached.text === text) return cached.file;
    const file = parseDockerfile(path, text);
    this.docker.set(path, { text, file });
    return file;
  }

  forget(path: string): void {
    this.yaml.delete(path);
    this.env.delete(path);
    this.docker.delete(path);
    this.changes++;
  }

  private changes = 0;

  /**
   * Moves on whenever a file of the workspace is known to have changed, appeared or gone
   * (`forget`, `noteChanged`): what was worked out from many files (the Kubernetes objects of
   * other folders) is worked out again.
   */
  get generation(): number {
    return this.changes;
  }

  /** A file changed on disk (or was created): parses stay valid by text, searches over files do not. */
  noteChanged(_path: string): void {
    this.changes++;
  }
}
