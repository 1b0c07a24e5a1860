/** The Bitnami charts whose releases serve a Nextcloud or ownCloud release beside them. */
export type BitnamiChart = "mariadb" | "postgresql" | "redis";

/** A chart repository of Bitnami's: `https://charts.bitnami.com/bitnami`, `oci://registry-1.docker.io/bitnamicharts`. */
export function isBitnamiRepository(url: string | undefined): boolean {
  return /bitnami/i.test(url ?? "");
}

/**
 * The defaults of Bitnami's database and Redis charts that decide what the model reads of a
 * release, the same in every chart version since the `primary`/`architecture` layout (2021):
 * https://github.com/bitnami/charts/blob/main/bitnami/mariadb/values.yaml,
 * https://github.com/bitnami/charts/blob/main/bitnami/postgresql/values.yaml,
 * https://github.com/bitnami/charts/blob/main/bitnami/redis/values.yaml. MariaDB's default
 * `primary.configuration` sets no transaction isolation, so the server's default applies.
 */
const defaults: Record<BitnamiChart, Readonly<Record<string, unknown>>> = {
  mariadb: { fullnameOverride: "", nameOverride: "", architecture: "standalone", "primary.name": "primary", "primary.persistence.enabled": true, "primary.extraFlags": "", "primary.existingConfigmap": "" },
  postgresql: { fullnameOverride: "", nameOverride: "", architecture: "standalone", "primary.name": "primary", "primary.persistence.enabled": true },
  redis: {
    fullnameOverride: "",
    nameOverride: "",
    architecture: "replication",
    "auth.enabled": true,
    "auth.password": "",
    "auth.existingSecret": "",
    "sentinel.enabled": false,
    "master.containerPorts.redis": 6379,
    "master.service.type": "ClusterIP",
  },
};

export function isBitnamiChart(chart: string | undefined): chart is BitnamiChart {
  return chart !== undefined && Object.hasOwn(defaults, chart);
}

export function bitnamiChartDefaults(chart: BitnamiChart): Readonly<Record<string, unknown>> {
  return defaults[chart];
}
