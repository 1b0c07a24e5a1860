import type { AppRole } from "../../model/cluster-model";
import type { Location } from "../../text/span";
import { envValue } from "../helpers";

export interface SqliteSelection {
  /** explicit: SQLITE_DATABASE / OWNCLOUD_DB_TYPE=sqlite; default: nothing selects a server database. */
  certainty: "explicit" | "default";
  /** What selects SQLite, for messages. */
  reason: string;
  /** The setting that selects it, when one does. */
  location?: Location;
}

/** Nextcloud's database variable groups, in the entrypoint's order (FACTS §1.1 install details). */
const nextcloudGroups: { engine: string; names: string[]; host: string }[] = [
  { engine: "MySQL/MariaDB", names: ["MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD"], host: "MYSQL_HOST" },
  { engine: "PostgreSQL", names: ["POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"], host: "POSTGRES_HOST" },
];

/** The entrypoint tests "set at all"; a passed-through `- KEY` comes from the shell, so counts as set. */
function isSet(app: AppRole, name: string): boolean {
  return app.env.has(name);
}

/** The variables a group still lacks (a `_FILE` form counts for the three secrets, not for the host). */
export function missingOfGroup(app: AppRole, group: { names: string[]; host: string }): string[] {
  const missing = group.names.filter((name) => !isSet(app, name) && !isSet(app, `${name}_FILE`));
  if (!isSet(app, group.host)) missing.push(group.host);
  return missing;
}

/**
 * Whether an app of the Compose, .env or Kubernetes model installs with SQLite. Nextcloud:
 * `SQLITE_DATABASE` set at all wins; otherwise it needs one complete MySQL or PostgreSQL group,
 * else the README says it "defaults to SQLite" (FACTS §1.2 Database). ownCloud:
 * `OWNCLOUD_DB_TYPE` unset, empty or `sqlite` (its default, FACTS §2.2 Database).
 */
export function sqliteSelection(app: AppRole): SqliteSelection | undefined {
  const selection = selectionOf(app);
  // A Kubernetes envFrom of a ConfigMap or Secret outside the folder may set any variable:
  // only an explicit choice of SQLite is still certain.
  if (selection?.certainty === "default" && app.opaqueEnvSources?.length) return undefined;
  return selection;
}

function selectionOf(app: AppRole): SqliteSelection | undefined {
  if (app.product === "nextcloud") {
    const sqlite = app.env.get("SQLITE_DATABASE");
    if (sqlite) return { certainty: "explicit", reason: "SQLITE_DATABASE is set", location: sqlite.location };
    let closest: { missing: string[]; engine: string } | undefined;
    for (const group of nextcloudGroups) {
      const missing = missingOfGroup(app, group);
      if (missing.length === 0) return undefined;
      if (!closest || missing.length < closest.missing.length) closest = { missing, engine: group.engine };
    }
    const partial = closest && closest.missing.length < 4;
    const firstSet = nextcloudGroups.flatMap((g) => [g.host, ...g.names]).map((name) => app.env.get(name)).find((s) => s !== undefined);
    return {
      certainty: "default",
      reason: partial ? `its ${closest!.engine} settings lack ${closest!.missing.join(", ")}` : "no MYSQL_* or POSTGRES_* database settings are given",
      location: firstSet?.location,
    };
  }
  const setting = app.env.get("OWNCLOUD_DB_TYPE");
  const type = (envValue(app, "OWNCLOUD_DB_TYPE") ?? "").trim();
  if (setting?.passthrough) return undefined;
  if (type === "sqlite") return { certainty: "explicit", reason: "OWNCLOUD_DB_TYPE is sqlite", location: setting?.location };
  if (type === "") return { certainty: "default", reason: setting ? "OWNCLOUD_DB_TYPE is empty and defaults to sqlite" : "OWNCLOUD_DB_TYPE is unset and defaults to sqlite", location: setting?.location };
  return undefined;
}
