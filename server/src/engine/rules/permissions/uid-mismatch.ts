import type { RelatedLocation } from "../../findings";
import type { AppRole, MountModel, Product } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import { certaintyOf } from "../../model/queries";
import type { Location } from "../../text/span";
import { defineRule } from "../rule";

const NC_README = "https://github.com/nextcloud/docker/blob/master/README.md";
const OC_CLUSTER = "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html";
const K8S_SECURITY_CONTEXT = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";
const COMPOSE_USER = "https://docs.docker.com/reference/compose-file/services/#user";

/** The uid an app writes its files with, and why. */
interface WritingUser {
  uid: number;
  /** "user: 1000", "www-data of the Alpine image". */
  how: string;
  /** Where it is decided: the user setting, else the image. */
  location?: Location;
  explicit: boolean;
}

export const uidMismatch = defineRule({
  meta: {
    id: "permissions/uid-mismatch",
    severity: "warning",
    formats: ["C", "H", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Containers of one installation writing shared files as different users",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags Nextcloud or ownCloud containers of one installation that share a volume but write to it as different numeric users: a Compose `user:` or a Kubernetes `runAsUser` that differs between them, or Debian and Alpine Nextcloud images side by side (www-data is uid 33 in the Debian images and 82 in the Alpine ones). Containers started as root count as www-data, since the images run the web server and the cron jobs as www-data. In the nextcloud chart it compares the `runAsUser` the values give the web container and the cron runner.",
      whyItMatters: `The images run Nextcloud and ownCloud as www-data (uid 33 in the Debian-based images, 82 in Nextcloud's Alpine images), and a \`user:\` makes them run everything as that uid instead (${NC_README}; ${COMPOSE_USER}; ${K8S_SECURITY_CONTEXT}). ownCloud's cluster guide: every node must map www-data to the same numeric uid as the share was written with, or permission-denied errors and ownership churn follow, with the startup chown fighting the other nodes (${OC_CLUSTER}). A cron container or a second app writing as another uid leaves files the web nodes cannot change.`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          '    user: "1000:1000"',
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: nextcloud:31.0.2-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: nextcloud:31.0.2-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No quick fix: which uid is right depends on who owns the files on the volume today. Pick one (www-data, 33, unless the share was written otherwise), run every container of the installation with it, and fix the ownership of existing files once.",
      sources: [NC_README, OC_CLUSTER, K8S_SECURITY_CONTEXT, COMPOSE_USER],
    },
  },
  check({ model, report }) {
    for (const product of ["nextcloud", "owncloud"] as Product[]) {
      const apps = model.apps.filter((a) => a.product === product);
      const reference = apps.find((a) => a.role === "web") ?? apps[0];
      const want = reference && writingUser(reference);
      if (!reference || !want) continue;
      for (const app of apps) {
        if (app === reference) continue;
        const have = writingUser(app);
        const shared = sharedMount(reference, app);
        if (!have || !shared || have.uid === want.uid) continue;
        // Point at the setting that leaves www-data; when neither does, at the image of this container.
        const [at, other] = have.explicit || !want.explicit ? [have, want] : [want, have];
        const related: RelatedLocation[] = [{ location: shared.location, message: `${app.name} mounts ${shared.target} here` }];
        if (other.location) related.push({ location: other.location, message: other === want ? `${reference.name} writes as uid ${want.uid}` : `${app.name} writes as uid ${have.uid}` });
        report({
          message: `${app.name} writes the shared ${shared.target} as uid ${have.uid} (${have.how}) but ${reference.name} as uid ${want.uid} (${want.how}): files one of them creates belong to a user the other may not be allowed to change. Run every container of the installation as the same uid and fix the ownership of existing files once.`,
          location: at.location ?? app.nameLocation,
          related,
        });
      }
    }
  },
});

/** The uid a container writes with; undefined when the files do not say. */
function writingUser(app: AppRole): WritingUser | undefined {
  const webUser = wwwData(app);
  const user = app.user;
  if (user) {
    if (certaintyOf(user) === "unknown" || user.value.includes("$")) return undefined;
    const name = user.value.split(":")[0].trim();
    const how = `${user.label ?? "user"}: ${user.value}`;
    // Started as root, the images still run the web server and the cron jobs as www-data.
    if (name === "0" || name === "root" || name === "www-data") return webUser && { ...webUser, how: `${how}, so www-data`, location: user.location, explicit: false };
    if (!/^\d+$/.test(name)) return undefined;
    return { uid: Number(name), how, location: user.location, explicit: true };
  }
  return webUser;
}

/**
 * Started as root, the images' own programs drop to www-data: Nextcloud's entrypoint for Apache
 * and PHP-FPM, its `/cron.sh` crond for the www-data crontab
 * (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh,
 * https://github.com/nextcloud/docker/blob/master/Dockerfile-debian.template); ownCloud's `occ`
 * wrapper, which its server and cronjob scripts call
 * (https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/usr/bin/occ). Any other
 * program runs as root: who writes then is not known.
 */
function dropsToWwwData(app: AppRole): boolean {
  // A chart's single scheduled cron job runs `php -f cron.php` as its container user (nextcloud/helm values.yaml `cronjob.cronjob.command`).
  if (app.cronRunner?.scope === "single") return false;
  const run = app.entrypoint?.value ?? app.command?.value;
  if (run === undefined) return true;
  const first = run.trim().split(/\s+/)[0]?.replace(/^["']|["']$/g, "") ?? "";
  return app.product === "nextcloud" ? /^apache|^php-fpm$|(^|\/)cron\.sh$/.test(first) : /(^|\/)(cronjob|owncloud|server|occ|entrypoint)$/.test(first);
}

/** www-data of the container's image: 33 in the Debian-based images, 82 in Nextcloud's Alpine ones (the README's note on switching to Alpine). */
function wwwData(app: AppRole): WritingUser | undefined {
  if (!dropsToWwwData(app)) return undefined;
  if (app.product === "owncloud") return { uid: 33, how: "www-data of the ownCloud image", location: app.image?.location, explicit: false };
  if (!app.image || certaintyOf(app.image) === "unknown" || /\$|\{\{/.test(app.image.value)) return undefined;
  const alpine = /alpine/.test(parseImage(app.image.value).tag ?? "");
  return { uid: alpine ? 82 : 33, how: `www-data of the ${alpine ? "Alpine" : "Debian"} image`, location: app.image.location, explicit: false };
}

/** A volume, claim or host directory both mount (by name, or the same modelled volume). */
function sharedMount(a: AppRole, b: AppRole): MountModel | undefined {
  const persistent = (m: MountModel): boolean => m.kind !== "tmpfs" && m.kind !== "emptydir" && m.kind !== "anonymous";
  const same = (m: MountModel, n: MountModel): boolean => m === n || (m.volume !== undefined && m.volume === n.volume) || (m.source !== undefined && m.kind === n.kind && m.source === n.source);
  return b.mounts.find((n) => persistent(n) && a.mounts.some((m) => persistent(m) && same(m, n)));
}
