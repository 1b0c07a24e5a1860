import { asMap, asScalar, entryOf, get, type YamlFile, type YNode, type YScalar } from "../documents/yaml-tree";
import { productProfiles } from "../knowledge/product-profiles";
import type { Project } from "../project/project";
import type { Location, Span } from "../text/span";
import { basename, dirname, joinPath, type Workspace } from "../workspace";

/** A file name in a file that opens that file: `env_file: app.env`, `include: [db.yaml]`. */
export interface DocumentLinkFact {
  location: Location;
  /** The file it opens: always one inside the workspace that exists. */
  target: string;
  tooltip: string;
}

/** A name that refers to a definition elsewhere: a service name to its key, `${VAR}` to its `.env` line. */
export interface DefinitionFact {
  location: Location;
  target: Location;
}

/** What document links and go-to-definition offer in a project's files: kept with each lint, read by the editor. */
export interface NavigationFacts {
  links: DocumentLinkFact[];
  definitions: DefinitionFact[];
}

const MAX_FACTS = 5_000;

// The variables that name a server the apps connect to, from what each product's image reads.
const HOST_VARIABLES = new Set(Object.values(productProfiles).flatMap((p) => [...p.databaseHostVariables, p.redis.hostVariable]));

/**
 * Whether a path is a file the editor may open: inside the workspace (never resolved outside it)
 * and there. A missing or refused file gets no link; project/unseen-input reports it.
 */
export function existingFileIn(ws: Workspace): (path: string) => boolean {
  return (path) => ws.refusal?.(path) === undefined && ws.listDir(dirname(path))?.includes(basename(path)) === true && ws.listDir(path) === undefined;
}

export function navigationFactsOf(project: Project, exists: (path: string) => boolean): NavigationFacts {
  const links: DocumentLinkFact[] = [];
  const definitions: DefinitionFact[] = [];
  if (project.kind === "k8s") return { links, definitions: k8sDefinitionsOf(project.yamlFiles) };
  if (project.kind !== "compose") return { links, definitions };
  const read = new Set(project.files);
  const entryDir = dirname(project.entry);
  const extendsFiles = project.extendsFiles ?? new Map<string, YamlFile>();
  const files = [...project.composeFiles, ...[...extendsFiles.values()].filter((f) => !project.composeFiles.includes(f))];
  // Relative paths as load-project resolves them: an included file against its project directory.
  const dirOf = (file: YamlFile): string => project.composeDirs?.get(file.path) ?? (extendsFiles.has(file.path) && !project.composeFiles.includes(file) ? dirname(file.path) : entryDir);
  const link = (scalar: YScalar | undefined, dir: string, known: (path: string) => boolean): void => {
    const name = plainName(scalar);
    if (!scalar || name === undefined || links.length >= MAX_FACTS) return;
    const target = joinPath(dir, name);
    if (known(target)) links.push({ location: { path: scalar.path, span: innerSpan(scalar) }, target, tooltip: `Open ${basename(target)}` });
  };
  const wasRead = (path: string): boolean => read.has(path);

  // The first file in merge order that defines a service: where its definition starts.
  const serviceKeys = new Map<string, Location>();
  for (const file of project.composeFiles) {
    for (const entry of asMap(get(file.roots[0], "services"))?.entries ?? []) {
      if (!entry.merged && !entry.templated && !serviceKeys.has(entry.key)) serviceKeys.set(entry.key, { path: file.path, span: entry.keySpan });
    }
  }
  const keyIn = (file: YamlFile | undefined, service: string): Location | undefined => {
    const entry = entryOf(get(file?.roots[0], "services"), service);
    return entry && !entry.merged && file ? { path: file.path, span: entry.keySpan } : undefined;
  };
  const define = (location: Location, target: Location | undefined): void => {
    if (target && definitions.length < MAX_FACTS) definitions.push({ location, target });
  };
  const toService = (scalar: YScalar | undefined, name: (text: string) => string | undefined): void => {
    const text = plainName(scalar);
    const service = text === undefined ? undefined : name(text);
    if (!scalar || service === undefined) return;
    const inner = innerSpan(scalar);
    const at = project.sourceAt({ path: scalar.path, span: inner }).indexOf(service);
    if (at < 0) return;
    define({ path: scalar.path, span: { start: inner.start + at, end: inner.start + at + service.length } }, serviceKeys.get(service));
  };

  // `COMPOSE_FILE=compose.yaml:compose.prod.yaml` in a `.env`: each file of the set, as read.
  for (const env of project.envFiles.values()) {
    const entry = env.entries.find((e) => e.key === "COMPOSE_FILE");
    if (!entry || entry.quote === "single" || entry.rawValue.includes("$")) continue;
    const separator = env.entries.find((e) => e.key === "COMPOSE_PATH_SEPARATOR")?.rawValue || ":";
    let offset = entry.valueSpan.start;
    for (const part of entry.rawValue.split(separator)) {
      const name = part.trim();
      const target = joinPath(dirname(env.path), name);
      const start = offset + part.indexOf(name);
      if (name !== "" && wasRead(target) && links.length < MAX_FACTS) links.push({ location: { path: env.path, span: { start, end: start + name.length } }, target, tooltip: `Open ${basename(target)}` });
      offset += part.length + separator.length;
    }
  }

  for (const file of files) {
    const root = file.roots[0];
    const dir = dirOf(file);
    for (const item of itemsOf(get(root, "include"))) {
      const isLong = item.kind === "map";
      for (const path of itemsOf(isLong ? get(item, "path") : item)) link(asScalar(path), dir, wasRead);
      if (!isLong) continue;
      for (const env of itemsOf(get(item, "env_file"))) link(asScalar(env), dir, wasRead);
      // A project directory is a folder: nothing to open. Only a file there would be a link.
      link(asScalar(get(item, "project_directory")), dir, exists);
    }
    for (const section of ["configs", "secrets"]) {
      for (const entry of asMap(get(root, section))?.entries ?? []) link(asScalar(get(entry.value, "file")), dir, exists);
    }
    for (const service of asMap(get(root, "services"))?.entries ?? []) {
      if (service.merged) continue;
      const body = service.value;
      for (const env of itemsOf(get(body, "env_file"))) link(asScalar(env.kind === "map" ? get(env, "path") : env), dir, wasRead);
      const extendsNode = get(body, "extends");
      const extendsFile = asScalar(get(extendsNode, "file"));
      link(extendsFile, dirname(file.path), wasRead);
      const fileName = plainName(extendsFile);
      const extendsTarget = fileName !== undefined ? extendsFiles.get(joinPath(dirname(file.path), fileName)) ?? project.composeFiles.find((f) => f.path === joinPath(dirname(file.path), fileName)) : file;
      const extendsService = asScalar(extendsNode?.kind === "scalar" ? extendsNode : get(extendsNode, "service"));
      const extendsName = plainName(extendsService);
      if (extendsService && extendsName !== undefined && extendsTarget) define({ path: extendsService.path, span: innerSpan(extendsService) }, keyIn(extendsTarget, extendsName));

      const dependsOn = get(body, "depends_on");
      if (dependsOn?.kind === "map") for (const entry of dependsOn.entries) if (!entry.merged && !entry.templated) define({ path: dependsOn.path, span: entry.keySpan }, serviceKeys.get(entry.key));
      for (const item of dependsOn?.kind === "seq" ? dependsOn.items : []) toService(asScalar(item), (t) => t);
      // `service_name`, `service:name`, `name:ro`; `container:…` names a container, not a service.
      for (const item of itemsOf(get(body, "volumes_from"))) toService(asScalar(item), (t) => (t.startsWith("container:") ? undefined : t.replace(/^service:/, "").replace(/:(ro|rw)$/, "")));
      // `service` or `service:alias`.
      for (const item of itemsOf(get(body, "links"))) toService(asScalar(item), (t) => t.split(":")[0]);

      const environment = get(body, "environment");
      if (environment?.kind === "map") {
        for (const entry of environment.entries) if (!entry.merged && HOST_VARIABLES.has(entry.key)) toService(asScalar(entry.value), hostPart);
      }
      for (const item of environment?.kind === "seq" ? environment.items : []) {
        const scalar = asScalar(item);
        const eq = scalar?.text.indexOf("=") ?? -1;
        if (!scalar || eq < 0 || !HOST_VARIABLES.has(scalar.text.slice(0, eq))) continue;
        const host = hostPart(scalar.text.slice(eq + 1));
        if (host === undefined || /[${}]/.test(scalar.text)) continue;
        const inner = innerSpan(scalar);
        const source = project.sourceAt({ path: scalar.path, span: inner });
        const at = source.indexOf(host, source.indexOf("=") + 1);
        if (at > 0) define({ path: scalar.path, span: { start: inner.start + at, end: inner.start + at + host.length } }, serviceKeys.get(host));
      }
    }
  }
  // `REDIS_HOST=redis` in an `env_file:` of the project (not `.env`: that fills `${…}`, no container reads it).
  for (const [path, env] of project.envFiles) {
    if (env === project.dotenv) continue;
    for (const entry of env.entries) {
      if (entry.inherited || entry.templated || !HOST_VARIABLES.has(entry.key)) continue;
      const host = hostPart(entry.rawValue);
      if (host === undefined || /[${}]/.test(entry.rawValue)) continue;
      const at = entry.rawValue.indexOf(host);
      define({ path, span: { start: entry.valueSpan.start + at, end: entry.valueSpan.start + at + host.length } }, serviceKeys.get(host));
    }
  }
  // `${VAR}` to the `.env` line that sets it; a stack reads no `.env`, so there it has no definition.
  for (const site of project.interpolations) {
    if (definitions.length >= MAX_FACTS) break;
    if (!site.definition || project.stackFiles?.has(site.location.path)) continue;
    define(nameSpanOf(project, site.location, site.reference.name), site.definition.location);
  }
  return { links, definitions };
}

/** Where a pod spec names another object: the key, the object's kind and the field that holds its name. */
const K8S_REFERENCES: Record<string, { kind: string; field: string }> = {
  configMapKeyRef: { kind: "ConfigMap", field: "name" },
  configMapRef: { kind: "ConfigMap", field: "name" },
  configMap: { kind: "ConfigMap", field: "name" },
  secretKeyRef: { kind: "Secret", field: "name" },
  secretRef: { kind: "Secret", field: "name" },
  secret: { kind: "Secret", field: "secretName" },
  persistentVolumeClaim: { kind: "PersistentVolumeClaim", field: "claimName" },
};

/**
 * `configMapKeyRef`/`secretKeyRef`/`envFrom` names, ConfigMap and Secret volumes and a claim name
 * to the `metadata.name` of that object among the project's manifests, in the same namespace
 * when both say which (https://kubernetes.io/docs/concepts/configuration/configmap/#configmaps-and-pods).
 */
function k8sDefinitionsOf(files: YamlFile[]): DefinitionFact[] {
  const objects: { kind: string; name: string; namespace?: string; location: Location }[] = [];
  for (const file of files) {
    for (const root of file.roots) {
      const kind = plainName(asScalar(get(root, "kind")));
      const name = asScalar(get(root, "metadata", "name"));
      const nameText = plainName(name);
      if (!kind || !name || nameText === undefined || !Object.values(K8S_REFERENCES).some((r) => r.kind === kind)) continue;
      objects.push({ kind, name: nameText, namespace: plainName(asScalar(get(root, "metadata", "namespace"))), location: { path: name.path, span: innerSpan(name) } });
    }
  }
  const definitions: DefinitionFact[] = [];
  if (objects.length === 0) return definitions;
  const seen = new Set<YNode>();
  for (const file of files) {
    for (const root of file.roots) {
      const namespace = plainName(asScalar(get(root, "metadata", "namespace")));
      const walk = (node: YNode | undefined, depth: number): void => {
        // Aliases share nodes: each is walked once, so an alias bomb costs no more than its nodes.
        if (!node || seen.has(node) || depth > 40 || definitions.length >= MAX_FACTS) return;
        seen.add(node);
        if (node.kind === "seq") for (const item of node.items) walk(item, depth + 1);
        if (node.kind !== "map") return;
        for (const entry of node.entries) {
          const reference = K8S_REFERENCES[entry.key];
          const name = reference ? asScalar(get(entry.value, reference.field)) : undefined;
          const nameText = plainName(name);
          if (reference && name && nameText !== undefined) {
            const target = objects.find((o) => o.kind === reference.kind && o.name === nameText && (o.namespace === undefined || namespace === undefined || o.namespace === namespace));
            if (target) definitions.push({ location: { path: name.path, span: innerSpan(name) }, target: target.location });
          }
          walk(entry.value, depth + 1);
        }
      };
      if (plainName(asScalar(get(root, "kind"))) !== "ConfigMap" && plainName(asScalar(get(root, "kind"))) !== "Secret") walk(get(root, "spec"), 0);
    }
  }
  return definitions;
}

/** A Chart.yaml's local dependencies (`repository: file://../redis`) to the Chart.yaml of that chart. */
export function chartDependencyLinks(chart: YamlFile, exists: (path: string) => boolean): DocumentLinkFact[] {
  const links: DocumentLinkFact[] = [];
  for (const dependency of itemsOf(get(chart.roots[0], "dependencies"))) {
    const repository = asScalar(get(dependency, "repository"));
    const text = plainName(repository);
    if (!repository || text === undefined || !text.startsWith("file://")) continue;
    const target = joinPath(joinPath(dirname(chart.path), text.slice("file://".length)), "Chart.yaml");
    if (exists(target)) links.push({ location: { path: chart.path, span: innerSpan(repository) }, target, tooltip: `Open the chart ${basename(dirname(target))}` });
  }
  return links;
}

/** `db`, `db:3306` → `db`; undefined for an address that names no service (empty, an IPv6 literal). */
function hostPart(value: string): string | undefined {
  const host = value.trim().replace(/:\d+$/, "");
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(host) ? host : undefined;
}

function itemsOf(node: YNode | undefined): YNode[] {
  return node?.kind === "seq" ? node.items : node ? [node] : [];
}

/** The scalar's text as a name, or undefined when it is empty or a template or `${…}` decides it. */
function plainName(scalar: YScalar | undefined): string | undefined {
  if (!scalar || scalar.templated || scalar.quote === "block" || /[${}]/.test(scalar.text)) return undefined;
  const text = scalar.text.trim();
  return text === "" ? undefined : text;
}

/** The span of the text inside the quotes. */
function innerSpan(scalar: YScalar): Span {
  const quoted = scalar.quote === "single" || scalar.quote === "double";
  return quoted && scalar.span.end - scalar.span.start >= 2 ? { start: scalar.span.start + 1, end: scalar.span.end - 1 } : scalar.span;
}

/** `${APP_REPLICAS:-1}` → the `APP_REPLICAS` part, where the cursor asks for its definition. */
function nameSpanOf(project: Project, location: Location, name: string): Location {
  const at = project.sourceAt(location).indexOf(name);
  return at < 0 ? location : { path: location.path, span: { start: location.span.start + at, end: location.span.start + at + name.length } };
}
