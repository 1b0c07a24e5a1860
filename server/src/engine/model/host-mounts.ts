import type { HostBacking, HostFileSystem, ServiceModel } from "./cluster-model";

function trimSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** `/mnt/gluster/app` lies within `/mnt/gluster`, not within `/mnt/glu`. */
function isWithin(path: string, dir: string): boolean {
  const p = trimSlashes(path);
  const d = trimSlashes(dir);
  return p === d || d === "/" || p.startsWith(`${d}/`);
}

/**
 * Host directories whose name says what is mounted there, the way homelab swarms name them
 * (`/mnt/gluster/…`, `/mnt/nfs-media/…`, `/mnt/smb/…`): a guess, so findings built on it say so.
 */
const namedMounts: { pattern: RegExp; fileSystem: HostFileSystem }[] = [
  { pattern: /^\/mnt\/(gluster[^/]*)/i, fileSystem: "glusterfs" },
  { pattern: /^\/mnt\/(nfs[^/]*)/i, fileSystem: "nfs" },
  { pattern: /^\/mnt\/((?:cifs|smb)[^/]*)/i, fileSystem: "cifs" },
];

/**
 * The file system under a host path: the longest `mounts:` entry of `.scaleout.yaml` that
 * contains it (a declaration always wins over the name), else what the path's name suggests.
 * Relative paths are the project's own directory: nothing is known about them.
 */
export function hostBackingOf(hostPath: string, declared: Readonly<Record<string, HostFileSystem>> | undefined): HostBacking | undefined {
  if (!hostPath.startsWith("/")) return undefined;
  let best: string | undefined;
  for (const prefix of Object.keys(declared ?? {})) {
    if (!prefix.startsWith("/") || !isWithin(hostPath, prefix)) continue;
    if (best === undefined || trimSlashes(prefix).length > trimSlashes(best).length) best = prefix;
  }
  if (best !== undefined && declared) return { fileSystem: declared[best], hostPath, basis: "declared", prefix: best };
  for (const named of namedMounts) {
    const match = named.pattern.exec(hostPath);
    if (match) return { fileSystem: named.fileSystem, hostPath, basis: "name", prefix: `/mnt/${match[1]}` };
  }
  return undefined;
}

/** Gives every bind mount (a host path, or a local volume that binds a host `device`) its host backing. */
export function applyHostBacking(services: ServiceModel[], declared: Readonly<Record<string, HostFileSystem>> | undefined): void {
  for (const service of services) {
    for (const mount of service.mounts) {
      const hostPath = mount.kind === "bind" ? mount.source : mount.volume?.backingKind === "bind" ? mount.volume.device?.value : undefined;
      if (hostPath === undefined) continue;
      const backing = hostBackingOf(hostPath.trim(), declared);
      if (backing) mount.hostBacking = backing;
    }
  }
}
