import type { Dockerfile } from "./dockerfile";
import type { RelatedLocation } from "../findings";
import type { EnvFile } from "../documents/env-file";
import type { YamlFile, YMap, YScalar } from "../documents/yaml-tree";
import type { LintOptions } from "../lint-api";
import type { Location } from "../text/span";
import type { VariableReference } from "./interpolate";
import type { KustomizeLayers } from "./kustomize";
import type { RefusedInput } from "../model/cluster-model";
import type { K8sElsewhere } from "./k8s-elsewhere";
import type { ChartRelease } from "./chart-releases";

export type ProjectKind = "compose" | "helm" | "env" | "k8s";

/** A `KEY=value` of the project's `.env`, usable in `${KEY}`. */
export interface VariableDefinition {
  name: string;
  value: string;
  location: Location;
  valueLocation: Location;
}

/** One `${X}` in a compose file, with the definition it resolved to (if any). */
export interface InterpolationSite {
  location: Location;
  reference: VariableReference;
  definition?: VariableDefinition;
}

export interface ResolvedText {
  value: string;
  /** The `.env` lines the value was assembled from. */
  related: RelatedLocation[];
  /** The text has `${…}` in it. */
  interpolated: boolean;
  /**
   * Variables it reads that have no value here and no fallback (`${X}`, `${X:?…}`): the shell
   * that deploys may set them, so the value is unknown.
   */
  unresolved?: string[];
}

export interface HelmValuesSource {
  file: YamlFile;
  root: YMap;
  /** The chart named by the HelmRelease (spec.chart.spec.chart / spec.chartRef.name), or the subchart of ours an umbrella Chart.yaml depends on. */
  chartName?: string;
  /**
   * The values files of one release in Helm's order, lowest first, when several are layered
   * (`helm install -f values.yaml -f values-prod.yaml`, set by `--values`, `.scaleout.yaml`
   * `helmValues` or `scaleout.helmValues`); the last is `file`/`root`. Absent: one file.
   */
  layers?: HelmValuesLayer[];
  /**
   * Values the engine cannot read lie below the written ones (an Argo CD Application's
   * `valueFiles`, in the chart's repository): a path no layer writes is unknown, not the chart
   * default. Where they are named.
   */
  unseenBelow?: Location;
  /** Single paths set below the written values where the engine does not read them (a Flux `valuesFrom` item with `targetPath`), with where each is set. */
  unseenBelowPaths?: Map<string, Location>;
  /** Paths set where the engine does not read the value (Argo CD `parameters`, which win over every file), with where each is set. */
  unseenAbove?: Map<string, Location>;
  /** An umbrella chart's values root, when `root` is the subchart's key in it: its `global:` reaches the subchart too. */
  parentRoot?: YMap;
  /** Paths under the subchart's key that the umbrella chart itself reads (its dependency `condition`, `nextcloud.enabled` → `enabled`): not the subchart's values. */
  umbrellaPaths?: string[];
  /** The chart version the release asks for (HelmRelease `spec.chart.spec.version`, Argo CD `targetRevision`, a dependency's `version`), as written. */
  chartVersion?: string;
}

/** One values file of a layered release: its root as the chart sees it (an umbrella's subchart key already entered). */
export interface HelmValuesLayer {
  file: YamlFile;
  root: YMap;
  /** An umbrella chart's values root, when `root` is the subchart's key in it: its `global:` reaches the subchart too. */
  parentRoot?: YMap;
}

export interface ParseProblem {
  location: Location;
  message: string;
  fileKind: "yaml" | "env";
  severity: "error" | "warning";
  /** A limit was hit (a value expanded too far), not a syntax error: the message is whole as it is. */
  limit?: boolean;
}

export interface Project {
  kind: ProjectKind;
  /** The main file: the compose file, the values file, the .env. */
  entry: string;
  /** Every file read, in the order read; a change to any of them re-lints the project. */
  files: string[];
  /** Compose files in merge order (base first, then overrides). */
  composeFiles: YamlFile[];
  /** The values file (helm) or the manifests (k8s). */
  yamlFiles: YamlFile[];
  chartFile?: YamlFile;
  /**
   * The Helm values the project deploys: the root of a values file, or the `spec.values` of a
   * Flux HelmRelease for the nextcloud / owncloud chart. Rules read values only through this.
   */
  helmValues?: HelmValuesSource;
  /** Kubernetes: the folder's kustomization and the layers it builds on (replica counts they set). */
  kustomize?: KustomizeLayers;
  /** Kubernetes: the objects of other folders of the workspace that the manifests refer to (a Secret, a PersistentVolume, an autoscaler). */
  k8sElsewhere?: K8sElsewhere;
  /** Kubernetes and Helm: releases of Bitnami database and Redis charts the workspace deploys beside it (Argo CD, Flux, umbrella charts). */
  chartReleases?: ChartRelease[];
  /** The namespace the project's objects are installed in, when its files show one (read only beside chartReleases, to match a bare host). */
  namespace?: string;
  /** The project `.env` used for interpolation (compose) or the linted `.env` (env). */
  dotenv?: EnvFile;
  /** The `--env-file` files that fill `${VAR}` instead of `.env`, in order (`dotenv` is the last); absent without them. */
  interpolationEnvFiles?: EnvFile[];
  /** Every env file read: `.env` and the `env_file:` entries. */
  envFiles: Map<string, EnvFile>;
  /** Per env file, whether git tracks it (committed or staged); absent when the workspace cannot tell. */
  trackedEnvFiles?: Map<string, boolean>;
  variables: Map<string, VariableDefinition>;
  /** Variables an example env file documents (`.env.example`, `env.dist`…): supplied by the operator. */
  exampleVariables?: Map<string, VariableDefinition>;
  /** Compose files deployed with `docker stack deploy` (it reads no `.env`), by path. */
  stackFiles?: Set<string>;
  interpolations: InterpolationSite[];
  parseProblems: ParseProblem[];
  /** Paths the workspace refused to read (outside it, a FIFO…), with why. */
  refusedPaths: Map<string, string>;
  /** The refused reads other than `env_file:` entries, at what referenced them. */
  refusedInputs: RefusedInput[];
  options: LintOptions;
  /**
   * The value `${name}` takes in a Compose file (`path`; default the entry): from `.env` (an
   * included file's own `.env` fills what that leaves unset), never for a stack (undefined:
   * unset or unknown).
   */
  interpolationValue(name: string, path?: string): string | undefined;
  /** The variables that fill a Compose file's `${…}` (an included file's own `.env` under the project's). */
  variablesFor(path: string): Map<string, VariableDefinition>;
  /** The folder an included Compose file's relative paths resolve against; absent: the entry's folder. */
  composeDirs?: Map<string, string>;
  /** Files that services extend (`extends: { file }`), by path: not deployed themselves. */
  extendsFiles?: Map<string, YamlFile>;
  /** Interpolates a compose scalar with the project's variables. */
  resolve(scalar: YScalar): ResolvedText;
  /** The exact text of a file the project read. */
  textOf(path: string): string | undefined;
  /** The Dockerfiles that compose services' `build:` names, read from the workspace, by path. */
  dockerfiles?: Map<string, Dockerfile>;
  /** The text exactly as written at a location ("" when the file was not read). */
  sourceAt(location: Location): string;
}
