import { certaintyOf } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";

export const subchartWithoutPersistence = defineRule({
  meta: {
    id: "database/subchart-without-persistence",
    severity: "error",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "Bundled MariaDB or PostgreSQL without persistence",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Nextcloud chart values that enable the bundled MariaDB (`mariadb.enabled`) or PostgreSQL (`postgresql.enabled`) subchart while its `primary.persistence.enabled` is false — which the Nextcloud chart sets as its default for both. Also a release of Bitnami's MariaDB or PostgreSQL chart beside the app (an Argo CD Application, a Flux HelmRelease or an umbrella chart in the workspace) that the app's database host names, when its values set `primary.persistence.enabled: false`.",
      whyItMatters:
        "The Nextcloud chart overrides the subcharts' persistence to `false` (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml); without a volume claim the Bitnami database keeps its files in an `emptyDir`, which Kubernetes deletes when the pod is removed — on a node drain, an eviction, a `helm upgrade` that replaces the pod (https://kubernetes.io/docs/concepts/storage/volumes/#emptydir). The database of every account, share and file then starts empty while the files remain.",
      example: {
        "values.yaml": ["internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", "  primary:", "    persistence:", "      enabled: true", "      size: 8Gi", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets `primary.persistence.enabled: true` in the Nextcloud chart's values (a separate release's values get no automatic fix), so the database pod is recreated on a new, empty volume claim (a ReadWriteOnce claim is right for a database). What the database holds now lives in the pod's emptyDir and is lost with it: dump it first and restore it after the upgrade.",
      sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir", "https://github.com/bitnami/charts/tree/main/bitnami/mariadb", "https://github.com/bitnami/charts/tree/main/bitnami/postgresql"],
    },
  },
  check({ model, fix, report }) {
    for (const database of model.databases) {
      const persistence = database.persistence;
      if (database.origin === "service" || !persistence || persistence.value || certaintyOf(persistence) === "unknown") continue;
      const name = database.service.name;
      const how = certaintyOf(persistence) === "defaulted" ? `${persistence.label} is false, ${persistence.defaultSource ?? "the chart default"}` : `${persistence.label} is false`;
      report({
        message: `${name} keeps its data in an emptyDir (${how}): the database is lost whenever its pod is replaced. Set ${persistence.label}: true.`,
        location: persistence.location ?? database.service.nameLocation,
        related: withRelated(persistence.location ? { location: database.service.nameLocation, message: database.origin === "release" ? `${name} is deployed here` : `${name} is enabled here` } : undefined),
        fixes: [fix.setFact(persistence, "true", `Set ${persistence.label}: true (dump the database first)`, "unsafe")],
      });
    }
  },
});
