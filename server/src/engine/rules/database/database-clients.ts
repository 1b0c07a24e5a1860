import type { AppRole, ClusterModel, DatabaseModel } from "../../model/cluster-model";
import { envValue } from "../helpers";

/** The host variables that name an app's database server (FACTS §1.2 Database, §2.2 Database). */
const hostVariables = ["MYSQL_HOST", "POSTGRES_HOST", "OWNCLOUD_DB_HOST"];

/** `db`, `db:3306` → `db`; brackets of an IPv6 literal stay. */
function hostName(value: string): string {
  return value.trim().replace(/:\d+$/, "");
}

/** The Nextcloud/ownCloud apps whose database host is this service. */
export function clientsOf(model: ClusterModel, database: DatabaseModel): AppRole[] {
  return model.apps.filter((app) => hostVariables.some((name) => hostName(envValue(app, name) ?? "") === database.service.name));
}
