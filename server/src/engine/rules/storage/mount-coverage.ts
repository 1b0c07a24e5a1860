import type { MountModel, ServiceModel } from "../../model/cluster-model";

function trimSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** True when `path` is `dir` itself or lies below it. */
export function isPathWithin(path: string, dir: string): boolean {
  const p = trimSlashes(path);
  const d = trimSlashes(dir);
  return p === d || d === "/" || p.startsWith(`${d}/`);
}

/**
 * The mount a container path is stored on: the deepest mount whose target contains it, the
 * way the kernel resolves nested mounts. Undefined = the container's own file system (or the
 * anonymous volume the image declares for it).
 */
export function coveringMount(service: ServiceModel, path: string): MountModel | undefined {
  let best: MountModel | undefined;
  for (const mount of service.mounts) {
    if (mount.target.trim() === "" || !isPathWithin(path, mount.target)) continue;
    if (!best || trimSlashes(mount.target).length > trimSlashes(best.target).length) best = mount;
  }
  return best;
}
