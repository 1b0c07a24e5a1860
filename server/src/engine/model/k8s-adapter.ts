import type { RelatedLocation } from "../findings";
import { asMap, asScalar, asSeq, entryOf, get, textOf, type YMap, type YNode } from "../documents/yaml-tree";
import type { Project } from "../project/project";
import type { Location } from "../text/span";
import type { BackingKind, ClusterModel, EnvSetting, Fact, MountModel, ServiceModel, VolumeModel } from "./cluster-model";
import { assembleModel } from "./compose-adapter";
import { parseImage } from "./images";

interface Claim {
  name: string;
  accessModes: string[];
  storageClass?: string;
  location: Location;
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "CronJob", "Job", "Pod"]);

/**
 * Kubernetes manifests of one folder: workloads become services (one per container), their
 * volumes resolve to claims, and a claim's backing follows its access mode or the NFS
 * PersistentVolume of its storage class.
 */
export function buildK8sModel(project: Project): ClusterModel {
  const docs: YMap[] = [];
  for (const file of project.yamlFiles) for (const root of file.roots) if (root.kind === "map") docs.push(root);
  const claims = new Map<string, Claim>();
  const nfsClasses = new Set<string>();
  for (const doc of docs) {
    const kind = textOf(get(doc, "kind"));
    if (kind === "PersistentVolumeClaim") {
      const name = textOf(get(doc, "metadata", "name"));
      if (!name) continue;
      const modes = (asSeq(get(doc, "spec", "accessModes"))?.items ?? []).map((i) => textOf(i) ?? "");
      const entry = entryOf(asMap(get(doc, "spec")), "accessModes");
      claims.set(name, { name, accessModes: modes, storageClass: textOf(get(doc, "spec", "storageClassName")), location: { path: doc.path, span: entry?.keySpan ?? doc.span } });
    }
    if (kind === "PersistentVolume" && get(doc, "spec", "nfs")) {
      const storageClass = textOf(get(doc, "spec", "storageClassName"));
      if (storageClass) nfsClasses.add(storageClass);
    }
  }
  const services: ServiceModel[] = [];
  const volumes = new Map<string, VolumeModel>();
  for (const doc of docs) {
    const kind = textOf(get(doc, "kind"));
    if (!kind || !WORKLOADS.has(kind)) continue;
    const workload = textOf(get(doc, "metadata", "name")) ?? kind.toLowerCase();
    const podSpec = asMap(kind === "CronJob" ? get(doc, "spec", "jobTemplate", "spec", "template", "spec") : kind === "Pod" ? get(doc, "spec") : get(doc, "spec", "template", "spec"));
    if (!podSpec) continue;
    const replicas = replicasOf(doc, kind);
    const podVolumes = new Map<string, { backing: BackingKind; kind: MountModel["kind"]; source?: string; volume?: VolumeModel }>();
    for (const v of asSeq(entryOf(podSpec, "volumes")?.value)?.items ?? []) {
      const name = textOf(get(v, "name"));
      if (!name) continue;
      const claimName = textOf(get(v, "persistentVolumeClaim", "claimName"));
      if (claimName) {
        const claim = claims.get(claimName);
        const backing: BackingKind = claim?.storageClass && (nfsClasses.has(claim.storageClass) || /nfs/i.test(claim.storageClass)) ? "nfs" : claim ? (claim.accessModes.includes("ReadWriteMany") ? "rwx-claim" : claim.accessModes.length > 0 ? "rwo-claim" : "claim") : "claim";
        const volume: VolumeModel = { name: claimName, backingKind: backing, declaredAt: claim?.location, mountOptions: [], external: !claim };
        volumes.set(claimName, volume);
        podVolumes.set(name, { backing, kind: "claim", source: claimName, volume });
      } else if (get(v, "emptyDir") !== undefined) podVolumes.set(name, { backing: "emptydir", kind: "emptydir" });
      else if (get(v, "hostPath")) podVolumes.set(name, { backing: "bind", kind: "bind", source: textOf(get(v, "hostPath", "path")) });
      else if (get(v, "nfs")) podVolumes.set(name, { backing: "nfs", kind: "volume", source: name });
      else podVolumes.set(name, { backing: "unknown", kind: "volume", source: name });
    }
    for (const container of asSeq(entryOf(podSpec, "containers")?.value)?.items ?? []) {
      const c = asMap(container);
      if (!c) continue;
      const imageNode = asScalar(entryOf(c, "image")?.value);
      const nameEntry = entryOf(c, "name");
      const name = `${workload}/${textOf(nameEntry?.value) ?? "container"}`;
      const parsed = imageNode ? parseImage(imageNode.text) : undefined;
      const mounts: MountModel[] = [];
      for (const m of asSeq(entryOf(c, "volumeMounts")?.value)?.items ?? []) {
        const target = textOf(get(m, "mountPath"));
        const volumeName = textOf(get(m, "name"));
        if (!target || !volumeName) continue;
        const subPath = textOf(get(m, "subPath"));
        const v = podVolumes.get(volumeName);
        mounts.push({
          target,
          source: v?.source ? (subPath ? `${v.source}/${subPath}` : v.source) : volumeName,
          kind: v?.kind ?? "volume",
          volume: v?.volume,
          backingKind: v?.backing ?? "unknown",
          readOnly: asScalar(get(m, "readOnly"))?.value === true,
          location: { path: m.path, span: m.span },
        });
      }
      const command = [textsOf(get(c, "command")), textsOf(get(c, "args"))].filter(Boolean).join(" ");
      const commandNode = get(c, "command") ?? get(c, "args");
      services.push({
        name,
        nameLocation: { path: c.path, span: nameEntry?.value?.span ?? c.span },
        bodyLocation: { path: c.path, span: c.span },
        image: imageNode ? { value: imageNode.text, location: { path: imageNode.path, span: imageNode.span }, related: [] } : undefined,
        imageName: parsed?.repository,
        imageTag: parsed?.tag,
        replicas: kind === "CronJob" || kind === "Job" || kind === "Pod" ? { value: 1, related: [] } : replicas,
        env: envOf(c),
        mounts,
        command: command && commandNode ? { value: kind === "CronJob" && !/cron/.test(command) ? `${command} (CronJob)` : command, location: { path: commandNode.path, span: commandNode.span }, related: [] } : undefined,
        ports: [],
      });
      if (kind === "CronJob" && !command) {
        // A CronJob running the app image is a cron runner even with the image's default command.
        services[services.length - 1].command = { value: "cron.php (CronJob)", location: { path: doc.path, span: entryOf(doc, "kind")!.keySpan }, related: [] };
      }
    }
  }
  return assembleModel("k8s", services, volumes, [], project.options.assumeCluster === true);
}

function textsOf(node: YNode | undefined): string {
  if (!node) return "";
  if (node.kind === "scalar") return node.text;
  if (node.kind === "seq") return node.items.map((i) => textOf(i) ?? "").join(" ");
  return "";
}

function replicasOf(doc: YMap, kind: string): Fact<number | "global"> {
  if (kind === "DaemonSet") return { value: "global", location: { path: doc.path, span: entryOf(doc, "kind")!.keySpan }, related: [] };
  const spec = asMap(get(doc, "spec"));
  const entry = entryOf(spec, "replicas");
  const n = Number(textOf(entry?.value));
  if (entry && Number.isInteger(n)) return { value: n, location: { path: doc.path, span: entry.keySpan }, related: [] };
  return { value: 1, related: [] };
}

function envOf(container: YMap): Map<string, EnvSetting> {
  const env = new Map<string, EnvSetting>();
  for (const item of asSeq(entryOf(container, "env")?.value)?.items ?? []) {
    const m = asMap(item);
    const name = textOf(get(m, "name"));
    if (!m || !name) continue;
    const valueNode = asScalar(get(m, "value"));
    const from = get(m, "valueFrom");
    const related: RelatedLocation[] = [];
    env.set(name, {
      name,
      value: valueNode?.text ?? "",
      passthrough: false,
      opaque: from !== undefined,
      location: { path: m.path, span: m.span },
      valueLocation: valueNode ? { path: valueNode.path, span: valueNode.span } : undefined,
      origin: "environment",
      related,
    });
  }
  return env;
}
