import type { Finding, Severity } from "./findings";
import type { HostFileSystem } from "./model/cluster-model";
import type { HoverFacts } from "./services/hover-facts";
import type { InlayHintFact } from "./services/inlay-hints";
import type { NavigationFacts } from "./services/navigation";
import type { SkippedFile } from "./skipped-files";

/** What kind of file the engine sees in a path (by name, then by content). */
export type FileKind = "compose" | "helm-values" | "env" | "k8s" | "chart";

export type RuleSetting = Severity | "off";

export interface LintOptions {
  /** Per-rule severity override or "off" (from `.scaleout.yaml` and editor settings; editor wins). */
  rules?: Record<string, RuleSetting>;
  /** Treat every project as clustered (a stack the files cannot show is scaled, e.g. 3 swarm nodes). */
  assumeCluster?: boolean;
  /** What the host directories that bind mounts use are on (`.scaleout.yaml` `mounts:`), by host path. */
  mounts?: Record<string, HostFileSystem>;
  /** Files larger than this many bytes are not read (`.scaleout.yaml` `maxFileSize`; default 5 MB). */
  maxFileSize?: number;
  /** How Compose files are deployed when their names cannot show it (`.scaleout.yaml` `deploy`, editor `scaleout.deploy`, CLI `--deploy`). */
  deploy?: DeployCommand;
  /** Work out inlay hints for the results (the editor's opt-in `scaleout.inlayHints.enabled`); nothing else shows them. */
  inlayHints?: boolean;
  /**
   * Values files deployed together as one Helm release, each set in Helm's order (lowest first,
   * as `helm install -f a.yaml -f b.yaml`), by absolute path (`.scaleout.yaml` `helmValues`,
   * editor `scaleout.helmValues`, CLI `--values`).
   */
  helmValues?: string[][];
  /**
   * Releases of Bitnami database and Redis charts installed from values files (`.scaleout.yaml`
   * `releases`): the chart (`mariadb`, `postgresql`, `redis`), the release name and namespace,
   * and the values files by absolute path, lowest first.
   */
  releases?: { chart: string; name: string; namespace?: string; values: string[] }[];
  /**
   * Compose file sets, each as `docker compose -f a.yaml -f b.yaml` reads it: absolute paths in
   * merge order, the first file's folder the project directory (CLI `--file`, `.scaleout.yaml`
   * `compose.files`, editor `scaleout.compose.files`). A file a set lists is linted as part of it.
   */
  composeFileSets?: string[][];
  /** `docker compose --env-file` files, absolute, in order (a later one wins); with them the `.env` is not read. */
  composeEnvFiles?: string[];
  /**
   * The folders that make up the workspace (the CLI: the folders it lints; the editor: its
   * workspace folders). A Kubernetes manifest's Secret, ConfigMap, claim, PersistentVolume or
   * autoscaler is looked for in the other folders up to the nearest of them.
   */
  workspaceRoots?: string[];
}

/** `compose`: `docker compose`, which reads `.env` for `${VAR}`; `stack`: `docker stack deploy`, which does not. */
export type DeployCommand = "compose" | "stack";

export interface ProjectResult {
  /** Stable id: the entry file's path. */
  id: string;
  kind: "compose" | "helm" | "env" | "k8s";
  /** The main file (the compose file, the values file, the .env). */
  entry: string;
  /** Every file the project read: a change to any of them means re-linting the project. */
  files: string[];
  findings: Finding[];
  /** Files of the project that were not read (binary, over the size limit, unreadable), whatever the rule settings. */
  skipped?: SkippedFile[];
  /** What hovers show beyond the findings: `${VAR}` values and effective replica counts. */
  hoverFacts?: HoverFacts;
  /** What the editor shows inline: resolved `${VAR}` values and effective replica counts (secrets masked). */
  inlayHints?: InlayHintFact[];
  /** Document links and go-to-definition targets in the project's files. */
  navigation?: NavigationFacts;
}

export interface LintResult {
  projects: ProjectResult[];
  /** All findings of all projects, deduplicated, sorted by path and offset. */
  findings: Finding[];
  /** The exact text of every file a finding or fix refers to, to turn spans into positions. */
  texts: Map<string, string>;
  /** Projects that failed as a whole (an internal error): their entry and the error. The others are still linted. */
  failures?: { entry: string; error: unknown }[];
}
