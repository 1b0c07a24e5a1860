import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, DatabaseModel } from "../../model/cluster-model";
import { certaintyOf, clientsOf } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";

const flagName = "--binlog-format";

/** The apps that use the database: those whose host names it, or the chart's own app for its subchart. */
function usersOf(model: ClusterModel, database: DatabaseModel): { clients: AppRole[]; users: AppRole[] } {
  const clients = clientsOf(model, database);
  const users = clients.length > 0 || database.origin !== "subchart" ? clients : model.apps.filter((a) => a.role === "web");
  return { clients, users };
}

export const binlogFormat = defineRule({
  meta: {
    id: "database/binlog-format",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Binary log format other than ROW where it breaks",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a MariaDB or MySQL server that a Nextcloud or ownCloud service uses when its `command` (or, for the Nextcloud chart's MariaDB subchart, `mariadb.primary.configuration` / `extraFlags`) sets `binlog_format` to `STATEMENT` — an error for both products. In Kubernetes manifests the container's `command`/`args` and the option files it mounts from ConfigMaps of the folder count. For Nextcloud it also warns about a MariaDB server that logs in `MIXED` format: written so, or left to MariaDB's default while `--log-bin` switches binary logging on. A mounted option file leaves the format unknown and silent.",
      whyItMatters:
        "Both products run InnoDB with READ-COMMITTED isolation, and InnoDB can then only log row-based changes: with `STATEMENT`, installs and updates fail with MySQL error 1665 (https://doc.owncloud.com/server/next/admin_manual/configuration/database/linux_database_configuration.html). Nextcloud documents binary logging off or `binlog_format = ROW` (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html); MariaDB's default format is MIXED since 10.2.4 (https://mariadb.com/kb/en/binary-log-formats/), while MySQL 8 defaults to ROW. ownCloud accepts MIXED.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "    command: --transaction-isolation=READ-COMMITTED --log-bin=binlog --binlog-format=STATEMENT",
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
          "    command: --transaction-isolation=READ-COMMITTED --log-bin=binlog --binlog-format=ROW",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix rewrites the flag to `--binlog-format=ROW` (or appends it to a command of server flags of the official `mariadb`/`mysql` images, or to the chart's `mariadb.primary.extraFlags`). It takes effect when the database restarts; replicas that read this server's binary log must accept row events, which every supported MariaDB and MySQL version does. A command that is not a list of server flags gets no automatic fix. In manifests, a container of the official images without `command` or `args` gets `args: [\"--binlog-format=ROW\"]` (safe: a command-line flag overrides the option files and changes nothing else).",
      sources: [
        "https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html",
        "https://doc.owncloud.com/server/next/admin_manual/configuration/database/linux_database_configuration.html",
        "https://mariadb.com/kb/en/binary-log-formats/",
        "https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html",
      ],
    },
  },
  check({ model, fix, report }) {
    for (const database of model.databases) {
      const binlog = database.binlog;
      if (!binlog || binlog.value === "ROW" || certaintyOf(binlog) === "unknown") continue;
      const { clients, users } = usersOf(model, database);
      if (users.length === 0) continue;
      const name = database.service.name;
      const known = certaintyOf(binlog) === "known";
      const related = withRelated(
        clients.map((c) => {
          const host = productProfiles[c.product].databaseHostVariables.map((v) => c.env.get(v)).find((s) => s !== undefined);
          return { location: host?.location ?? c.nameLocation, message: `${c.name} uses ${name}` };
        }),
      );
      if (binlog.value === "STATEMENT" && known) {
        const user = users[0];
        report({
          message: `${name} logs in ${flagName}=STATEMENT, but ${user.name} (${productProfiles[user.product].displayName}) runs InnoDB with READ-COMMITTED, which can only be logged row-based: installs and updates fail with error 1665. Use ${flagName}=ROW.`,
          location: binlog.location ?? binlog.anchor,
          related,
          fixes: [fix.setServerFlag(database, binlog, flagName, "ROW", `Run ${name} with ${flagName}=ROW`)],
        });
        continue;
      }
      // MIXED: Nextcloud documents ROW only; ownCloud accepts MIXED.
      const nextcloud = users.find((u) => u.product === "nextcloud");
      if (binlog.value !== "MIXED" || !nextcloud || database.engine !== "mariadb") continue;
      const logging = binlog.logging;
      if (!known && !(logging.value && certaintyOf(logging) === "known")) continue;
      report({
        message: known
          ? `${name} logs in ${flagName}=MIXED, but Nextcloud documents binary logging off or ${flagName}=ROW. Use ${flagName}=ROW.`
          : `${name} switches binary logging on (${logging.label}) without ${flagName}: MariaDB then logs in MIXED format, but Nextcloud documents ${flagName}=ROW. Add ${flagName}=ROW.`,
        location: (known ? binlog.location : logging.location) ?? binlog.anchor,
        severity: "warning",
        related,
        fixes: [fix.setServerFlag(database, binlog, flagName, "ROW", `Run ${name} with ${flagName}=ROW`)],
      });
    }
  },
});
