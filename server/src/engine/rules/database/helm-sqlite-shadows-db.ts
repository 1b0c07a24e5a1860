import { helmTruthy } from "../../model/helm-adapter";
import { defineRule } from "../rule";

const databaseSwitches: { path: string; name: string }[] = [
  { path: "mariadb.enabled", name: "the MariaDB subchart" },
  { path: "postgresql.enabled", name: "the PostgreSQL subchart" },
  { path: "externalDatabase.enabled", name: "the external database" },
];

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
        "The chart's environment template checks `internalDatabase.enabled` first and then emits only `SQLITE_DATABASE`: Nextcloud installs on SQLite, while the MariaDB or PostgreSQL subchart is still deployed and the init container still waits for it (FACTS §3.1 DB precedence, §3.3 #3). The database you configured stays empty, and SQLite is not recommended for production, only for testing and minimal instances (FACTS §3.2, §5.6).",
      example: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      fixSafety:
        "Safe: the fix sets `internalDatabase.enabled: false`, which only makes the chart pass Nextcloud the database the values already enable. Nextcloud reads its database variables only at the first installation (FACTS §1.1): a new installation gets the server database, and an instance already installed on SQLite is not touched — it keeps its data in SQLite until you migrate it to the server database yourself.",
      sources: ["FACTS §3.1 DB precedence", "FACTS §3.2", "FACTS §3.3 #3", "FACTS §5.6", "FACTS §1.1", "RULE_IDEAS R02"],
    },
  },
  check({ model, fix, report }) {
    const helm = model.helm;
    if (!helm || helm.chart !== "nextcloud") return;
    const internal = helm.get("internalDatabase.enabled");
    if (!helmTruthy(internal?.value)) return;
    const enabled = databaseSwitches.map((s) => ({ ...s, value: helm.get(s.path) })).filter((s) => helmTruthy(s.value?.value) && s.value?.location);
    if (enabled.length === 0) return;
    const first = enabled[0];
    report({
      message: `${first.path} is true, but internalDatabase.enabled ${internal?.isDefault ? "defaults to true" : "is true"}: the chart gives Nextcloud SQLite and ignores ${first.name}.`,
      location: (!internal?.isDefault && internal?.location) || first.value!.location!,
      related: enabled.map((s) => ({ location: s.value!.location!, message: `${s.path} is enabled here` })),
      fixes: [fix.setValue("internalDatabase.enabled", "false", "Set internalDatabase.enabled: false", "safe")],
    });
  },
});
