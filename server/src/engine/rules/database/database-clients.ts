import type { AppRole, ClusterModel, DatabaseModel, ServiceModel } from "../../model/cluster-model";
import { envValue } from "../helpers";

/** The host variables that name an app's database server (FACTS §1.2 Database, §2.2 Database). */
const hostVariables = ["MYSQL_HOST", "POSTGRES_HOST", "OWNCLOUD_DB_HOST"];

/** `db`, `db:3306` → `db`; brackets of an IPv6 literal stay. */
function hostName(value: string): string {
  return value.trim().replace(/:\d+$/, "");
}

/**
 * Whether a host name reaches this service: the Compose service name; for Kubernetes the
 * workload's name (`db/mariadb` → `db`), also as the first label of `db.ns.svc.cluster.local`,
 * on the usual convention that the Service is named after its workload.
 */
export function isHostOf(model: ClusterModel, service: ServiceModel, host: string): boolean {
  const name = hostName(host);
  if (name === "") return false;
  if (model.format !== "k8s") return name === service.name;
  const workload = service.name.split("/")[0];
  return name === workload || name.split(".")[0] === workload;
}

/** The Nextcloud/ownCloud apps whose database host is this service. */
export function clientsOf(model: ClusterModel, database: DatabaseModel): AppRole[] {
  return model.apps.filter((app) => hostVariables.some((name) => isHostOf(model, database.service, envValue(app, name) ?? "")));
}
