import { asMap, asScalar, asSeq, entryOf, get, keyLocationOf, locationOf, textOf, type YMap, type YNode } from "../documents/yaml-tree";
import type { Location } from "../text/span";
import type { BackingKind, Fact, MountModel, MountOption, VolumeModel } from "./cluster-model";
import { nodeLocation } from "./k8s-node-location";
import { labelsOf, selects } from "./k8s-placement";

/** What a pod volume gives the containers that mount it. */
export interface PodVolume {
  kind: MountModel["kind"];
  backing: BackingKind;
  /** The shared identity: claim name, host path, `server:path`; scoped to the pod for emptyDir. */
  source?: string;
  volume?: VolumeModel;
  /** A `configMap` volume: the ConfigMap's name and, when `items` lists them, which keys become which files. */
  configMap?: { name: string; items?: Map<string, string> };
  /** Where the pod volume names what it mounts (`claimName`, the ConfigMap's `name`). */
  reference?: Location;
}

/** A network file system named by a PersistentVolume, a StorageClass or an inline volume. */
interface NetworkBacking {
  backing: BackingKind;
  type: Fact<string>;
  options?: Fact<string>;
  mountOptions: MountOption[];
}

/**
 * CSI drivers and provisioners by name: the NFS CSI driver and the nfs-subdir/nfs-client
 * provisioners, AWS EFS (an NFSv4.1 service), the SMB CSI driver, GlusterFS. Anything else
 * (block storage, CephFS, cloud disks) says nothing here and the claim's access mode decides.
 */
function backingOfDriver(name: string): BackingKind | undefined {
  const n = name.toLowerCase();
  if (/gluster/.test(n)) return "glusterfs";
  if (/(^|[^a-z])(smb|cifs)([^a-z]|$)/.test(n)) return "cifs";
  if (/nfs|(^|[^a-z])efs([^a-z]|$)/.test(n)) return "nfs";
  return undefined;
}

/** `hard`, `nfsvers=4.1`, also `"hard,nfsvers=4.1"` in one item: one option per comma part. */
function mountOptionsOf(node: YNode | undefined): MountOption[] {
  const out: MountOption[] = [];
  for (const item of asSeq(node)?.items ?? []) {
    const scalar = asScalar(item);
    if (!scalar || scalar.quote === "block") continue;
    const opening = scalar.quote === "plain" ? 0 : 1;
    let offset = 0;
    for (const part of scalar.text.split(",")) {
      const trimmed = part.trim();
      if (trimmed) {
        const eq = trimmed.indexOf("=");
        const start = scalar.span.start + opening + offset + (part.length - part.trimStart().length);
        out.push({
          name: (eq >= 0 ? trimmed.slice(0, eq) : trimmed).toLowerCase(),
          value: eq >= 0 ? trimmed.slice(eq + 1) : undefined,
          location: scalar.quote === "double" && scalar.text.includes("\\") ? undefined : { path: scalar.path, span: { start, end: start + trimmed.length } },
        });
      }
      offset += part.length + 1;
    }
  }
  return out;
}

function optionsFact(spec: YMap | undefined, options: MountOption[]): Fact<string> | undefined {
  const entry = entryOf(spec, "mountOptions");
  if (!entry || options.length === 0) return undefined;
  return { value: options.map((o) => (o.value === undefined ? o.name : `${o.name}=${o.value}`)).join(","), location: keyLocationOf(spec!.path, entry), related: [] };
}

/** A PersistentVolume's or an inline pod volume's network file system, from its source key. */
function networkOfVolumeSpec(spec: YMap | undefined): NetworkBacking | undefined {
  if (!spec) return undefined;
  const mountOptions = mountOptionsOf(entryOf(spec, "mountOptions")?.value);
  const options = optionsFact(spec, mountOptions);
  for (const [key, backing] of [["nfs", "nfs"], ["glusterfs", "glusterfs"]] as const) {
    const entry = entryOf(spec, key);
    if (entry) return { backing, type: { value: key, location: keyLocationOf(spec.path, entry), related: [] }, options, mountOptions };
  }
  const driver = asScalar(get(spec, "csi", "driver")) ?? asScalar(get(spec, "flexVolume", "driver"));
  const backing = driver ? backingOfDriver(driver.text) : undefined;
  if (driver && backing) return { backing, type: { value: driver.text, location: locationOf(driver), related: [] }, options, mountOptions };
  return undefined;
}

interface Claim {
  name: string;
  doc: YMap;
}

/**
 * The storage objects of one folder of manifests — PersistentVolumeClaims, PersistentVolumes,
 * StorageClasses — and how a pod volume resolves through them (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes).
 */
export class K8sStorage {
  private readonly claims = new Map<string, Claim>();
  private readonly volumesByName = new Map<string, YMap>();
  private readonly classes = new Map<string, YMap>();
  private readonly resolved = new Map<string, VolumeModel>();

  /** PersistentVolumes of other folders: candidates for a claim only when none of the folder's is. */
  private readonly volumesElsewhere = new Set<YMap>();

  /**
   * `elsewhere`: claims and PersistentVolumes of other folders of the workspace the project found
   * (a claim the only one of its name there); `ambiguous`: claim names several files define.
   */
  constructor(
    docs: YMap[],
    elsewhere: YMap[] = [],
    private readonly ambiguous: Set<string> = new Set(),
  ) {
    const own = new Set(docs);
    for (const doc of [...elsewhere, ...docs]) {
      const kind = textOf(get(doc, "kind"));
      const name = textOf(get(doc, "metadata", "name"));
      if (!name) continue;
      if (kind === "PersistentVolumeClaim") this.claims.set(name, { name, doc });
      else if (kind === "StorageClass") this.classes.set(name, doc);
      else if (kind === "PersistentVolume") {
        if (own.has(doc)) this.volumesElsewhere.delete(this.volumesByName.get(name)!);
        else this.volumesElsewhere.add(doc);
        this.volumesByName.set(name, doc);
      }
    }
  }

  /** Every claim model made so far, for the model's volume table. */
  get volumes(): Map<string, VolumeModel> {
    return this.resolved;
  }

  /** A `persistentVolumeClaim.claimName`: the claim of the folder, or an external one. */
  claim(claimName: string): PodVolume {
    let volume = this.resolved.get(claimName);
    if (!volume) {
      const claim = this.ambiguous.has(`PersistentVolumeClaim/${claimName}`) ? undefined : this.claims.get(claimName);
      volume = claim ? this.claimModel(claimName, asMap(get(claim.doc, "spec")), asScalar(get(claim.doc, "metadata", "name"))) : { name: claimName, backingKind: "claim", mountOptions: [], external: true };
      this.resolved.set(claimName, volume);
    }
    return { kind: "claim", backing: volume.backingKind, source: claimName, volume };
  }

  /** A StatefulSet's volumeClaimTemplate: the same resolution, but one claim per replica. */
  template(workload: string, template: YNode): { name: string; pod: PodVolume } | undefined {
    const nameNode = asScalar(get(template, "metadata", "name"));
    if (!nameNode) return undefined;
    const key = `${nameNode.text}-${workload}`;
    const volume: VolumeModel = { ...this.claimModel(nameNode.text, asMap(get(template, "spec")), nameNode), perReplica: true };
    this.resolved.set(key, volume);
    return { name: nameNode.text, pod: { kind: "claim", backing: volume.backingKind, source: key, volume } };
  }

  /** Any pod volume: claim, emptyDir, hostPath, inline NFS/GlusterFS/CSI; undefined for an unnamed one. */
  podVolume(workload: string, node: YNode): { name: string; pod: PodVolume } | undefined {
    const map = asMap(node);
    const nameNode = asScalar(get(map, "name"));
    if (!map || !nameNode) return undefined;
    const name = nameNode.text;
    const declaredAt = locationOf(nameNode);
    const claimNode = asScalar(get(map, "persistentVolumeClaim", "claimName"));
    if (claimNode && claimNode.text) return { name, pod: { ...this.claim(claimNode.text), reference: locationOf(claimNode) } };
    const configMapNode = asScalar(get(map, "configMap", "name"));
    if (configMapNode && configMapNode.text) {
      const listed = asSeq(get(map, "configMap", "items"));
      const items = listed ? new Map(listed.items.map((i) => [textOf(get(i, "key")) ?? "", textOf(get(i, "path")) ?? ""] as [string, string])) : undefined;
      return { name, pod: { kind: "volume", backing: "unknown", source: `${workload}:${name}`, configMap: { name: configMapNode.text, items }, reference: locationOf(configMapNode) } };
    }
    if (entryOf(map, "emptyDir")) {
      // An emptyDir lives and dies with its pod: only the containers of that pod share it.
      const medium = textOf(get(map, "emptyDir", "medium"));
      const backing: BackingKind = medium === "Memory" ? "tmpfs" : "emptydir";
      return { name, pod: { kind: "emptydir", backing, source: `${workload}:${name}`, volume: { name, backingKind: backing, declaredAt, mountOptions: [], external: false } } };
    }
    const hostPathNode = get(map, "hostPath", "path");
    const hostPath = textOf(hostPathNode);
    // A templated host path may be a shared mount: what backs it is unknown.
    if (hostPath !== undefined) return { name, pod: { kind: "bind", backing: hostPathNode?.templated ? "unknown" : "bind", source: hostPath } };
    const network = networkOfVolumeSpec(map);
    if (network) {
      const server = textOf(get(map, network.type.value, "server"));
      const path = textOf(get(map, network.type.value, "path"));
      const source = server && path ? `${server}:${path}` : name;
      const volume: VolumeModel = { name, backingKind: network.backing, declaredAt, type: network.type, options: network.options, mountOptions: network.mountOptions, external: false };
      this.resolved.set(`${workload}:${name}`, volume);
      return { name, pod: { kind: "volume", backing: network.backing, source, volume } };
    }
    return { name, pod: { kind: "volume", backing: "unknown", source: `${workload}:${name}` } };
  }

  /**
   * A claim's backing: the PersistentVolume it binds to — the one it names (`volumeName`), else
   * the one Kubernetes would match —, else the StorageClass's provisioner, else a class named
   * like NFS; without any of these, its access mode. Bound to a PersistentVolume, the claim
   * has that volume's access modes (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding).
   * Several volumes that match with different storage leave the backing unknown.
   */
  private claimModel(name: string, spec: YMap | undefined, nameNode: { path: string; span: Location["span"] } | undefined): VolumeModel {
    const modesEntry = entryOf(spec, "accessModes");
    const modes = (asSeq(modesEntry?.value)?.items ?? []).map((i) => textOf(i) ?? "");
    let accessModes: Fact<string[]> | undefined = modesEntry?.value ? { value: modes, location: nodeLocation(modesEntry.value), related: [] } : undefined;
    const binding = this.bindingOf(name, spec, modes);
    const pvModesEntry = entryOf(asMap(get(binding.volume, "spec")), "accessModes");
    const pvModes = (asSeq(pvModesEntry?.value)?.items ?? []).map((i) => textOf(i) ?? "");
    if (binding.volume && pvModesEntry?.value && pvModes.length > 0) {
      const pvName = textOf(get(binding.volume, "metadata", "name"));
      accessModes = {
        value: pvModes,
        location: nodeLocation(pvModesEntry.value),
        related: accessModes?.location ? [{ location: accessModes.location, message: `claim ${name} asks for ${modes.join(", ")}` }] : [],
        label: `PersistentVolume ${pvName} accessModes`,
      };
    }
    const effectiveModes = accessModes?.value ?? [];
    const network = binding.ambiguous ? undefined : binding.volume ? networkOfVolumeSpec(asMap(get(binding.volume, "spec"))) : this.networkOfClass(spec);
    const backing: BackingKind = binding.ambiguous
      ? "unknown"
      : network?.backing ??
        (effectiveModes.includes("ReadWriteMany") ? "rwx-claim" : effectiveModes.some((m) => m === "ReadWriteOnce" || m === "ReadWriteOncePod") ? "rwo-claim" : "claim");
    return {
      name,
      backingKind: backing,
      declaredAt: nameNode ? locationOf(nameNode) : undefined,
      type: network?.type ?? binding.type,
      options: network?.options,
      mountOptions: network?.mountOptions ?? [],
      external: false,
      accessModes,
    };
  }

  /**
   * The PersistentVolume of the folder a claim binds to: the one `volumeName` names, else the
   * only one that matches as the binder matches — same `storageClassName` (the claim must set
   * one: without it the cluster's default class decides), every requested access mode, at least
   * the requested capacity, labels its `selector` selects, not reserved for another claim by
   * `claimRef`. Several that may match with different storage: ambiguous.
   */
  private bindingOf(name: string, spec: YMap | undefined, modes: string[]): { volume?: YMap; ambiguous: boolean; type?: Fact<string> } {
    const volumeName = textOf(get(spec, "volumeName"));
    if (volumeName) return { volume: this.volumesByName.get(volumeName), ambiguous: false };
    const classNode = asScalar(get(spec, "storageClassName"));
    if (!classNode || templated(classNode.text)) return { ambiguous: false };
    const requested = quantityOf(textOf(get(spec, "resources", "requests", "storage")));
    const selector = get(spec, "selector");
    const folder = [...this.volumesByName.values()].filter((pv) => !this.volumesElsewhere.has(pv));
    const candidates = this.candidatesOf(name, classNode.text, folder, modes, requested, selector);
    if ("bound" in candidates) return { volume: candidates.bound, ambiguous: false };
    // None of the folder's own volumes fits: one of another folder of the workspace may.
    const found = candidates.list.length > 0 ? candidates : this.candidatesOf(name, classNode.text, [...this.volumesElsewhere], modes, requested, selector);
    if ("bound" in found) return { volume: found.bound, ambiguous: false };
    return this.chosen(found.list);
  }

  /** The volumes of `volumes` a claim may bind to, or the one reserved for it by `claimRef`. */
  private candidatesOf(name: string, className: string, volumes: YMap[], modes: string[], requested: number | undefined, selector: YNode | undefined): { bound: YMap } | { list: YMap[] } {
    const candidates: YMap[] = [];
    for (const pv of volumes) {
      const pvSpec = asMap(get(pv, "spec"));
      if ((textOf(get(pvSpec, "storageClassName")) ?? "") !== className) continue;
      const reservedFor = textOf(get(pvSpec, "claimRef", "name"));
      if (reservedFor !== undefined && reservedFor !== name) continue;
      const pvModes = (asSeq(get(pvSpec, "accessModes"))?.items ?? []).map((i) => textOf(i) ?? "");
      // A volume that does not write its modes (a partial or templated manifest) may still match.
      if (pvModes.length > 0 && !modes.every((m) => pvModes.includes(m))) continue;
      const capacity = quantityOf(textOf(get(pvSpec, "capacity", "storage")));
      if (requested !== undefined && capacity !== undefined && capacity < requested) continue;
      if (selector && selects(selector, labelsOf(asMap(get(pv, "metadata", "labels")))) === false) continue;
      if (reservedFor === name) return { bound: pv };
      candidates.push(pv);
    }
    return { list: candidates };
  }

  /** Of the volumes a claim may bind to, the one whose storage is known (the only one, or all alike). */
  private chosen(candidates: YMap[]): { volume?: YMap; ambiguous: boolean; type?: Fact<string> } {
    if (candidates.length === 0) return { ambiguous: false };
    if (candidates.length === 1) return { volume: candidates[0], ambiguous: false };
    // The binder picks the smallest that fits; only storage that is the same whichever it picks is known.
    const kinds = new Set(candidates.map((pv) => storageKeyOf(asMap(get(pv, "spec")))));
    if (kinds.size === 1) return { volume: candidates[0], ambiguous: false };
    const names = candidates.map((pv) => textOf(get(pv, "metadata", "name")) ?? "?");
    return { ambiguous: true, type: { value: "", related: [], certainty: "unknown", label: `one of the PersistentVolumes ${names.join(", ")}` } };
  }

  /** A claim's storage from its class: a network PersistentVolume of the class is not enough, the provisioner or the class's name decides. */
  private networkOfClass(spec: YMap | undefined): NetworkBacking | undefined {
    const classNode = asScalar(get(spec, "storageClassName"));
    if (!classNode || classNode.text === "") return undefined;
    const storageClass = this.classes.get(classNode.text);
    const provisioner = asScalar(get(storageClass, "provisioner"));
    const byProvisioner = provisioner ? backingOfDriver(provisioner.text) : undefined;
    if (storageClass && provisioner && byProvisioner) {
      const mountOptions = mountOptionsOf(get(storageClass, "mountOptions"));
      return { backing: byProvisioner, type: { value: provisioner.text, location: locationOf(provisioner), related: [] }, options: optionsFact(storageClass, mountOptions), mountOptions };
    }
    // A class defined elsewhere: its name is the only hint (e.g. `nfs-client`, `efs-sc`).
    const byName = backingOfDriver(classNode.text);
    return byName ? { backing: byName, type: { value: classNode.text, location: locationOf(classNode), related: [] }, mountOptions: [] } : undefined;
  }
}

const templated = (text: string): boolean => /\{\{|\{%|\$\{/.test(text);

/** What a PersistentVolume stores on, for telling whether two candidates differ: its source key, driver and options. */
function storageKeyOf(spec: YMap | undefined): string {
  const network = networkOfVolumeSpec(spec);
  const modes = (asSeq(get(spec, "accessModes"))?.items ?? []).map((i) => textOf(i) ?? "").sort().join(",");
  return network ? `${network.backing}|${network.options?.value ?? ""}|${modes}` : `other|${modes}`;
}

const UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** A storage quantity (`10Gi`, `500M`) in bytes (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/); undefined when not plain. */
function quantityOf(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)([kMGTP]i?|Ki)?\s*$/.exec(text ?? "");
  if (!m) return undefined;
  const unit = UNITS[m[2] ?? ""];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
