import type { RelatedLocation } from "../../findings";
import type { BackingKind, MountModel } from "../../model/cluster-model";
import { networkBackings } from "../../model/cluster-model";

const backingNames: Partial<Record<BackingKind, string>> = {
  nfs: "NFS",
  cifs: "CIFS/SMB",
  glusterfs: "GlusterFS",
  "rwx-claim": "a ReadWriteMany claim",
};

export function isNetworkMount(mount: MountModel): boolean {
  return networkBackings.has(mount.backingKind);
}

/** "NFS volume nc_data", "CIFS/SMB volume share", "claim pg on NFS" — for messages. */
export function describeNetworkMount(mount: MountModel): string {
  const kind = backingNames[mount.backingKind] ?? mount.backingKind;
  // A claim a chart renders has no name in the files: it goes by what the chart makes of it.
  if (mount.volume?.rendered) return mount.volume.rendered.label;
  if (mount.kind === "claim" && mount.volume) {
    return mount.backingKind === "rwx-claim" ? `the ReadWriteMany claim ${mount.volume.name}` : `claim ${mount.volume.name} on ${kind}`;
  }
  return mount.source ? `${kind} volume ${mount.source}` : `${kind} storage`;
}

/** The volume declaration lines that make a mount network-backed: `type:`, else `driver:`, and `o:`. */
export function networkVolumeRelated(mount: MountModel): RelatedLocation[] {
  const volume = mount.volume;
  if (!volume) return [];
  const out: RelatedLocation[] = [];
  const kind = backingNames[volume.backingKind] ?? volume.backingKind;
  if (volume.type?.location && volume.accessModes) out.push({ location: volume.type.location, message: `claim ${volume.name} is backed by ${kind} (${volume.type.value})` });
  else if (volume.type?.location) out.push({ location: volume.type.location, message: `volume ${volume.name} is ${kind} (type ${volume.type.value})` });
  else if (volume.driver?.location) out.push({ location: volume.driver.location, message: `volume ${volume.name} uses the ${volume.driver.value} driver` });
  else if (volume.declaredAt) out.push({ location: volume.declaredAt, message: `${volume.accessModes ? "claim" : "volume"} ${volume.name} is declared here` });
  // A Kubernetes claim names its network volume elsewhere (a PersistentVolume, a StorageClass): the claim itself is related too.
  if (volume.accessModes && volume.declaredAt && (volume.type?.location || volume.driver?.location)) out.push({ location: volume.declaredAt, message: `claim ${volume.name} is declared here` });
  if (volume.options?.location) out.push({ location: volume.options.location, message: `mount options of ${volume.name}` });
  return out;
}

/** Host paths that are, by convention, a network mount on the host (https://docs.docker.com/engine/storage/volumes/). */
export function looksLikeNetworkHostPath(hostPath: string): boolean {
  return hostPath
    .split("/")
    .some((segment) => /^(nfs\d*|gv\d+|cephfs|ceph|smb|cifs|nas|net|efs|glusterfs?)$/i.test(segment) || /nfs|gluster|cephfs/i.test(segment));
}

const hostFileSystemNames = { nfs: "NFS", cifs: "CIFS/SMB", glusterfs: "GlusterFS" } as const;

/** A mount's network file system, from its volume (known) or its host path (declared in `.scaleout.yaml`, or guessed from the name). */
export interface NetworkStorage {
  fileSystem: "nfs" | "cifs" | "glusterfs";
  basis: "volume" | "declared" | "name";
  /** For messages: "CIFS/SMB volume config", "host path /mnt/cifs/sonarr (CIFS/SMB, declared in .scaleout.yaml `mounts:`)". */
  description: string;
  related: RelatedLocation[];
}

export function networkStorageOf(mount: MountModel): NetworkStorage | undefined {
  if (isNetworkMount(mount)) {
    return { fileSystem: mount.backingKind as NetworkStorage["fileSystem"], basis: "volume", description: describeNetworkMount(mount), related: networkVolumeRelated(mount) };
  }
  const host = mount.hostBacking;
  if (!host || (host.fileSystem !== "nfs" && host.fileSystem !== "cifs" && host.fileSystem !== "glusterfs")) return undefined;
  const name = hostFileSystemNames[host.fileSystem];
  const description =
    host.basis === "declared"
      ? `host path ${host.hostPath} (${name}: \`${host.prefix}\` in .scaleout.yaml \`mounts:\`)`
      : `host path ${host.hostPath}, which looks like ${host.fileSystem === "nfs" ? "an" : "a"} ${name} mount by its name (declare \`${host.prefix}\` in .scaleout.yaml \`mounts:\` if it is not)`;
  const related: RelatedLocation[] = [];
  const device = mount.volume?.device;
  if (device?.location) related.push({ location: device.location, message: `volume ${mount.volume?.name} binds ${host.hostPath}` });
  return { fileSystem: host.fileSystem, basis: host.basis, description, related };
}
