import type { RelatedLocation } from "../findings";
import type { Location } from "../text/span";

export type Product = "nextcloud" | "owncloud";

/**
 * How sure the model is of a fact. known: the files set it. defaulted: nothing sets it, so the
 * image's or chart's default applies (`defaultSource` names it). unknown: it is decided somewhere
 * the files do not show (a Secret or ConfigMap outside the workspace, a missing env_file, an
 * unresolved variable, a template expression). Rules never turn an unknown fact into a finding.
 */
export type Certainty = "known" | "defaulted" | "unknown";

/**
 * Where a fix changes a fact, as the format's editor understands it. Rules pass it back to the
 * fix builder untouched; only the editors read it.
 */
export type EditTarget =
  /** Replace this scalar's text in place (its quoting is kept). */
  | { kind: "text"; location: Location }
  /** Set a chart value by its dotted path in the values file (created when missing). */
  | { kind: "chart-value"; path: string; list?: boolean };

/** A value and the places that established it. No location = an image or chart default. */
export interface Fact<T> {
  value: T;
  location?: Location;
  /** Other places that contributed (the `.env` line behind `${APP_REPLICAS}`, the override). */
  related: RelatedLocation[];
  /** Absent: known when located, defaulted otherwise. */
  certainty?: Certainty;
  /** Where a defaulted value comes from ("the chart default", "the image default"). */
  defaultSource?: string;
  /** How the user writes this fact in its file ("REDIS_HOST", "redis.enabled", "spec.replicas"). */
  label?: string;
  /** Where a fix changes it; absent when it cannot be edited in place. */
  edit?: EditTarget;
}

/** What a volume is backed by, as far as the files can tell. */
export type BackingKind =
  | "local" // named volume with the default local driver: per node under swarm
  | "bind" // host path bind mount: per node unless the host path is itself shared
  | "nfs"
  | "cifs"
  | "glusterfs"
  | "syncthing" // a directory that a sync agent replicates between nodes
  | "rwo-claim"
  | "rwx-claim"
  | "claim" // a PVC whose access mode the files do not show
  | "emptydir"
  | "tmpfs"
  | "none" // no volume: the container's own file system
  | "unknown";

export const networkBackings: ReadonlySet<BackingKind> = new Set(["nfs", "cifs", "glusterfs"]);

export interface MountOption {
  name: string;
  value?: string;
  /** Span of this option inside the `o:` scalar, when the text is a plain literal. */
  location?: Location;
}

export interface VolumeModel {
  name: string;
  backingKind: BackingKind;
  declaredAt?: Location;
  driver?: Fact<string>;
  type?: Fact<string>;
  /** The `o:` driver option, resolved. */
  options?: Fact<string>;
  mountOptions: MountOption[];
  device?: Fact<string>;
  external: boolean;
  /** A Kubernetes claim's access modes, located at the claim's `accessModes` value. */
  accessModes?: Fact<string[]>;
  /** A StatefulSet volumeClaimTemplate: Kubernetes creates one claim per replica, so replicas never share it. */
  perReplica?: boolean;
  /** A claim a chart renders from its values: how messages name it ("the data volume"), and whether its access mode is written as a list. */
  rendered?: { label: string; list: boolean };
}

export interface MountModel {
  /** Path inside the container. */
  target: string;
  /** Named volume, host path, claim name; undefined for anonymous volumes. */
  source?: string;
  kind: "volume" | "bind" | "tmpfs" | "claim" | "emptydir" | "anonymous";
  volume?: VolumeModel;
  backingKind: BackingKind;
  readOnly: boolean;
  location: Location;
}

export interface PortModel {
  /** Published host port, when published. */
  published?: string;
  target: string;
  hostIp?: string;
  location: Location;
  /** What publishes it, when not a Compose `ports:` item (a Kubernetes hostPort or Service type). */
  exposedBy?: string;
}

/** A resolved environment variable of a service. */
export interface EnvSetting {
  name: string;
  /** After interpolation; "" for `KEY=` and for `KEY` with no value anywhere. */
  value: string;
  /** True when the entry names the key without giving a value (`- KEY`), i.e. passed through from the shell. */
  passthrough: boolean;
  /** The entry to edit: the `environment:` item, the env_file line, the values key. */
  location: Location;
  /** Span of the value text alone, when it can be edited in place. */
  valueLocation?: Location;
  origin: "environment" | "env_file" | "values" | "derived";
  /** Set from somewhere the files do not show (a Kubernetes Secret or ConfigMap): set, value unknown. */
  opaque?: boolean;
  /** How the user writes it where it is set: the variable, or the chart value that renders it. */
  label?: string;
  /** The chart renders it from a default the values file does not set. */
  isDefault?: boolean;
  related: RelatedLocation[];
}

export interface ServiceModel {
  name: string;
  /** The service's key (compose), the values file's top (helm), the workload's name (k8s). */
  nameLocation: Location;
  image?: Fact<string>;
  imageName?: string;
  imageTag?: string;
  /** 1 without a location when nothing sets it. */
  replicas: Fact<number | "global">;
  env: Map<string, EnvSetting>;
  mounts: MountModel[];
  command?: Fact<string>;
  entrypoint?: Fact<string>;
  user?: Fact<string>;
  ports: PortModel[];
  /** Span of the whole service mapping, for fixes that insert keys. */
  bodyLocation?: Location;
  /**
   * Sources of further variables that the files do not show (a Kubernetes `envFrom` of a
   * ConfigMap or Secret outside the folder): any variable may be set there.
   */
  opaqueEnvSources?: RelatedLocation[];
  /** Further names other containers reach it by (the Kubernetes Services that select its pods). */
  hostnames?: string[];
  /** How a new image version replaces the running instances; absent when the files say nothing. */
  update?: UpdatePolicy;
  /**
   * Its instances may run on different nodes: Swarm `deploy:` replicas or global mode, a
   * Kubernetes workload of more than one pod, or a cluster the config assumes. Absent: all on
   * one host (Compose `scale:` starts every container on the same Docker host).
   */
  spreadAcrossNodes?: boolean;
}

export interface AppRole extends ServiceModel {
  product: Product;
  /** cron: runs background jobs only (`/cron.sh`, `/usr/bin/cronjob`, a helm CronJob). */
  role: "web" | "cron";
  /** Requests of one client stay on one instance (a Service's `sessionAffinity: ClientIP`). */
  stickySessions?: Fact<boolean>;
  /** Runs a recursive chown over its data root at every start (ownCloud: entrypoint or the chart's init container). */
  chownOnStart?: Fact<boolean>;
  /** The chown runs in an init container a chart adds to every pod: the value that removes it, and what a fix writes there. */
  chownInit?: { skip: Fact<unknown>; skipValue: string };
  /** The storage switch of a chart and the claims it renders; absent when the files mount storage themselves. */
  persistence?: PersistenceModel;
  /** The app installs with SQLite; absent when it selects a server database or the files cannot tell. */
  sqlite?: SqliteSelection;
}

/**
 * A chart's persistence: on, every pod mounts the chart's claims; off, each pod gets an emptyDir.
 * The claims are modelled either way, since turning persistence on also sets their access mode.
 */
export interface PersistenceModel {
  enabled: Fact<boolean>;
  /**
   * For a values file without the block that holds the switch: one edit that writes the whole
   * block (switch and access mode), since two inserts would each create it.
   */
  wholeBlock?: { fact: Fact<unknown>; value: string };
  claims: VolumeModel[];
}

/** Why an app installs with SQLite, and how sure that is. */
export interface SqliteSelection {
  /** explicit: a setting selects SQLite; default: nothing selects a server database. */
  certainty: "explicit" | "default";
  /** What selects SQLite, for messages ("SQLITE_DATABASE is set", "internalDatabase.enabled defaults to true"). */
  reason: string;
  /** The setting that selects it (label and edit target); absent when nothing does. */
  setting?: Fact<string>;
  /** Where to point at: the setting, or the first database setting of an incomplete group. */
  location?: Location;
  /**
   * A server database the files configure but SQLite wins over: what it is, where it is set, and
   * the value of `setting` that turns SQLite off (none: remove the setting).
   */
  shadows?: { name: string; location?: Location; off?: string };
}

/**
 * rolling: new instances start while old ones still serve (several at a time, or Kubernetes
 * RollingUpdate); serial: one instance at a time; recreate: every instance stops first.
 */
export interface UpdatePolicy {
  mode: "rolling" | "serial" | "recreate";
  /** Compose `deploy.update_config.parallelism`: 0 is all at once. */
  parallelism?: number;
  /** The setting that decides it (label and location say where; no location: the platform's default). */
  setting: Fact<string>;
  /** Settings that only apply to the current mode and go when it changes (`strategy.rollingUpdate`). */
  companions: Location[];
}

export type DatabaseEngine = "mariadb" | "mysql" | "postgres";

export interface DatabaseModel {
  service: ServiceModel;
  engine: DatabaseEngine;
  /** Mounts at the engine's data directory. */
  dataMounts: MountModel[];
  /** How the project runs it: its own service, or a chart's subchart. */
  origin: "service" | "subchart";
}

export interface RedisModel {
  service: ServiceModel;
  origin: "service" | "subchart";
}

export interface ClusterContext {
  inCluster: boolean;
  /** The facts that make it a cluster (replicas, global mode, a config assumption). */
  reasons: RelatedLocation[];
}

export type ChartKind = "nextcloud" | "owncloud";

/** An effective Helm value: the user's, or the chart default (no location). */
export interface ValueFact<T = unknown> extends Fact<T> {
  /** Span of the value node when the user set it. */
  valueLocation?: Location;
  isDefault: boolean;
}

export interface HelmView {
  chart: ChartKind;
  valuesPath: string;
  /** Effective value at a dotted path ("persistence.accessMode"): user value over chart default. */
  get(path: string): ValueFact | undefined;
  /** True when the user file sets the path. */
  has(path: string): boolean;
}

/** Words for messages, so rules never ask which format they read. */
export interface Vocabulary {
  /** One running copy of an app: "replica" (Compose), "pod" (Helm, Kubernetes), "node" (a lone .env). */
  instance: string;
  /** A directory of the node mounted into a container: "hostPath" (Kubernetes); absent: "host directory". */
  hostDirectory?: string;
}

export interface ClusterModel {
  /** For the engine and the editors only: rules never read it. */
  format: "compose" | "helm" | "env" | "k8s";
  vocabulary: Vocabulary;
  /**
   * The files show one configuration that every node uses, but not the services around it (a
   * lone `.env`): what other services there are is unknown, not absent.
   */
  standalone: boolean;
  /** Every service of the project, apps included. */
  services: ServiceModel[];
  apps: AppRole[];
  databases: DatabaseModel[];
  redis: RedisModel[];
  /** SyncThing, Resilio, Unison, lsyncd services and the directories they replicate. */
  syncAgents: ServiceModel[];
  volumes: Map<string, VolumeModel>;
  cluster: ClusterContext;
  helm?: HelmView;
}
