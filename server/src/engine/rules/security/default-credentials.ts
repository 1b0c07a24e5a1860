import type { RelatedLocation } from "../../findings";
import { emptyPasswordSwitches, owncloudAdminDefault, shippedPasswords } from "../../knowledge/default-credentials";
import type { ClusterModel, ConfiguredKey, VariableUse } from "../../model/cluster-model";
import { certaintyOf, settingOf, walkConfiguredKeys } from "../../model/queries";
import type { Location } from "../../text/span";
import { defineRule, type ReportInput } from "../rule";

const imageFolders = "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/30-admin.sh";
const mariadbInit = "https://hub.docker.com/_/mariadb";
const ncValues = "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml";
const ocValues = "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/values.yaml";

const contains = (outer: Location, inner: Location): boolean => outer.path === inner.path && outer.span.start <= inner.span.start && inner.span.end <= outer.span.end;

/**
 * Where a variable's value is written: the `.env` line a whole `${X}` resolves to, else the value
 * itself. Undefined when part of it is left to the shell (unknown).
 */
function valueSite(model: ClusterModel, key: ConfiguredKey): { at: Location; via?: RelatedLocation } | undefined {
  const setting = key.setting!;
  const at = setting.valueLocation ?? setting.location;
  // An empty value has an empty span: point at the whole entry.
  if (!key.refersElsewhere) return { at: setting.value === "" ? setting.location : at };
  const uses: VariableUse[] = (model.interpolations ?? []).filter((u) => contains(at, u.location));
  if (uses.length === 0 || uses.some((u) => !u.resolved && u.whenUnset !== "fallback")) return undefined;
  // A .env line that itself reads a variable (`X=${FROM_VAULT:-}`) is filled from the shell: unknown.
  const readsShell = (at: Location): boolean =>
    (model.envFiles ?? []).some((env) => env.entries.some((e) => e.keyLocation.path === at.path && e.keyLocation.span.start === at.span.start && e.reads.length > 0));
  if (uses.some((u) => u.definition && readsShell(u.definition))) return undefined;
  const written = key.written?.trim() ?? "";
  // One whole reference filled from .env (`${X}`, `${X:-d}`): the .env line is where the value is written.
  if (uses.length === 1 && uses[0].resolved && uses[0].definition && /^\$(?:\w+|\{[^{}]*\})$/.test(written)) return { at: uses[0].definition, via: { location: at, message: `${setting.name} of service ${key.service?.name ?? ""} reads it here` } };
  return { at };
}

export const defaultCredentials = defineRule({
  meta: {
    id: "security/default-credentials",
    severity: "warning",
    formats: ["C", "H", "E"],
    priority: "P2",
    clusterOnly: false,
    title: "Password left at a default that examples and charts publish",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags passwords a deployment keeps from a public example, image or chart, where everyone who read the example knows them: `MYSQL_PASSWORD`, `MYSQL_ROOT_PASSWORD` or `POSTGRES_PASSWORD` set to `nextcloud` (Docker's awesome-compose Nextcloud examples) or `owncloud` (the ownCloud documentation's Compose example, also `OWNCLOUD_DB_PASSWORD`), `OWNCLOUD_ADMIN_PASSWORD` set to `admin` or left unset or empty on an ownCloud service (the image then installs with `admin`), the empty `MYSQL_PASSWORD=`, `MYSQL_ROOT_PASSWORD=` and `POSTGRES_PASSWORD=` placeholders of the Nextcloud image's examples, and chart passwords left at the chart's default: Nextcloud chart `nextcloud.password`, `mariadb.auth.password`, `postgresql.global.postgresql.auth.password` and `redis.auth.password` (`changeme`, while the part is enabled and no existing Secret replaces it), `collabora.collabora.password` (`examplepass`), ownCloud chart `owncloud.adminPassword` (`owncloud`). A chart password the values file does not set is reported as info, since another values file, `--set` or a Secret the files do not show may give it. Values behind an unresolved `${…}`, a template, a `_FILE` variant or a Secret are not judged. Messages never show the value.",
      whyItMatters:
        `A published default is the first password anyone tries: the Nextcloud chart ships \`changeme\` (${ncValues}), the ownCloud chart \`owncloud\` (${ocValues}), the ownCloud image installs its admin account with \`admin\` when no password is given (${imageFolders}). An empty placeholder is not a password either: the MariaDB and MySQL images refuse to initialise without a root password and the PostgreSQL image without \`POSTGRES_PASSWORD\`, and they read these variables only when they initialise an empty data directory, so the value of the first start stays (${mariadbInit}, https://hub.docker.com/_/postgres).`,
      example: {
        "compose.yaml": ["services:", "  db:", "    image: mariadb:11.4", "    environment:", "      - MYSQL_ROOT_PASSWORD=${DB_ROOT_PASSWORD}", ""].join("\n"),
        ".env": ["DB_ROOT_PASSWORD=nextcloud", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  db:", "    image: mariadb:11.4", "    environment:", "      - MYSQL_ROOT_PASSWORD=${DB_ROOT_PASSWORD}", ""].join("\n"),
        ".env": ["DB_ROOT_PASSWORD=Vq3TzK8mWp2xRb7n", ""].join("\n"),
      },
      fixSafety:
        "No automatic fix: a new password has to be generated by you (for example `openssl rand -base64 24`) and, for a database that is already initialised, changed inside the database as well — the images read these variables only at the first start.",
      sources: [ncValues, ocValues, imageFolders, "https://github.com/docker/awesome-compose/tree/master/nextcloud-redis-mariadb", "https://github.com/owncloud/docs-server/blob/master/modules/admin_manual/examples/installation/docker/docker-compose.yml", "https://github.com/nextcloud/docker/tree/master/.examples/docker-compose", mariadbInit],
    },
  },
  check({ model, report }) {
    const reported = new Set<string>();
    const once = (input: ReportInput): void => {
      const key = `${input.location.path}|${input.location.span.start}`;
      if (reported.has(key)) return;
      reported.add(key);
      report(input);
    };

    // Helm: the chart's own passwords while the part that uses them is on.
    for (const credential of model.chartCredentials ?? []) {
      const { setting } = credential;
      const certainty = certaintyOf(setting);
      if (certainty === "unknown" || (certainty !== "defaulted" && setting.value !== credential.chartDefault)) continue;
      // Not set here: another values file, `--set` or a valuesFrom Secret may give it, which the files do not show — hence info.
      const defaulted = certainty === "defaulted";
      once({
        message: defaulted
          ? `${setting.label} is not set in this values file: unless another values file or --set gives it, the chart's published default applies and ${credential.what} is the same as in every installation that keeps it. Use ${credential.instead}.`
          : `${setting.label} is the chart's published default: ${credential.what} is the same as in every installation that keeps it. Use ${credential.instead}.`,
        location: setting.location ?? credential.anchor,
        ...(defaulted ? { severity: "info" as const } : {}),
      });
    }

    // Compose, env files and a lone .env: the variables as they resolve.
    walkConfiguredKeys(model, (key) => {
      if (key.surface.kind !== "variable" || !key.setting || !key.service) return false;
      const setting = key.setting;
      if (setting.passthrough || setting.opaque || setting.templated || key.certainty === "unknown") return;
      const shipped = shippedPasswords.find((p) => p.variable === setting.name && p.values.includes(setting.value));
      if (!shipped) return;
      if (setting.value === "" && (emptyPasswordSwitches[setting.name] ?? []).some((name) => key.service!.env.has(name))) return;
      const site = valueSite(model, key);
      if (!site) return;
      const what = setting.value === "" ? `${setting.name} is empty, the placeholder in ${shipped.where} that you are meant to fill in` : `${setting.name} is the password published in ${shipped.where}`;
      const advice = setting.value === "" ? "Set a generated password before the first start: the database image reads it only when it initialises an empty data directory." : "Generate one of your own; a database already initialised keeps the old one until you change it there too.";
      once({ message: `${what} (${shipped.source}). ${advice}`, location: site.at, related: site.via ? [site.via] : [] });
    });

    // ownCloud apps without an admin password install with admin (the lone .env may be completed elsewhere).
    if (model.standalone) return;
    for (const app of model.apps) {
      if (app.product !== "owncloud" || app.role !== "web") continue;
      const admin = settingOf(app, owncloudAdminDefault.variable);
      if (admin.certainty === "unknown" || (admin.value ?? "") !== "" || admin.setting?.passthrough) continue;
      const written = admin.certainty === "known" ? admin.setting : undefined;
      // An empty value from an unresolved `${X}` is the shell's to fill in.
      if (written && (model.interpolations ?? []).some((u) => contains(written.location, u.location) && !u.resolved)) continue;
      once({
        message: `${app.name} ${written ? `sets ${owncloudAdminDefault.variable} empty` : `sets no ${owncloudAdminDefault.variable}`}, so the ownCloud image installs its admin account with its published default password (${owncloudAdminDefault.source}). Set it from a secret or an uncommitted .env.`,
        location: written ? written.location : app.nameLocation,
      });
    }
  },
});

