import { productProfiles } from "../../knowledge/product-profiles";
import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

export const helmSqliteShadowsDb = defineRule({
  meta: {
    id: "database/helm-sqlite-shadows-db",
    severity: "error",
    formats: ["H"],
    priority: "P1",
    clusterOnly: false,
    title: "Nextcloud chart keeps SQLite although a database is enabled",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags Nextcloud chart values that enable `mariadb`, `postgresql` or `externalDatabase` while `internalDatabase.enabled` is true — which it is by default.",
      whyItMatters:
        "The chart's environment template checks `internalDatabase.enabled` first and then emits only `SQLITE_DATABASE`: Nextcloud installs on SQLite, while the MariaDB or PostgreSQL subchart is still deployed and the init container still waits for it (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md). The database you configured stays empty, and SQLite is not recommended for production, only for testing and minimal instances (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md, https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html).",
      example: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      fixSafety:
        "Safe: the fix sets `internalDatabase.enabled: false`, which only makes the chart pass Nextcloud the database the values already enable. Nextcloud reads its database variables only at the first installation (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh): a new installation gets the server database, and an instance already installed on SQLite is not touched — it keeps its data in SQLite until you migrate it to the server database yourself.",
      sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html", "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh"],
    },
  },
  check({ model, fix, report }) {
    for (const app of model.apps) {
      const shadow = app.sqliteShadows;
      if (!shadow || app.role !== "web" || certaintyOf(shadow.sqlite) === "unknown") continue;
      const { sqlite, shadowed } = shadow;
      const first = shadowed[0];
      report({
        message: `${first.enabled.label} is true, but ${sqlite.label} ${certaintyOf(sqlite) === "defaulted" ? "defaults to true" : "is true"}: the chart gives ${productProfiles[app.product].displayName} SQLite and ignores ${first.name}.`,
        location: sqlite.location ?? first.enabled.location!,
        related: shadowed.map((s) => ({ location: s.enabled.location!, message: `${s.enabled.label} is enabled here` })),
        fixes: [fix.setFact(sqlite, "false", `Set ${sqlite.label}: false`, "safe")],
      });
    }
  },
});
