import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, DatabaseModel } from "../../model/cluster-model";
import { certaintyOf, clientsOf } from "../../model/queries";
import { clusterRelated, withRelated } from "../helpers";
import { defineRule } from "../rule";

const flagName = "--transaction-isolation";
const required = "READ-COMMITTED";

/** The apps that use the database: those whose host names it, or the chart's own app for a subchart the chart deploys for it. */
function usersOf(model: ClusterModel, database: DatabaseModel): { clients: AppRole[]; users: AppRole[] } {
  const clients = clientsOf(model, database);
  // The chart wires its subchart to the app only once SQLite is off; the subchart is there for the app either way.
  const users = clients.length > 0 || database.origin !== "subchart" ? clients : model.apps.filter((a) => a.role === "web");
  return { clients, users };
}

export const readCommitted = defineRule({
  meta: {
    id: "database/read-committed",
    severity: "warning",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "MariaDB/MySQL without READ-COMMITTED isolation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a MariaDB or MySQL service that a Nextcloud or ownCloud service uses (through `MYSQL_HOST` or `OWNCLOUD_DB_HOST`) when its `command` does not pass `--transaction-isolation=READ-COMMITTED` and no option file is mounted into `/etc/mysql/conf.d` or `/etc/mysql/mariadb.conf.d`; and the Nextcloud chart's MariaDB subchart when neither `mariadb.primary.configuration` nor `mariadb.primary.extraFlags` sets the isolation. In Kubernetes manifests: a MariaDB or MySQL container that a Nextcloud or ownCloud container reaches (by its Service or workload name) when neither its `command`/`args` nor an option file it mounts from a ConfigMap of the folder (under `/etc/mysql`, `/etc/my.cnf*` or a Bitnami `conf/` directory) sets the isolation; an option file from a ConfigMap or Secret outside the folder leaves it unknown and silent. Also a release of Bitnami's MariaDB chart that the workspace deploys beside the app (an Argo CD Application, a Flux HelmRelease or an umbrella chart) and the app's database host names, when neither its `primary.configuration` nor its `primary.extraFlags` sets the isolation: the chart's default configuration does not (https://github.com/bitnami/charts/blob/main/bitnami/mariadb/values.yaml). A warning, an error in cluster context.",
      whyItMatters:
        "Both products require InnoDB with transaction isolation READ-COMMITTED, which exists to avoid data loss under many parallel sync operations (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html); the server uses it only when configured to. The official Nextcloud Compose examples pass `--transaction-isolation=READ-COMMITTED` to `mariadb` for this reason, and the Nextcloud chart does not configure it for its MariaDB subchart (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml). Several nodes multiply the concurrent transactions, hence an error in a cluster.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "    command: --transaction-isolation=READ-COMMITTED",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Safe when the service has no `command:`: the fix adds `command: --transaction-isolation=READ-COMMITTED`, exactly what the official examples do, to the official `mariadb`/`mysql`/`percona` images, whose entrypoint passes such flags to the server. It takes effect when the database container is recreated; both products require this level. Appending the flag to an existing command of server flags is offered as unsafe, since the command is yours. The Nextcloud chart's MariaDB subchart gets the flag in `mariadb.primary.extraFlags` (unsafe: it restarts the database pod, and an existing value is yours). Other images (e.g. Bitnami images in Compose) get no automatic fix: their option keys are not verified here. In manifests, a container of the official images that sets neither `command` nor `args` gets `args: [\"--transaction-isolation=READ-COMMITTED\"]` (safe, for the same reason); a container with its own command, arguments or option file gets no automatic fix.",
      sources: ["https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml"],
    },
  },
  check({ model, fix, report }) {
    for (const database of model.databases) {
      const isolation = database.isolation;
      if (!isolation || isolation.value === required) continue;
      const certainty = certaintyOf(isolation);
      if (certainty === "unknown") continue;
      const { clients, users } = usersOf(model, database);
      if (users.length === 0) continue;
      const user = users[0];
      const name = database.service.name;
      const runs = certainty === "known" ? `runs with ${flagName}=${isolation.value}` : `runs without ${flagName}=${required}`;
      const flag = `${flagName}=${required}`;
      const location = (certainty === "known" ? isolation.location : undefined) ?? isolation.anchor;
      report({
        message: `${name} ${runs}, but ${user.name} (${productProfiles[user.product].displayName}) requires ${required} isolation to avoid data loss under parallel syncs (${isolation.label}: ${flag}).`,
        location,
        related: withRelated(
          clients.map((c) => {
            const host = productProfiles[c.product].databaseHostVariables.map((v) => c.env.get(v)).find((s) => s !== undefined);
            return { location: host?.location ?? c.nameLocation, message: `${c.name} uses ${name}` };
          }),
          clusterRelated(model, user),
        ).filter((r) => r.location.path !== location.path || r.location.span.start !== location.span.start),
        severity: model.cluster.inCluster ? "error" : "warning",
        fixes: [fix.setServerFlag(database, isolation, flagName, required, `Run ${name} with ${flag}`)],
      });
    }
  },
});
