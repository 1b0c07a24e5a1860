import type { AppRole, Product } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import { certaintyOf, isScaled } from "../../model/queries";
import { clusterRelated } from "../helpers";
import { defineRule } from "../rule";

/**
 * Tags that name no version: Nextcloud's `latest`, `stable`, `production` channels and their
 * variant forms (`apache`, `fpm`, `fpm-alpine`, `stable-fpm`…), as the image's tag generator
 * writes them (https://github.com/nextcloud/docker/blob/master/generate-stackbrew-library.sh);
 * ownCloud's `latest` (https://github.com/owncloud-docker/server/blob/master/README.md).
 */
const CHANNEL_TAG = /^(?:(?:latest|stable|production)(?:-(?:apache|fpm|fpm-alpine))?|apache|fpm|fpm-alpine)$/;

const EXAMPLE: Record<Product, string> = { nextcloud: "nextcloud:31.0.2-apache", owncloud: "owncloud/server:10.16.4" };

export const floatingTagInCluster = defineRule({
  meta: {
    id: "upgrade/floating-tag-in-cluster",
    severity: "warning",
    formats: ["C", "H", "K"],
    priority: "P2",
    clusterOnly: true,
    title: "A replicated app image on a tag that names no version",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags, in cluster context, Nextcloud and ownCloud app images whose tag names no version, where the installation's containers can pull on different nodes (its own replicas, or several containers of it): no tag at all (`latest`), or a channel tag (`latest`, `stable`, `production`, `apache`, `fpm`, `fpm-alpine`, `stable-apache`…). In the charts it flags an `image.tag` set to such a tag. Version tags (`31.0.2-apache`, also `31-apache`) and digests are not reported.",
      whyItMatters:
        "A channel tag moves to the next release, majors included (https://github.com/nextcloud/docker/blob/master/generate-stackbrew-library.sh). Each node pulls it on its own, so replicas of one installation can run different versions, and a redeploy upgrades the installation without anyone choosing the version. Nextcloud's entrypoint then copies the newer code into the shared volume, refuses to start an image older than the data (\"downgrading is not supported\"), and refuses to skip a major version (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh); the README asks to upgrade one major at a time (https://github.com/nextcloud/docker/blob/master/README.md). ownCloud runs `occ upgrade` with its own code at every start (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:stable-apache",
          "    deploy:",
          "      replicas: 3",
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
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No quick fix: only you know which version the installation's data is on. Pin that exact version (`nextcloud:31.0.2-apache`, `owncloud/server:10.16.4`) or a digest, and change it on purpose, one major at a time.",
      sources: [
        "https://github.com/nextcloud/docker/blob/master/generate-stackbrew-library.sh",
        "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
        "https://github.com/nextcloud/docker/blob/master/README.md",
        "https://github.com/owncloud-docker/server/blob/master/README.md",
      ],
    },
  },
  check({ model, report }) {
    if (!model.cluster.inCluster) return;
    const seen = new Set<string>();
    const appsOf = new Map<string, number>();
    for (const app of model.apps) appsOf.set(app.product, (appsOf.get(app.product) ?? 0) + 1);
    for (const app of model.apps) {
      // Only where instances of the installation can pull on different nodes: its own replicas, or several of its containers.
      const siblings = appsOf.get(app.product) ?? 0;
      if (!isScaled(app) && !app.spreadAcrossNodes && siblings < 2) continue;
      const floating = floatingTag(app);
      if (!floating || !app.image?.location) continue;
      const key = `${app.image.location.path}|${app.image.location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const product = app.product === "nextcloud" ? "Nextcloud" : "ownCloud";
      report({
        message: `${app.name} runs ${app.image.value}${floating}: that names no version, so which ${product} version a ${model.vocabulary.instance} runs depends on when its node pulled the image, and a redeploy can upgrade the installation unannounced. ${consequence(app.product)} Pin an exact version such as ${EXAMPLE[app.product]}.`,
        location: app.image.location,
        related: [...app.image.related, ...clusterRelated(model, app)],
      });
    }
  },
});

/** How the tag reads in a message (after the image) when it names no version; undefined when it names one (or is not known). */
function floatingTag(app: AppRole): string | undefined {
  const image = app.image;
  if (!image || certaintyOf(image) === "unknown" || /\$|\{\{/.test(image.value)) return undefined;
  const { tag, digest } = parseImage(image.value);
  if (digest) return undefined;
  if (tag === undefined) return ' without a tag, which means "latest"';
  return CHANNEL_TAG.test(tag) ? `, the "${tag}" tag` : undefined;
}

function consequence(product: Product): string {
  return product === "nextcloud"
    ? "Nextcloud's entrypoint refuses to start an image older than the data and to skip a major version."
    : "Each ownCloud container runs occ upgrade with its own code at start.";
}
