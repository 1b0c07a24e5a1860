import type { RelatedLocation } from "../../findings";
import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, DatabaseModel } from "../../model/cluster-model";
import { isScaled, reaches, settingOf } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule, type ReportInput } from "../rule";

/** A Galera node: a Galera image, a `--wsrep…` flag on its command, or the image's Galera variables. */
function isGalera(database: DatabaseModel): boolean {
  if (database.engine === "postgres") return false;
  const service = database.service;
  const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  return /galera|xtradb-cluster|(^|\/)pxc\b/i.test(service.image?.value ?? "") || /--wsrep[-_]/.test(command) || [...service.env.keys()].some((k) => /WSREP|GALERA/i.test(k));
}

/** The app's database host setting that names this server, when one does. */
function hostSettingTo(model: ClusterModel, app: AppRole, database: DatabaseModel) {
  for (const name of productProfiles[app.product].databaseHostVariables) {
    const setting = settingOf(app, name);
    if (setting.certainty === "known" && setting.setting && reaches(model, database.service, setting.value ?? "")) return setting.setting;
  }
  return undefined;
}

const bootstrapFlag = /(^|\s)--wsrep[-_]new[-_]cluster(\s|$)/;

export const galeraMultiWriter = defineRule({
  meta: {
    id: "database/galera-multi-writer",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "App writes to several Galera nodes",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Nextcloud or ownCloud service whose database host (`MYSQL_HOST`, `OWNCLOUD_DB_HOST`) names a Galera service with several replicas or in global mode — the service name balances connections over every node —, or in Kubernetes manifests a Service in front of a Galera workload of several pods, and services of one installation that name different Galera nodes. A write-pinning proxy in between (HAProxy, MaxScale, ProxySQL named as the host) keeps it silent. Also flags a Galera node whose `command` keeps `--wsrep-new-cluster`, so that every restart of that container bootstraps a new cluster.",
      whyItMatters:
        "Galera replicates with cluster-wide optimistic locking: concurrent writes on different nodes conflict at commit and come back to the app as deadlocks (`SQLSTATE[40001] … 1213 Deadlock found`). ownCloud's database guide sends all writes to one node through a proxy (HAProxy or MaxScale read/write split), optionally with `wsrep_sync_wait=1` (https://doc.owncloud.com/server/next/admin_manual/configuration/database/linux_database_configuration.html, https://severalnines.com/blog/avoiding-deadlocks-galera-set-haproxy-single-node-writes-and-multi-node-reads). `--wsrep-new-cluster` is meant for the first node of a new cluster only, started by hand when every node is down (https://mariadb.com/docs/service-management/operations/start-stop-status/bootstrap-galera-cluster/, https://man7.org/linux/man-pages/man1/galera_new_cluster.1.html): kept in a container's command, the node starts a cluster of its own at every restart instead of rejoining, and the nodes diverge.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=galera",
          "  galera:",
          "    image: bitnami/mariadb-galera:11.4",
          "    deploy:",
          "      replicas: 3",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=maxscale",
          "  maxscale:",
          "    image: mariadb/maxscale:24.02",
          "  galera:",
          "    image: bitnami/mariadb-galera:11.4",
          "    deploy:",
          "      replicas: 3",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: putting a proxy in front of the cluster is a change to your topology. Point `MYSQL_HOST`/`OWNCLOUD_DB_HOST` of every app service at one write endpoint (a HAProxy backend with one active server, a MaxScale read/write split listener). Remove `--wsrep-new-cluster` once the cluster runs; bootstrap later by hand only when every node is down.",
      sources: [
        "https://doc.owncloud.com/server/next/admin_manual/configuration/database/linux_database_configuration.html",
        "https://severalnines.com/blog/avoiding-deadlocks-galera-set-haproxy-single-node-writes-and-multi-node-reads",
        "https://mariadb.com/docs/service-management/operations/start-stop-status/bootstrap-galera-cluster/",
        "https://man7.org/linux/man-pages/man1/galera_new_cluster.1.html",
      ],
    },
  },
  check({ model, report }) {
    const galera = model.databases.filter(isGalera);
    for (const input of [...balancedWriters(model, galera), ...splitWriters(model, galera), ...bootstrapping(galera)]) report(input);
  },
});

/** Apps whose host is a scaled Galera service: its name spreads connections over every node. */
function balancedWriters(model: ClusterModel, galera: DatabaseModel[]): ReportInput[] {
  const out: ReportInput[] = [];
  for (const database of galera.filter((d) => isScaled(d.service))) {
    const nodes = database.service.replicas.value === "global" ? "on every node (global mode)" : `${database.service.replicas.value} replicas`;
    for (const app of model.apps) {
      const host = hostSettingTo(model, app, database);
      if (!host) continue;
      out.push({
        message: `${app.name} writes through ${host.label ?? host.name}=${host.value} to the Galera service ${database.service.name}, which runs ${nodes}: connections spread over the nodes, and concurrent writes on different nodes fail as deadlocks. Point it at one write endpoint (HAProxy, MaxScale, ProxySQL).`,
        location: host.location,
        related: withRelated(database.service.replicas.location ? { location: database.service.replicas.location, message: `${database.service.name} runs ${nodes}` } : undefined, { location: database.service.nameLocation, message: `${database.service.name} is a Galera node` }),
      });
    }
  }
  return out;
}

/** Apps of one product that name different Galera nodes. */
function splitWriters(model: ClusterModel, galera: DatabaseModel[]): ReportInput[] {
  const out: ReportInput[] = [];
  const single = galera.filter((d) => !isScaled(d.service));
  const products = new Set(model.apps.map((a) => a.product));
  for (const product of products) {
    let first: { app: AppRole; database: DatabaseModel; related: RelatedLocation } | undefined;
    for (const app of model.apps.filter((a) => a.product === product)) {
      for (const database of single) {
        const host = hostSettingTo(model, app, database);
        if (!host) continue;
        if (!first) {
          first = { app, database, related: { location: host.location, message: `${app.name} writes to ${database.service.name}` } };
          continue;
        }
        if (first.database === database) continue;
        out.push({
          message: `${app.name} writes to the Galera node ${database.service.name} while ${first.app.name} writes to ${first.database.service.name}: concurrent writes on different nodes of one cluster fail as deadlocks. Point every service at one write endpoint (HAProxy, MaxScale, ProxySQL).`,
          location: host.location,
          related: [first.related],
        });
      }
    }
  }
  return out;
}

/** Galera nodes whose command bootstraps a new cluster at every start. */
function bootstrapping(galera: DatabaseModel[]): ReportInput[] {
  return galera.flatMap((database) => {
    const service = database.service;
    const fact = [service.command, service.entrypoint].find((f) => f && bootstrapFlag.test(f.value));
    if (!fact?.location) return [];
    return [
      {
        message: `${service.name} starts with --wsrep-new-cluster in its ${fact === service.command ? "command" : "entrypoint"}: every restart bootstraps a new cluster instead of rejoining the others, and the nodes diverge. Remove the flag once the cluster runs; bootstrap by hand only when every node is down.`,
        location: fact.location,
        related: [{ location: service.nameLocation, message: `${service.name} is a Galera node` }],
      },
    ];
  });
}
