import type { CatalogEntry } from "./catalog-schema";
import { type CatalogEntryInput, parseCatalogEntries } from "./parse-catalog-entries";

const accessModeDocs = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes";
const clusterDocs =
  "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html";

// Every owncloud.* value lands in the ConfigMap `owncloud-env-config`, not in a Secret.
const configMapSecret = "Rendered in clear text into the ConfigMap owncloud-env-config (the chart creates no Secret for it).";
const configMapSource = "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud";

function envValue(name: string, variable: string, extra: Partial<CatalogEntryInput> = {}): CatalogEntryInput {
  return {
    name,
    type: "string",
    meaning: `Rendered as ${variable} in the ConfigMap owncloud-env-config.`,
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
    ...extra,
  };
}

function brokenVolumeValue(key: string, defaultPath: string): CatalogEntryInput {
  return {
    name: `owncloud.volume.${key}`,
    type: "path",
    default: defaultPath,
    meaning:
      "The env ConfigMap reads a differently named key, so the image never sees this value and keeps its /mnt/data defaults; the PVC mount path and the mkdir init container do use owncloud.volume.root.",
    cluster: "Changing it away from the default makes ownCloud write into the container filesystem instead of the volume.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  };
}

const inputs: CatalogEntryInput[] = [
  // Replicas and autoscaling
  {
    name: "replicas",
    type: "integer",
    minimum: 0,
    default: "1",
    meaning: "Deployment replicas; the Deployment has no strategy, so Kubernetes' default RollingUpdate applies.",
    cluster: "Every replica runs install or `occ upgrade` at start; with RollingUpdate several pods can migrate concurrently.",
    source: `deployment.yaml, https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud, https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html ${clusterDocs}`,
  },
  {
    name: "replicaCount",
    type: "any",
    status: "ignored",
    replacement: "replicas",
    meaning: "Not a key of this chart; the replica count is `replicas`.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "autoscaling.enabled",
    type: "boolean",
    default: "false",
    meaning: "Renders an autoscaling/v2 HorizontalPodAutoscaler.",
    cluster: "Autoscaling makes a cluster: every replica runs install or `occ upgrade` at start.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "autoscaling.minReplicas",
    type: "integer",
    minimum: 0,
    default: "1",
    meaning: "Minimum replicas of the HPA.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "autoscaling.maxReplicas",
    type: "integer",
    minimum: 0,
    default: "10",
    meaning: "Maximum replicas of the HPA.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "autoscaling.metrics",
    type: "any",
    default: "[]",
    meaning: "Metrics of the HPA.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },

  // Flags that Go templates test for emptiness (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud): any non-empty string is true.
  {
    name: "owncloud.crondEnabled",
    type: "boolean",
    booleanForm: "any-set",
    default: "true",
    meaning:
      "Renders the background-job CronJob. Values are strings and the template tests for emptiness, so `\"false\"` still renders the CronJob.",
    cluster: "The chart hard-codes OWNCLOUD_CROND_ENABLED=false in the pods and runs background jobs from one CronJob with concurrencyPolicy Forbid.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "owncloud.crondSchedule",
    type: "string",
    default: "*/1 * * * *",
    meaning: "Schedule of the background-job CronJob.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "owncloud.skipChown",
    type: "boolean",
    booleanForm: "any-set",
    default: "true",
    meaning:
      "Suppresses the chown init container while non-empty; `\"false\"` is a non-empty string and still suppresses it. The ConfigMap hard-codes OWNCLOUD_SKIP_CHOWN=true.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },

  // Database
  envValue("owncloud.db.type", "OWNCLOUD_DB_TYPE", {
    type: "enum",
    enumValues: ["sqlite", "mysql", "pgsql"],
    default: "sqlite",
    cluster: "The default SQLite is single-node only; the chart has no database subchart.",
  }),
  envValue("owncloud.db.host", "OWNCLOUD_DB_HOST", { default: "" }),
  envValue("owncloud.db.name", "OWNCLOUD_DB_NAME", { default: "owncloud" }),
  envValue("owncloud.db.username", "OWNCLOUD_DB_USERNAME", { default: "" }),
  envValue("owncloud.db.password", "OWNCLOUD_DB_PASSWORD", { default: "", secret: true, cluster: configMapSecret, source: configMapSource }),
  envValue("owncloud.db.prefix", "OWNCLOUD_DB_PREFIX", { default: "oc_" }),
  envValue("owncloud.db.timeout", "OWNCLOUD_DB_TIMEOUT", { type: "integer", minimum: 0, default: "180" }),
  envValue("owncloud.db.fail", "OWNCLOUD_DB_FAIL", { type: "boolean", default: "true" }),

  // Redis (the chart deploys no Redis itself)
  envValue("owncloud.redis.enabled", "OWNCLOUD_REDIS_ENABLED", {
    type: "boolean",
    booleanForm: "any-set",
    default: "false",
    meaning:
      "Emits OWNCLOUD_REDIS_ENABLED, _HOST, _PASSWORD, _DB and _FAILOVER_MODE only when set; the chart deploys no Redis itself.",
    cluster: "A cluster needs one shared Redis for locking and the distributed cache.",
  }),
  envValue("owncloud.redis.host", "OWNCLOUD_REDIS_HOST (only when redis.enabled)", { default: "redis" }),
  envValue("owncloud.redis.port", "OWNCLOUD_REDIS_PORT", { type: "integer", minimum: 0, maximum: 65535, default: "6379" }),
  envValue("owncloud.redis.password", "OWNCLOUD_REDIS_PASSWORD (only when redis.enabled)", {
    default: "",
    secret: true,
    cluster: configMapSecret,
    source: configMapSource,
  }),
  envValue("owncloud.redis.db", "OWNCLOUD_REDIS_DB (only when redis.enabled)", { type: "integer", minimum: 0 }),
  envValue("owncloud.redis.seeds", "OWNCLOUD_REDIS_SEEDS", {
    type: "list",
    listSeparator: "comma",
    cluster: "Items are not trimmed by the image: a space after a comma becomes part of the value.",
  }),
  envValue("owncloud.redis.failoverMode", "OWNCLOUD_REDIS_FAILOVER_MODE (only when redis.enabled)", {
    type: "enum",
    enumValues: ["FAILOVER_NONE", "FAILOVER_ERROR", "FAILOVER_DISTRIBUTE"],
    cluster: "FAILOVER_DISTRIBUTE reads locks from replicas that may lag.",
  }),
  envValue("owncloud.redis.timeout", "OWNCLOUD_REDIS_TIMEOUT", { type: "duration" }),
  envValue("owncloud.redis.readTimeout", "OWNCLOUD_REDIS_READ_TIMEOUT", { type: "duration" }),
  envValue("owncloud.redis.startupTimeout", "OWNCLOUD_REDIS_STARTUP_TIMEOUT", { type: "integer", minimum: 0, default: "180" }),
  envValue("owncloud.redis.sessionLockingEnabled", "OWNCLOUD_REDIS_SESSION_LOCKING_ENABLED", { type: "boolean", default: "1" }),
  envValue("owncloud.redis.sessionLockRetries", "OWNCLOUD_REDIS_SESSION_LOCK_RETRIES", { type: "integer", default: "750" }),
  envValue("owncloud.redis.sessionLockWaitTime", "OWNCLOUD_REDIS_SESSION_LOCK_WAIT_TIME", {
    type: "integer",
    minimum: 0,
    default: "20000",
  }),

  // Sessions
  envValue("owncloud.session.saveHandler", "OWNCLOUD_SESSION_SAVE_HANDLER", {
    default: "files",
    cluster: "`files` keeps sessions in files under /mnt/data/sessions, per pod or racing on a shared claim; a cluster needs `redis` together with a `tcp://` save path.",
    source: `https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud, https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html ${clusterDocs}`,
  }),
  envValue("owncloud.session.savePath", "OWNCLOUD_SESSION_SAVE_PATH", {
    default: "",
    cluster: "With the `redis` handler it must be `tcp://host:port?auth=…`.",
    source: `https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud, https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html ${clusterDocs}`,
  }),
  envValue("owncloud.session.lifetime", "OWNCLOUD_SESSION_LIFETIME", { type: "integer", minimum: 0 }),
  envValue("owncloud.session.keepalive", "OWNCLOUD_SESSION_KEEPALIVE"),
  envValue("owncloud.session.forcedLogoutTimeout", "OWNCLOUD_SESSION_FORCED_LOGOUT_TIMEOUT"),

  // Object store (emitted only when enabled)
  envValue("owncloud.objectstore.enabled", "OWNCLOUD_OBJECTSTORE_ENABLED", {
    type: "boolean",
    default: "false",
    meaning: "Emits the OWNCLOUD_OBJECTSTORE_* variables when enabled.",
    cluster: "The ownCloud cluster doc recommends S3 for large or multi-zone clusters.",
  }),
  envValue("owncloud.objectstore.bucket", "OWNCLOUD_OBJECTSTORE_BUCKET"),
  envValue("owncloud.objectstore.class", "OWNCLOUD_OBJECTSTORE_CLASS"),
  envValue("owncloud.objectstore.endpoint", "OWNCLOUD_OBJECTSTORE_ENDPOINT", { type: "url" }),
  envValue("owncloud.objectstore.key", "OWNCLOUD_OBJECTSTORE_KEY", { secret: true, cluster: configMapSecret, source: configMapSource }),
  envValue("owncloud.objectstore.secret", "OWNCLOUD_OBJECTSTORE_SECRET", { secret: true, cluster: configMapSecret, source: configMapSource }),
  envValue("owncloud.objectstore.pathstyle", "OWNCLOUD_OBJECTSTORE_PATHSTYLE", { type: "boolean", default: "false" }),
  envValue("owncloud.objectstore.region", "OWNCLOUD_OBJECTSTORE_REGION", { default: "us-east-1" }),
  envValue("owncloud.objectstore.version", "OWNCLOUD_OBJECTSTORE_VERSION"),

  // Domains, admin, secrets
  envValue("owncloud.domain", "OWNCLOUD_DOMAIN", {
    default: "owncloud.chart.example",
    meaning: "Rendered as OWNCLOUD_DOMAIN; joined with owncloud.trustedDomains (commas) into the trusted domains.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  }),
  {
    name: "owncloud.trustedDomains",
    type: "list",
    default: "[\"localhost\"]",
    meaning: "Extra trusted domains; the helper joins owncloud.domain and this list with commas into OWNCLOUD_TRUSTED_DOMAINS.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  envValue("owncloud.adminUsername", "OWNCLOUD_ADMIN_USERNAME", { default: "owncloud" }),
  envValue("owncloud.adminPassword", "OWNCLOUD_ADMIN_PASSWORD", {
    default: "owncloud",
    secret: true,
    cluster: configMapSecret + " The chart default `owncloud` is a known credential.",
    source: `${configMapSource}`,
  }),
  envValue("owncloud.secret", "OWNCLOUD_SECRET", { secret: true, cluster: configMapSecret, source: configMapSource }),
  envValue("owncloud.mail.smtp.password", "", {
    secret: true,
    meaning: "SMTP password; rendered into the ConfigMap owncloud-env-config.",
    cluster: configMapSecret,
    source: configMapSource,
  }),
  {
    name: "owncloud.configExtra",
    type: "any",
    openChildren: true,
    default: "{}",
    meaning: "Extra config.php settings, JSON-encoded into the Secret owncloud-config as configmap.config.php and mounted into the config directory.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },

  // Volumes
  brokenVolumeValue("root", "/mnt/data"),
  brokenVolumeValue("apps", "/mnt/data/apps"),
  brokenVolumeValue("config", "/mnt/data/config"),
  brokenVolumeValue("files", "/mnt/data/files"),
  brokenVolumeValue("sessions", "/mnt/data/sessions"),

  // Persistence
  {
    name: "persistence.enabled",
    type: "boolean",
    default: "true",
    meaning: "Creates the ownCloud PVC.",
    cluster: "Several replicas on different nodes need a ReadWriteMany volume.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.accessMode",
    type: "list",
    enumValues: ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
    default: "[ReadWriteOnce]",
    meaning: "Access modes of the PVC, given as a list (a scalar string is a mistake).",
    cluster: "ReadWriteOnce attaches to one node only: replicas on other nodes cannot mount it.",
    source: `pvc.yaml, https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud, https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes ${accessModeDocs}`,
  },
  {
    name: "persistence.owncloud.size",
    type: "size",
    default: "20Gi",
    meaning: "Size of the PVC.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.storageClassName",
    type: "string",
    default: "",
    meaning: "Storage class of the PVC.",
    cluster: "The class must provide ReadWriteMany volumes for several replicas.",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.nfs",
    type: "any",
    default: "{}",
    meaning: "When nfs.enabled, the chart also creates a static NFS PersistentVolume from nfs.server and nfs.path.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.nfs.enabled",
    type: "boolean",
    meaning: "Creates a static NFS PersistentVolume for the PVC.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.nfs.server",
    type: "string",
    meaning: "NFS server of the static PersistentVolume.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "persistence.owncloud.nfs.path",
    type: "path",
    meaning: "NFS export path of the static PersistentVolume.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },

  // Pod
  {
    name: "securityContext.readOnlyRootFilesystem",
    type: "boolean",
    default: "false",
    meaning: "Only false is supported by ownCloud.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
  {
    name: "service.type",
    type: "string",
    default: "LoadBalancer",
    meaning: "Service type.",
    cluster: "",
    source: "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
  },
];

/** Values of the `owncloud-docker/helm-charts` chart `owncloud` (ownCloud Classic) that matter for clusters (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud). */
export const owncloudChartValues: readonly CatalogEntry[] = parseCatalogEntries("owncloud-chart", inputs);
