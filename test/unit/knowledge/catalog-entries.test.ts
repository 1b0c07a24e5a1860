import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CatalogEntry, catalogEntrySchema } from "../../../server/src/engine/knowledge/catalog-schema";
import { catalog } from "../../../server/src/engine/knowledge/catalog";
import { parseCatalogEntries } from "../../../server/src/engine/knowledge/parse-catalog-entries";

const allEntries: CatalogEntry[] = Object.values(catalog.entries).flat();

function variable(name: string): CatalogEntry {
  const entry = catalog.lookupVariable(name);
  assert.ok(entry, `${name} is in the catalog`);
  return entry;
}

function value(chart: "nextcloud" | "owncloud", path: string): CatalogEntry {
  const entry = catalog.lookupValue(chart, path);
  assert.ok(entry, `${chart} chart ${path} is in the catalog`);
  return entry;
}

describe("catalog data", () => {
  it("every entry parses through the zod schema", () => {
    assert.ok(allEntries.length > 200, `expected a full catalog, got ${allEntries.length} entries`);
    for (const entry of allEntries) {
      const result = catalogEntrySchema.safeParse(entry);
      assert.ok(result.success, `${entry.surface} ${entry.name}: ${result.success ? "" : result.error.message}`);
    }
  });

  it("has no duplicate names per surface", () => {
    for (const [surface, entries] of Object.entries(catalog.entries)) {
      const seen = new Set<string>();
      for (const entry of entries) {
        assert.ok(!seen.has(entry.name), `duplicate ${entry.name} in ${surface}`);
        seen.add(entry.name);
      }
    }
  });

  it("puts each data file on its own surface", () => {
    assert.ok(catalog.entries.nextcloudImage.every((entry) => entry.surface === "nextcloud-image"));
    assert.ok(catalog.entries.owncloudImage.every((entry) => entry.surface === "owncloud-image"));
    assert.ok(catalog.entries.nextcloudChart.every((entry) => entry.surface === "nextcloud-chart"));
    assert.ok(catalog.entries.owncloudChart.every((entry) => entry.surface === "owncloud-chart"));
    assert.ok(catalog.entries.compose.every((entry) => entry.surface === "compose"));
  });

  it("cites a public URL for every entry", () => {
    for (const entry of allEntries) {
      assert.match(entry.source, /https:\/\/\S+/, `${entry.name}: ${entry.source}`);
    }
  });

  it("rejects malformed entries at load", () => {
    assert.throws(
      () => parseCatalogEntries("nextcloud-image", [{ name: "X", type: "enum", meaning: "m", cluster: "", source: "s" }]),
      /Invalid catalog entry nextcloud-image entry #0 \(X\)/,
    );
    assert.throws(
      () =>
        parseCatalogEntries("owncloud-image", [
          { name: "Y", type: "string", booleanForm: "any-set", meaning: "m", cluster: "", source: "s" },
        ]),
      /booleanForm only applies to boolean/,
    );
    assert.throws(
      () => parseCatalogEntries("compose", [{ name: "Z", type: "any", status: "renamed", meaning: "m", cluster: "", source: "s" }]),
      /a renamed entry needs its replacement/,
    );
    assert.throws(
      () => parseCatalogEntries("compose", [{ name: "Z", type: "any", meaning: "m", cluster: "", source: "s", bogus: 1 } as never]),
      /Invalid catalog entry/,
    );
  });

  it("marks every entry whose name says password as secret, and no _FILE path", () => {
    for (const entry of allEntries) {
      if (/password$/i.test(entry.name) && entry.status !== "ignored") assert.equal(entry.secret, true, entry.name);
      if (entry.name.endsWith("_FILE")) assert.notEqual(entry.secret, true, entry.name);
    }
  });
});

describe("facts spot checks: ownCloud image (FACTS §2)", () => {
  it("OWNCLOUD_SESSION_SAVE_HANDLER defaults to files", () => {
    assert.equal(variable("OWNCLOUD_SESSION_SAVE_HANDLER").default, "files");
  });
  it("OWNCLOUD_CROND_ENABLED defaults to true", () => {
    const entry = variable("OWNCLOUD_CROND_ENABLED");
    assert.equal(entry.default, "true");
    assert.equal(entry.type, "boolean");
  });
  it("OWNCLOUD_REDIS_PORT is a 6379 integer port", () => {
    const entry = variable("OWNCLOUD_REDIS_PORT");
    assert.equal(entry.type, "integer");
    assert.equal(entry.default, "6379");
    assert.equal(entry.minimum, 0);
    assert.equal(entry.maximum, 65535);
  });
  it("OWNCLOUD_DB_TYPE is sqlite|mysql|pgsql, default sqlite", () => {
    const entry = variable("OWNCLOUD_DB_TYPE");
    assert.deepEqual(entry.enumValues, ["sqlite", "mysql", "pgsql"]);
    assert.equal(entry.default, "sqlite");
  });
  it("reads Redis and object store flags as literal true", () => {
    assert.equal(variable("OWNCLOUD_REDIS_ENABLED").booleanForm, "true-false");
    assert.equal(variable("OWNCLOUD_REDIS_ENABLED").default, "false");
    assert.equal(variable("OWNCLOUD_OBJECTSTORE_ENABLED").booleanForm, "true-false");
  });
  it("list separators: trusted domains and proxies are comma lists", () => {
    assert.equal(variable("OWNCLOUD_TRUSTED_DOMAINS").listSeparator, "comma");
    assert.equal(variable("OWNCLOUD_TRUSTED_PROXIES").listSeparator, "comma");
    assert.equal(variable("OWNCLOUD_REDIS_SEEDS").listSeparator, "comma");
  });
  it("knows the ownership, cron and session defaults", () => {
    assert.equal(variable("OWNCLOUD_SKIP_CHOWN").default, "false");
    assert.equal(variable("OWNCLOUD_CROND_SCHEDULE").default, "*/1 * * * *");
    assert.equal(variable("OWNCLOUD_SESSION_SAVE_PATH").default, "${OWNCLOUD_VOLUME_SESSIONS}");
    assert.equal(variable("OWNCLOUD_VOLUME_ROOT").default, "/mnt/data");
    assert.equal(variable("OWNCLOUD_MEMCACHE_LOCAL").default, "\\OC\\Memcache\\APCu");
    assert.equal(variable("OWNCLOUD_REDIS_SESSION_LOCK_RETRIES").default, "750");
  });
  it("marks the Redis TLS variables as 24.04-only", () => {
    assert.match(variable("OWNCLOUD_REDIS_TLS_CAFILE").availability ?? "", /24\.04/);
    assert.equal(variable("OWNCLOUD_REDIS_TLS_PASSPHRASE").secret, true);
  });
  it("has no _FILE secret variants; OWNCLOUD_LOG_FILE is a real variable, not one", () => {
    assert.deepEqual(
      catalog.entries.owncloudImage.filter((entry) => entry.fileVariantOf !== undefined),
      [],
    );
    assert.deepEqual(
      catalog.knownVariables("owncloud", { includeInactive: true }).filter((name) => name.endsWith("_FILE")),
      ["OWNCLOUD_LOG_FILE"],
    );
    assert.equal(variable("OWNCLOUD_LOG_FILE").default, "${OWNCLOUD_VOLUME_FILES}/owncloud.log");
  });
});

describe("facts spot checks: Nextcloud image (FACTS §1)", () => {
  it("REDIS_HOST is a runtime variable; REDIS_HOST_PORT defaults to 6379", () => {
    assert.equal(variable("REDIS_HOST").runtime, true);
    assert.equal(variable("REDIS_HOST").default, undefined);
    assert.equal(variable("REDIS_HOST_PORT").default, "6379");
    assert.equal(variable("REDIS_HOST_PORT").type, "integer");
  });
  it("NEXTCLOUD_INIT_LOCK is removed", () => {
    const entry = variable("NEXTCLOUD_INIT_LOCK");
    assert.equal(entry.status, "removed");
    assert.ok(!catalog.knownVariables("nextcloud").includes("NEXTCLOUD_INIT_LOCK"));
    assert.ok(catalog.knownVariables("nextcloud", { includeInactive: true }).includes("NEXTCLOUD_INIT_LOCK"));
  });
  it("lists exactly the supported _FILE variants", () => {
    const fileVariants = catalog.entries.nextcloudImage
      .filter((entry) => entry.fileVariantOf !== undefined)
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(fileVariants, [
      "MYSQL_DATABASE_FILE",
      "MYSQL_PASSWORD_FILE",
      "MYSQL_USER_FILE",
      "NEXTCLOUD_ADMIN_PASSWORD_FILE",
      "NEXTCLOUD_ADMIN_USER_FILE",
      "OBJECTSTORE_S3_KEY_FILE",
      "OBJECTSTORE_S3_SECRET_FILE",
      "OBJECTSTORE_S3_SSE_C_KEY_FILE",
      "POSTGRES_DB_FILE",
      "POSTGRES_PASSWORD_FILE",
      "POSTGRES_USER_FILE",
      "REDIS_HOST_PASSWORD_FILE",
      "SMTP_PASSWORD_FILE",
    ]);
    assert.equal(variable("REDIS_HOST_PASSWORD_FILE").fileVariantOf, "REDIS_HOST_PASSWORD");
  });
  it("marks _FILE forms that do not exist as ignored", () => {
    for (const name of ["MYSQL_HOST_FILE", "POSTGRES_HOST_FILE", "OBJECTSTORE_SWIFT_USER_PASSWORD_FILE", "SMTP_NAME_FILE"]) {
      assert.equal(variable(name).status, "ignored", name);
    }
  });
  it("space-separated lists and install-time variables", () => {
    assert.equal(variable("NEXTCLOUD_TRUSTED_DOMAINS").listSeparator, "space");
    assert.equal(variable("NEXTCLOUD_TRUSTED_DOMAINS").installTimeOnly, true);
    assert.equal(variable("TRUSTED_PROXIES").listSeparator, "space");
    assert.equal(variable("FORWARDED_FOR_HEADERS").listSeparator, "space");
    assert.equal(variable("MYSQL_HOST").installTimeOnly, true);
  });
  it("boolean forms as the entrypoint reads them", () => {
    assert.equal(variable("APACHE_DISABLE_REWRITE_IP").booleanForm, "any-set");
    assert.equal(variable("NEXTCLOUD_INIT_HTACCESS").booleanForm, "any-set");
    assert.equal(variable("NEXTCLOUD_UPDATE").booleanForm, "0-1");
    assert.equal(variable("NEXTCLOUD_UPDATE").default, "0");
    assert.equal(variable("OBJECTSTORE_S3_SSL").default, "true");
  });
  it("PHP and Apache defaults", () => {
    assert.equal(variable("PHP_MEMORY_LIMIT").default, "512M");
    assert.equal(variable("PHP_UPLOAD_LIMIT").default, "512M");
    assert.equal(variable("APACHE_BODY_LIMIT").default, "1073741824");
    assert.equal(variable("OBJECTSTORE_S3_OBJECT_PREFIX").default, "urn:oid:");
  });
  it("scopes lookups by product", () => {
    assert.equal(catalog.lookupVariable("REDIS_HOST", "owncloud"), undefined);
    assert.equal(catalog.lookupVariable("OWNCLOUD_REDIS_HOST", "owncloud")?.default, "redis");
    assert.equal(catalog.lookupVariable("OWNCLOUD_REDIS_HOST", "nextcloud"), undefined);
    assert.equal(catalog.lookupVariable("redis_host"), undefined, "env names are case-sensitive");
  });
});

describe("facts spot checks: Nextcloud chart (FACTS §3)", () => {
  it("internalDatabase.enabled defaults to true, persistence.enabled to false", () => {
    assert.equal(value("nextcloud", "internalDatabase.enabled").default, "true");
    assert.equal(value("nextcloud", "persistence.enabled").default, "false");
    assert.equal(value("nextcloud", "persistence.accessMode").default, "ReadWriteOnce");
    assert.equal(value("nextcloud", "replicaCount").default, "1");
  });
  it("marks the non-keys of RULE_IDEAS R38 with their replacements", () => {
    const expectations: [string, string, string][] = [
      ["deploymentStrategy", "ignored", "nextcloud.strategy"],
      ["replicas", "ignored", "replicaCount"],
      ["hpa.targetCPUUtilizationPercentage", "ignored", "hpa.cputhreshold"],
      ["hpa.minReplicas", "ignored", "hpa.minPods"],
      ["hpa.maxReplicas", "ignored", "hpa.maxPods"],
      ["internalDatabase.database", "ignored", "internalDatabase.name"],
      ["cronjob.command", "renamed", "cronjob.sidecar.command"],
    ];
    for (const [path, status, replacement] of expectations) {
      const entry = value("nextcloud", path);
      assert.equal(entry.status, status, path);
      assert.equal(entry.replacement, replacement, path);
      assert.ok(catalog.lookupValue("nextcloud", replacement), `replacement ${replacement} is known`);
    }
  });
  it("chart defaults that differ from the image", () => {
    assert.equal(value("nextcloud", "nextcloud.objectStore.s3.autoCreate").default, "false");
    assert.equal(value("nextcloud", "cronjob.type").default, "sidecar");
    assert.deepEqual(value("nextcloud", "cronjob.type").enumValues, ["sidecar", "cronjob"]);
    assert.equal(value("nextcloud", "redis.auth.password").default, "changeme");
    assert.equal(value("nextcloud", "externalRedis.port").default, "6379");
    assert.equal(value("nextcloud", "hpa.cputhreshold").default, "60");
  });
  it("finds free-form parents for keys the catalog does not list", () => {
    assert.equal(catalog.lookupValue("nextcloud", "nextcloud.configs.redis.config.php"), undefined);
    assert.equal(catalog.lookupOpenParent("nextcloud", "nextcloud.configs.redis.config.php")?.name, "nextcloud.configs");
    assert.equal(catalog.lookupOpenParent("nextcloud", "mariadb.primary.resources"), catalog.lookupValue("nextcloud", "mariadb"));
    assert.equal(catalog.lookupOpenParent("nextcloud", "persistence.acessMode"), undefined);
  });
});

describe("facts spot checks: ownCloud chart (FACTS §4.1)", () => {
  it("uses replicas, not replicaCount", () => {
    assert.equal(value("owncloud", "replicas").default, "1");
    assert.equal(value("owncloud", "replicaCount").status, "ignored");
    assert.equal(value("owncloud", "replicaCount").replacement, "replicas");
  });
  it("access mode is a list and array indexes are ignored", () => {
    const entry = value("owncloud", "persistence.owncloud.accessMode");
    assert.equal(entry.type, "list");
    assert.equal(entry.default, "[ReadWriteOnce]");
    assert.equal(catalog.lookupValue("owncloud", "persistence.owncloud.accessMode[0]"), entry);
    assert.equal(catalog.lookupValue("owncloud", "persistence.owncloud.accessMode.0"), entry);
  });
  it("string flags are Go-template truthy", () => {
    assert.equal(value("owncloud", "owncloud.crondEnabled").booleanForm, "any-set");
    assert.equal(value("owncloud", "owncloud.skipChown").booleanForm, "any-set");
  });
  it("defaults from values.yaml", () => {
    assert.equal(value("owncloud", "owncloud.session.saveHandler").default, "files");
    assert.equal(value("owncloud", "owncloud.db.type").default, "sqlite");
    assert.equal(value("owncloud", "owncloud.adminPassword").default, "owncloud");
    assert.equal(value("owncloud", "persistence.enabled").default, "true");
    assert.equal(value("owncloud", "persistence.owncloud.size").default, "20Gi");
    assert.equal(value("owncloud", "owncloud.volume.root").default, "/mnt/data");
  });
  it("keeps the two charts apart", () => {
    assert.equal(catalog.lookupValue("owncloud", "internalDatabase.enabled"), undefined);
    assert.equal(catalog.lookupValue("nextcloud", "owncloud.crondEnabled"), undefined);
    assert.ok(catalog.knownValuePaths("owncloud").includes("replicas"));
    assert.ok(!catalog.knownValuePaths("owncloud").includes("replicaCount"));
    assert.ok(!catalog.knownValuePaths("nextcloud").includes("replicas"));
  });
});

describe("compose keys", () => {
  it("looks up pattern, concrete and service-relative paths", () => {
    const replicas = catalog.lookupComposeKey("services.*.deploy.replicas");
    assert.equal(replicas?.type, "integer");
    assert.equal(catalog.lookupComposeKey("services.app.deploy.replicas"), replicas);
    assert.equal(catalog.lookupComposeKey("deploy.replicas"), replicas);
    assert.deepEqual(catalog.lookupComposeKey("deploy.mode")?.enumValues, ["replicated", "global"]);
    assert.equal(catalog.lookupComposeKey("deploy.update_config.order")?.default, "stop-first");
    assert.equal(catalog.lookupComposeKey("volumes.nc_data.driver_opts.o")?.listSeparator, "comma");
    assert.equal(catalog.lookupComposeKey("volumes.nc_data.driver")?.default, "local");
    assert.equal(catalog.lookupComposeKey("services.app.deploy.resources"), undefined);
  });
});
