import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { AppRole, Product } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import type { Project } from "../../project/project";
import { defineRule } from "../rule";

/** What an image reference says about the code version it runs. */
interface ImageVersion {
  repository: string;
  /** `31.0.2` from `31.0.2-apache`; a channel such as `latest` for floating tags. */
  version?: string;
  digest?: string;
  tag?: string;
}

/** Floating Nextcloud/ownCloud tags that follow the newest release (https://github.com/nextcloud/docker/blob/master/README.md). */
const LATEST_CHANNEL = /^(latest|apache|fpm|fpm-alpine)$/;

export const versionSkew = defineRule({
  meta: {
    id: "upgrade/version-skew",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Services of one installation on different image versions",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags ownCloud/Nextcloud services of one project (web replicas, a second app service, the cron container) whose images name different versions (`nextcloud:30-fpm` next to `nextcloud:31-apache`) or different digests. Tags where one version is a prefix of the other (`31` and `31.0.2`) and variants of the same version (`31-apache`, `31-fpm`) are not reported.",
      whyItMatters:
        "They share one code volume, one config and one database. Nextcloud's entrypoint copies its own image's code into the shared `/var/www/html` (rsync with `--delete`) on install or upgrade and refuses to start when the data is newer than the image; a major more than one ahead is refused too (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). ownCloud runs `occ upgrade` with its own code at every start (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay). Two versions side by side can therefore overwrite each other's code, crash-loop after the first upgrade, or run background jobs with other code than the web nodes.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: nextcloud:30.0.8-apache",
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
          "x-nextcloud-image: &nextcloud-image nextcloud:31.0.2-apache",
          "services:",
          "  app:",
          "    image: *nextcloud-image",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: *nextcloud-image",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix gives the other service the reference service's version (the first web service), keeping its own variant suffix (`-fpm`, `-apache`) or copying the digest. Moving a service to another version is an upgrade or a downgrade of that container: check which version the data is on first. A shared YAML anchor or `${NEXTCLOUD_IMAGE}` variable keeps them together afterwards.",
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay"],
    },
  },
  check({ model, project, fix, report }) {
    for (const product of ["nextcloud", "owncloud"] as Product[]) {
      const apps = model.apps.filter((a) => a.product === product && a.image);
      const reference = apps.find((a) => a.role === "web") ?? apps[0];
      if (!reference?.image) continue;
      const want = versionOf(reference.image.value);
      for (const app of apps) {
        if (app === reference || !app.image) continue;
        const have = versionOf(app.image.value);
        if (!differ(want, have)) continue;
        report({
          message: `${app.name} runs ${app.image.value} but ${reference.name} runs ${reference.image.value}: one ${product === "nextcloud" ? "Nextcloud" : "ownCloud"} installation on two versions. ${consequence(product, app)}`,
          location: app.image.location ?? app.nameLocation,
          related: [
            { location: reference.image.location ?? reference.nameLocation, message: `${reference.name} runs ${reference.image.value}` },
            ...app.image.related,
          ],
          fixes: [alignImage(project, fix, app, want, have)],
        });
      }
    }
  },
});

function consequence(product: Product, app: AppRole): string {
  if (product === "owncloud") return "Each container runs occ upgrade with its own code at start, so they fight over the database schema.";
  if (app.role === "cron") return "Background jobs then run with other code than the web nodes, against data the newer image has upgraded.";
  return "The newer image rsyncs its code over the shared /var/www/html and the older one refuses to start once the data is newer.";
}

function versionOf(image: string): ImageVersion {
  const { repository, tag, digest } = parseImage(image);
  const effective = tag ?? "latest";
  const numeric = /^\d+(\.\d+)*/.exec(effective)?.[0];
  const channel = LATEST_CHANNEL.test(effective) ? "latest" : /^(stable|production)$/.test(effective) ? effective : undefined;
  return { repository, version: numeric ?? channel, digest, tag };
}

/** Only what the references prove: different repositories, versions that are not prefixes of each other, or two different digests. */
function differ(a: ImageVersion, b: ImageVersion): boolean {
  if (a.repository !== b.repository) return false;
  if (a.digest && b.digest) return a.digest !== b.digest;
  if (a.digest || b.digest || !a.version || !b.version) return false;
  if (a.version === b.version) return false;
  const numeric = /^\d/.test(a.version) && /^\d/.test(b.version);
  if (numeric && (a.version.startsWith(`${b.version}.`) || b.version.startsWith(`${a.version}.`))) return false;
  return true;
}

function alignImage(project: Project, fix: FixBuilder, app: AppRole, want: ImageVersion, have: ImageVersion): Fix | undefined {
  const location = app.image?.location;
  if (!location || !app.image) return undefined;
  const written = project.sourceAt(location);
  const quote = /^["']/.test(written) ? written[0] : "";
  const inner = quote ? written.slice(1, -1) : written;
  // Only a literal reference can be edited in place; `${VAR}` is the variable's business.
  if (inner !== app.image.value || inner.includes("$")) return undefined;
  let updated: string | undefined;
  if (want.digest && have.digest) updated = inner.replace(`@${have.digest}`, `@${want.digest}`);
  else if (want.version && have.version && have.tag !== undefined && /^\d/.test(want.version) && /^\d/.test(have.version)) {
    const at = inner.lastIndexOf(`:${have.tag}`);
    updated = at < 0 ? undefined : `${inner.slice(0, at + 1)}${want.version}${have.tag.slice(have.version.length)}${inner.slice(at + 1 + have.tag.length)}`;
  } else if (want.tag !== undefined) {
    const at = have.tag === undefined ? -1 : inner.lastIndexOf(`:${have.tag}`);
    updated = have.tag === undefined ? `${inner}:${want.tag}` : at < 0 ? undefined : `${inner.slice(0, at + 1)}${want.tag}${inner.slice(at + 1 + have.tag.length)}`;
  }
  if (!updated || updated === inner) return undefined;
  return fix.replace(location, `${quote}${updated}${quote}`, `Run ${updated} on ${app.name}`, "unsafe");
}
