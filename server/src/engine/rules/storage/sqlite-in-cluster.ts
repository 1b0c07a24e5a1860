import type { AppRole, ClusterModel } from "../../model/cluster-model";
import { helmTruthy } from "../../model/helm-adapter";
import { isHostOf } from "../database/database-clients";
import { clusterRelated, envValue, webApps, withRelated } from "../helpers";
import { defineRule, type RuleContext } from "../rule";
import { sqliteSelection } from "./sqlite-selection";

/** The server database an ownCloud app's OWNCLOUD_DB_HOST names, when it is a service of the project. */
function owncloudDatabaseService(model: ClusterModel, app: AppRole): { name: string; type: "mysql" | "pgsql" } | undefined {
  const host = envValue(app, "OWNCLOUD_DB_HOST") ?? "";
  const database = model.databases.find((d) => isHostOf(model, d.service, host));
  if (!database) return undefined;
  // Kubernetes containers are `workload/container`; the workload is what the host names.
  const name = model.format === "k8s" ? database.service.name.split("/")[0] : database.service.name;
  return { name, type: database.engine === "postgres" ? "pgsql" : "mysql" };
}

function checkHelm({ model, fix, report }: RuleContext): void {
  const helm = model.helm!;
  const app = webApps(model)[0];
  if (!app) return;
  if (helm.chart === "nextcloud") {
    const internal = helm.get("internalDatabase.enabled");
    if (!helmTruthy(internal?.value)) return;
    const other = ["mariadb.enabled", "postgresql.enabled", "externalDatabase.enabled"].find((path) => helmTruthy(helm.get(path)?.value));
    const otherAt = other ? helm.get(other) : undefined;
    report({
      message: `${app.name} runs on several pods with SQLite (internalDatabase.enabled ${internal?.isDefault ? "defaults to true" : "is true"}): every pod opens one SQLite file on shared storage and corrupts it; use MariaDB, PostgreSQL or an external database.`,
      location: (!internal?.isDefault && internal?.location) || app.replicas.location || app.nameLocation,
      related: withRelated(clusterRelated(model), otherAt?.location ? { location: otherAt.location, message: `${other} is set, but SQLite wins while internalDatabase.enabled is true` } : undefined),
      fixes: [other ? fix.setValue("internalDatabase.enabled", "false", `Turn off SQLite so the chart uses ${other.split(".")[0]}`, "safe") : undefined],
    });
    return;
  }
  const type = helm.get("owncloud.db.type");
  if (String(type?.value ?? "").trim() !== "sqlite" && helmTruthy(type?.value)) return;
  report({
    message: `${app.name} runs on several pods with SQLite (owncloud.db.type ${type?.isDefault ? "defaults to sqlite" : `is "${String(type?.value ?? "")}"`}): set owncloud.db.type to mysql or pgsql with a shared database server.`,
    location: (!type?.isDefault && type?.location) || app.replicas.location || app.nameLocation,
    related: withRelated(clusterRelated(model)),
  });
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
        "SQLite keeps the database as one file in the data directory (FACTS §1.2 Database, §2.2 Database, §5.3), which in a cluster is on shared network storage. SQLite relies on file locks that network file systems implement unreliably, and WAL mode does not work across hosts: several nodes writing one SQLite file corrupt it (FACTS §6.1). The Nextcloud chart keeps SQLite even when a database subchart is enabled, as long as `internalDatabase.enabled` stays true (FACTS §3.1 DB precedence, §3.3 #3).",
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
        "Mixed, so listed as unsafe. Safe for Nextcloud: with a database subchart or external database enabled in the chart, the fix sets `internalDatabase.enabled: false`; in Compose, with `SQLITE_DATABASE` next to a complete MySQL/PostgreSQL group, it removes `SQLITE_DATABASE`. Nextcloud reads its database variables only at the first installation (FACTS §1.1), so a new installation gets the server database and an existing one is not touched — an instance already on SQLite keeps its data there until you migrate it to the server database yourself. Unsafe for ownCloud: when `OWNCLOUD_DB_HOST` names a MariaDB/MySQL (or PostgreSQL) service of the project, the fix sets `OWNCLOUD_DB_TYPE` to `mysql` (or `pgsql`); ownCloud renders its configuration from the variables on every start (FACTS §2.1), so check that the database server holds the instance's data before applying it.",
      sources: ["FACTS §1.2 Database", "FACTS §2.2 Database", "FACTS §3.1 DB precedence", "FACTS §3.3 #3", "FACTS §6.1", "RULE_IDEAS R01"],
    },
  },
  check(context) {
    const { model, fix, report } = context;
    if (model.helm) {
      checkHelm(context);
      return;
    }
    for (const app of webApps(model)) {
      const selection = sqliteSelection(app);
      if (!selection) continue;
      const product = app.product === "nextcloud" ? "Nextcloud" : "ownCloud";
      const database = app.product === "owncloud" ? owncloudDatabaseService(model, app) : undefined;
      const sqliteSetting = app.env.get("SQLITE_DATABASE");
      const shadowedGroup = app.product === "nextcloud" && sqliteSetting && sqliteSelection({ ...app, env: new Map([...app.env].filter(([name]) => name !== "SQLITE_DATABASE")) }) === undefined;
      report({
        message: `${app.name} runs as several ${product} nodes with SQLite (${selection.reason}): every node writes one SQLite file on shared storage and corrupts it.${database ? ` Set OWNCLOUD_DB_TYPE=${database.type} to use ${database.name}.` : ""}`,
        location: selection.location ?? app.nameLocation,
        // Where the setting comes from: the `.env` line behind `${X}`, the envFrom of a ConfigMap.
        related: withRelated(clusterRelated(model), app.env.get(app.product === "owncloud" ? "OWNCLOUD_DB_TYPE" : "SQLITE_DATABASE")?.related),
        fixes: [
          database ? fix.setEnv(app, "OWNCLOUD_DB_TYPE", database.type, `Use ${database.name} (OWNCLOUD_DB_TYPE=${database.type})`, "unsafe") : undefined,
          shadowedGroup && sqliteSetting ? fix.deleteLines(sqliteSetting.location, "Remove SQLITE_DATABASE so the MySQL/PostgreSQL settings apply", "safe") : undefined,
        ],
      });
    }
  },
});
