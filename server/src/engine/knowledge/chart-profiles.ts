import type { Product } from "./catalog";
import type { CatalogEntry } from "./catalog-schema";
import { nextcloudChartValues } from "./nextcloud-chart-values";
import { owncloudChartValues } from "./owncloud-chart-values";
import { isBitnamiRepository } from "./bitnami-charts";

/**
 * What each Helm chart renders from its values, as data: which value paths set the replica count,
 * the environment the app container gets, the storage, the update strategy, cron and the bundled
 * databases. The Helm adapter reads a chart only through its profile, so a new chart is one
 * profile here (and its values in the catalog), not a change to rules.
 */

/** One way the chart renders an environment variable; the first that applies wins. */
export interface RenderedChoice {
  /** Applies when this value path is truthy (Go template truthiness). Absent: always. */
  when?: string;
  /** Applies when this value path equals the value. */
  whenEquals?: { path: string; value: string };
  /** The rendered text, fixed by the template (`<release>` stands for the release name). */
  value?: string;
  /** The rendered text comes from this value path. */
  from?: string;
  /** Applies only when these value paths are truthy as well (nested `{{ if }}`s). */
  also?: string[];
  /** Rendered from a Secret (`valueFrom.secretKeyRef`): set, its value not in the files. */
  fromSecret?: boolean;
}

export interface RenderedVariable {
  variable: string;
  choices: RenderedChoice[];
  /** What a fix writes to make the chart render the variable (values in YAML syntax). */
  setBy?: { path: string; value: string }[];
}

export interface ChartClaim {
  /** Which of the app's directories it holds. */
  label: string;
  accessMode: string;
  /** The chart takes a list of access modes. */
  list: boolean;
  /** An existing claim the chart does not create (its access mode is not the chart's to check). */
  existingClaim?: string;
  /** The claim exists only when this value is truthy (besides `persistence.enabled`). */
  enabledBy?: string;
  mountPath: { from?: string; default: string };
  /** The chart backs the claim with a static NFS PersistentVolume of its own while this value is truthy. */
  nfs?: string;
}

export interface BundledDatabase {
  engine: "mariadb" | "mysql" | "postgres";
  /** The Service name the chart gives the apps (`<release>` stands for the release name). */
  host: string;
  /** The subchart's switch. */
  enabled: string;
  name: string;
  /** The subchart's server configuration and extra flags, where isolation is set. */
  configuration?: string;
  extraFlags?: string;
  /** The subchart's persistence switch (Bitnami `primary.persistence.enabled`). */
  persistence?: string;
  /** The switch older chart versions passed instead (`master.persistence.enabled`, before October 2021): written, the chart version decides. */
  legacyPersistence?: string;
  /**
   * The subchart's `architecture` and `primary.name`: with `architecture: replication` the
   * Bitnami chart names the primary's Service `<fullname>-<primary.name>` (default `primary`)
   * instead of `<fullname>`, and the parent chart points the app at that primary.
   */
  replication?: { architecture: string; primaryName: string; source: string };
}

export interface ChartProfile {
  /** The chart's name in its Chart.yaml (and in a HelmRelease's chart reference). */
  chart: string;
  product: Product;
  /** Every value the chart reads, with defaults: the catalog's entries for this chart. */
  values: readonly CatalogEntry[];
  /** The app's name in messages. */
  appName: string;
  /** What a value of this chart is called in hovers ("nextcloud/helm chart value"). */
  valueLabel: string;
  sources: string[];
  /** Keys only this chart has at the top level: a values layer without Chart.yaml is recognised by them. */
  signatureKeys: string[];
  /**
   * Every top-level key the chart's values.yaml has had (subcharts and `global` included), across
   * its history, so that a key outside it is one no version of the chart reads.
   */
  topLevelKeys: string[];
  replicas: { count: string; autoscale: string; autoscaleMax: string; autoscaleMaxDefault: number };
  env: RenderedVariable[];
  persistence: { enabled: string; claims: ChartClaim[]; emptyDirPath: string; wholeBlock: string };
  /** The Deployment's update strategy value; absent: the chart sets none (Kubernetes rolls). */
  strategy?: { type: string; companion: string };
  stickySessions?: { path: string; value: string };
  /** `on`: what a fix writes into `enabled` (a string for a chart that tests strings); default `true`. */
  cron: {
    enabled: string;
    name: string;
    type?: { path: string; single: string; singleName: string; multiName: string };
    on?: string;
    /** The security contexts of the per-instance runner: its container's, then its pod's (the container's wins). */
    securityContexts?: string[];
    /** The values that set the per-instance runner's command (the current key, then the one older charts read). */
    commands?: string[];
  };
  /** `{{ if not .Values.<skip> }}` adds an init container that chowns the volume at every start; a fix writes `skipValue`. */
  chownInit?: { skip: string; skipValue: string };
  /** The SQLite switch that wins over every bundled or external database. */
  internalDatabase?: { enabled: string; name: string };
  databases: BundledDatabase[];
  externalDatabase?: { enabled: string; type: string; host: string; types: Record<string, "mysql" | "postgres">; name?: string; otherwise?: string };
  redisSubchart?: {
    enabled: string;
    name: string;
    host: string;
    /**
     * Where the subchart and the app both read the Redis password from a Secret instead of the
     * chart's published default. A fix that turns the subchart on points these at a Secret the
     * operator creates, so it never turns on a Redis with the default password.
     */
    passwordSecret?: { auth: string; password: string; defaultPassword: string; secret: string; key: string; suggestedSecret: string; suggestedKey: string; source: string };
  };
  /** A list of extra containers the chart adds to every app pod (a Redis among them is one Redis per pod). */
  sidecars?: string;
  /**
   * A list of `{name, value | valueFrom}` the chart appends to the app's rendered environment
   * (web and cron alike); a name the chart renders too is overridden, as the kubelet keeps the
   * last entry of a name.
   */
  extraEnv?: { path: string; source: string };
  /** A map of file name → contents the chart writes into the app's config directory (`nextcloud.configs`). */
  configFiles?: { path: string; source: string };
  /** Where the chart puts a secret written in its values, and what to do instead. */
  secretAdvice: string;
  /** Values the chart does not render while a switch is on (its own Secret is replaced by an existing one). */
  ignoredWhen?: { switch: string; values: string[]; source: string }[];
  /** The values that name the app image; an empty tag renders the chart's appVersion. */
  image?: { repository: string; tag: string; flavor?: string };
  /** The chart's Ingress: its switch, its `tls` list (copied into the Ingress as it is) and the value that names its host. */
  ingress?: { enabled: string; tls: string; host: string };
  /** The values that set `runAsUser` for the web container and for each form of the cron runner, the first that is set winning. */
  runAsUser?: { web: string[]; perInstanceCron: string[]; singleCron: string[] };
}

export const chartProfiles: readonly ChartProfile[] = [
  {
    chart: "nextcloud",
    product: "nextcloud",
    values: nextcloudChartValues,
    appName: "nextcloud",
    // templates/_helpers.tpl "nextcloud.image": without image.tag, the tag is `<appVersion>-<image.flavor>`.
    image: { repository: "image.repository", tag: "image.tag", flavor: "image.flavor" },
    ingress: { enabled: "ingress.enabled", tls: "ingress.tls", host: "nextcloud.host" },
    // templates/deployment.yaml and cronjob.yaml: container securityContext over the pod's (podSecurityContext, then the deprecated top-level securityContext).
    runAsUser: {
      web: ["nextcloud.securityContext.runAsUser", "nextcloud.podSecurityContext.runAsUser", "securityContext.runAsUser"],
      perInstanceCron: ["cronjob.sidecar.securityContext.runAsUser", "nextcloud.podSecurityContext.runAsUser", "securityContext.runAsUser"],
      singleCron: ["cronjob.cronjob.securityContext.runAsUser", "nextcloud.podSecurityContext.runAsUser", "securityContext.runAsUser"],
    },
    valueLabel: "nextcloud/helm chart value",
    sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl"],
    signatureKeys: ["replicaCount", "hpa", "internalDatabase", "externalDatabase", "externalRedis", "cronjob", "mariadb", "postgresql", "nginx", "imaginary", "phpClientHttpsFix", "collabora"],
    // charts/nextcloud/values.yaml over its 145 versions up to c968d8b (2026-07); the templates read no other top-level key.
    topLevelKeys: [
      "affinity", "collabora", "cronjob", "deplomentLabels", "deploymentAnnotations", "deploymentLabels", "dnsConfig", "externalDatabase",
      "externalRedis", "extraManifests", "fullnameOverride", "global", "hpa", "httpRoute", "image", "imaginary", "ingress", "internalDatabase",
      "lifecycle", "livenessProbe", "mariadb", "metrics", "nameOverride", "nextcloud", "nginx", "nodeSelector", "persistence", "phpClientHttpsFix",
      "podAnnotations", "podLabels", "postgresql", "priorityClassName", "prometheus", "rbac", "readinessProbe", "redis", "replicaCount", "resources",
      "securityContext", "service", "startupProbe", "tolerations", "topologySpreadConstraints",
    ],
    replicas: { count: "replicaCount", autoscale: "hpa.enabled", autoscaleMax: "hpa.maxPods", autoscaleMaxDefault: 10 },
    env: [
      {
        variable: "SQLITE_DATABASE",
        choices: [{ when: "internalDatabase.enabled", from: "internalDatabase.name" }],
      },
      {
        variable: "MYSQL_HOST",
        choices: [
          { when: "internalDatabase.enabled" },
          // bitnami/mariadb _helpers.tpl "mariadb.primary.fullname": replication names the primary `<fullname>-primary`.
          { when: "mariadb.enabled", whenEquals: { path: "mariadb.architecture", value: "replication" }, value: "<release>-mariadb-primary" },
          { when: "mariadb.enabled", value: "<release>-mariadb" },
          { when: "postgresql.enabled" },
          { whenEquals: { path: "externalDatabase.type", value: "postgresql" } },
          { from: "externalDatabase.host" },
        ],
      },
      {
        variable: "POSTGRES_HOST",
        choices: [
          { when: "internalDatabase.enabled" },
          { when: "mariadb.enabled" },
          // bitnami/postgresql _helpers.tpl "postgresql.v1.primary.fullname": replication names the primary `<fullname>-primary`.
          { when: "postgresql.enabled", whenEquals: { path: "postgresql.architecture", value: "replication" }, value: "<release>-postgresql-primary" },
          { when: "postgresql.enabled", value: "<release>-postgresql" },
          { whenEquals: { path: "externalDatabase.type", value: "postgresql" }, from: "externalDatabase.host" },
        ],
      },
      {
        variable: "REDIS_HOST",
        choices: [{ when: "redis.enabled", value: "<release>-redis-master" }, { when: "externalRedis.enabled", from: "externalRedis.host" }],
        setBy: [{ path: "redis.enabled", value: "true" }],
      },
      // templates/_helpers.tpl "nextcloud.env.redis": the subchart's password, from its existing
      // Secret or as written; for an external Redis from its Secret or externalRedis.password.
      {
        variable: "REDIS_HOST_PASSWORD",
        choices: [
          { when: "redis.enabled", also: ["redis.auth.enabled", "redis.auth.existingSecret", "redis.auth.existingSecretPasswordKey"], fromSecret: true },
          { when: "redis.enabled", also: ["redis.auth.enabled"], from: "redis.auth.password" },
          { when: "redis.enabled" },
          { when: "externalRedis.enabled", also: ["externalRedis.existingSecret.enabled", "externalRedis.existingSecret.secretName", "externalRedis.existingSecret.passwordKey"], fromSecret: true },
          { when: "externalRedis.enabled", also: ["externalRedis.existingSecret.enabled"] },
          { when: "externalRedis.enabled", also: ["externalRedis.password"], from: "externalRedis.password" },
        ],
      },
      // templates/_helpers.tpl: `{{- if .Values.phpClientHttpsFix.enabled }}` renders OVERWRITEPROTOCOL from phpClientHttpsFix.protocol.
      {
        variable: "OVERWRITEPROTOCOL",
        choices: [{ when: "phpClientHttpsFix.enabled", from: "phpClientHttpsFix.protocol" }],
        setBy: [
          { path: "phpClientHttpsFix.enabled", value: "true" },
          { path: "phpClientHttpsFix.protocol", value: "https" },
        ],
      },
      // templates/_helpers.tpl renders the OBJECTSTORE_* variables only under each store's `enabled`;
      // a bucket from `existingSecret` is a secretKeyRef the values do not show (rendered here as the empty `bucket`).
      { variable: "OBJECTSTORE_S3_BUCKET", choices: [{ when: "nextcloud.objectStore.s3.enabled", from: "nextcloud.objectStore.s3.bucket" }] },
      { variable: "OBJECTSTORE_SWIFT_URL", choices: [{ when: "nextcloud.objectStore.swift.enabled", from: "nextcloud.objectStore.swift.url" }] },
    ],
    persistence: {
      enabled: "persistence.enabled",
      claims: [
        { label: "the main volume (/var/www/html)", accessMode: "persistence.accessMode", list: false, existingClaim: "persistence.existingClaim", mountPath: { default: "/var/www/html" } },
        {
          label: "the data volume",
          accessMode: "persistence.nextcloudData.accessMode",
          list: false,
          existingClaim: "persistence.nextcloudData.existingClaim",
          enabledBy: "persistence.nextcloudData.enabled",
          mountPath: { from: "nextcloud.datadir", default: "/var/www/html/data" },
        },
      ],
      emptyDirPath: "/var/www/html",
      wholeBlock: "{enabled: true, accessMode: ReadWriteMany}",
    },
    strategy: { type: "nextcloud.strategy.type", companion: "nextcloud.strategy.rollingUpdate" },
    stickySessions: { path: "service.sessionAffinity", value: "ClientIP" },
    cron: { enabled: "cronjob.enabled", name: "nextcloud-cron", type: { path: "cronjob.type", single: "cronjob", singleName: "nextcloud-cron (CronJob)", multiName: "nextcloud-cron (sidecar)" }, securityContexts: ["cronjob.sidecar.securityContext", "nextcloud.podSecurityContext"], commands: ["cronjob.sidecar.command", "cronjob.command"] },
    internalDatabase: { enabled: "internalDatabase.enabled", name: "internalDatabase.name" },
    databases: [
      { engine: "mariadb", host: "<release>-mariadb", enabled: "mariadb.enabled", name: "the MariaDB subchart", configuration: "mariadb.primary.configuration", extraFlags: "mariadb.primary.extraFlags", persistence: "mariadb.primary.persistence.enabled", legacyPersistence: "mariadb.master.persistence.enabled",
        // bitnami/mariadb templates/_helpers.tpl "mariadb.primary.fullname"; nextcloud _helpers.tpl sets MYSQL_HOST from it.
        replication: { architecture: "mariadb.architecture", primaryName: "mariadb.primary.name", source: "https://github.com/bitnami/charts/blob/main/bitnami/mariadb/templates/_helpers.tpl" } },
      { engine: "postgres", host: "<release>-postgresql", enabled: "postgresql.enabled", name: "the PostgreSQL subchart", persistence: "postgresql.primary.persistence.enabled", legacyPersistence: "postgresql.master.persistence.enabled",
        // bitnami/postgresql templates/_helpers.tpl "postgresql.v1.primary.fullname"; nextcloud _helpers.tpl sets POSTGRES_HOST from it.
        replication: { architecture: "postgresql.architecture", primaryName: "postgresql.primary.name", source: "https://github.com/bitnami/charts/blob/main/bitnami/postgresql/templates/_helpers.tpl" } },
    ],
    externalDatabase: { enabled: "externalDatabase.enabled", type: "externalDatabase.type", host: "externalDatabase.host", types: { mysql: "mysql", postgresql: "postgres" }, name: "the external database", otherwise: "MySQL" },
    redisSubchart: {
      enabled: "redis.enabled",
      name: "the Redis subchart",
      host: "<release>-redis-master",
      // values.yaml: `existingSecret` "must be created ahead of time"; _helpers.tpl reads it into REDIS_HOST_PASSWORD by secretKeyRef.
      passwordSecret: {
        auth: "redis.auth.enabled",
        password: "redis.auth.password",
        defaultPassword: "changeme",
        secret: "redis.auth.existingSecret",
        key: "redis.auth.existingSecretPasswordKey",
        suggestedSecret: "nextcloud-redis",
        suggestedKey: "redis-password",
        source: "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml",
      },
    },
    secretAdvice: "keep it in a Kubernetes Secret (the chart's existingSecret options) instead",
    sidecars: "nextcloud.extraSidecarContainers",
    // `nextcloud.env` ends with `{{ toYaml .Values.nextcloud.extraEnv }}`.
    extraEnv: { path: "nextcloud.extraEnv", source: "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl" },
    // values.yaml: "Extra config files created in /var/www/html/config/".
    configFiles: { path: "nextcloud.configs", source: "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml" },
    // templates/secrets.yaml renders its Secret only `if not .Values.nextcloud.existingSecret.enabled`.
    ignoredWhen: [
      {
        switch: "nextcloud.existingSecret.enabled",
        values: ["nextcloud.username", "nextcloud.password", "metrics.token", "nextcloud.mail.smtp.name", "nextcloud.mail.smtp.password", "nextcloud.mail.smtp.host"],
        source: "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/secrets.yaml",
      },
    ],
  },
  {
    chart: "owncloud",
    product: "owncloud",
    values: owncloudChartValues,
    appName: "owncloud",
    image: { repository: "image.repository", tag: "image.tag" },
    ingress: { enabled: "ingress.enabled", tls: "ingress.tls", host: "owncloud.domain" },
    valueLabel: "ownCloud chart value",
    sources: [
      "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/values.yaml",
      "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml",
    ],
    signatureKeys: ["replicas", "autoscaling"],
    // charts/owncloud/values.yaml over its 20 versions up to a1c44a3; the templates read no other top-level key.
    topLevelKeys: [
      "affinity", "autoscaling", "externalDatabase", "fullnameOverride", "image", "imagePullSecrets", "ingress", "initResources", "mariadb",
      "nameOverride", "nodeSelector", "owncloud", "persistence", "podAnnotations", "podSecurityContext", "redis", "replicaCount", "replicas",
      "resources", "securityContext", "service", "serviceAccount", "tolerations",
    ],
    replicas: { count: "replicas", autoscale: "autoscaling.enabled", autoscaleMax: "autoscaling.maxReplicas", autoscaleMaxDefault: 10 },
    env: [
      { variable: "OWNCLOUD_DB_TYPE", choices: [{ from: "owncloud.db.type" }] },
      // templates/envconfigmap.yaml: OWNCLOUD_OBJECTSTORE_* only `if .Values.owncloud.objectstore.enabled`.
      { variable: "OWNCLOUD_OBJECTSTORE_ENABLED", choices: [{ when: "owncloud.objectstore.enabled", value: "true" }] },
      // templates/envconfigmap.yaml renders `owncloud.log.file` ("" by default: the image then logs to the files volume).
      { variable: "OWNCLOUD_LOG_FILE", choices: [{ from: "owncloud.log.file" }] },
      { variable: "OWNCLOUD_SESSION_SAVE_HANDLER", choices: [{ from: "owncloud.session.saveHandler" }] },
      { variable: "OWNCLOUD_SESSION_SAVE_PATH", choices: [{ from: "owncloud.session.savePath" }] },
      // `{{- if .Values.owncloud.redis.enabled }}` emits "true": any non-empty string, "false" included, turns Redis on
      // (templates/envconfigmap.yaml). Off, the variable is not emitted and the image's default false applies.
      {
        variable: "OWNCLOUD_REDIS_ENABLED",
        choices: [{ when: "owncloud.redis.enabled", value: "true" }, { from: "owncloud.redis.enabled" }],
        setBy: [{ path: "owncloud.redis.enabled", value: "true" }],
      },
      { variable: "OWNCLOUD_REDIS_HOST", choices: [{ when: "owncloud.redis.enabled", from: "owncloud.redis.host" }] },
      { variable: "OWNCLOUD_REDIS_PORT", choices: [{ from: "owncloud.redis.port" }] },
      { variable: "OWNCLOUD_REDIS_PASSWORD", choices: [{ when: "owncloud.redis.enabled", from: "owncloud.redis.password" }] },
      // The chart's ConfigMap hard-codes these two: cron runs from a CronJob, chown from an init container.
      { variable: "OWNCLOUD_CROND_ENABLED", choices: [{ value: "false" }] },
      { variable: "OWNCLOUD_SKIP_CHOWN", choices: [{ value: "true" }] },
      // templates/envconfigmap.yaml quotes these as they are; the image fills an empty one with its default.
      { variable: "OWNCLOUD_PROTOCOL", choices: [{ from: "owncloud.protocol" }] },
      { variable: "OWNCLOUD_OVERWRITE_PROTOCOL", choices: [{ from: "owncloud.overwriteProtocol" }] },
      { variable: "OWNCLOUD_OVERWRITE_CLI_URL", choices: [{ from: "owncloud.overwriteCliUrl" }] },
      // envconfigmap.yaml: OWNCLOUD_ADMIN_PASSWORD: {{ .Values.owncloud.adminPassword | quote }} (chart default "owncloud").
      { variable: "OWNCLOUD_ADMIN_PASSWORD", choices: [{ from: "owncloud.adminPassword" }] },
      // Caching and Redis Cluster settings, each copied from its value (templates/envconfigmap.yaml).
      { variable: "OWNCLOUD_MEMCACHED_ENABLED", choices: [{ from: "owncloud.memcachedEnabled" }] },
      { variable: "OWNCLOUD_MEMCACHE_LOCKING", choices: [{ from: "owncloud.memcacheLocking" }] },
      { variable: "OWNCLOUD_REDIS_SEEDS", choices: [{ from: "owncloud.redis.seeds" }] },
      // The image reads it only with Redis on (locking/redis-failover-distribute checks that); visible here so a fix turning Redis on sees it.
      { variable: "OWNCLOUD_REDIS_FAILOVER_MODE", choices: [{ when: "owncloud.redis.enabled", from: "owncloud.redis.failoverMode" }, { from: "owncloud.redis.failoverMode" }] },
    ],
    persistence: {
      enabled: "persistence.enabled",
      claims: [{ label: "the /mnt/data volume", accessMode: "persistence.owncloud.accessMode", list: true, mountPath: { from: "owncloud.volume.root", default: "/mnt/data" }, nfs: "persistence.owncloud.nfs.enabled" }],
      emptyDirPath: "/mnt/data",
      wholeBlock: "{enabled: true, owncloud: {accessMode: [ReadWriteMany]}}",
    },
    cron: { enabled: "owncloud.crondEnabled", name: "owncloud-cron (CronJob)", on: '"true"' },
    chownInit: { skip: "owncloud.skipChown", skipValue: '"true"' },
    databases: [],
    secretAdvice: "the ownCloud chart renders it into the ConfigMap owncloud-env-config in clear text; inject it from a Secret instead",
  },
];

export function chartProfileOf(chart: string | undefined): ChartProfile | undefined {
  return chartProfiles.find((p) => p.chart === chart);
}

/**
 * Our chart profile for a chart deployed from `repository` (when the files name it). Bitnami
 * publishes another chart under our name: its `owncloud` chart
 * (https://github.com/bitnami/charts/tree/main/bitnami/owncloud) has values of its own
 * (`extraEnvVarsSecret` names a Secret), so its releases are not read as the ownCloud chart's.
 */
export function ourChartFrom(chart: string | undefined, repository: string | undefined): ChartProfile | undefined {
  return repository !== undefined && isBitnamiRepository(repository) ? undefined : chartProfileOf(chart);
}
