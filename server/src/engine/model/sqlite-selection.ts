import type { AppRole, EnvSetting, Fact, SqliteSelection } from "./cluster-model";
import { settingOf } from "./queries";

/** Nextcloud's database variable groups, in the entrypoint's order (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). */
const nextcloudGroups: { engine: string; names: string[]; host: string }[] = [
  { engine: "MySQL/MariaDB", names: ["MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD"], host: "MYSQL_HOST" },
  { engine: "PostgreSQL", names: ["POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"], host: "POSTGRES_HOST" },
];

/** The entrypoint tests "set at all"; a passed-through `- KEY` comes from the shell, so counts as set. */
function isSet(app: AppRole, name: string): boolean {
  return app.env.has(name);
}

/** The variables a group still lacks (a `_FILE` form counts for the three secrets, not for the host). */
function missingOfGroup(app: AppRole, group: { names: string[]; host: string }): string[] {
  const missing = group.names.filter((name) => !isSet(app, name) && !isSet(app, `${name}_FILE`));
  if (!isSet(app, group.host)) missing.push(group.host);
  return missing;
}

function settingFact(setting: EnvSetting): Fact<string> {
  return { value: setting.value, location: setting.location, related: setting.related, label: setting.label ?? setting.name };
}

/**
 * Whether an app installs with SQLite, read from the environment its image gets (Compose, a
 * `.env`, Kubernetes, a chart that renders the variable). Nextcloud: `SQLITE_DATABASE` set at all
 * wins; otherwise it needs one complete MySQL or PostgreSQL group, else the README says it
 * "defaults to SQLite" (https://github.com/nextcloud/docker/blob/master/README.md). ownCloud: `OWNCLOUD_DB_TYPE` unset, empty or
 * `sqlite` (its default, https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md).
 */
export function sqliteOfEnv(app: AppRole): SqliteSelection | undefined {
  const selection = app.product === "nextcloud" ? nextcloudSelection(app) : owncloudSelection(app);
  // A Kubernetes envFrom of a ConfigMap or Secret outside the folder may set any variable:
  // only an explicit choice of SQLite is still certain.
  if (selection?.certainty === "default" && app.opaqueEnvSources?.length) return undefined;
  return selection;
}

function nextcloudSelection(app: AppRole): SqliteSelection | undefined {
  const sqlite = app.env.get("SQLITE_DATABASE");
  if (sqlite) {
    // SQLITE_DATABASE wins over a complete group, or over one the hidden sources may complete.
    const shadowed = nextcloudGroups.some((g) => missingOfGroup(app, g).length === 0) || (app.opaqueEnvSources?.length ?? 0) > 0;
    return {
      certainty: "explicit",
      reason: `${sqlite.label ?? sqlite.name} is set`,
      setting: settingFact(sqlite),
      location: sqlite.location,
      shadows: shadowed ? { name: "the MySQL/PostgreSQL settings" } : undefined,
    };
  }
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

function owncloudSelection(app: AppRole): SqliteSelection | undefined {
  const { value, certainty, setting, label } = settingOf(app, "OWNCLOUD_DB_TYPE");
  if (setting?.passthrough || certainty === "unknown") return undefined;
  const type = (value ?? "").trim();
  const fact = setting ? settingFact(setting) : undefined;
  // A chart renders its default: the value is the chart's, not the user's, and has no place to point at.
  if (certainty === "defaulted" && setting) return type === "sqlite" ? { certainty: "default", reason: `${label} defaults to sqlite`, setting: fact } : undefined;
  if (type === "sqlite") return { certainty: "explicit", reason: `${label} is sqlite`, setting: fact, location: setting?.location };
  if (type === "") return { certainty: "default", reason: setting ? `${label} is empty and defaults to sqlite` : `${label} is unset and defaults to sqlite`, setting: fact, location: setting?.location };
  return undefined;
}
