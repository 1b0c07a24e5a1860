import { asMap, asScalar, asSeq, entryLocationOf, entryOf, get, keyLocationOf, textOf, type YMap, type YNode } from "../documents/yaml-tree";
import { podSpecOf } from "../project/k8s-elsewhere";
import { addChartReleases } from "./chart-releases";
import type { Project } from "../project/project";
import type { ClusterModel, Fact, MountModel, ServiceModel, UpdatePolicy } from "./cluster-model";
import { assembleModel } from "./compose-adapter";
import { isSyncAgentImage, parseImage } from "./images";
import { K8sEnvSources } from "./k8s-env";
import { nodeLocation } from "./k8s-node-location";
import { K8sStorage, type PodVolume } from "./k8s-storage";
import { K8sServices } from "./k8s-services";
import { labelsOf, placementOf, type PodTemplate } from "./k8s-placement";
import { k8sOptionSources } from "./k8s-option-files";
import { binlogOf, isolationOf, type OptionSources } from "./server-options";
import { replicaOverrideOf, type ReplicaOverride } from "../project/kustomize";
import { applyHostBacking } from "./host-mounts";
import { k8sConfigPhp } from "./k8s-config-php";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "CronJob", "Job", "Pod"]);

/**
 * Kubernetes manifests of one folder: workloads become services (one per container), their
 * volumes resolve through claims, PersistentVolumes and StorageClasses, their environment
 * through ConfigMaps and Secrets, and a HorizontalPodAutoscaler raises a workload's replicas.
 */
export function buildK8sModel(project: Project): ClusterModel {
  const docs: YMap[] = [];
  for (const file of project.yamlFiles) for (const root of file.roots) if (root.kind === "map") docs.push(root);
  // Objects of other folders fill only what the folder's own manifests leave out.
  const elsewhere = project.k8sElsewhere?.docs ?? [];
  const ambiguous = project.k8sElsewhere?.ambiguous ?? new Set<string>();
  const storage = new K8sStorage(docs, elsewhere, ambiguous);
  const envSources = new K8sEnvSources(docs, elsewhere, ambiguous);
  const k8sServices = new K8sServices(docs);
  const autoscalers = autoscalersOf([...elsewhere, ...docs]);
  const services: ServiceModel[] = [];
  const optionSources = new Map<ServiceModel, OptionSources>();
  const templates: (PodTemplate & { doc: YMap; kind: string; name: string })[] = [];
  const containers = new Map<ServiceModel, { container: YMap; podVolumes: Map<string, PodVolume> }>();
  // Workloads of other folders on the folder's claims (a CronJob beside the Deployment) run with them.
  const beside = new Set(project.k8sElsewhere?.workloads ?? []);
  for (const doc of [...docs, ...beside]) {
    const kind = textOf(get(doc, "kind"));
    if (!kind || !WORKLOADS.has(kind)) continue;
    const workload = textOf(get(doc, "metadata", "name")) ?? kind.toLowerCase();
    const podSpec = asMap(podSpecOf(doc, kind));
    if (!podSpec) continue;
    const nameNode = get(doc, "metadata", "name");
    const labels = labelsOf(asMap(kind === "Pod" ? get(doc, "metadata", "labels") : get(podSpecParent(doc, kind), "metadata", "labels")));
    templates.push({ doc, kind, name: workload, workload: `${kind}/${workload}`, workloadLocation: nameNode ? nodeLocation(nameNode) : { path: doc.path, span: entryOf(doc, "kind")!.keySpan }, labels, podSpec });
  }
  for (const template of templates) {
    const { doc, kind, name: workload, podSpec } = template;
    const placement = placementOf(template, templates);
    const layered = project.kustomize && !beside.has(doc) ? replicaOverrideOf(project.kustomize.replicas, kind, workload) : undefined;
    const replicas = kind === "CronJob" || kind === "Job" || kind === "Pod" ? { value: 1, related: [] } : replicasOf(doc, kind, autoscalers.get(`${kind}/${workload}`), layered);
    const podVolumes = new Map<string, PodVolume>();
    for (const v of asSeq(entryOf(podSpec, "volumes")?.value)?.items ?? []) {
      const resolved = storage.podVolume(workload, v);
      if (resolved) podVolumes.set(resolved.name, resolved.pod);
    }
    if (kind === "StatefulSet") {
      for (const t of asSeq(get(doc, "spec", "volumeClaimTemplates"))?.items ?? []) {
        const resolved = storage.template(workload, t);
        if (resolved && !podVolumes.has(resolved.name)) podVolumes.set(resolved.name, resolved.pod);
      }
    }
    for (const container of asSeq(entryOf(podSpec, "containers")?.value)?.items ?? []) {
      const c = asMap(container);
      if (!c) continue;
      const service = containerService(doc, kind, workload, c, replicas, podVolumes, envSources);
      const runAs = runAsUserOf(c, podSpec);
      if (runAs) service.user = runAs;
      containers.set(service, { container: c, podVolumes });
      optionSources.set(service, k8sOptionSources(c, podVolumes, envSources, service.nameLocation, project.textOf));
      service.update = updatePolicyOf(doc, kind);
      service.placement = placement;
      // Other pods reach it by the names of the Services that select it (`REDIS_HOST: redis`).
      const podLabels = asMap(kind === "Pod" ? get(doc, "metadata", "labels") : get(podSpecParent(doc, kind), "metadata", "labels"));
      const hostnames = k8sServices.hostnames(podLabels);
      if (hostnames.length > 0) service.hostnames = hostnames;
      service.ports.push(...k8sServices.publishedPorts(c, podLabels));
      services.push(service);
    }
  }

  // Like Compose: what a sync agent replicates is "syncthing"-backed wherever else it is mounted.
  const syncAgents = services.filter((s) => s.image && isSyncAgentImage(s.image.value));
  const syncedSources = new Set<string>();
  for (const agent of syncAgents) for (const m of agent.mounts) if (m.source) syncedSources.add(m.source);
  for (const service of services) {
    if (syncAgents.includes(service)) continue;
    for (const mount of service.mounts) if (mount.source && syncedSources.has(mount.source)) mount.backingKind = "syncthing";
  }
  // The scheduler places the pods of a scaled workload on different nodes; an assumed cluster spreads them too.
  for (const service of services) service.spreadAcrossNodes = project.options.assumeCluster === true || service.replicas.value === "global" || service.replicas.value > 1;
  applyHostBacking(services, project.options.mounts);
  const model = assembleModel("k8s", services, storage.volumes, syncAgents, project.options.assumeCluster === true);
  model.vocabulary.hostDirectory = "hostPath";
  // A MariaDB/MySQL server's options: its command and args, and the option files mounted from ConfigMaps of the folder.
  for (const database of model.databases) {
    const sources = optionSources.get(database.service);
    if (database.isolation && sources) database.isolation = isolationOf(database.service, sources);
    if (database.binlog && sources && database.engine !== "postgres") database.binlog = binlogOf(database.service, database.engine, sources);
  }
  // A Redis container beside the app's in one pod: every pod has its own (`workload/container` names).
  const podRedis = new Map<string, ServiceModel>();
  for (const r of model.redis) podRedis.set(workloadOf(r.service), podRedis.get(workloadOf(r.service)) ?? r.service);
  for (const app of model.apps) {
    const redis = podRedis.get(workloadOf(app));
    if (redis) app.redisSidecar = { location: redis.nameLocation, message: `${redis.name} runs in every ${workloadOf(app)} pod` };
  }
  // Database and Redis releases of Bitnami charts that the apps name by host.
  addChartReleases(model, project);
  // Config files mounted from ConfigMaps into the app's config directory (ownCloud's moves with OWNCLOUD_VOLUME_CONFIG).
  for (const app of model.apps) {
    const source = containers.get(app);
    const own = app.env.get("OWNCLOUD_VOLUME_CONFIG");
    const directory = app.product === "owncloud" && own && !own.opaque && !own.passthrough && own.value.trim().startsWith("/") ? own.value.trim().replace(/\/+$/, "") : undefined;
    const configPhp = source && k8sConfigPhp(app.product, source.container, source.podVolumes, envSources, project.textOf, directory);
    if (configPhp) app.configPhp = configPhp;
  }
  return model;
}

/**
 * The user a container runs as, like Compose's `user:`: `runAsUser` (and `runAsGroup`) of the
 * container's securityContext, else of the pod's (the container's wins:
 * https://kubernetes.io/docs/tasks/configure-pod-container/security-context/).
 */
function runAsUserOf(c: YMap, podSpec: YMap): Fact<string> | undefined {
  const own = asMap(entryOf(c, "securityContext")?.value);
  const pod = asMap(entryOf(podSpec, "securityContext")?.value);
  const user = asScalar(entryOf(own, "runAsUser")?.value) ?? asScalar(entryOf(pod, "runAsUser")?.value);
  if (!user) return undefined;
  const group = asScalar(entryOf(own, "runAsGroup")?.value) ?? asScalar(entryOf(pod, "runAsGroup")?.value);
  return {
    value: group ? `${user.text}:${group.text}` : user.text,
    location: nodeLocation(user),
    related: [],
    label: "runAsUser",
    ...(user.templated ? { certainty: "unknown" as const } : {}),
  };
}

function workloadOf(service: ServiceModel): string {
  return service.name.slice(0, service.name.lastIndexOf("/"));
}

function containerService(doc: YMap, kind: string, workload: string, c: YMap, replicas: Fact<number | "global">, podVolumes: Map<string, PodVolume>, envSources: K8sEnvSources): ServiceModel {
  const imageNode = asScalar(entryOf(c, "image")?.value);
  const nameEntry = entryOf(c, "name");
  const parsed = imageNode ? parseImage(imageNode.text) : undefined;
  const mounts: MountModel[] = [];
  for (const m of asSeq(entryOf(c, "volumeMounts")?.value)?.items ?? []) {
    const target = textOf(get(m, "mountPath"));
    const volumeName = textOf(get(m, "name"));
    if (!target || !volumeName) continue;
    const subPath = textOf(get(m, "subPath")) ?? textOf(get(m, "subPathExpr"));
    const v = podVolumes.get(volumeName);
    mounts.push({
      target,
      source: v?.source ? (subPath ? `${v.source}/${subPath}` : v.source) : volumeName,
      kind: v?.kind ?? "volume",
      volume: v?.volume,
      backingKind: v?.backing ?? "unknown",
      readOnly: asScalar(get(m, "readOnly"))?.value === true,
      location: nodeLocation(m),
      sourceReference: v?.reference,
    });
  }
  const command = [textsOf(get(c, "command")), textsOf(get(c, "args"))].filter(Boolean).join(" ");
  const commandNode = get(c, "command") ?? get(c, "args");
  const { env, opaqueSources, unseen } = envSources.containerEnv(c);
  const service: ServiceModel = {
    name: `${workload}/${textOf(nameEntry?.value) ?? "container"}`,
    nameLocation: { path: c.path, span: nameEntry?.value?.span ?? c.span },
    bodyLocation: { path: c.path, span: c.span },
    image: imageNode ? { value: imageNode.text, location: { path: imageNode.path, span: imageNode.span }, related: [] } : undefined,
    imageName: parsed?.repository,
    imageTag: parsed?.tag,
    replicas,
    env,
    mounts,
    command: command && commandNode ? { value: kind === "CronJob" && !/cron/.test(command) ? `${command} (CronJob)` : command, location: { path: commandNode.path, span: commandNode.span }, related: [] } : undefined,
    ports: [],
    opaqueEnvSources: opaqueSources.length > 0 ? opaqueSources : undefined,
    unseenSources: unseen.length > 0 ? unseen : undefined,
  };
  if (get(c, "command")) service.replacesEntrypoint = true;
  if (kind === "CronJob" && !command) {
    // A CronJob running the app image is a cron runner even with the image's default command.
    service.command = { value: "cron.php (CronJob)", location: { path: doc.path, span: entryOf(doc, "kind")!.keySpan }, related: [] };
  }
  return service;
}

/** The pod template (its `metadata` holds the pod labels) of a workload other than a Pod. */
function podSpecParent(doc: YMap, kind: string): YNode | undefined {
  return kind === "CronJob" ? get(doc, "spec", "jobTemplate", "spec", "template") : get(doc, "spec", "template");
}

function textsOf(node: YNode | undefined): string {
  if (!node) return "";
  if (node.kind === "scalar") return node.text;
  if (node.kind === "seq") return node.items.map((i) => textOf(i) ?? "").join(" ");
  return "";
}

/** HorizontalPodAutoscalers by their target (`Deployment/nc`): the most pods they may run. */
function autoscalersOf(docs: YMap[]): Map<string, Fact<number>> {
  const out = new Map<string, Fact<number>>();
  for (const doc of docs) {
    if (textOf(get(doc, "kind")) !== "HorizontalPodAutoscaler") continue;
    const spec = asMap(get(doc, "spec"));
    const targetKind = textOf(get(spec, "scaleTargetRef", "kind"));
    const targetName = textOf(get(spec, "scaleTargetRef", "name"));
    const max = entryOf(spec, "maxReplicas");
    const n = Number(textOf(max?.value));
    if (!targetKind || !targetName || !max) continue;
    // A templated or missing count (`{{ .Values.hpa.max }}`): the autoscaler may run any number of pods.
    const known = Number.isInteger(n) && !asScalar(max.value)?.templated;
    out.set(`${targetKind}/${targetName}`, { value: known ? n : 1, location: keyLocationOf(doc.path, max), related: [], label: "maxReplicas", ...(known ? {} : { certainty: "unknown" as const }) });
  }
  return out;
}

/**
 * A Deployment rolls its pods unless `strategy.type` is Recreate (RollingUpdate is Kubernetes'
 * default); StatefulSets and DaemonSets replace one pod at a time.
 */
function updatePolicyOf(doc: YMap, kind: string): UpdatePolicy | undefined {
  if (kind === "StatefulSet" || kind === "DaemonSet") return { mode: "serial", setting: { value: "RollingUpdate", related: [], certainty: "defaulted", label: "updateStrategy" }, companions: [] };
  if (kind !== "Deployment") return undefined;
  const strategy = asMap(get(doc, "spec", "strategy"));
  const type = asScalar(entryOf(strategy, "type")?.value);
  const rolling = entryOf(strategy, "rollingUpdate");
  const setting: Fact<string> = type
    ? { value: type.text, location: { path: type.path, span: type.span }, related: [], label: "strategy.type", edit: type.quote === "plain" ? { kind: "text", location: { path: type.path, span: type.span } } : undefined }
    : { value: "RollingUpdate", related: [], certainty: "defaulted", defaultSource: "the Deployment sets no strategy", label: "strategy.type" };
  return {
    mode: setting.value === "Recreate" ? "recreate" : "rolling",
    setting,
    companions: rolling ? [entryLocationOf(strategy!.path, rolling)] : [],
  };
}

/**
 * `spec.replicas` (default 1), DaemonSet = every node, then a kustomize layer's count over it
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replicas/), raised to an
 * autoscaler's maximum. A layer's patch the linter cannot read leaves the count unknown.
 */
function replicasOf(doc: YMap, kind: string, autoscaler: Fact<number> | undefined, layered?: ReplicaOverride): Fact<number | "global"> {
  if (kind === "DaemonSet") return { value: "global", location: { path: doc.path, span: entryOf(doc, "kind")!.keySpan }, related: [] };
  const entry = entryOf(asMap(get(doc, "spec")), "replicas");
  const n = Number(textOf(entry?.value));
  const value = asScalar(entry?.value);
  const written: Fact<number> =
    entry && Number.isInteger(n)
      ? { value: n, location: keyLocationOf(doc.path, entry), related: [], label: "spec.replicas", edit: value ? { kind: "text", location: { path: value.path, span: value.span } } : undefined }
      : value?.templated
        ? { value: 1, location: keyLocationOf(doc.path, entry!), related: [], certainty: "unknown", label: "spec.replicas" }
        : { value: 1, related: [], certainty: "defaulted", defaultSource: "Kubernetes' default", label: "spec.replicas" };
  const base = written.location ? [{ location: written.location, message: `the manifest sets spec.replicas: ${written.value}` }] : [];
  const own: Fact<number> = !layered
    ? written
    : layered.count === undefined
      ? { value: 1, location: layered.location, related: base, certainty: "unknown", label: layered.label }
      : { value: layered.count, location: layered.location, related: base, label: layered.label, edit: layered.valueLocation ? { kind: "text", location: layered.valueLocation } : undefined };
  if (autoscaler?.certainty === "unknown") {
    return { ...autoscaler, value: own.value, related: own.location ? [{ location: own.location, message: `spec.replicas is ${own.value}; an autoscaler sets the count` }] : [] };
  }
  if (autoscaler && autoscaler.value > own.value) {
    return { ...autoscaler, related: own.location ? [{ location: own.location, message: `spec.replicas is ${own.value}; the autoscaler may raise it to ${autoscaler.value}` }] : [] };
  }
  return own;
}
