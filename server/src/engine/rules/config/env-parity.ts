import type { Fix, RelatedLocation, Severity } from "../../findings";
import { catalog } from "../../knowledge/catalog";
import type { AppRole, EnvSetting, Product } from "../../model/cluster-model";
import { writtenValue } from "../../model/file-facts";
import { sharedVariable as compared, sameInstallation } from "../../model/installation";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";
import { copyableValue } from "./setting-text";

// Different Redis or object storage between nodes splits locks, caches and files: an error.
const sharedStateKey = /^(OWNCLOUD_)?(REDIS_|OBJECTSTORE_)/;

/**
 * The value a setting means: ownCloud treats empty as the default (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay), Nextcloud
 * distinguishes unset from set; a value equal to the image default is the default either way.
 */
function effective(product: Product, name: string, setting: EnvSetting | undefined): string | undefined {
  const fallback = catalog.lookupVariable(name, product)?.default;
  if (!setting) return fallback ?? (product === "owncloud" ? "" : undefined);
  if (product === "owncloud" && setting.value === "") return fallback ?? "";
  return setting.value;
}

function shown(name: string, value: string | undefined): string {
  if (value === undefined) return "unset";
  return catalog.isMaskedName(name) ? catalog.maskSecret(value) || '""' : `"${value}"`;
}

/** A `_FILE` form on one side and the plain one on the other cannot be compared as text. */
function fileCounterpart(name: string): string {
  return name.endsWith("_FILE") ? name.slice(0, -5) : `${name}_FILE`;
}

/** What the differing keys control, in the words an operator uses. */
function affected(names: string[]): string {
  const areas = new Set<string>();
  for (const name of names) {
    if (name.startsWith("REDIS_")) areas.add("locking and cache (Redis)");
    else if (name.startsWith("OBJECTSTORE_")) areas.add("object storage");
    else if (/^(SMTP_|MAIL_)/.test(name)) areas.add("mail settings");
    else if (/^(OVERWRITE|TRUSTED_PROXIES|FORWARDED_FOR_HEADERS)/.test(name)) areas.add("URL and proxy settings");
    else areas.add("PHP limits");
  }
  return [...areas].join(", ");
}

/** Only `${VAR}` / `$VAR` references (`:?` error forms too): no literal text, no default. */
const ONLY_REFERENCES = /^(?:\$\{[A-Za-z_]\w*(?::?\?[^}]*)?\}|\$[A-Za-z_]\w*)+$/;

interface Gap {
  name: string;
  source: EnvSetting;
}

export const envParity = defineRule({
  meta: {
    id: "config/env-parity",
    severity: "error",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Runtime settings that differ between services of one installation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Compares the runtime environment of the Nextcloud or ownCloud services that serve one installation (web replicas, the cron container, a second app service on the same volume or database). Nextcloud: `REDIS_HOST*`, `OBJECTSTORE_*`, `SMTP_*`, `MAIL_*`, `OVERWRITE*`, `TRUSTED_PROXIES`, `FORWARDED_FOR_HEADERS`, `PHP_MEMORY_LIMIT` (and between web services `PHP_UPLOAD_LIMIT`, `APACHE_BODY_LIMIT`). ownCloud: every `OWNCLOUD_*` except the per-node cron switch. A setting the web service has and another service lacks is reported on that service; a different value on the line that sets it. Redis and object storage differences are errors, the others warnings. In Kubernetes manifests the services are the app containers of the Deployments, StatefulSets and CronJobs (one container each) that share a claim or a database host, with `env`, `envFrom` and ConfigMaps of the folder resolved; a value from a Secret is not compared, and a container that takes `envFrom` a ConfigMap or Secret outside the folder is not said to lack a setting.",
      whyItMatters:
        "The Nextcloud image turns the Redis, object storage, mail and proxy variables into config with small `*.config.php` files that call getenv() on every request, the cron container's `cron.php` included (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh); `PHP_MEMORY_LIMIT`, `PHP_UPLOAD_LIMIT` and `APACHE_BODY_LIMIT` set the PHP and Apache limits of each container and should be equal on all nodes (https://github.com/nextcloud/docker/blob/master/README.md). A cron container without `REDIS_HOST` runs background jobs with database locking and a per-node cache while the web nodes lock in Redis, or fails Redis authentication; this is nextcloud/docker #1763 and #2469, and every official example with a cron container has it (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh). ownCloud renders its config from the environment on every start, so different `OWNCLOUD_*` values give nodes different configs (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "    environment:",
          "      - MYSQL_HOST=db",
          "      - REDIS_HOST=redis",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "x-nextcloud-env: &nextcloud-env",
          "  MYSQL_HOST: db",
          "  REDIS_HOST: redis",
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "    environment: *nextcloud-env",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "    environment: *nextcloud-env",
          "volumes:",
          "  nextcloud:",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Safe for missing settings: the quick fix adds them to the other service with the same source text (`REDIS_HOST=redis`, or `${REDIS_PASSWORD}` when the original reads `.env`), which is what the web service already runs with. Unsafe when a value differs, because the fix overwrites a value someone chose. A password, key or token written as a literal is never copied, because a fix must not spread a secret: in a Compose `environment:` the fix writes a reference to the `.env` variable that holds the same value (`REDIS_HOST_PASSWORD: \"${REDIS_PASSWORD}\"`); when `.env` holds none, or the value would go elsewhere (an `env_file:`, a Kubernetes manifest), no fix is offered: move the secret to `.env` or a Secret first (see security/plaintext-secret). Longer term, keep the shared keys in one YAML anchor or one `env_file:` used by every service.",
      sources: ["https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh", "https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay", "https://github.com/nextcloud/docker/issues/1763", "https://github.com/nextcloud/docker/issues/2469", "https://docs.docker.com/reference/compose-file/interpolation/"],
    },
  },
  check({ model, project, fix, report }) {
    for (const product of ["nextcloud", "owncloud"] as const) {
      const apps = model.apps.filter((a) => a.product === product);
      const webs = apps.filter((a) => a.role === "web");
      for (const other of apps) {
        // Compare with the first web service of the same installation; web pairs only once.
        const earlier = other.role === "web" ? webs.slice(0, webs.indexOf(other)) : webs;
        const reference = earlier.find((web) => sameInstallation(web, other, webs.length));
        if (!reference) continue;
        const bothWeb = other.role === "web";
        const names = new Set<string>();
        for (const app of [reference, other]) for (const name of app.env.keys()) if (compared(product, name, bothWeb)) names.add(name);
        const missingOnOther: Gap[] = [];
        const missingOnReference: Gap[] = [];
        for (const name of [...names].sort()) {
          const mine = reference.env.get(name);
          const theirs = other.env.get(name);
          if (mine?.passthrough || theirs?.passthrough) continue;
          // Values the files do not show (a Secret, a ConfigMap elsewhere) cannot be compared; a side with such a source may set what it seems to lack.
          if (mine && theirs && (mine.opaque || theirs.opaque)) continue;
          if ((!mine && (reference.opaqueEnvSources?.length ?? 0) > 0) || (!theirs && (other.opaqueEnvSources?.length ?? 0) > 0)) continue;
          const wanted = effective(product, name, mine);
          const actual = effective(product, name, theirs);
          if (wanted === actual) continue;
          if (!mine && reference.env.has(fileCounterpart(name))) continue;
          if (!theirs && other.env.has(fileCounterpart(name))) continue;
          if (mine && !theirs) {
            missingOnOther.push({ name, source: mine });
            continue;
          }
          if (theirs && !mine) {
            missingOnReference.push({ name, source: theirs });
            continue;
          }
          report({
            message: `${other.name} sets ${name} to ${shown(name, actual)} but ${reference.name} uses ${shown(name, wanted)}: ${product === "nextcloud" ? (/^(PHP_|APACHE_)/.test(name) ? "the image applies it to PHP/Apache in each container, so the two run with different limits" : "Nextcloud reads it on every request, so the two run with different configuration") : "ownCloud renders its config from it on every start, so the nodes get different configs"}.`,
            location: theirs!.location,
            severity: severityOf([name]),
            related: withRelated({ location: mine!.location, message: `${reference.name} sets ${name} here` }, mine!.related),
            fixes: [copyFix(other, [[name, mine!]], `Use ${reference.name}'s ${name} on ${other.name}`, "unsafe")],
          });
        }
        if (missingOnOther.length > 0) reportMissing(other, reference, missingOnOther, "safe");
        if (missingOnReference.length > 0) reportMissing(reference, other, missingOnReference, "unsafe");
      }
    }

    function severityOf(names: string[]): Severity {
      return names.some((n) => sharedStateKey.test(n)) ? "error" : "warning";
    }

    function reportMissing(target: AppRole, source: AppRole, gaps: Gap[], safety: "safe" | "unsafe"): void {
      const list = gaps.map((g) => (g.source.opaque ? `${g.name} from a source the files do not show` : `${g.name}=${catalog.isMaskedName(g.name) ? catalog.maskSecret(g.source.value) : g.source.value}`)).join(", ");
      const names = gaps.map((g) => g.name);
      const consequence =
        target.role === "cron" && target.product === "nextcloud"
          ? `cron.php reads these on every run, so background jobs do not use the same ${affected(names)} as the web nodes`
          : target.product === "nextcloud"
            ? `${names.every((n) => /^(PHP_|APACHE_)/.test(n)) ? "the image applies these to PHP/Apache in each container" : "Nextcloud reads these on every request"}, so the two services differ in ${affected(names)}`
            : "ownCloud renders its config from them on every start, so the nodes get different configs";
      const related: RelatedLocation[] = gaps.map((g) => ({ location: g.source.location, message: `${source.name} sets ${g.name} here` }));
      report({
        message: `${target.name} does not set ${names.join(", ")}, which ${source.name} sets (${list}): ${consequence}.`,
        location: target.nameLocation,
        severity: severityOf(names),
        related: withRelated(related, ...gaps.map((g) => g.source.related)),
        // A value from a Secret cannot be copied as text; a template expression can.
        fixes: gaps.some((g) => g.source.opaque && !g.source.templated) ? [] : [
          copyFix(
            target,
            gaps.map((g) => [g.name, g.source]),
            `Add ${names.join(", ")} to ${target.name} as ${source.name} sets ${names.length === 1 ? "it" : "them"}`,
            safety,
          ),
        ],
      });
    }

    /** One fix for all the settings, or none when one of them is a secret it cannot refer to. */
    function copyFix(target: AppRole, settings: [string, EnvSetting][], title: string, safety: "safe" | "unsafe"): Fix | undefined {
      const pairs: [string, string][] = [];
      for (const [name, setting] of settings) {
        const text = copiedText(target, name, setting);
        if (text === undefined) return undefined;
        pairs.push([name, text]);
      }
      return fix.setServiceEnvs(target, pairs, title, safety);
    }

    /**
     * The text a fix writes for a setting on another service. A password, key or token written
     * as a literal (or as a `${X:-default}` default) is never copied, since a fix must not spread
     * a secret: it becomes a reference to the `.env` variable that holds the same value, where the
     * fix writes into the service's `environment:` (a missing setting, or a literal there), and
     * otherwise there is no fix. An `env_file:` line, or the `.env` line behind a `${X}`, gets no reference.
     */
    function copiedText(target: AppRole, name: string, setting: EnvSetting): string | undefined {
      const text = copyableValue(project, setting);
      if (!catalog.isMaskedName(name) || setting.templated || setting.value === "" || ONLY_REFERENCES.test(text.trim())) return text;
      const current = target.env.get(name);
      const intoEnvironment = !current || (current.origin === "environment" && !(writtenValue(project, current) ?? "$").includes("$"));
      return intoEnvironment ? fix.dotenvReference(setting.value, name) : undefined;
    }
  },
});
