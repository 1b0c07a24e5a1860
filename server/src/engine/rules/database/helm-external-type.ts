import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

/** Names people write for the two engines the chart knows: what each was meant to be. */
const meant: [RegExp, string][] = [
  [/^(postgres|postgresql|pgsql|psql|pg)$/i, "postgresql"],
  [/^(mysql|mariadb|maria)$/i, "mysql"],
];

export const helmExternalType = defineRule({
  meta: {
    id: "database/helm-external-type",
    severity: "error",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "Nextcloud chart externalDatabase.type it does not understand",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Nextcloud chart values whose `externalDatabase.type` is anything but exactly `mysql` or `postgresql` — `postgres`, `pgsql`, `PostgreSQL`, `mariadb` — whether or not `externalDatabase.enabled` is set, since the chart does not consult that switch when it renders the database variables.",
      whyItMatters:
        "The chart's environment template tests `eq .Values.externalDatabase.type \"postgresql\"` and renders the MySQL variables (`MYSQL_HOST`, `MYSQL_DATABASE`, …) for every other value (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl; the values file lists `mysql` or `postgresql` as the supported engines: https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml). With `postgres` or `PostgreSQL`, Nextcloud tries to install against a PostgreSQL server as if it were MySQL and the installation fails; `mariadb` happens to work only because it falls into the MySQL branch.",
      example: {
        "values.yaml": ["internalDatabase:", "  enabled: false", "externalDatabase:", "  enabled: true", "  type: postgres", "  host: pg.example.internal", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["internalDatabase:", "  enabled: false", "externalDatabase:", "  enabled: true", "  type: postgresql", "  host: pg.example.internal", ""].join("\n"),
      },
      fixSafety:
        "`mariadb` or `MySQL` become `mysql`: safe, the chart renders exactly what it renders now. A PostgreSQL spelling (`postgres`, `pgsql`, `PostgreSQL`) becomes `postgresql`: unsafe, because it switches the rendered variables from MySQL to PostgreSQL — which is what the name says, but check that the host is a PostgreSQL server. Other values get no fix.",
      sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml"],
    },
  },
  check({ model, fix, report }) {
    for (const app of model.apps) {
      const type = app.databaseType;
      const location = type?.setting.location;
      if (!type || !location || certaintyOf(type.setting) === "unknown") continue;
      const { setting, known, otherwise } = type;
      if (known.includes(setting.value)) continue;
      const intended = meant.find(([pattern]) => pattern.test(setting.value.trim()))?.[1];
      report({
        message: `${setting.label} "${setting.value}" is neither ${known.join(" nor ")}: the chart renders the ${otherwise} variables for any other value${intended ? `; write "${intended}"` : ""}.`,
        location,
        fixes: [intended ? fix.setFact(setting, intended, `Set ${setting.label}: ${intended}`, intended === "mysql" ? "safe" : "unsafe") : undefined],
      });
    }
  },
});
