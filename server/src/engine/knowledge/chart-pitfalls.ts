/**
 * What the two charts' templates do with some values that is easy to get wrong, as data the Helm
 * adapter turns into model facts (ClusterModel.chartSwitches, ignoredChartValues, unquotedRenders,
 * chartCredentials). Every entry cites the template that does it.
 */

/** A value a template tests with `{{ if .Values.x }}` (or `if not`): Go treats every text but "" as true. */
export interface SwitchPitfall {
  path: string;
  whenOn: string;
  offMeans: string;
  /** How the chart's own values.yaml writes "on" for it. */
  onText: string;
  offText: string;
  source: string;
}

/** A value some templates use while the app's environment never receives it. */
export interface IgnoredValuePitfall {
  path: string;
  /** What the app uses instead (the image default). */
  appUses: string;
  consequence: string;
  severity: "error" | "warning";
  source: string;
}

/** A value a template renders unquoted into an env entry, while `when` are all truthy and not both `unlessAll` are. */
export interface UnquotedPitfall {
  path: string;
  variable: string;
  when: string[];
  /** The Secret is used instead only when every one of these is truthy. */
  unlessAll: string[];
  alternative: string;
  source: string;
}

/** A credential the chart sets up while `when` are all truthy and `unless` is not. */
export interface CredentialPitfall {
  path: string;
  what: string;
  when: string[];
  unless?: string;
  instead: string;
  /** The chart's default (its values.yaml): every installation that keeps it has the same password. */
  chartDefault: string;
}

export interface ChartPitfalls {
  switches: SwitchPitfall[];
  ignoredValues: IgnoredValuePitfall[];
  unquoted: UnquotedPitfall[];
  credentials: CredentialPitfall[];
}

const ocCron = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/cronjob.yaml";
const ocDeployment = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/deployment.yaml";
const ocEnv = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/envconfigmap.yaml";
const ocPvc = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/pvc.yaml";
const ocHpa = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/hpa.yaml";
const ocIngress = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/ingress.yaml";
const ocServiceAccount = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/templates/serviceaccount.yaml";
// The image falls back to /mnt/data/... when OWNCLOUD_VOLUME_* is empty.
const ocFolders = "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/50-folders.sh";
const ncHelpers = "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl";

/**
 * The ownCloud chart's env ConfigMap reads `.Values.owncloud.volumeRoot` (and volumeApps,
 * volumeConfig, volumeFiles, volumeSessions), which values.yaml does not define: the variables
 * are always "" and the image keeps /mnt/data, while the claim's mountPath, the mkdir init
 * container and the config.php mount use `owncloud.volume.*` (envconfigmap.yaml, deployment.yaml).
 */
function ocVolume(key: string, consequence: string, severity: "error" | "warning"): IgnoredValuePitfall {
  return { path: `owncloud.volume.${key}`, appUses: key === "root" ? "/mnt/data" : `/mnt/data/${key}`, consequence, severity, source: `${ocEnv}, ${ocDeployment}, ${ocFolders}` };
}

export const chartPitfalls: Readonly<Record<string, ChartPitfalls>> = {
  owncloud: {
    switches: [
      { path: "owncloud.crondEnabled", whenOn: "still creates the CronJob that runs ownCloud's background jobs", offMeans: "no CronJob", onText: '"true"', offText: '""', source: ocCron },
      { path: "owncloud.skipChown", whenOn: "still leaves out the init container that chowns the volume", offMeans: "a chown at every start", onText: '"true"', offText: '""', source: ocDeployment },
      { path: "owncloud.redis.enabled", whenOn: 'still turns Redis on (OWNCLOUD_REDIS_ENABLED: "true" with owncloud.redis.host)', offMeans: "no Redis", onText: "true", offText: "false", source: ocEnv },
      { path: "persistence.enabled", whenOn: "still creates the PersistentVolumeClaim and mounts it", offMeans: "no claim", onText: "true", offText: "false", source: `${ocPvc}, ${ocDeployment}` },
      { path: "persistence.owncloud.nfs.enabled", whenOn: "still creates its static NFS PersistentVolume", offMeans: "no NFS volume", onText: "true", offText: "false", source: ocPvc },
      { path: "autoscaling.enabled", whenOn: "still creates the HorizontalPodAutoscaler and ignores replicas", offMeans: "no autoscaling", onText: "true", offText: "false", source: `${ocHpa}, ${ocDeployment}` },
      { path: "ingress.enabled", whenOn: "still creates the Ingress", offMeans: "no Ingress", onText: "true", offText: "false", source: ocIngress },
      { path: "serviceAccount.create", whenOn: "still creates the ServiceAccount", offMeans: "no ServiceAccount", onText: "true", offText: "false", source: ocServiceAccount },
    ],
    ignoredValues: [
      ocVolume("root", "the chart mounts the volume there, while ownCloud keeps writing its data, config and apps to /mnt/data in the container's own file system: lost when the pod restarts and not shared between pods", "error"),
      ocVolume("config", "the chart mounts the configExtra settings (configmap.config.php) into that directory, which ownCloud does not read: they are ignored", "warning"),
      ocVolume("files", "the init container creates that directory, but ownCloud stores users' files in /mnt/data/files", "warning"),
      ocVolume("apps", "the init container creates that directory, but ownCloud installs apps into /mnt/data/apps", "warning"),
      ocVolume("sessions", "the init container creates that directory, but ownCloud keeps file sessions in /mnt/data/sessions", "warning"),
    ],
    unquoted: [],
    credentials: [
      { path: "owncloud.adminPassword", what: "the ownCloud admin password", when: [], instead: "a Secret added by a post-renderer (the chart writes owncloud.* values into the ConfigMap owncloud-env-config)", chartDefault: "owncloud" },
    ],
  },
  nextcloud: {
    switches: [],
    ignoredValues: [],
    unquoted: [
      {
        path: "redis.auth.password",
        variable: "REDIS_HOST_PASSWORD",
        when: ["redis.enabled", "redis.auth.enabled"],
        unlessAll: ["redis.auth.existingSecret", "redis.auth.existingSecretPasswordKey"],
        alternative: "redis.auth.existingSecret and redis.auth.existingSecretPasswordKey",
        source: ncHelpers,
      },
    ],
    credentials: [
      { path: "nextcloud.password", what: "the Nextcloud admin password", when: [], unless: "nextcloud.existingSecret.enabled", instead: "nextcloud.existingSecret.enabled: true with a Secret of your own", chartDefault: "changeme" },
      { path: "mariadb.auth.password", what: "the MariaDB subchart's nextcloud user password", when: ["mariadb.enabled"], unless: "mariadb.auth.existingSecret", instead: "mariadb.auth.existingSecret", chartDefault: "changeme" },
      { path: "postgresql.global.postgresql.auth.password", what: "the PostgreSQL subchart's nextcloud user password", when: ["postgresql.enabled"], unless: "postgresql.global.postgresql.auth.existingSecret", instead: "postgresql.global.postgresql.auth.existingSecret", chartDefault: "changeme" },
      { path: "redis.auth.password", what: "the Redis subchart's password", when: ["redis.enabled", "redis.auth.enabled"], unless: "redis.auth.existingSecret", instead: "redis.auth.existingSecret and redis.auth.existingSecretPasswordKey", chartDefault: "changeme" },
      { path: "collabora.collabora.password", what: "the Collabora admin password", when: ["collabora.enabled"], unless: "collabora.collabora.existingSecret.enabled", instead: "collabora.collabora.existingSecret.enabled: true", chartDefault: "examplepass" },
    ],
  },
};
