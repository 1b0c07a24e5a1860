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
  | { kind: "chart-value"; path: string; list?: boolean }
  /** Insert `prefix + value + suffix` at an empty span (a short-form port gains its host address). */
  | { kind: "insert"; location: Location; prefix?: string; suffix?: string }
  /** Add `key: value` as a new line of a block mapping, after `after`, at `indent` columns. */
  | { kind: "map-key"; key: string; after: Location; indent: number };

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

/** What the project says a host directory is on (`.scaleout.yaml` `mounts:`), or what its name suggests. */
export type HostFileSystem = "nfs" | "cifs" | "glusterfs" | "ocfs2" | "local";

/** The file system under a bind mount's host path. */
export interface HostBacking {
  fileSystem: HostFileSystem;
  /** The host path as mounted. */
  hostPath: string;
  /** declared: the `mounts:` entry `prefix` covers it; name: only the path's name suggests it (`/mnt/nfs…`). */
  basis: "declared" | "name";
  /** The declared host path, or the path segment the guess reads. */
  prefix: string;
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
  /** A bind mount (or a volume binding a host `device`): the file system of its host path, when the project or the path says. */
  hostBacking?: HostBacking;
  /** Where the source is named when not at the mount: a Kubernetes pod volume's `claimName`. */
  sourceReference?: Location;
}

/**
 * Where the scheduler may place a workload's pods (Kubernetes): containers of one workload share
 * a pod and so a node; other workloads only when pinned to the same node or required beside it.
 */
export interface Placement {
  /** The workload its pods belong to (`Deployment/nextcloud`). */
  workload: string;
  /** The workload's name as written, for messages and related locations. */
  workloadLocation: Location;
  /** The one node it is pinned to: `nodeName`, or a `kubernetes.io/hostname` nodeSelector. */
  node?: string;
  /** Workloads its pods must run on the same node as (a required podAffinity on `kubernetes.io/hostname`). */
  besides: string[];
  /** It has scheduling constraints the linter does not evaluate: where its pods land relative to others is unknown. */
  unknown: boolean;
}

export interface PortModel {
  /** Published host port, when published. */
  published?: string;
  target: string;
  hostIp?: string;
  location: Location;
  /** What publishes it, when not a Compose `ports:` item (a Kubernetes hostPort or Service type). */
  exposedBy?: string;
  /** Where a finding about it points when not `location`: a long-form port's `published` (else `target`) entry. */
  focus?: Location;
  /** The host address it is published on ("" = every interface), whose edit binds it to another; absent when the text cannot be edited in place. */
  hostIpSetting?: Fact<string>;
  /** The lines that go to stop publishing it: the item, or the `ports:` key with its only item; absent in a flow sequence. */
  removal?: Location;
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
  /** `dockerfile`: an ENV of the Dockerfile that `build:` names (the image's own environment). */
  origin: "environment" | "env_file" | "values" | "derived" | "dockerfile";
  /** Set from somewhere the files do not show (a Kubernetes Secret or ConfigMap): set, value unknown. */
  opaque?: boolean;
  /** The value is a template expression (Jinja, Go): unknown, but its text copies as it is to another template line. */
  templated?: boolean;
  /** How the user writes it where it is set: the variable, or the chart value that renders it. */
  label?: string;
  /** The chart renders it from a default the values file does not set. */
  isDefault?: boolean;
  /**
   * A chart renders the text from another value than the switch that selected it
   * (`externalRedis.host` under `externalRedis.enabled`): that value's path, key and value span.
   */
  source?: { label: string; location?: Location; valueLocation?: Location };
  related: RelatedLocation[];
  /** Written as an item of a chart's list of extra variables (`nextcloud.extraEnv`), not rendered from a chart value. */
  chartExtraEnv?: boolean;
}

export interface ServiceModel {
  name: string;
  /** The service's key (compose), the values file's top (helm), the workload's name (k8s). */
  nameLocation: Location;
  image?: Fact<string>;
  imageName?: string;
  imageTag?: string;
  /**
   * A chart that leaves its image tag empty picks the variant by a value of its own
   * (`image.flavor`: apache, fpm, fpm-alpine): the tag's version is then the chart's, not in the files.
   */
  imageFlavor?: Fact<string>;
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
  /** The inputs behind `opaqueEnvSources` that the workspace lacks, by name: what `project/unseen-input` reports. */
  unseenSources?: UnseenSource[];
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
  /** Where its pods (Swarm: its tasks, by `deploy.placement.constraints`) may be scheduled; absent when the format has no scheduler (plain Compose, Helm values) or nothing constrains it. */
  placement?: Placement;
  /** The Docker secrets it mounts (Compose `secrets:`), each at the path the container reads it from; absent when the format has none. */
  secretFiles?: SecretFile[];
  /**
   * A Kubernetes container's `command:` replaces the image's ENTRYPOINT (its `args:` only the
   * CMD); `command` then holds both together. Compose keeps them apart in `entrypoint`/`command`.
   */
  replacesEntrypoint?: boolean;
  /** A proxy in front of it terminates TLS for its clients; absent when the files show none. */
  tlsFrontend?: TlsFrontend;
  /** Compose `volumes_from:`: it also mounts every volume of these services or containers (not in `mounts`). */
  volumesFrom?: VolumesFrom[];
}

/** What says that clients reach a service over HTTPS through a proxy that terminates TLS. */
export interface TlsFrontend {
  /** For messages, as a sentence starts: "The Traefik router nextcloud", "LETSENCRYPT_HOST (nginx-proxy)", "The chart's Ingress (ingress.tls)". */
  by: string;
  /** The label, variable or value that turns TLS on. */
  location: Location;
  /** The public host name, when the files name it. */
  host?: string;
}

/** A `volumes_from:` entry: the service (or, with `container`, a container outside the project) whose volumes it mounts. */
export interface VolumesFrom {
  name: string;
  container: boolean;
  location: Location;
  /** A template decides it. */
  unknown: boolean;
}

/** A Docker secret mounted into a container as a file. */
export interface SecretFile {
  /** The secret's name (`source`). */
  name: string;
  /** Where the container sees it: `/run/secrets/<name>`, or the entry's `target`. */
  target: string;
  /** The entry under the service's `secrets:`. */
  location: Location;
}

/**
 * A file, Secret or ConfigMap a service takes settings from that the workspace does not hold (a
 * gitignored `env_file:`, a Secret created by hand): every setting it could hold is unknown.
 */
export interface UnseenSource {
  kind: "env_file" | "ConfigMap" | "Secret";
  /** The file as written, or the object's name. */
  name: string;
  /** The reference: the `env_file:` entry, the `envFrom` item, the `configMapKeyRef`. */
  location: Location;
  /** Present when the file exists but the workspace refused to read it: why ("is outside the workspace"). */
  refusal?: string;
}

export interface AppRole extends ServiceModel {
  product: Product;
  /** cron: runs background jobs only (`/cron.sh`, `/usr/bin/cronjob`, a helm CronJob). */
  role: "web" | "cron";
  /** Requests of one client stay on one instance (a Service's `sessionAffinity: ClientIP`). */
  stickySessions?: Fact<boolean>;
  /** Runs a recursive chown over its data root at every start (ownCloud: entrypoint or the chart's init container). */
  chownOnStart?: Fact<boolean>;
  /**
   * The values that turn Redis on when a chart renders the app's Redis settings (`redis.enabled`
   * and `externalRedis.enabled`): value true when one is on, located at the one the user set,
   * its edit switching on the Redis the chart brings (or expects).
   */
  redisSwitch?: Fact<boolean>;
  /** A Redis container that runs in every pod of this app (a sidecar): each pod has its own. */
  redisSidecar?: RelatedLocation;
  /** The app gets SQLite although the files also enable a server database (a chart's SQLite switch wins). */
  sqliteShadows?: SqliteShadow;
  /** A cron role whose form a setting chooses (a chart's crond sidecar or CronJob). */
  cronRunner?: CronRunner;
  /** The chown runs in an init container a chart adds to every pod: the value that removes it, and what a fix writes there. */
  chownInit?: { skip: Fact<unknown>; skipValue: string };
  /** The storage switch of a chart and the claims it renders; absent when the files mount storage themselves. */
  persistence?: PersistenceModel;
  /** The app installs with SQLite; absent when it selects a server database or the files cannot tell. */
  sqlite?: SqliteSelection;
  /**
   * A chart's switch that adds a background-job runner (`cronjob.enabled`), and the values that
   * turn it on as a single runner; absent when no chart renders the app.
   */
  cronSwitch?: { enabled: Fact<boolean>; on: { fact: Fact<unknown>; value: string }[] };
  /** A chart value, set by the user, that names the external database's engine by exact words. */
  databaseType?: DatabaseTypeSetting;
}

/** An engine name a chart compares with exact words, rendering one engine's settings for any other text. */
export interface DatabaseTypeSetting {
  /** The value as written, located at its value text (edits replace it in place). */
  setting: Fact<string>;
  /** The words the chart knows. */
  known: string[];
  /** What the chart renders for any other text ("MySQL"). */
  otherwise: string;
}

/** How a cron role runs when one setting chooses between a runner per web instance and a single one. */
export interface CronRunner {
  /** per-instance: a crond beside every web instance (the role's replicas are the web app's); single: one scheduled job. */
  scope: "per-instance" | "single";
  /** The setting that chooses it; no edit when the single form would lose what the role needs (the shared storage). */
  setting: Fact<string>;
  /** The setting's value that runs exactly one. */
  single: string;
}

/** A SQLite switch that is on while server databases are enabled too: the app uses SQLite and ignores them. */
export interface SqliteShadow {
  /** The switch (set, or on by the chart default); its edit turns SQLite off. */
  sqlite: Fact<boolean>;
  /** The database switches the user turned on, located where they did. */
  shadowed: { name: string; enabled: Fact<boolean> }[];
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
  /** What applies when the setting is not written, when that differs from the platform's (a chart's own default strategy). */
  byDefault?: Fact<string>;
}

export type DatabaseEngine = "mariadb" | "mysql" | "postgres";

export interface DatabaseModel {
  service: ServiceModel;
  engine: DatabaseEngine;
  /** Mounts at the engine's data directory. */
  dataMounts: MountModel[];
  /** How the project runs it: its own service, a chart's subchart, or a release of its own chart beside the project (a Bitnami MariaDB release). */
  origin: "service" | "subchart" | "release";
  /** MariaDB/MySQL: the transaction isolation it runs with; its edit, when there is one, is where a chart keeps the server's flags. */
  isolation?: ServerOption;
  /** The image's entrypoint passes a command of `-` flags to the server (the official MariaDB/MySQL images). */
  takesServerFlags?: boolean;
  /** MariaDB/MySQL: the binary log format it runs with, and whether binary logging is on at all. */
  binlog?: ServerOption & { logging: Fact<boolean> };
  /** A subchart's own persistence switch: off, the database lives in an emptyDir and is lost with its pod. */
  persistence?: Fact<boolean>;
}

/** A server option: known where a flag or the configuration sets it, unknown behind a mounted option file, else the server default. */
export interface ServerOption extends Fact<string> {
  /** Where a finding about it points when nothing sets it: the command that lacks it, else the server. */
  anchor: Location;
}

/** Another app's SQLite database kept in a directory of its container (knowledge/app-databases.ts). */
export interface AppDatabaseModel {
  service: ServiceModel;
  /** "Sonarr", "Vaultwarden". */
  app: string;
  /** The directory of the database in the container. */
  databaseDir: string;
  /** always: the app has no other database; default: nothing selects a server one; explicit: a setting selects SQLite. */
  selection: "always" | "default" | "explicit";
  /** The setting that selects SQLite, when one does. */
  setting?: Location;
  sources: string[];
  /** The vendor's warning against network file systems for this directory, when there is one. */
  networkWarning?: string;
}

export interface RedisModel {
  service: ServiceModel;
  /** Its own service, a chart's subchart, or a release of the Bitnami Redis chart beside the project. */
  origin: "service" | "subchart" | "release";
  /**
   * Whether clients must authenticate: true for `--requirepass`, an ACL or a rebuilt image's
   * password variable (Bitnami `REDIS_PASSWORD`), false (defaulted) when nothing sets one, unknown
   * when a configuration file the files do not show decides.
   */
  auth?: Fact<boolean>;
  /** The port it listens on: `--port`, else 6379. */
  port?: string;
  /**
   * The password clients must send, as the files give it (`--requirepass X`, a rebuilt image's
   * `REDIS_PASSWORD`); unknown when it comes from somewhere the files do not show (an unresolved
   * `${…}`, a secret file, the container's environment); absent when none is set or an ACL decides.
   */
  password?: Fact<string>;
}

export interface ClusterContext {
  inCluster: boolean;
  /** The facts that make it a cluster (replicas, global mode, a config assumption). */
  reasons: RelatedLocation[];
  /** The reasons that concern one service (its own replica count), by service name. */
  reasonsByService?: Map<string, RelatedLocation[]>;
}

/** A chart's name, as its profile in knowledge/chart-profiles.ts gives it. */
export type ChartKind = string;

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
  /** Other apps' SQLite databases (Compose and Kubernetes); absent for formats that cannot run other images. */
  appDatabases?: AppDatabaseModel[];
  redis: RedisModel[];
  /** SyncThing, Resilio, Unison, lsyncd services and the directories they replicate. */
  syncAgents: ServiceModel[];
  volumes: Map<string, VolumeModel>;
  cluster: ClusterContext;
  helm?: HelmView;
  /**
   * File hygiene: what the files write, for the rules that check names, values and secrets.
   * Variables of every service as written (not derived); a values file's keys are in
   * `chartValues`, read through queries.walkConfiguredKeys.
   */
  configuredKeys?: ConfiguredKey[];
  /** The values file the model was built from, as written (Helm). */
  chartValues?: ChartValues;
  /** `${VAR}` uses in the deployment files and what each resolved to. */
  interpolations?: VariableUse[];
  /** The env files read (`.env`, `env_file:` files, a lone `.env`), entry by entry. */
  envFiles?: EnvFileModel[];
  /**
   * Variables an example env file documents (`.env.example`, `.env.sample`, `env.dist`…, beside the
   * Compose file or at the repository root): the operator supplies them, by name, at their line.
   */
  exampleVariables?: Map<string, Location>;
  /** Compose files deployed with `docker stack deploy`, which reads no `.env` (by path). */
  stackFiles?: string[];
  /**
   * Inputs the workspace refused to read (outside it, a link leading out of it, a FIFO, a
   * device, `/proc`, unreadable), other than `env_file:` entries (those are `unseenSources` of
   * their service): what they hold is unknown. `project/unseen-input` reports each.
   */
  refusedInputs?: RefusedInput[];
}

/** A file of the project the workspace did not read, and why. */
export interface RefusedInput {
  /** `.env` (the project's variables), an override file, a kustomize resource or patch. */
  role: "dotenv" | "override" | "resource" | "patch" | "include" | "extends";
  /** The file as written, or its name. */
  name: string;
  /** Why it was not read: "is outside the workspace", "is a FIFO (named pipe), not a file"… */
  reason: string;
  /** The reference, or the start of the file that would have read it. */
  location: Location;
}

/** Which catalog describes a configured key: an image's variables, or a chart's values. */
export type KeySurface = { kind: "variable"; product?: Product } | { kind: "chart-value"; chart: ChartKind };

/** A scalar exactly as a file writes it. */
export interface WrittenScalar {
  kind: "scalar";
  /** The text without its quotes ("" for an empty value). */
  text: string;
  /** What it reads as: null, a boolean, a number or a string. */
  plain: unknown;
  quote: "plain" | "single" | "double" | "block";
  location: Location;
}

/** A key a file configures: a variable of a service or a chart value. */
export interface ConfiguredKey {
  /** The catalog's name: the variable, or the chart value's dotted path without list indexes (`nextcloud.extraEnv.name`). */
  name: string;
  /** The key as written at its place: the variable, or the last segment of the path. */
  key: string;
  surface: KeySurface;
  /**
   * deployment: a Compose `environment:` entry or a values key, committed with the deployment;
   * env-file: a line of a `.env` or `env_file:` file, where secrets belong.
   */
  file: "deployment" | "env-file";
  /** The whole entry. */
  location: Location;
  /** The key's name alone. */
  keyLocation: Location;
  /** unknown: the value is decided elsewhere (passed through from the shell, a Secret, a template). */
  certainty: Certainty;
  /** The value as written, before `${…}` is filled in (quotes removed); absent when the entry has no value text. */
  written?: string;
  /** The written value is filled in later: it holds a `${NAME}` or a template `{{ … }}`. */
  refersElsewhere: boolean;
  /** A variable: the service it configures and its resolved setting. */
  service?: ServiceModel;
  setting?: EnvSetting;
  /** A chart value: the path of the mapping it sits in ("" at the top). */
  parent?: string;
  /** A chart value's own value, when it is a scalar. */
  scalar?: WrittenScalar;
  /** A chart value whose value is a list: each mapping item as its keys (merged `<<` keys included). */
  items?: ConfiguredKey[][];
  /** The keys of its mapping, itself and merged `<<` keys included. */
  siblings?: readonly string[];
  /**
   * A chart value inside a section the values switch off (`externalDatabase.enabled: false`, as
   * written or by the chart's default): the chart renders nothing from it.
   */
  switchedOff?: boolean;
}

/** A values file as written: mappings, lists and scalars, an aliased node shared where it is reused. */
export type WrittenNode = WrittenScalar | WrittenMap | WrittenList;

export interface WrittenMap {
  kind: "map";
  entries: WrittenEntry[];
}

export interface WrittenList {
  kind: "list";
  items: WrittenNode[];
}

export interface WrittenEntry {
  key: string;
  keyLocation: Location;
  location: Location;
  value?: WrittenNode;
  /** Comes from a `<<` merge: its text is where the anchor was defined. */
  merged: boolean;
}

export interface ChartValues {
  chart: ChartKind;
  root: WrittenMap;
  /** A Chart.yaml, a HelmRelease or an umbrella chart's dependency names the chart; otherwise it is guessed from the keys. */
  chartNamed?: boolean;
  /** The version of the chart the values are for, when the files say it exactly (a vendored chart's Chart.yaml). */
  chartVersion?: string;
  /** The other files of a layered release, lowest first, as written (their keys are checked as the top file's are). */
  layers?: WrittenMap[];
  /** Paths the umbrella chart reads under the subchart's key (a dependency's `condition`): not the chart's values. */
  umbrellaPaths?: string[];
}

/** A `${NAME}` in a deployment file. */
export interface VariableUse {
  name: string;
  location: Location;
  /** The modifier as written (`:-`, `?`, …; "" for a plain `${NAME}`). */
  modifier: string;
  /** What an unset variable gives: empty text, an error (`:?`, `?`), or the reference's own default or alternative. */
  whenUnset: "empty" | "error" | "fallback";
  /** It had a value (or was set, for the forms without a colon). */
  resolved: boolean;
  /** The definition it resolved to (the `.env` line). */
  definition?: Location;
}

/** One env file: which entries it has, and whether deployment files read `${…}` from it. */
export interface EnvFileModel {
  path: string;
  /** The project's `.env`: Compose fills `${NAME}` from it (an `env_file:` only feeds containers). */
  interpolationSource: boolean;
  entries: EnvFileEntry[];
  /** The file's lines outside quoted values, for the layout rules (blank lines, white space). */
  lines?: EnvFileLine[];
  /** How the file ends: where a final line break would go, and the break the file uses. */
  ending?: { location: Location; missingLineBreak: boolean; lineBreak: "\n" | "\r\n" };
  /** The file holds Jinja or Go-template expressions (`.env.j2`). */
  templated?: boolean;
  /** Git tracks the file (its repository's index lists it): it travels with every clone. Absent: not known. */
  trackedByGit?: boolean;
  /** An example file (`.env.example`, `env.dist`): placeholders meant to be committed and copied. */
  example?: boolean;
}

/** One line of an env file (a line inside a quoted multi-line value is part of that value, not listed). */
export interface EnvFileLine {
  /** 0-based. */
  line: number;
  /** The line without its line break. */
  location: Location;
  /** `other`: a line Compose rejects or a template tag. */
  kind: "blank" | "comment" | "entry" | "other";
  /** White space before the first character of a non-blank line. */
  indentation?: Location;
  /** White space at the end of the line, outside any quoted value. */
  trailingWhitespace?: Location;
}

export interface EnvFileEntry {
  key: string;
  keyLocation: Location;
  /** The whole line(s) of the entry. */
  location: Location;
  /** 0-based line of the entry. */
  line: number;
  /** Variables its value reads with `${…}` (none for a single-quoted value). */
  reads: string[];
  /** In a templated env file, the template tag lines before it: entries with different counts may be alternatives (`{% if %}…{% else %}`). */
  templateRegion?: number;
  /** The `=` or `:` after the key (absent for a key alone on its line). */
  separator?: { text: "=" | ":"; location: Location };
  /** The value as written, without its quotes (empty span after the separator for `KEY=`). */
  value?: { text: string; location: Location; quote: "none" | "single" | "double" };
  /** A key alone on its line: Compose takes the value from the environment it runs in. */
  inherited?: boolean;
  /** The value holds a template expression: what it renders to is unknown. */
  templated?: boolean;
}

/**
 * A switch a chart's template tests for truth (`{{ if .Values.x }}`, `{{ if not .Values.x }}`)
 * that the values file writes as quoted text (Helm): any text but "" is on, "false" too.
 */
export interface ChartSwitch {
  /** The text as written (without quotes), located at the key; its edit replaces the scalar. */
  setting: Fact<string>;
  /** What the chart renders while the switch is on. */
  whenOn: string;
  /** What the author most likely meant by writing it off. */
  offMeans: string;
  /** The value as the chart's own values.yaml writes "on" (`"true"`, `true`): rewriting it so renders the same. */
  onText: string;
  /** How to write it off: `false` or `""`. */
  offText: string;
  /** The template that tests it (URL). */
  source: string;
}

/** A chart value that some templates use but the app never sees (Helm): the app keeps `appUses`. */
export interface IgnoredChartValue {
  /** The value as written, located at the key; its edit replaces the scalar. */
  setting: Fact<string>;
  /** What the app uses whatever the value says. */
  appUses: string;
  /** What follows from the difference. */
  consequence: string;
  severity: "error" | "warning";
  source: string;
}

/** A chart value a template renders into a manifest without quoting it, while that rendering is active (Helm). */
export interface UnquotedRender {
  /** The value as Helm reads it, located where the values file sets it (no location: the chart default). */
  setting: Fact<string>;
  /** The variable the rendered line sets. */
  variable: string;
  /** What YAML reads the rendered text back as when that is not the same text ("the number 123456"), or that it breaks the manifest. */
  rereadAs?: string;
  /** The values that make the chart take it from a Secret instead. */
  alternative: string;
  source: string;
}

/** A credential a chart sets up from its values while the part that uses it is enabled (Helm). */
export interface ChartCredential {
  /** The value in effect: located when the values file sets it, else the chart default (no location). */
  setting: Fact<string>;
  /** Where a finding about a defaulted value points: the switch that enables the part, or the values file's first key. */
  anchor: Location;
  /** "the Nextcloud admin password". */
  what: string;
  /** The values that take it from a Secret instead. */
  instead: string;
  /** The chart's published default for it. */
  chartDefault: string;
}

export interface ClusterModel {
  /** Chart switches written as quoted text (Helm). */
  chartSwitches?: ChartSwitch[];
  /** Chart values the app never sees, set to something else than what it uses (Helm). */
  ignoredChartValues?: IgnoredChartValue[];
  /** Chart values rendered unquoted into a manifest (Helm). */
  unquotedRenders?: UnquotedRender[];
  /** Credentials the chart sets up from its values (Helm). */
  chartCredentials?: ChartCredential[];
}

/** A value of a `config.php` key as the deployment files write it; `unknown` when only run time decides it. */
export type ConfigPhpValue =
  | { kind: "string"; value: string; location: Location }
  | { kind: "number"; value: number; location: Location }
  | { kind: "bool"; value: boolean; location: Location }
  | { kind: "null"; location: Location }
  | { kind: "array"; entries: ConfigPhpEntry[]; location: Location; /** Keys not listed may be there (a computed key). */ openKeys?: boolean }
  | { kind: "unknown"; location: Location };

export interface ConfigPhpEntry {
  key: string | number;
  keyLocation?: Location;
  value: ConfigPhpValue;
}

/** A top-level `config.php` key a config file of the deployment sets (a chart's `nextcloud.configs` snippet, ownCloud's `configExtra`). */
export interface ConfigPhpSetting {
  key: string;
  value: ConfigPhpValue;
  /** The entry (`'memcache.locking' => '\OC\Memcache\Redis'`, or the `$CONFIG[…] = …;` assignment). */
  location: Location;
  /** The key as written. */
  keyLocation: Location;
  /** The config file's name in the config directory (`redis.config.php`): the app merges the files in natural order of their names, later files winning per key. */
  file: string;
  /** How messages name where it is set ("nextcloud.configs.redis.config.php"). */
  label: string;
}

/** What the deployment's own config files set, after the app merges them in their load order. */
export interface ConfigPhpModel {
  /** The effective value of each key the files set. */
  settings: Map<string, ConfigPhpSetting>;
  /** Config files (or parts) whose keys cannot all be told (a condition, a computed key, unreadable text): any key not in `settings` may be set there. */
  opaque: RelatedLocation[];
}

export interface AppRole {
  /** The `config.php` keys the deployment's config files set; absent when it has none the linter sees. */
  configPhp?: ConfigPhpModel;
}

export interface AppRole {
  /** PHP ini files the deployment adds to the app (`nextcloud.phpConfigs`): they may set the session handler. */
  phpIniFiles?: RelatedLocation[];
}
