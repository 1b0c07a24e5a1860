import type { RelatedLocation } from "../findings";
import { unescapeDoubleQuoted, type EnvFile } from "../documents/env-file";
import { asMap, asScalar, entryOf, type YMap, type YNode, type YScalar } from "../documents/yaml-tree";
import { interpolate } from "../project/interpolate";
import type { Project } from "../project/project";
import type { Location, Span } from "../text/span";
import { basename, dirname, joinPath } from "../workspace";
import { isSwitchOn, redisImageProfileOf, type RedisImageProfile } from "../knowledge/redis-image-profiles";
import type { AppRole, BackingKind, ClusterModel, DatabaseModel, VolumesFrom, EnvSetting, Fact, MountModel, MountOption, PortModel, Placement, Product, SecretFile, ServiceModel, UnseenSource, UpdatePolicy, VolumeModel } from "./cluster-model";
import { productProfiles } from "../knowledge/product-profiles";
import { isScaled } from "./queries";
import { configuredVariables, fileFactsOf } from "./file-facts";
import { sqliteOfEnv } from "./sqlite-selection";
import { databaseDataDirsOf, databaseEngineOfImage, isRedisImage, isSyncAgentImage, parseImage, productOfImage } from "./images";
import { binlogOf, isolationOf, isolationLevelsIn, takesServerFlags } from "./server-options";
import { appDatabasesOf } from "./app-databases";
import { applyHostBacking } from "./host-mounts";
import { tlsFrontendOf, type ServiceLabel } from "./tls-frontend";
import { builtImageOf, composeBuildOf, parseDockerfile, type ComposeBuild } from "../project/dockerfile";
import { certaintyOfScalar, rendersUnknown, templateSource, templateSourcesOfEnv, templatedValue } from "./template-facts";

interface ServiceAccumulator {
  name: string;
  nameLocation: Location;
  bodyLocation?: Location;
  image?: Fact<string>;
  replicas?: Fact<number | "global">;
  envFromFiles: Map<string, EnvSetting>;
  environment: Map<string, EnvSetting>;
  volumes: Map<string, MountModel>;
  command?: Fact<string>;
  entrypoint?: Fact<string>;
  user?: Fact<string>;
  ports: PortModel[];
  update?: UpdatePolicy;
  /** The `command:` entry that set `command` (its key, for findings about a block list). */
  commandEntry?: { keySpan: Location; node: YNode };
  /** `env_file:` entries the workspace lacks: any variable may be set there. */
  unseen: UnseenSource[];
  /** Template lines that may set variables the files do not show. */
  templateEnvSources?: RelatedLocation[];
  /** `secrets:` entries by target: an override's entry replaces the base's for the same target. */
  secretFiles: Map<string, SecretFile>;
  /** It extends a service the files do not show: what it inherits is unknown. */
  baseUnknown?: boolean;
  /** `profiles:`: the service starts only when one of them is active. */
  profiles?: string[];
  /** `labels:` and `deploy.labels:` by key (Swarm proxies read the latter), an override's replacing the base's. */
  labels?: Map<string, ServiceLabel>;
  /** `volumes_from:` entries, as written. */
  volumesFrom?: VolumesFrom[];
  /** `deploy.placement.constraints` of every file, in order (Compose appends an override's list to the base's). */
  constraints?: YScalar[];
  /** `build:` (the last file's): the image is built from a Dockerfile. */
  build?: { spec: ComposeBuild; location: Location };
  /** ENV of the Dockerfile `build:` names: the container's environment unless Compose sets the variable. */
  imageEnv?: Map<string, EnvSetting>;
}

/** Fills the cluster model from a compose project: base file, override, `.env`, env_files. */
export function buildComposeModel(project: Project): ClusterModel {
  const volumes = new Map<string, VolumeModel>();
  const services = new Map<string, ServiceAccumulator>();
  const dir = dirname(project.entry);

  for (const file of project.composeFiles) {
    const root = asMap(file.roots[0]);
    if (!root) continue;
    for (const entry of asMap(entryOf(root, "volumes")?.value)?.entries ?? []) {
      if (entry.templated) continue;
      const volume = readVolume(project, entry.key, { path: file.path, span: entry.keySpan }, asMap(entry.value));
      if (rendersUnknown(entry)) volume.backingKind = "unknown";
      volumes.set(entry.key, volume);
    }
    for (const entry of asMap(entryOf(root, "services")?.value)?.entries ?? []) {
      const body = asMap(entry.value);
      let acc = services.get(entry.key);
      if (!acc) {
        acc = { name: entry.key, nameLocation: { path: file.path, span: entry.keySpan }, envFromFiles: new Map(), environment: new Map(), volumes: new Map(), ports: [], unseen: [], secretFiles: new Map() };
        services.set(entry.key, acc);
      }
      if (body) {
        if (!acc.bodyLocation || file === project.composeFiles[0]) acc.bodyLocation = { path: file.path, span: body.span };
        const fileDir = project.composeDirs?.get(file.path) ?? dir;
        applyExtends(project, acc, body, file.path, fileDir, new Set([`${file.path}\u0000${entry.key}`]));
        mergeService(project, acc, body, fileDir);
      }
    }
  }

  const built: ServiceModel[] = [];
  const active = activeProfiles(project);
  for (const acc of services.values()) {
    // A service of profiles none of which is active is not started (https://docs.docker.com/compose/how-tos/profiles/).
    if (active && acc.profiles && !acc.profiles.some((p) => active.has(p) || active.has("*"))) continue;
    applyBuild(project, acc);
    const service = finishService(acc, volumes);
    const placement = swarmPlacementOf(project, acc);
    if (placement) service.placement = placement;
    // Swarm runs every task of a service pinned to one node on that node.
    if (placement?.node !== undefined) service.spreadAcrossNodes = false;
    built.push(service);
  }
  // An override file that was not read may set any variable of any service: their environment is unknown.
  const refusedOverride = project.refusedInputs.find((r) => r.role === "override");
  if (refusedOverride) {
    const source = { location: refusedOverride.location, message: `environment from ${refusedOverride.name}, which was not read` };
    for (const service of built) service.opaqueEnvSources = [...(service.opaqueEnvSources ?? []), source];
  }
  // The config says the stack spans nodes: Swarm may place any container on any of them.
  if (project.options.assumeCluster) for (const service of built) if (service.placement?.node === undefined) service.spreadAcrossNodes = true;

  // Paths a sync agent replicates become "syncthing"-backed wherever they are mounted.
  const syncAgents = built.filter((s) => s.image && isSyncAgentImage(s.image.value));
  const syncedSources = new Set<string>();
  for (const agent of syncAgents) for (const m of agent.mounts) if (m.source) syncedSources.add(m.source);
  for (const service of built) {
    for (const mount of service.mounts) {
      if (mount.source && syncedSources.has(mount.source) && !syncAgents.includes(service)) mount.backingKind = "syncthing";
    }
  }

  applyHostBacking(built, project.options.mounts);
  const model = assembleModel("compose", built, volumes, syncAgents, project.options.assumeCluster === true);
  for (const database of model.databases) locateIsolation(database, services.get(database.service.name)?.commandEntry);
  for (const redis of model.redis) if (redis.password && commandUnresolved(project, services.get(redis.service.name)?.commandEntry?.node)) redis.password = { ...redis.password, value: "", certainty: "unknown" };
  return { ...model, ...fileFactsOf(project), configuredKeys: configuredVariables(project, model.services, model.apps) };
}

/** Whether a `${…}` in the command has no value here: the shell that deploys fills it in. */
function commandUnresolved(project: Project, node: YNode | undefined): boolean {
  const scalars = node?.kind === "seq" ? node.items : node ? [node] : [];
  return scalars.some((item) => item.kind === "scalar" && (project.resolve(item).unresolved?.length ?? 0) > 0);
}

/** In a command list, the isolation flag is its own item, and a finding about a missing flag points at the `command` key. */
function locateIsolation(database: DatabaseModel, entry: ServiceAccumulator["commandEntry"]): void {
  const isolation = database.isolation;
  const node = entry?.node;
  if (!isolation || !node || node.kind !== "seq" || !database.service.command?.location || node.span.start !== database.service.command.location.span.start) return;
  const flag = node.items.find((item) => item.kind === "scalar" && isolationLevelsIn(item.text).length > 0);
  if (flag?.kind === "scalar" && isolation.certainty === "known" && isolationLevelsIn(flag.text).includes(isolation.value)) isolation.location = locationOf(flag);
  if (!node.flow) isolation.anchor = entry.keySpan;
}

function fact<T>(value: T, location: Location | undefined, related: RelatedLocation[] = []): Fact<T> {
  return { value, location, related };
}

function locationOf(node: { path: string; span: { start: number; end: number } }): Location {
  return { path: node.path, span: node.span };
}

function resolvedText(project: Project, node: YNode | undefined): { value: string; related: RelatedLocation[] } | undefined {
  if (!node) return undefined;
  if (node.kind === "scalar") {
    const r = project.resolve(node);
    return { value: r.value, related: r.related };
  }
  if (node.kind === "seq") {
    const parts: string[] = [];
    const related: RelatedLocation[] = [];
    for (const item of node.items) {
      if (item.kind !== "scalar") continue;
      const r = project.resolve(item);
      parts.push(r.value);
      related.push(...r.related);
    }
    return { value: parts.join(" "), related };
  }
  return undefined;
}

/**
 * What an override's `!reset` or `!override` key drops of the earlier files' service before
 * the override applies (https://docs.docker.com/reference/compose-file/merge/#reset-value).
 */
function resetKey(acc: ServiceAccumulator, key: string): void {
  switch (key) {
    case "build":
      acc.build = undefined;
      return;
    case "image":
    case "command":
    case "entrypoint":
    case "user":
      acc[key] = undefined;
      if (key === "command") acc.commandEntry = undefined;
      return;
    case "deploy":
      if (acc.replicas?.label !== "scale") acc.replicas = undefined;
      acc.update = undefined;
      return;
    case "scale":
      if (acc.replicas?.label === "scale") acc.replicas = undefined;
      return;
    case "env_file":
      acc.envFromFiles.clear();
      acc.unseen = acc.unseen.filter((u) => u.kind !== "env_file");
      return;
    case "environment":
      acc.environment.clear();
      return;
    case "volumes":
      acc.volumes.clear();
      return;
    case "ports":
      acc.ports = [];
      return;
    case "secrets":
      acc.secretFiles.clear();
      return;
    case "profiles":
      acc.profiles = undefined;
      return;
    case "labels":
      acc.labels = undefined;
      return;
    case "volumes_from":
      acc.volumesFrom = undefined;
      return;
  }
}

/**
 * `extends:` — the service starts from the one it names (in this file, or in `file:` relative to
 * it), whose own `extends` comes first, and its relative paths stay relative to its file
 * (https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/). A base the files do
 * not show makes the service unknown: its image is dropped, so no rule judges it by half.
 */
function applyExtends(project: Project, acc: ServiceAccumulator, body: YMap, path: string, fileDir: string, seen: Set<string>): void {
  const extendsNode = entryOf(body, "extends")?.value;
  if (!extendsNode || extendsNode.templated) return;
  const serviceName = extendsNode.kind === "scalar" ? extendsNode.text.trim() : asScalar(entryOf(asMap(extendsNode), "service")?.value)?.text.trim();
  const fileRef = extendsNode.kind === "map" ? asScalar(entryOf(extendsNode, "file")?.value)?.text.trim() : undefined;
  const basePath = fileRef ? joinPath(dirname(path), fileRef) : path;
  const baseFile = [...project.composeFiles, ...(project.extendsFiles?.values() ?? [])].find((f) => f.path === basePath);
  const baseBody = serviceName ? asMap(entryOf(asMap(entryOf(asMap(baseFile?.roots[0]), "services")?.value), serviceName)?.value) : undefined;
  const key = `${basePath}\u0000${serviceName}`;
  if (!baseBody || seen.has(key) || seen.size > 16) {
    acc.baseUnknown = true;
    return;
  }
  seen.add(key);
  const baseDir = fileRef ? dirname(basePath) : fileDir;
  applyExtends(project, acc, baseBody, basePath, baseDir, seen);
  mergeService(project, acc, baseBody, baseDir);
}

/**
 * The profiles `docker compose` starts: `COMPOSE_PROFILES` from the project's `.env` (comma
 * separated; https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_profiles).
 * Undefined when the files cannot tell (set by the shell, or a stack, which has no profiles):
 * then every service counts, as before.
 */
function activeProfiles(project: Project): Set<string> | undefined {
  const value = project.interpolationValue("COMPOSE_PROFILES");
  if (value === undefined) return undefined;
  return new Set(value.split(",").map((p) => p.trim()).filter((p) => p !== ""));
}

function mergeService(project: Project, acc: ServiceAccumulator, tagged: YMap, dir: string): void {
  for (const entry of tagged.entries) if (entry.composeTag) resetKey(acc, entry.key);
  // A `!reset` key is gone; an `!override` one applies to what the reset left.
  const body = tagged.entries.some((e) => e.composeTag === "reset") ? { ...tagged, entries: tagged.entries.filter((e) => e.composeTag !== "reset") } : tagged;
  const profiles = entryOf(body, "profiles")?.value;
  if (profiles?.kind === "seq" && !profiles.templated) {
    const names = profiles.items.flatMap((item) => (item.kind === "scalar" ? [project.resolve(item).value.trim()] : []));
    acc.profiles = [...new Set([...(acc.profiles ?? []), ...names])];
  }
  const build = entryOf(body, "build");
  const buildSpec = composeBuildOf(body, dir);
  if (build?.value && buildSpec) acc.build = { spec: buildSpec, location: { path: body.path, span: build.keySpan } };
  const image = asScalar(entryOf(body, "image")?.value);
  if (image) {
    const r = project.resolve(image);
    acc.image = fact(r.value, locationOf(image), r.related);
    if (image.templated) acc.image.certainty = certaintyOfScalar(image);
  }
  const deploy = asMap(entryOf(body, "deploy")?.value);
  for (const labels of [entryOf(body, "labels")?.value, entryOf(deploy, "labels")?.value]) readLabels(project, labels, (acc.labels ??= new Map()));
  const mode = asScalar(entryOf(deploy, "mode")?.value);
  const replicas = asScalar(entryOf(deploy, "replicas")?.value);
  const scale = asScalar(entryOf(body, "scale")?.value);
  if (mode && project.resolve(mode).value === "global") acc.replicas = { ...fact<number | "global">("global", locationOf(mode), project.resolve(mode).related), label: "deploy.mode", edit: { kind: "text", location: locationOf(mode) } };
  else if (replicas) acc.replicas = countFact(project, replicas, "deploy.replicas") ?? acc.replicas;
  else if (scale) acc.replicas = countFact(project, scale, "scale") ?? acc.replicas;
  const constraints = entryOf(asMap(entryOf(deploy, "placement")?.value), "constraints")?.value;
  for (const item of constraints?.kind === "seq" ? constraints.items : constraints ? [constraints] : []) if (item.kind === "scalar") (acc.constraints ??= []).push(item);
  const parallelism = asScalar(entryOf(asMap(entryOf(deploy, "update_config")?.value), "parallelism")?.value);
  if (parallelism) {
    const r = project.resolve(parallelism);
    const n = Number.parseInt(r.value, 10);
    if (Number.isFinite(n)) {
      acc.update = {
        mode: n === 1 ? "serial" : "rolling",
        parallelism: n,
        setting: { ...fact(r.value, locationOf(parallelism), r.related), label: "deploy.update_config.parallelism", edit: { kind: "text", location: locationOf(parallelism) } },
        companions: [],
      };
    }
  }

  for (const key of ["command", "entrypoint", "user"] as const) {
    const node = entryOf(body, key)?.value;
    const r = resolvedText(project, node);
    if (r && node) acc[key] = fact(r.value, locationOf(node), r.related);
    if (r && node && key === "command") acc.commandEntry = { keySpan: { path: body.path, span: entryOf(body, key)!.keySpan }, node };
  }

  const envFileNode = entryOf(body, "env_file")?.value;
  const envFileItems = envFileNode?.kind === "seq" ? envFileNode.items : envFileNode ? [envFileNode] : [];
  for (const item of envFileItems) {
    const pathNode = item.kind === "scalar" ? item : asScalar(entryOf(item, "path")?.value);
    if (!pathNode) continue;
    if (pathNode.templated) addTemplateSource(acc, locationOf(pathNode));
    const resolved = project.resolve(pathNode);
    const envPath = resolved.unresolved ? undefined : joinPath(dir, resolved.value);
    const env = envPath === undefined ? undefined : project.envFiles.get(envPath);
    if (env) addEnvFile(project, acc, env, locationOf(pathNode));
    // Gitignored, kept on the deploying host, optional (`required: false`), or outside the
    // workspace and so not read: what it sets is unknown, not empty.
    else if (!pathNode.templated) {
      const refusal = envPath === undefined ? undefined : project.refusedPaths.get(envPath);
      acc.unseen.push({ kind: "env_file", name: pathNode.text, location: locationOf(pathNode), ...(refusal !== undefined ? { refusal } : {}) });
    }
  }

  // A secret appears at /run/secrets/<target>, target defaulting to source; an absolute target is
  // the path itself (https://docs.docker.com/reference/compose-file/services/#secrets).
  const secretsNode = entryOf(body, "secrets")?.value;
  for (const item of secretsNode?.kind === "seq" ? secretsNode.items : []) {
    if (item.templated) continue;
    const source = item.kind === "scalar" ? item : asScalar(entryOf(item, "source")?.value);
    const targetNode = item.kind === "map" ? asScalar(entryOf(item, "target")?.value) : undefined;
    if (!source || source.templated || targetNode?.templated) continue;
    const name = project.resolve(source).value.trim();
    const target = targetNode ? project.resolve(targetNode).value.trim() : name;
    if (!name || !target) continue;
    const path = target.startsWith("/") ? target : `/run/secrets/${target}`;
    acc.secretFiles.set(path, { name, target: path, location: locationOf(source) });
  }

  const environmentEntry = entryOf(body, "environment");
  const environment = environmentEntry?.value;
  if (rendersUnknown(environmentEntry)) addTemplateSource(acc, { path: body.path, span: environmentEntry!.keySpan });
  if (environment?.kind === "map") {
    for (const e of environment.entries) {
      if (e.templated) {
        addTemplateSource(acc, { path: environment.path, span: e.span });
        continue;
      }
      const value = asScalar(e.value);
      const r = value ? project.resolve(value) : undefined;
      acc.environment.set(e.key, {
        name: e.key,
        value: r?.value ?? "",
        passthrough: !value || value.value === null,
        location: { path: environment.path, span: e.span },
        valueLocation: value && value.value !== null ? locationOf(value) : undefined,
        origin: "environment",
        // `${X}` that nothing here sets: the shell that deploys decides, so the value is unknown.
        opaque: r?.unresolved ? true : undefined,
        related: r?.related ?? [],
        ...templatedValue(value?.templated),
      });
    }
  } else if (environment?.kind === "seq") {
    for (const item of environment.items) {
      if (item.kind !== "scalar") continue;
      const eq = item.text.indexOf("=");
      const name = (eq >= 0 ? item.text.slice(0, eq) : item.text).trim();
      if (!name) continue;
      if (item.templated && /\{[{%#]/.test(name)) {
        addTemplateSource(acc, locationOf(item));
        continue;
      }
      const rawValue = eq >= 0 ? item.text.slice(eq + 1) : "";
      const r = interpolate(rawValue, (n) => project.interpolationValue(n, item.path));
      const related: RelatedLocation[] = [];
      for (const ref of r.references) {
        const def = ref.resolved ? project.variablesFor(item.path).get(ref.name) : undefined;
        if (def) related.push({ location: def.location, message: `${ref.name} is set here` });
      }
      const unresolved = r.references.some((ref) => !ref.resolved && (ref.modifier === "" || ref.modifier === "?" || ref.modifier === ":?"));
      acc.environment.set(name, {
        name,
        value: r.value,
        passthrough: eq < 0,
        location: locationOf(item),
        valueLocation: eq >= 0 ? valueLocationInItem(item, eq + 1) : undefined,
        origin: "environment",
        opaque: unresolved ? true : undefined,
        related,
        ...templatedValue(item.templated),
      });
    }
  }

  const volumesFromNode = entryOf(body, "volumes_from")?.value;
  if (volumesFromNode?.kind === "seq") {
    // `service[:ro|rw]` or `container:name[:ro|rw]` (https://docs.docker.com/reference/compose-file/services/#volumes_from); an override replaces the list.
    acc.volumesFrom = volumesFromNode.items.flatMap((item) => {
      if (item.kind !== "scalar") return [];
      const text = project.resolve(item).value.trim();
      const container = text.startsWith("container:");
      const name = (container ? text.slice("container:".length) : text).replace(/:(ro|rw)$/, "");
      return [{ name, container, location: locationOf(item), unknown: item.templated === true || name === "" }];
    });
  }

  const volumesNode = entryOf(body, "volumes")?.value;
  if (volumesNode?.kind === "seq") {
    for (const item of volumesNode.items) {
      const mount = readMount(project, item);
      if (mount) acc.volumes.set(mount.target, mount);
    }
  }

  const portsEntry = entryOf(body, "ports");
  const portsNode = portsEntry?.value;
  if (portsNode?.kind === "seq") {
    for (const item of portsNode.items) {
      const port = readPort(project, item);
      if (!port) continue;
      // The last item goes with its `ports:` key: an empty `ports:` is null, not a list.
      if (!portsEntry!.merged && !portsNode.flow) port.removal = portsNode.items.length === 1 ? { path: portsNode.path, span: { start: portsEntry!.keySpan.start, end: portsEntry!.span.end } } : port.location;
      acc.ports.push(port);
    }
  }
}

function addTemplateSource(acc: ServiceAccumulator, location: Location): void {
  (acc.templateEnvSources ??= []).push(templateSource(location));
}

function valueLocationInItem(item: YScalar, valueStart: number): Location | undefined {
  // Only when the scalar's text is its source, so offsets inside it are file offsets.
  const opening = item.quote === "plain" ? 0 : item.quote === "block" ? -1 : 1;
  if (opening < 0) return undefined;
  const start = item.span.start + opening + valueStart;
  const end = item.span.end - (opening === 1 ? 1 : 0);
  return start <= end ? { path: item.path, span: { start, end } } : undefined;
}

function countFact(project: Project, node: YScalar, label: string): Fact<number | "global"> | undefined {
  const r = project.resolve(node);
  const n = Number.parseInt(r.value, 10);
  // `${N:-3}` with N in an env file that was not read: the count is unknown, not 3.
  if (!Number.isFinite(n) || String(n) !== r.value.trim() || r.unresolved) return undefined;
  return { ...fact<number | "global">(n, locationOf(node), r.related), label, edit: { kind: "text", location: locationOf(node) } };
}

function addEnvFile(project: Project, acc: ServiceAccumulator, env: EnvFile, referencedAt: Location): void {
  const local = new Map<string, string>();
  for (const source of templateSourcesOfEnv(env)) (acc.templateEnvSources ??= []).push(source);
  for (const entry of env.entries) {
    let value = entry.quote === "double" ? unescapeDoubleQuoted(entry.rawValue) : entry.rawValue;
    if (entry.quote !== "single") value = interpolate(value, (n) => local.get(n) ?? project.interpolationValue(n, referencedAt.path)).value;
    local.set(entry.key, value);
    acc.envFromFiles.set(entry.key, {
      name: entry.key,
      value,
      passthrough: entry.inherited,
      location: { path: env.path, span: { start: entry.span.start, end: entry.span.end } },
      valueLocation: entry.inherited ? undefined : { path: env.path, span: entry.valueSpan },
      origin: "env_file",
      related: [{ location: referencedAt, message: "env_file that provides it" }],
      ...templatedValue(entry.templated),
    });
  }
}

function readMount(project: Project, item: YNode): MountModel | undefined {
  if (item.kind === "scalar") {
    const resolved = project.resolve(item);
    const parts = splitShortVolume(resolved.value);
    if (!parts) return undefined;
    const { source, target, mode } = parts;
    const readOnly = /(^|,)ro(,|$)/.test(mode ?? "");
    // `${DATA_DIR}:/var/www/html` with DATA_DIR unset here: a host path, a named volume or nothing,
    // decided by the shell that deploys. Its backing is unknown, not an anonymous or local volume.
    const writtenSource = resolved.unresolved ? writtenShortSource(item.text) : undefined;
    if (writtenSource !== undefined && resolved.unresolved!.some((name) => new RegExp(`\\$\\{?${name}\\b`).test(writtenSource))) {
      return { target, source: writtenSource, kind: "volume", backingKind: "unknown", readOnly, location: locationOf(item) };
    }
    if (!source) return { target, kind: "anonymous", backingKind: "local", readOnly, location: locationOf(item) };
    const isPath = /^[./~]/.test(source) || source.includes("/");
    // A templated host path may be a shared mount: what backs it is unknown.
    return { target, source, kind: isPath ? "bind" : "volume", backingKind: isPath && !item.templated ? "bind" : "unknown", readOnly, location: locationOf(item) };
  }
  if (item.kind === "map") {
    const type = asScalar(entryOf(item, "type")?.value);
    const sourceNode = asScalar(entryOf(item, "source")?.value);
    const targetNode = asScalar(entryOf(item, "target")?.value);
    if (!targetNode) return undefined;
    const target = project.resolve(targetNode).value;
    const source = sourceNode ? project.resolve(sourceNode).value : undefined;
    const typeText = type ? project.resolve(type).value : "volume";
    const readOnlyNode = asScalar(entryOf(item, "read_only")?.value);
    const readOnly = readOnlyNode?.value === true || readOnlyNode?.text === "true";
    // `source: ${DATA_DIR}` with DATA_DIR unset here: the shell that deploys names the volume, so its backing is unknown.
    if (sourceNode && project.resolve(sourceNode).unresolved && typeText !== "tmpfs") {
      return { target, source: sourceNode.text, kind: typeText === "bind" ? "bind" : "volume", backingKind: "unknown", readOnly, location: locationOf(item) };
    }
    const kind: MountModel["kind"] = typeText === "bind" ? "bind" : typeText === "tmpfs" ? "tmpfs" : source ? "volume" : "anonymous";
    const backingKind: BackingKind = sourceNode?.templated || type?.templated ? "unknown" : kind === "bind" ? "bind" : kind === "tmpfs" ? "tmpfs" : kind === "anonymous" ? "local" : "unknown";
    return { target, source, kind, backingKind, readOnly, location: locationOf(item) };
  }
  return undefined;
}

/** The source of a short volume as written, `${…}` kept whole (its `:-` holds a colon); undefined without one. */
function writtenShortSource(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}" && depth > 0) depth--;
    else if (text[i] === ":" && depth === 0) return text.slice(0, i);
  }
  return undefined;
}

/** `src:target[:mode]`, `target`, with Windows drive letters left alone. */
function splitShortVolume(value: string): { source?: string; target: string; mode?: string } | undefined {
  const parts = value.split(":");
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && parts[1].startsWith("\\")) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  if (parts.length === 1) return parts[0] ? { target: parts[0] } : undefined;
  if (parts.length === 2) return { source: parts[0], target: parts[1] };
  return { source: parts[0], target: parts[1], mode: parts.slice(2).join(":") };
}

function readPort(project: Project, item: YNode): PortModel | undefined {
  if (item.kind === "scalar") {
    const value = project.resolve(item).value.replace(/\/(tcp|udp|sctp)$/, "");
    // [host_ip:][published:]target, host_ip may be [v6]
    const m = /^(?:(\[[^\]]+\]|[^:]+):)??(?:([^:]*):)?([^:]+)$/.exec(value);
    if (!m) return undefined;
    const port: PortModel = { hostIp: m[1]?.replace(/^\[|\]$/g, ""), published: m[2] || undefined, target: m[3], location: locationOf(item) };
    port.hostIpSetting = shortHostIp(project, port);
    return port;
  }
  if (item.kind === "map") {
    const target = asScalar(entryOf(item, "target")?.value);
    const published = asScalar(entryOf(item, "published")?.value);
    const hostIp = asScalar(entryOf(item, "host_ip")?.value);
    if (!target) return undefined;
    const port: PortModel = { target: project.resolve(target).value, published: published ? project.resolve(published).value : undefined, hostIp: hostIp ? project.resolve(hostIp).value : undefined, location: locationOf(item) };
    const focus = entryOf(item, "published") ?? entryOf(item, "target");
    if (focus) port.focus = { path: item.path, span: focus.span };
    const own = item.entries.filter((e) => !e.merged);
    const label = "host_ip";
    if (hostIp) port.hostIpSetting = { value: port.hostIp ?? "", location: locationOf(hostIp), related: [], label, edit: { kind: "text", location: locationOf(hostIp) } };
    else if (own.length > 0 && !item.flow) {
      const text = project.textOf(item.path) ?? "";
      const keyStart = own[0].keySpan.start;
      const indent = keyStart - (text.lastIndexOf("\n", keyStart - 1) + 1);
      port.hostIpSetting = { value: "", related: [], certainty: "defaulted", defaultSource: "every interface", label, edit: { kind: "map-key", key: "host_ip", after: { path: item.path, span: own[own.length - 1].span }, indent } };
    }
    return port;
  }
  return undefined;
}

/**
 * The host address of a short-form port as an editable fact: the address in place (an IPv6
 * literal with its brackets), or where one goes in front (`127.0.0.1::6379` for a bare port).
 * None for text that interpolates or spans lines.
 */
function shortHostIp(project: Project, port: PortModel): Fact<string> | undefined {
  const written = project.sourceAt(port.location);
  const quote = /^["']/.test(written) ? 1 : 0;
  const inner = quote ? written.slice(1, -1) : written;
  if (inner.includes("$") || inner.includes("\n")) return undefined;
  const start = port.location.span.start + quote;
  const path = port.location.path;
  if (port.hostIp !== undefined) {
    const end = start + inner.indexOf(port.hostIp) + port.hostIp.length + (inner.startsWith("[") ? 1 : 0);
    return { value: port.hostIp, location: port.location, related: [], label: "host address", edit: { kind: "text", location: { path, span: { start, end } } } };
  }
  const suffix = port.published === undefined && !inner.includes(":") ? "::" : ":";
  return { value: "", location: port.location, related: [], certainty: "defaulted", defaultSource: "every interface", label: "host address", edit: { kind: "insert", location: { path, span: { start, end: start } }, suffix } };
}

function readVolume(project: Project, name: string, declaredAt: Location, body: YMap | undefined): VolumeModel {
  const driverNode = asScalar(entryOf(body, "driver")?.value);
  const opts = asMap(entryOf(body, "driver_opts")?.value);
  const typeNode = asScalar(entryOf(opts, "type")?.value);
  const oNode = asScalar(entryOf(opts, "o")?.value);
  const deviceNode = asScalar(entryOf(opts, "device")?.value);
  const externalNode = entryOf(body, "external")?.value;
  const external = externalNode !== undefined && !(externalNode.kind === "scalar" && externalNode.value === false);
  const driver = driverNode ? fact(project.resolve(driverNode).value, locationOf(driverNode), project.resolve(driverNode).related) : undefined;
  const type = typeNode ? fact(project.resolve(typeNode).value, locationOf(typeNode), project.resolve(typeNode).related) : undefined;
  const options = oNode ? fact(project.resolve(oNode).value, locationOf(oNode), project.resolve(oNode).related) : undefined;
  // An option that is a variable the files do not set (`${NFS_OPTS}`, not `addr=${NAS_IP}`): options the deploying shell adds (a `hard` after a `soft`) are unknown.
  if (options && oNode && (oNode.templated || ((project.resolve(oNode).unresolved?.length ?? 0) > 0 && oNode.text.split(",").some((part) => part.trim().startsWith("$"))))) options.certainty = "unknown";
  const device = deviceNode ? fact(project.resolve(deviceNode).value, locationOf(deviceNode), project.resolve(deviceNode).related) : undefined;
  const mountOptions = oNode ? splitMountOptions(oNode, project.resolve(oNode).value) : [];
  // A driver or option a template writes: what backs the volume is unknown.
  const templated = [driverNode, typeNode, oNode, deviceNode].some((node) => node?.templated) || body?.templated === true || opts?.templated === true;
  return {
    name,
    backingKind: templated ? "unknown" : backingOf(driver?.value, type?.value, mountOptions, device?.value, external),
    declaredAt,
    driver,
    type,
    options,
    mountOptions,
    device,
    external,
  };
}

function splitMountOptions(node: YScalar, resolved: string): MountOption[] {
  const literal = resolved === node.text && (node.quote === "plain" || node.quote === "double" || node.quote === "single");
  const opening = node.quote === "plain" ? 0 : 1;
  const out: MountOption[] = [];
  let offset = 0;
  for (const part of resolved.split(",")) {
    const trimmed = part.trim();
    if (trimmed) {
      const eq = trimmed.indexOf("=");
      const lead = part.length - part.trimStart().length;
      const start = node.span.start + opening + offset + lead;
      out.push({
        name: (eq >= 0 ? trimmed.slice(0, eq) : trimmed).toLowerCase(),
        value: eq >= 0 ? trimmed.slice(eq + 1) : undefined,
        location: literal ? { path: node.path, span: { start, end: start + trimmed.length } } : undefined,
      });
    }
    offset += part.length + 1;
  }
  return out;
}

function backingOf(driver: string | undefined, type: string | undefined, options: MountOption[], device: string | undefined, external: boolean): BackingKind {
  const t = (type ?? "").toLowerCase();
  const d = (driver ?? "local").toLowerCase();
  if (/^nfs4?$/.test(t)) return "nfs";
  if (/^(cifs|smb\d?|smbfs)$/.test(t)) return "cifs";
  if (/gluster/.test(t) || /gluster/.test(d)) return "glusterfs";
  if (d !== "local") {
    if (/nfs|efs/.test(d)) return "nfs";
    if (/cifs|smb/.test(d)) return "cifs";
    return "unknown";
  }
  if ((t === "none" || t === "") && options.some((o) => o.name === "bind") && device) return "bind";
  if (t === "tmpfs") return "tmpfs";
  if (t && t !== "none") return "unknown";
  return external ? "unknown" : "local";
}

/** Where variables may be set that the files do not show: env_files not in the workspace, template lines. */
function opaqueSourcesOf(acc: ServiceAccumulator): RelatedLocation[] | undefined {
  const sources = [
    ...acc.unseen.map((u) => ({ location: u.location, message: `environment from ${u.name}, which is not in the workspace` })),
    ...(acc.templateEnvSources ?? []),
  ];
  return sources.length > 0 ? sources : undefined;
}

/**
 * A service whose image `build:` makes from a Dockerfile in the workspace runs what that
 * Dockerfile starts from, changed by its ENV, ENTRYPOINT, CMD and USER (Compose's own keys win:
 * https://docs.docker.com/reference/compose-file/services/#entrypoint clears the image's CMD too).
 * `image:` then only names the result. A base the Dockerfile leaves open (`FROM $BASE` without a
 * value) makes the service's image unknown. Without the Dockerfile (remote context, not in the
 * workspace) the service is judged by its `image:` as before.
 */
function applyBuild(project: Project, acc: ServiceAccumulator): void {
  const build = acc.build;
  if (!build) return;
  let file = build.spec.dockerfilePath !== undefined ? project.dockerfiles?.get(build.spec.dockerfilePath) : undefined;
  let at = (span: Span): Location => ({ path: file!.path, span });
  const inline = build.spec.inline;
  if (inline) {
    // `dockerfile_inline:` is interpolated like any value (https://docs.docker.com/reference/compose-file/build/#dockerfile_inline); its facts point at the block.
    const r = project.resolve(inline);
    if (inline.templated || r.unresolved) {
      acc.image = undefined;
      return;
    }
    file = parseDockerfile(inline.path, r.value);
    at = () => locationOf(inline);
  }
  if (!file) return;
  const args = new Map<string, string | undefined>();
  for (const [name, scalar] of build.spec.args) {
    const r = scalar ? project.resolve(scalar) : undefined;
    args.set(name, r && !r.unresolved && !scalar?.templated ? r.value : undefined);
  }
  const image = builtImageOf(file, build.spec.target, args);
  if (!image) return;
  const builtHere: RelatedLocation = { location: build.location, message: inline ? `${acc.name} is built from its dockerfile_inline` : `${acc.name} is built from ${basename(file.path)}` };
  acc.image = image.base.value === undefined ? undefined : fact(image.base.value, at(image.base.span), [builtHere]);
  const composeEntrypoint = acc.entrypoint !== undefined;
  if (!acc.entrypoint && image.entrypoint?.value !== undefined) acc.entrypoint = fact(image.entrypoint.value, at(image.entrypoint.span));
  if (!acc.command && !composeEntrypoint && image.command?.value !== undefined) acc.command = fact(image.command.value, at(image.command.span));
  // `USER $UID`: a user is set, which one the files do not show (not the image's default user).
  if (!acc.user && image.user) acc.user = image.user.value === undefined ? { ...fact("", at(image.user.span)), certainty: "unknown" } : fact(image.user.value, at(image.user.span));
  if (image.env.size > 0) {
    acc.imageEnv = new Map();
    for (const [name, setting] of image.env) {
      acc.imageEnv.set(name, { name, value: setting.value ?? "", passthrough: false, location: at(setting.span), origin: "dockerfile", ...(setting.value === undefined ? { opaque: true } : {}), related: [] });
    }
  }
}

function finishService(acc: ServiceAccumulator, volumes: Map<string, VolumeModel>): ServiceModel {
  const env = new Map<string, EnvSetting>(acc.imageEnv ?? []);
  for (const [k, v] of acc.envFromFiles) env.set(k, v);
  for (const [k, v] of acc.environment) {
    // `- KEY` with no value keeps what the env_file gave (the shell is unknown to a linter).
    if (v.passthrough && env.has(k)) continue;
    env.set(k, v);
  }
  const mounts: MountModel[] = [];
  for (const mount of acc.volumes.values()) {
    if (mount.kind === "volume" && mount.source) {
      const volume = volumes.get(mount.source);
      mount.volume = volume;
      mount.backingKind = volume ? volume.backingKind : "unknown";
    }
    mounts.push(mount);
  }
  // Half a service (its base unseen) is not judged: without an image it plays no role.
  const image = acc.baseUnknown ? undefined : acc.image;
  const parsed = image ? parseImage(image.value) : undefined;
  return {
    name: acc.name,
    nameLocation: acc.nameLocation,
    bodyLocation: acc.bodyLocation,
    image,
    imageName: parsed?.repository,
    imageTag: parsed?.tag,
    replicas: acc.replicas ?? fact<number | "global">(1, undefined),
    update: acc.update,
    // Replicas from `deploy:` are Swarm's to place on any node; `scale:` starts them all on one host.
    spreadAcrossNodes: acc.replicas?.label?.startsWith("deploy.") === true,
    env,
    mounts,
    command: acc.command,
    entrypoint: acc.entrypoint,
    user: acc.user,
    ports: acc.ports,
    opaqueEnvSources: opaqueSourcesOf(acc),
    unseenSources: acc.unseen.length > 0 ? acc.unseen : undefined,
    secretFiles: [...acc.secretFiles.values()],
    tlsFrontend: tlsFrontendOf([...(acc.labels?.values() ?? [])], env),
    ...(acc.volumesFrom ? { volumesFrom: acc.volumesFrom } : {}),
  };
}

/**
 * Where Swarm may run a service's tasks (`deploy.placement.constraints`, all of which must hold:
 * https://docs.docker.com/reference/cli/docker/service/create/#constraint). `node.hostname == X`
 * or `node.id == X` pins every task to that one node; any other constraint (`node.role`,
 * `node.labels.*`, `!=`) leaves a set of nodes the files cannot show, as does one with a value
 * the files do not give. Undefined without constraints.
 */
function swarmPlacementOf(project: Project, acc: ServiceAccumulator): Placement | undefined {
  if (!acc.constraints || acc.constraints.length === 0) return undefined;
  const pinned = new Set<string>();
  let unknown = false;
  for (const constraint of acc.constraints) {
    const resolved = project.resolve(constraint);
    if (constraint.templated || resolved.unresolved) {
      unknown = true;
      continue;
    }
    const match = /^\s*node\.(hostname|id)\s*==\s*(\S+)\s*$/.exec(resolved.value);
    if (match) pinned.add(`${match[1]}=${match[2]}`);
    else unknown = true;
  }
  // Two different nodes required at once match none: Swarm leaves the tasks pending, nothing is known.
  const node = pinned.size === 1 ? [...pinned][0].split("=").slice(1).join("=") : undefined;
  return { workload: acc.name, workloadLocation: acc.nameLocation, ...(node !== undefined ? { node } : {}), besides: [], unknown: node === undefined && (unknown || pinned.size > 1) };
}

/** Labels as a map (`key: value`) or a list (`- key=value`), resolved; templated ones are left out. */
function readLabels(project: Project, node: YNode | undefined, into: Map<string, ServiceLabel>): void {
  const map = asMap(node);
  if (map) {
    for (const entry of map.entries) {
      const value = asScalar(entry.value);
      if (!value || value.templated) continue;
      into.set(entry.key, { key: entry.key, value: project.resolve(value).value, location: locationOf(value) });
    }
    return;
  }
  if (node?.kind !== "seq") return;
  for (const item of node.items) {
    const scalar = asScalar(item);
    if (!scalar || scalar.templated) continue;
    const text = project.resolve(scalar).value;
    const eq = text.indexOf("=");
    const key = (eq < 0 ? text : text.slice(0, eq)).trim();
    if (key !== "") into.set(key, { key, value: eq < 0 ? "" : text.slice(eq + 1), location: locationOf(scalar) });
  }
}

/** ownCloud's entrypoint chowns the data root at every start unless the skip variable is exactly `true`. */
export function chownOnStart(product: Product, service: ServiceModel): Fact<boolean> | undefined {
  const spec = productProfiles[product].startupChown;
  if (!spec) return undefined;
  const setting = service.env.get(spec.skipVariable);
  if (!setting && (service.opaqueEnvSources?.length ?? 0) > 0) return { value: true, related: [], certainty: "unknown", label: spec.skipVariable };
  if (!setting || setting.passthrough) return { value: true, related: [], certainty: "defaulted", defaultSource: "the image default", label: spec.skipVariable };
  if (setting.opaque) return { value: true, location: setting.location, related: [], certainty: "unknown", label: spec.skipVariable };
  return { value: setting.value.trim().toLowerCase() !== "true", location: setting.location, related: setting.related, label: spec.skipVariable };
}

/**
 * Whether a Redis server asks clients for a password: its command (`--requirepass`, an ACL), a
 * rebuilt image's password variable (Bitnami `REDIS_PASSWORD`), or a configuration file whose
 * content the files do not show (unknown).
 */
function redisAuthOf(service: ServiceModel): Fact<boolean> {
  const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  const at = service.command?.location ?? service.entrypoint?.location;
  // An ACL user given on the command line protects the server unless it is declared without a password.
  if (/--requirepass(?:\s+|=)\S/.test(command) || /--aclfile\b/.test(command) || (/--user\s/.test(command) && !/\bnopass\b/.test(command))) return { value: true, location: at, related: [], label: "--requirepass" };
  if (/\.conf\b/.test(command)) return { value: false, location: at, related: [], certainty: "unknown", label: "the configuration file" };
  // `--requirepass ${REDIS_PASSWORD}` with the variable unset here: the shell that deploys gives the password.
  if (/--requirepass\b/.test(command)) return { value: false, location: at, related: [], certainty: "unknown", label: "--requirepass" };
  const repository = service.imageName ?? "";
  const profile = redisImageProfileOf(repository);
  if (profile) return profiledRedisAuth(service, profile);
  // Other rebuilt images take the password from their environment.
  if (repository !== "redis" && repository !== "valkey/valkey") {
    const password = [...service.env.values()].find((e) => /PASSWORD/i.test(e.name) && !/^ALLOW_EMPTY_PASSWORD$/i.test(e.name) && e.value !== "" && !e.opaque);
    if (password) return { value: true, location: password.location, related: [], label: password.name };
    const unseen = [...service.env.values()].find((e) => /PASSWORD/i.test(e.name) && !/^ALLOW_EMPTY_PASSWORD$/i.test(e.name) && e.opaque);
    if (unseen || (service.opaqueEnvSources?.length ?? 0) > 0) return { value: false, location: unseen?.location, related: [], certainty: "unknown", label: unseen?.name ?? "REDIS_PASSWORD" };
  }
  return { value: false, related: [], certainty: "defaulted", defaultSource: "the image default: no password", label: "--requirepass" };
}

/** An image whose entrypoint sets the password from its environment (knowledge/redis-image-profiles.ts). */
function profiledRedisAuth(service: ServiceModel, profile: RedisImageProfile): Fact<boolean> {
  // A mounted configuration file replaces the one the entrypoint writes.
  const mountedConf = service.mounts.find((m) => /\.conf$|\/mounted-etc\/?$/.test(m.target));
  if (mountedConf) return { value: false, location: mountedConf.location, related: [], certainty: "unknown", label: "the configuration file" };
  for (const name of profile.passwordVariables) {
    const setting = service.env.get(name);
    if (!setting) continue;
    if (setting.value !== "") return { value: true, location: setting.location, related: [], label: name };
    // Set from a Secret, the shell or an unresolved `${…}`: a password is most likely there, but the files do not show it.
    return { value: true, location: setting.location, related: [], certainty: "unknown", label: name };
  }
  const switchName = profile.emptyPasswordSwitch;
  const emptyAllowed = switchName ? service.env.get(switchName) : undefined;
  if (emptyAllowed && isSwitchOn(emptyAllowed.value)) {
    return { value: false, location: emptyAllowed.valueLocation ?? emptyAllowed.location, related: [], label: switchName, certainty: emptyAllowed.opaque ? "unknown" : undefined };
  }
  if ((service.opaqueEnvSources?.length ?? 0) > 0 || emptyAllowed?.opaque || emptyAllowed?.passthrough) return { value: true, related: [], certainty: "unknown", label: switchName ?? profile.passwordVariables[0] };
  // No password and no switch: the entrypoint refuses to start, so no Redis answers without one.
  return { value: true, related: [], certainty: "defaulted", defaultSource: `the image refuses to start without ${profile.passwordVariables[0]} unless ${switchName} is set`, label: profile.passwordVariables[0] };
}

/**
 * The password a Redis server requires, as the files give it: the `--requirepass` value of its
 * command, or a rebuilt image's password variable (knowledge/redis-image-profiles.ts). A value
 * read from the container's environment (`$REDIS_PASSWORD` in a shell command, Kubernetes
 * `$(VAR)`) is looked up in the service's own settings; a secret file is unknown.
 */
function redisPasswordOf(service: ServiceModel): Fact<string> | undefined {
  const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  const at = service.command?.location ?? service.entrypoint?.location;
  const flag = /--requirepass(?:=|\s+)("[^"]*"|'[^']*'|[^\s;&|]+)?/.exec(command);
  if (flag) {
    // A shell command's closing quote may follow the value (`sh -c 'redis-server --requirepass $$PASS'`).
    const raw = (flag[1] ?? "").replace(/^(["'])(.*)\1$/, "$2").replace(/^["']|["']$/g, "");
    if (raw === "" || raw.startsWith("--")) return { value: "", location: at, related: [], certainty: "unknown", label: "--requirepass" };
    const reference = /^\$(?:\{(\w+)\}|\((\w+)\)|(\w+))$/.exec(raw);
    if (reference) {
      const setting = service.env.get(reference[1] ?? reference[2] ?? reference[3]);
      if (!setting || setting.opaque || setting.passthrough || setting.value === "") return { value: "", location: at, related: [], certainty: "unknown", label: "--requirepass" };
      return { value: setting.value, location: setting.location, related: [], label: setting.name };
    }
    if (raw.includes("$")) return { value: "", location: at, related: [], certainty: "unknown", label: "--requirepass" };
    return { value: raw, location: at, related: [], label: "--requirepass" };
  }
  const profile = redisImageProfileOf(service.imageName);
  if (!profile) return undefined;
  for (const name of profile.passwordVariables) {
    const setting = service.env.get(name);
    if (!setting || setting.passthrough) continue;
    // A `_FILE` form or an ACL file holds the password in a file the files do not show.
    if (setting.opaque || /_FILE$|ACLFILE$/.test(name)) return { value: "", location: setting.location, related: [], certainty: "unknown", label: name };
    if (setting.value !== "") return { value: setting.value, location: setting.location, related: setting.related, label: name };
  }
  return undefined;
}

function isCronService(service: ServiceModel): boolean {
  const text = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  return /\/cron\.sh\b|\/usr\/bin\/cronjob\b|\bcron\.php\b/.test(text);
}

/** Shared by the compose and k8s adapters: roles, databases, Redis, cluster context. */
export function assembleModel(
  format: ClusterModel["format"],
  services: ServiceModel[],
  volumes: Map<string, VolumeModel>,
  syncAgents: ServiceModel[],
  assumeCluster: boolean,
): ClusterModel {
  const apps: AppRole[] = [];
  const databases: DatabaseModel[] = [];
  const redis: ClusterModel["redis"] = [];
  for (const service of services) {
    const image = service.image?.value;
    if (!image) continue;
    const product = productOfImage(image);
    if (product) {
      const app: AppRole = Object.assign(service, { product, role: isCronService(service) ? ("cron" as const) : ("web" as const), chownOnStart: chownOnStart(product, service) });
      app.sqlite = sqliteOfEnv(app);
      apps.push(app);
      continue;
    }
    const engine = databaseEngineOfImage(image);
    if (engine) {
      const dirs = databaseDataDirsOf(image, engine);
      databases.push({
        service,
        engine,
        dataMounts: service.mounts.filter((m) => dirs.some((d) => m.target.replace(/\/+$/, "") === d)),
        origin: "service",
        isolation: engine === "postgres" ? undefined : isolationOf(service, { texts: service.command ? [{ text: service.command.value, location: service.command.location }] : [], anchor: service.command?.location ?? service.nameLocation, label: "command" }),
        binlog: engine === "postgres" ? undefined : binlogOf(service, engine, { texts: service.command ? [{ text: service.command.value, location: service.command.location }] : [], anchor: service.command?.location ?? service.nameLocation, label: "command" }),
        takesServerFlags: takesServerFlags(service.imageName),
      });
      continue;
    }
    if (isRedisImage(image)) {
      const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
      redis.push({ service, origin: "service", auth: redisAuthOf(service), port: /--port(?:\s+|=)(\d+)/.exec(command)?.[1] ?? "6379", password: redisPasswordOf(service) });
    }
  }

  const reasons: RelatedLocation[] = [];
  const reasonsByService = new Map<string, RelatedLocation[]>();
  for (const app of apps) {
    if (app.role === "cron" || !isScaled(app)) continue;
    const how = app.replicas.value === "global" ? "runs on every node (global mode)" : `runs ${app.replicas.value} replicas`;
    const own: RelatedLocation[] = [];
    if (app.replicas.location) own.push({ location: app.replicas.location, message: `${app.name} ${how}` });
    own.push(...app.replicas.related);
    reasons.push(...own);
    reasonsByService.set(app.name, own);
  }
  if (reasons.length === 0) {
    // Two web services of one product sharing storage serve one instance from two containers.
    const firstUser = new Map<string, AppRole>();
    const paired = new Set<AppRole>();
    for (const b of apps) {
      if (b.role !== "web") continue;
      for (const mount of b.mounts) {
        if (!mount.source || mount.backingKind === "tmpfs") continue;
        const key = `${b.product}|${mount.source}`;
        const a = firstUser.get(key);
        if (!a) {
          firstUser.set(key, b);
          continue;
        }
        if (a === b || paired.has(b)) continue;
        paired.add(b);
        reasons.push({ location: a.nameLocation, message: `${a.name} and ${b.name} serve one instance from shared storage` });
        reasons.push({ location: b.nameLocation, message: `${b.name} shares ${mount.source} with ${a.name}` });
        break;
      }
    }
  }
  const inCluster = assumeCluster || reasons.length > 0;
  const appDatabases = appDatabasesOf(services);
  return { format, vocabulary: { instance: format === "k8s" ? "pod" : "replica" }, standalone: false, services, apps, databases, appDatabases, redis, syncAgents, volumes, cluster: { inCluster, reasons, reasonsByService } };
}
