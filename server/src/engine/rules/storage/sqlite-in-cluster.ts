import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel } from "../../model/cluster-model";
import { firstReached, settingOf } from "../../model/queries";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";

/** The server database an ownCloud app's OWNCLOUD_DB_HOST names, when it is a service of the project. */
function owncloudDatabaseService(model: ClusterModel, app: AppRole): { name: string; type: "mysql" | "pgsql" } | undefined {
  const host = settingOf(app, "OWNCLOUD_DB_HOST").value ?? "";
  const database = firstReached(model, model.databases, host);
  if (!database) return undefined;
  // A Kubernetes container is `workload/container`; the workload is what the host names.
  return { name: database.service.name.split("/")[0], type: database.engine === "postgres" ? "pgsql" : "mysql" };
}

export const sqliteInCluster = defineRule({
  meta: {
    id: "storage/sqlite-in-cluster",
    severity: "error",
    formats: ["C", "H", "K", "E"],
    priority: "P1",
    clusterOnly: true,
    title: "SQLite used by a clustered installation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a scaled-out Nextcloud or ownCloud that installs with SQLite: Nextcloud with `SQLITE_DATABASE` set or without one complete `MYSQL_*` / `POSTGRES_*` group, ownCloud with `OWNCLOUD_DB_TYPE` unset, empty or `sqlite`, the Nextcloud chart with `internalDatabase.enabled` (default true), the ownCloud chart with `owncloud.db.type: sqlite` (default). In Kubernetes manifests the variables are the container's `env` and the `envFrom` ConfigMaps and Secrets of the folder (a Secret's keys count as set); an `envFrom` of a source outside the folder may set anything, so then only an explicit choice of SQLite is reported.",
      whyItMatters:
        "SQLite keeps the database as one file in the data directory (https://github.com/nextcloud/docker/blob/master/README.md, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md, https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html), which in a cluster is on shared network storage. SQLite relies on file locks that network file systems implement unreliably, and WAL mode does not work across hosts: several nodes writing one SQLite file corrupt it (https://www.sqlite.org/howtocorrupt.html). The Nextcloud chart keeps SQLite even when a database subchart is enabled, as long as `internalDatabase.enabled` stays true (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - OWNCLOUD_DB_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      - OWNCLOUD_DB_TYPE=mysql",
          "      - OWNCLOUD_DB_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Safe for Nextcloud: with a database subchart or external database enabled in the chart, the fix sets `internalDatabase.enabled: false`; in Compose, with `SQLITE_DATABASE` next to a complete MySQL/PostgreSQL group, it removes `SQLITE_DATABASE`. Nextcloud reads its database variables only at the first installation (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh), so a new installation gets the server database and an existing one is not touched — an instance already on SQLite keeps its data there until you migrate it to the server database yourself. Unsafe for ownCloud: when `OWNCLOUD_DB_HOST` names a MariaDB/MySQL (or PostgreSQL) service of the project, the fix sets `OWNCLOUD_DB_TYPE` to `mysql` (or `pgsql`); ownCloud renders its configuration from the variables on every start (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay), so check that the database server holds the instance's data before applying it.",
      sources: ["https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://www.sqlite.org/howtocorrupt.html"],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const selection = app.sqlite;
      if (!selection) continue;
      const database = app.product === "owncloud" ? owncloudDatabaseService(model, app) : undefined;
      const { setting, shadows } = selection;
      const off =
        shadows && setting
          ? shadows.off === undefined
            ? setting.location && fix.deleteLines(setting.location, `Remove ${setting.label} so ${shadows.name} apply`, "safe")
            : fix.setFact(setting, shadows.off, `Set ${setting.label} to ${shadows.off} so ${shadows.name} is used`, "safe")
          : undefined;
      const advice = database
        ? ` Set OWNCLOUD_DB_TYPE=${database.type} to use ${database.name}.`
        : shadows
          ? ""
          : app.product === "owncloud"
            ? ` Set ${setting?.label ?? "OWNCLOUD_DB_TYPE"} to mysql or pgsql with a shared database server.`
            : " Use MariaDB, PostgreSQL or an external database.";
      report({
        message: `${app.name} runs as several ${productProfiles[app.product].displayName} nodes with SQLite (${selection.reason}): every node writes one SQLite file on shared storage and corrupts it.${advice}`,
        location: selection.location ?? app.nameLocation,
        // Where the setting comes from: the `.env` line behind `${X}`, the envFrom of a ConfigMap.
        related: withRelated(
          clusterRelated(model, app),
          setting?.related,
          shadows?.location && setting ? { location: shadows.location, message: `${shadows.name} is set here, but SQLite wins while ${setting.label} is on` } : undefined,
        ),
        fixes: [database ? fix.setEnv(app, "OWNCLOUD_DB_TYPE", database.type, `Use ${database.name} (OWNCLOUD_DB_TYPE=${database.type})`, "unsafe") : undefined, off || undefined],
      });
    }
  },
});
