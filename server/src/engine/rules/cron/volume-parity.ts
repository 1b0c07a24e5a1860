import type { RelatedLocation } from "../../findings";
import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, MountModel, ServiceModel } from "../../model/cluster-model";
import { appPaths } from "../../model/queries";
import { defineRule } from "../rule";

/** Its mounts with those it takes through `volumes_from`; undefined when one of those is outside the files. */
function allMounts(model: ClusterModel, service: ServiceModel, seen = new Set<ServiceModel>()): MountModel[] | undefined {
  seen.add(service);
  const own = [...service.mounts];
  for (const from of service.volumesFrom ?? []) {
    const other = from.container || from.unknown ? undefined : model.services.find((s) => s.name === from.name);
    if (!other) return undefined;
    if (seen.has(other)) continue;
    const theirs = allMounts(model, other, seen);
    if (!theirs) return undefined;
    for (const m of theirs) if (!own.some((o) => o.target === m.target)) own.push(m);
  }
  return own;
}

const clean = (path: string): string => path.replace(/\/+$/, "") || "/";

/** What a container sees at a path: the deepest mount at or above it, and the path below that mount. */
function seenAt(mounts: MountModel[], target: string): { mount: MountModel; below: string } | undefined {
  const path = clean(target);
  let best: MountModel | undefined;
  for (const m of mounts) {
    const at = clean(m.target);
    if ((path === at || path.startsWith(`${at === "/" ? "" : at}/`)) && (!best || at.length > clean(best.target).length)) best = m;
  }
  return best ? { mount: best, below: path.slice(clean(best.target).length) } : undefined;
}

const ownPerContainer = new Set(["anonymous", "emptydir", "tmpfs"]);

/**
 * Whether two containers see the same files at a path: the same mount object (taken with
 * volumes_from), the same named volume, claim or host path — a bind of a subdirectory counts as
 * its parent's bind (`/srv/nc/config` under `/srv/nc`). Anonymous, emptyDir and tmpfs volumes are
 * each container's own.
 */
function sameFiles(a: { mount: MountModel; below: string } | undefined, b: { mount: MountModel; below: string } | undefined): boolean {
  if (!a || !b) return false;
  if (a.mount === b.mount) return a.below === b.below;
  if (a.mount.volume !== undefined && a.mount.volume === b.mount.volume && a.mount.backingKind !== "emptydir") return a.below === b.below;
  if (a.mount.source === undefined || b.mount.source === undefined) return false;
  if (ownPerContainer.has(a.mount.kind) || ownPerContainer.has(b.mount.kind) || a.mount.kind !== b.mount.kind) return false;
  return clean(a.mount.source + a.below) === clean(b.mount.source + b.below);
}

/** Two mounts share a volume (for pairing the cron service with its web service). */
function sameSource(a: MountModel, b: MountModel): boolean {
  return sameFiles({ mount: a, below: "" }, { mount: b, below: "" });
}

function describe(mount: MountModel): string {
  if (mount.kind === "anonymous" || mount.source === undefined) return `an anonymous volume at ${mount.target}`;
  if (mount.kind === "emptydir" || mount.kind === "tmpfs") return `its own ${mount.kind === "tmpfs" ? "tmpfs" : "emptyDir"} at ${mount.target}`;
  return `${mount.source} at ${mount.target}`;
}

export const volumeParity = defineRule({
  meta: {
    id: "cron/volume-parity",
    severity: "error",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Cron container without the web container's volumes",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Nextcloud cron service (`/cron.sh`) or ownCloud cron service (`/usr/bin/cronjob`) whose mounts of the app's directories — Nextcloud's `/var/www/html` and its data directory, ownCloud's data root — differ from those of the web service it runs the jobs for: a volume missing, another volume or host path at the same place, or an extra one. Volumes taken with `volumes_from:` count (they are the other container's very volumes, anonymous ones included); a `volumes_from:` of a container outside the files leaves it silent. In Kubernetes manifests: a CronJob or workload running the app's cron whose claims, hostPaths or emptyDirs at those paths differ from the app workload's.",
      whyItMatters:
        "The cron container runs `cron.php` against the code, `config.php` and data it sees; the official Compose examples state that \"the volumes config of the cron and app containers must match\" (https://github.com/nextcloud/docker/blob/master/.examples/docker-compose/insecure/mariadb/apache/compose.yaml, https://github.com/nextcloud/docker/blob/master/.examples/README.md). With another volume the jobs run against a different or empty installation: background jobs silently do nothing for the real instance, or write previews, versions and trash cleanup into the wrong place.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "      - ./data:/var/www/html/data",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "      - ./data:/var/www/html/data",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "      - ./data:/var/www/html/data",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      fixSafety: "No automatic fix: which of the two lists is right is yours to decide. Give both services the same entries, e.g. through a YAML anchor (`volumes: &nextcloud-volumes` on the app, `volumes: *nextcloud-volumes` on cron).",
      sources: ["https://github.com/nextcloud/docker/blob/master/.examples/README.md", "https://github.com/nextcloud/docker/blob/master/.examples/docker-compose/insecure/mariadb/apache/compose.yaml", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md"],
    },
  },
  check({ model, report }) {
    // A chart renders its cron runner with the app's own mounts (cron/cronjob-without-persistence covers its emptyDir).
    for (const cron of model.apps.filter((a) => a.role === "cron" && !a.cronRunner)) {
      const cronMounts = allMounts(model, cron);
      if (!cronMounts) continue;
      const web = webFor(model, cron, cronMounts);
      const webMounts = web ? allMounts(model, web) : undefined;
      if (!web || !webMounts) continue;
      const paths = appPaths(web);
      const roots = [...new Set([paths.dataRoot, paths.files, paths.config].map(clean))];
      const relevant = (m: MountModel): boolean => roots.some((r) => clean(m.target) === r || clean(m.target).startsWith(`${r}/`));
      const differences: string[] = [];
      const related: RelatedLocation[] = [];
      let focus: MountModel | undefined;
      for (const mount of webMounts.filter(relevant)) {
        const theirs = seenAt(cronMounts, mount.target);
        if (sameFiles(theirs, { mount, below: "" })) continue;
        const exact = theirs && theirs.below === "" ? theirs.mount : undefined;
        differences.push(exact ? `${describe(exact)} where ${web.name} has ${describe(mount)}` : `${web.name} mounts ${describe(mount)}, which ${cron.name} does not`);
        related.push({ location: mount.location, message: `${web.name} mounts ${describe(mount)}` });
        focus ??= exact;
      }
      for (const mount of cronMounts.filter(relevant)) {
        if (webMounts.some((m) => clean(m.target) === clean(mount.target))) continue;
        if (sameFiles({ mount, below: "" }, seenAt(webMounts, mount.target))) continue;
        differences.push(`${describe(mount)}, which ${web.name} does not mount`);
        focus ??= mount;
      }
      if (differences.length === 0) continue;
      const name = productProfiles[cron.product].displayName;
      report({
        message: `${cron.name} runs ${name}'s background jobs with other volumes than ${web.name}: ${differences.join("; ")}. The cron and app containers must mount the same volumes.`,
        location: focus && cron.mounts.includes(focus) ? focus.location : cron.nameLocation,
        related: [...related, { location: web.nameLocation, message: `${web.name} serves the installation` }],
      });
    }
  },
});

/** The web service the cron service works for: the one of its product it shares a volume with, else the only one. */
function webFor(model: ClusterModel, cron: AppRole, cronMounts: MountModel[]): AppRole | undefined {
  const webs = model.apps.filter((a) => a.role === "web" && a.product === cron.product);
  const sharing = webs.filter((w) => w.mounts.some((m) => cronMounts.some((c) => sameSource(c, m))));
  if (sharing.length >= 1) return sharing[0];
  return webs.length === 1 ? webs[0] : undefined;
}
