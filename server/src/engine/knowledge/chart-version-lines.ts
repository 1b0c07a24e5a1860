/**
 * Which chart defaults hold for which chart version. The catalog's defaults are the chart's
 * values.yaml at one version (`catalogVersion`); a release that pins another release line (a
 * major version, or `0.minor` for a 0.x chart) gets the catalog default only where every version
 * of that line has the same default in its values.yaml, and an unknown default elsewhere.
 * `differ` lists, per line, the catalog defaults its values.yaml differs in (in any version of the
 * line, or the key is missing there), compared tag by tag (`source`: its last version).
 * `templateDefaults` come from the templates (`default` in a template), not values.yaml: they are
 * unknown for any other line. A line not listed (older than the first tag, newer than the
 * catalog) has every default unknown.
 */
export interface ChartVersionLines {
  chart: string;
  /** The version the catalog's defaults are, as its Chart.yaml says, and the line it belongs to. */
  catalogVersion: string;
  catalogLine: string;
  lines: readonly { line: string; differ: readonly string[]; source: string }[];
  templateDefaults: readonly string[];
}

export const chartVersionLines: readonly ChartVersionLines[] = [
  {
    chart: "nextcloud",
    // charts/nextcloud/Chart.yaml at c968d8b: version 9.2.4 (https://github.com/nextcloud/helm/blob/nextcloud-9.2.4/charts/nextcloud/Chart.yaml).
    catalogVersion: "9.2.4",
    catalogLine: "9",
    lines: [
      {
        line: "2",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalDatabase.host",
          "externalDatabase.password",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "image.flavor",
          "livenessProbe.initialDelaySeconds",
          "livenessProbe.periodSeconds",
          "mariadb.architecture",
          "mariadb.auth.password",
          "mariadb.primary.persistence.enabled",
          "nextcloud.containerPort",
          "nextcloud.existingSecret.enabled",
          "nextcloud.objectStore.s3.autoCreate",
          "nextcloud.objectStore.s3.region",
          "nextcloud.objectStore.s3.ssl",
          "nextcloud.objectStore.s3.storageClass",
          "nextcloud.trustedDomains",
          "persistence.nextcloudData.accessMode",
          "persistence.nextcloudData.enabled",
          "persistence.nextcloudData.size",
          "phpClientHttpsFix.enabled",
          "phpClientHttpsFix.protocol",
          "postgresql.enabled",
          "postgresql.global.postgresql.auth.password",
          "postgresql.primary.persistence.enabled",
          "readinessProbe.initialDelaySeconds",
          "readinessProbe.periodSeconds",
          "redis.auth.enabled",
          "redis.auth.password",
          "redis.master.persistence.enabled",
          "redis.replica.persistence.enabled",
          "service.sessionAffinity",
          "startupProbe.enabled",
          "startupProbe.failureThreshold",
          "startupProbe.initialDelaySeconds",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-2.14.6/charts/nextcloud/values.yaml",
      },
      {
        line: "3",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalDatabase.host",
          "externalDatabase.password",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "image.flavor",
          "nextcloud.containerPort",
          "nextcloud.objectStore.s3.autoCreate",
          "nextcloud.objectStore.s3.region",
          "nextcloud.objectStore.s3.ssl",
          "nextcloud.objectStore.s3.storageClass",
          "nextcloud.trustedDomains",
          "redis.master.persistence.enabled",
          "redis.replica.persistence.enabled",
          "service.sessionAffinity",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-3.5.22/charts/nextcloud/values.yaml",
      },
      {
        line: "4",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalDatabase.host",
          "externalDatabase.password",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "image.flavor",
          "nextcloud.objectStore.s3.autoCreate",
          "nextcloud.objectStore.s3.region",
          "nextcloud.objectStore.s3.ssl",
          "nextcloud.objectStore.s3.storageClass",
          "nextcloud.trustedDomains",
          "redis.master.persistence.enabled",
          "redis.replica.persistence.enabled",
          "service.sessionAffinity",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-4.6.11/charts/nextcloud/values.yaml",
      },
      {
        line: "5",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalDatabase.host",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "nextcloud.objectStore.s3.autoCreate",
          "nextcloud.objectStore.s3.region",
          "nextcloud.objectStore.s3.ssl",
          "nextcloud.objectStore.s3.storageClass",
          "nextcloud.trustedDomains",
          "redis.master.persistence.enabled",
          "redis.replica.persistence.enabled",
          "service.sessionAffinity",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-5.5.6/charts/nextcloud/values.yaml",
      },
      {
        line: "6",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalDatabase.host",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "service.sessionAffinity",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-6.6.10/charts/nextcloud/values.yaml",
      },
      {
        line: "7",
        differ: [
          "cronjob.cronjob.schedule",
          "cronjob.type",
          "externalRedis.enabled",
          "externalRedis.existingSecret.passwordKey",
          "externalRedis.host",
          "externalRedis.password",
          "service.sessionAffinity",
        ],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-7.0.4/charts/nextcloud/values.yaml",
      },
      {
        line: "8",
        differ: [],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-8.9.1/charts/nextcloud/values.yaml",
      },
      {
        line: "9",
        differ: [],
        source:
          "https://github.com/nextcloud/helm/blob/nextcloud-9.2.4/charts/nextcloud/values.yaml",
      },
    ],
    templateDefaults: [
      "nextcloud.strategy",
      "nextcloud.objectStore.s3.port",
      "externalRedis.port",
    ],
  },
  {
    chart: "owncloud",
    // charts/owncloud at a1c44a3, eleven commits after the v0.8.0 tag (its Chart.yaml says 0.0.0-devel: https://github.com/owncloud-docker/helm-charts/blob/main/charts/owncloud/Chart.yaml).
    catalogVersion: "0.8.0",
    catalogLine: "0.8",
    lines: [
      {
        line: "0.1",
        differ: [
          "owncloud.adminPassword",
          "owncloud.adminUsername",
          "owncloud.crondSchedule",
          "owncloud.db.host",
          "owncloud.db.name",
          "owncloud.db.password",
          "owncloud.db.prefix",
          "owncloud.db.type",
          "owncloud.db.username",
          "owncloud.objectstore.enabled",
          "owncloud.objectstore.region",
          "owncloud.redis.enabled",
          "owncloud.redis.host",
          "owncloud.redis.password",
          "owncloud.redis.sessionLockingEnabled",
          "owncloud.session.saveHandler",
          "owncloud.session.savePath",
          "owncloud.trustedDomains",
          "owncloud.volume.apps",
          "owncloud.volume.config",
          "owncloud.volume.files",
          "owncloud.volume.root",
          "owncloud.volume.sessions",
          "persistence.owncloud.storageClassName",
        ],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.1.0/charts/owncloud/values.yaml",
      },
      {
        line: "0.2",
        differ: [
          "owncloud.trustedDomains",
          "persistence.owncloud.storageClassName",
        ],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.2.0/charts/owncloud/values.yaml",
      },
      {
        line: "0.3",
        differ: [
          "owncloud.trustedDomains",
          "persistence.owncloud.storageClassName",
        ],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.3.0/charts/owncloud/values.yaml",
      },
      {
        line: "0.4",
        differ: [],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.4.1/charts/owncloud/values.yaml",
      },
      {
        line: "0.5",
        differ: [],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.5.3/charts/owncloud/values.yaml",
      },
      {
        line: "0.6",
        differ: [],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.6.2/charts/owncloud/values.yaml",
      },
      {
        line: "0.7",
        differ: [],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.7.1/charts/owncloud/values.yaml",
      },
      {
        line: "0.8",
        differ: [],
        source:
          "https://github.com/owncloud-docker/helm-charts/blob/v0.8.0/charts/owncloud/values.yaml",
      },
    ],
    templateDefaults: [
      "autoscaling.metrics",
      "owncloud.crondEnabled",
      "owncloud.skipChown",
      "owncloud.db.timeout",
      "owncloud.db.fail",
      "owncloud.redis.port",
      "owncloud.redis.startupTimeout",
      "owncloud.redis.sessionLockRetries",
      "owncloud.redis.sessionLockWaitTime",
      "owncloud.objectstore.pathstyle",
      "owncloud.configExtra",
      "persistence.owncloud.nfs",
    ],
  },
];

/** The release line a version or a range pins (`6.6.4`, `6.6.x`, `^6.1.0`, `~0.7.0`, `v9`); undefined when it spans lines or is no version (`>=5`, `*`, `main`). */
export function releaseLineOf(version: string | undefined): string | undefined {
  const match =
    /^\s*[v=^~]*\s*(\d+)(?:\.(\d+|[xX*]))?(?:\.(?:\d+|[xX*]))?(?:[-+][\w.-]*)?\s*$/.exec(
      version ?? "",
    );
  if (!match) return undefined;
  if (match[1] !== "0") return String(Number(match[1]));
  return match[2] !== undefined && /^\d+$/.test(match[2])
    ? `0.${Number(match[2])}`
    : undefined;
}

/**
 * The chart defaults that are unknown for a release of this version: none for the catalog's own
 * line or a version that pins no line, the differing ones for a listed line, every one ("all")
 * for a line the catalog does not know.
 */
export function unknownDefaultsFor(
  chart: string,
  version: string | undefined,
): ReadonlySet<string> | "all" {
  const table = chartVersionLines.find((t) => t.chart === chart);
  const line = releaseLineOf(version);
  if (!table || line === undefined || line === table.catalogLine)
    return new Set();
  const known = table.lines.find((l) => l.line === line);
  if (!known) return "all";
  return new Set([...known.differ, ...table.templateDefaults]);
}
