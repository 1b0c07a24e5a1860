import type { CatalogEntry } from "./catalog-schema";
import { type CatalogEntryInput, parseCatalogEntries } from "./parse-catalog-entries";

const composeSpec = "https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json";
const volumeDocs = "https://docs.docker.com/engine/storage/volumes/";

const inputs: CatalogEntryInput[] = [
  // Replica count: what makes a Compose/Swarm deployment a cluster (RULES.md "Cluster context").
  {
    name: "services.*.deploy.replicas",
    type: "integer",
    minimum: 0,
    meaning: "Number of containers of the service.",
    cluster: "More than one replica of an ownCloud/Nextcloud service is a cluster: shared storage and one shared Redis become mandatory, and background jobs belong to one cron runner.",
    source: composeSpec,
  },
  {
    name: "services.*.deploy.mode",
    type: "enum",
    enumValues: ["replicated", "global"],
    default: "replicated",
    meaning: "`replicated` runs deploy.replicas containers; `global` runs one container on every swarm node.",
    cluster: "`global` is a cluster as soon as the swarm has more than one node; a global Redis is per node.",
    source: composeSpec,
  },
  {
    name: "services.*.scale",
    type: "integer",
    minimum: 0,
    meaning: "Number of containers of the service (Compose without Swarm).",
    cluster: "More than one is a cluster, like deploy.replicas.",
    source: composeSpec,
  },
  {
    name: "services.*.deploy.update_config.parallelism",
    type: "integer",
    minimum: 0,
    meaning: "How many containers a rolling update replaces at a time.",
    cluster:
      "Above 1, several replicas run install/upgrade at the same time; ownCloud has no coordination at all and Nextcloud's flock only covers replicas on the same shared volume.",
    source: `https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/owncloud-docker/base/tree/master/v24.04/overlay, ${composeSpec}`,
  },
  {
    name: "services.*.deploy.update_config.order",
    type: "enum",
    enumValues: ["start-first", "stop-first"],
    default: "stop-first",
    meaning: "Whether a rolling update stops the old container before starting the new one.",
    cluster:
      "`start-first` can let old and new image versions serve from the shared volume at the same time while the new one upgrades it (an inference); `stop-first` avoids the overlap.",
    source: `https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, ${composeSpec}`,
  },

  // Service settings the cluster rules read.
  {
    name: "services.*.image",
    type: "string",
    meaning: "Image of the service.",
    cluster:
      "All services of one installation (web replicas, cron) must run the same image version: the entrypoint copies the image's code into the shared volume and refuses to start when the data is newer than the image.",
    source: "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
  },
  {
    name: "services.*.command",
    type: "any",
    meaning: "Command of the container.",
    cluster:
      "For Nextcloud, a command other than apache/php-fpm (e.g. supervisord, /cron.sh) skips install, upgrade and the Redis session setup unless NEXTCLOUD_UPDATE=1.",
    source: "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh",
  },
  {
    name: "services.*.entrypoint",
    type: "any",
    meaning: "Entrypoint of the container; the Nextcloud cron examples use /cron.sh.",
    cluster:
      "A custom entrypoint skips the Nextcloud entrypoint's install/upgrade logic; the cron container must still share the web containers' volumes and environment.",
    source: "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/tree/master/.examples",
  },
  {
    name: "services.*.user",
    type: "string",
    meaning: "User the container runs as.",
    cluster:
      "The Nextcloud cron container must run as root; across roles the numeric web user (33, 82 on Alpine) must match the owner of the shared files.",
    source: "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/tree/master/.examples",
  },
  {
    name: "services.*.environment",
    type: "any",
    meaning: "Environment variables of the service.",
    cluster:
      "Nextcloud reads REDIS_*, OBJECTSTORE_*, SMTP_*/MAIL_*, TRUSTED_PROXIES, OVERWRITE* and FORWARDED_FOR_HEADERS on every request, so web and cron services need the same values.",
    source: "https://github.com/nextcloud/docker/tree/master/.config",
  },
  {
    name: "services.*.env_file",
    type: "any",
    meaning: "Files whose variables are added to the service environment.",
    cluster:
      "One shared env_file keeps runtime settings identical across web and cron services; its variables are not available for `${}` interpolation in the Compose file.",
    source: composeSpec,
  },
  {
    name: "services.*.volumes",
    type: "any",
    meaning: "Mounts of the service.",
    cluster:
      "The Nextcloud cron container must mount exactly what the web containers mount; mounts under /var/www/html other than config, data, custom_apps and themes are overwritten by upgrades.",
    source: "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh, https://github.com/nextcloud/docker/blob/master/docker-cron.sh, https://github.com/nextcloud/docker/tree/master/.examples",
  },
  {
    name: "services.*.volumes_from",
    type: "any",
    meaning: "Mounts all volumes of another service.",
    cluster: "With the fpm image the web server needs the same /var/www/html as the app container.",
    source: "https://github.com/nextcloud/docker/blob/master/README.md, https://github.com/nextcloud/docker/tree/master/.examples",
  },
  {
    name: "services.*.ports",
    type: "any",
    meaning: "Published ports.",
    cluster: "Publishing the port of the official redis image without a password exposes it: that image turns protected mode off.",
    source: "https://redis.io/docs/latest/operate/oss_and_stack/management/security/",
  },

  // Top-level volumes on network storage (https://docs.docker.com/engine/storage/volumes/).
  {
    name: "volumes.*.driver",
    type: "string",
    default: "local",
    meaning: "Volume driver.",
    cluster: "",
    source: volumeDocs,
  },
  {
    name: "volumes.*.driver_opts.type",
    type: "string",
    meaning: "Filesystem type for the local driver: `nfs`, `nfs4` or `cifs` mount a network share.",
    cluster:
      "Tells the linter the volume is network storage: no databases on it, and NFS locking and mount options matter for the init lock and file integrity.",
    source: volumeDocs,
  },
  {
    name: "volumes.*.driver_opts.o",
    type: "list",
    listSeparator: "comma",
    meaning:
      "Comma-separated mount options; `addr=` names the server. Relevant: nfsvers/vers, hard/soft, nolock, local_lock, actimeo/acregmax/acdirmax/noac, sync/async, tcp/proto, uid/gid/file_mode/dir_mode and nobrl (cifs).",
    cluster:
      "`nolock` or `local_lock` makes locks node-local, `soft` turns network hiccups into I/O errors, and credentials here are stored in clear text.",
    source: `https://man7.org/linux/man-pages/man5/nfs.5.html, ${volumeDocs}`,
  },
  {
    name: "volumes.*.driver_opts.device",
    type: "string",
    meaning: "What to mount: `:/export/path` for NFS (leading colon), `//server/share` for CIFS.",
    cluster: "",
    source: volumeDocs,
  },
];

/** Compose keys the cluster rules read, with `*` for service and volume names. */
export const composeKeys: readonly CatalogEntry[] = parseCatalogEntries("compose", inputs);
