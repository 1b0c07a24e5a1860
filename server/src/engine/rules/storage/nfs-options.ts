import type { MountModel, MountOption } from "../../model/cluster-model";

export const nfsManPage = "https://man7.org/linux/man-pages/man5/nfs.5.html";

/**
 * The mount options of an NFS volume the files show in full: its `o:` driver option or a
 * PersistentVolume's `mountOptions`. Undefined when the mount is not such a volume or its
 * options read a variable the files do not set (the deploying shell may add `hard` after `soft`).
 */
export function visibleNfsOptions(mount: MountModel): MountOption[] | undefined {
  return visibleMountOptions(mount, "nfs");
}

/** The same for another network file system's volume (`cifs`). */
export function visibleMountOptions(mount: MountModel, backing: "nfs" | "cifs"): MountOption[] | undefined {
  const volume = mount.volume;
  if (!volume || mount.backingKind !== backing || volume.backingKind !== backing) return undefined;
  if (volume.options?.certainty === "unknown") return undefined;
  return volume.mountOptions;
}

/**
 * The option that makes the mount soft, if any. `hard` is the Linux client's default ("If
 * neither option is specified (or if the hard option is specified), NFS requests are retried
 * indefinitely", nfs(5)), and the last of `soft`, `softerr` and `hard` wins.
 */
export function softOption(options: readonly MountOption[]): MountOption | undefined {
  const recovery = options.filter((o) => o.name === "soft" || o.name === "softerr" || o.name === "hard").pop();
  return recovery && recovery.name !== "hard" ? recovery : undefined;
}

/**
 * The option that keeps `flock()` locks on the client, so they exclude nothing on other nodes
 * (nfs(5)): `nolock`, or without `lock`/`nolock` (which override `local_lock`) a last
 * `local_lock=flock` or `local_lock=all`. `local_lock=posix` leaves flock locks on the server.
 */
export function localFlockOption(options: readonly MountOption[]): MountOption | undefined {
  const locking = options.filter((o) => o.name === "lock" || o.name === "nolock").pop();
  if (locking) return locking.name === "nolock" ? locking : undefined;
  const localLock = options.filter((o) => o.name === "local_lock").pop();
  return localLock && /^(flock|all)$/i.test(localLock.value ?? "") ? localLock : undefined;
}
