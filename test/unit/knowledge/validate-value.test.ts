import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CatalogEntry } from "../../../server/src/engine/knowledge/catalog-schema";
import { catalog } from "../../../server/src/engine/knowledge/catalog";

function variable(name: string): CatalogEntry {
  const entry = catalog.lookupVariable(name);
  assert.ok(entry, name);
  return entry;
}

describe("validateValue", () => {
  it("rejects a non-integer port", () => {
    assert.deepEqual(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "abc"), {
      message: '"abc" is not a valid OWNCLOUD_REDIS_PORT: expected an integer from 0 to 65535',
      expected: "an integer from 0 to 65535",
    });
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "70000")?.expected, "an integer from 0 to 65535");
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "6379"), undefined);
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "0"), undefined);
    assert.equal(catalog.validateValue(variable("REDIS_HOST_PORT"), "6379/tcp")?.expected, "an integer from 0 to 65535");
  });
  it("rejects an enum value outside the list", () => {
    assert.deepEqual(catalog.validateValue(variable("OWNCLOUD_DB_TYPE"), "postgres"), {
      message: '"postgres" is not a valid OWNCLOUD_DB_TYPE: expected one of sqlite, mysql, pgsql',
      expected: "one of sqlite, mysql, pgsql",
    });
    assert.equal(catalog.validateValue(variable("OWNCLOUD_DB_TYPE"), "pgsql"), undefined);
  });
  it("suggests the enum value that differs only in case or by a typo", () => {
    assert.equal(
      catalog.validateValue(variable("OWNCLOUD_DB_TYPE"), "MySQL")?.message,
      '"MySQL" is not a valid OWNCLOUD_DB_TYPE: expected one of sqlite, mysql, pgsql (did you mean "mysql"?)',
    );
    assert.match(catalog.validateValue(variable("OWNCLOUD_REDIS_FAILOVER_MODE"), "FAILOVER_EROR")?.message ?? "", /did you mean "FAILOVER_ERROR"/);
  });
  it("reads true-false flags literally", () => {
    const entry = variable("OWNCLOUD_REDIS_ENABLED");
    assert.equal(catalog.validateValue(entry, "true"), undefined);
    assert.equal(catalog.validateValue(entry, "false"), undefined);
    assert.equal(catalog.validateValue(entry, "yes")?.expected, "true or false (lower case)");
    assert.equal(catalog.validateValue(entry, "True")?.expected, "true or false (lower case)");
    // Only the string `false` disables S3 TLS, so `0` would silently keep it on.
    assert.equal(catalog.validateValue(variable("OBJECTSTORE_S3_SSL"), "0")?.expected, "true or false (lower case)");
  });
  it("reads 0-1 flags as digits", () => {
    assert.equal(catalog.validateValue(variable("NEXTCLOUD_UPDATE"), "1"), undefined);
    assert.equal(catalog.validateValue(variable("NEXTCLOUD_UPDATE"), "true")?.expected, "0 or 1");
  });
  it("warns that an any-set image flag set to false is still on", () => {
    assert.deepEqual(catalog.validateValue(variable("APACHE_DISABLE_REWRITE_IP"), "false"), {
      message: 'APACHE_DISABLE_REWRITE_IP is on whenever it is set, even to "false": leave it out to turn it off',
      expected: "any value to turn it on; leave the variable out to turn it off",
    });
    assert.equal(catalog.validateValue(variable("APACHE_DISABLE_REWRITE_IP"), "1"), undefined);
    assert.equal(catalog.validateValue(variable("NEXTCLOUD_INIT_HTACCESS"), "true"), undefined);
  });
  it("leaves chart any-set flags to helm/owncloud-string-boolean", () => {
    const entry = catalog.lookupValue("owncloud", "owncloud.crondEnabled");
    assert.ok(entry);
    assert.equal(catalog.validateValue(entry, "false"), undefined);
  });
  it("accepts common spellings for booleans of unknown form, rejects others", () => {
    const entry = variable("OWNCLOUD_CROND_ENABLED");
    for (const good of ["true", "false", "1", "0", "TRUE", "yes", "off"]) assert.equal(catalog.validateValue(entry, good), undefined, good);
    assert.equal(catalog.validateValue(entry, "ture")?.expected, "true or false");
  });
  it("never validates interpolations or empty values", () => {
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "${REDIS_PORT}"), undefined);
    assert.equal(catalog.validateValue(variable("OWNCLOUD_DB_TYPE"), "${DB_TYPE:-mysql}"), undefined);
    assert.equal(catalog.validateValue(variable("OWNCLOUD_DB_TYPE"), ""), undefined);
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_PORT"), "  "), undefined);
  });
  it("checks list items against allowed values", () => {
    const entry = catalog.lookupValue("owncloud", "persistence.owncloud.accessMode");
    assert.ok(entry);
    assert.equal(catalog.validateValue(entry, "ReadWriteMany"), undefined);
    assert.equal(
      catalog.validateValue(entry, "ReadWriteMny")?.message,
      '"ReadWriteMny" is not a valid persistence.owncloud.accessMode: expected items from ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod (did you mean "ReadWriteMany"?)',
    );
    assert.equal(catalog.validateValue(variable("TRUSTED_PROXIES"), "10.0.0.0/8, bogus"), undefined, "free lists are not checked");
  });
  it("checks sizes, paths, URLs and durations", () => {
    assert.equal(catalog.validateValue(variable("PHP_MEMORY_LIMIT"), "1G"), undefined);
    assert.equal(catalog.validateValue(variable("PHP_MEMORY_LIMIT"), "-1"), undefined);
    assert.equal(catalog.validateValue(variable("PHP_MEMORY_LIMIT"), "lots")?.expected, "a size such as 512M or 8Gi");
    const size = catalog.lookupValue("nextcloud", "persistence.size");
    assert.ok(size);
    assert.equal(catalog.validateValue(size, "100Gi"), undefined);
    assert.equal(catalog.validateValue(variable("NEXTCLOUD_DATA_DIR"), "data")?.expected, "an absolute path");
    assert.equal(catalog.validateValue(variable("NEXTCLOUD_DATA_DIR"), "/srv/data"), undefined);
    assert.equal(catalog.validateValue(variable("OVERWRITECLIURL"), "https://cloud.example.com"), undefined);
    assert.equal(catalog.validateValue(variable("OVERWRITECLIURL"), "cloud.example.com")?.expected, "a URL such as https://cloud.example.com");
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_TIMEOUT"), "1.5"), undefined);
    assert.equal(catalog.validateValue(variable("OWNCLOUD_REDIS_TIMEOUT"), "1s")?.expected, "a number of seconds");
  });
  it("never puts a secret value into the message", () => {
    const entry = catalog.lookupValue("owncloud", "owncloud.redis.port");
    assert.ok(entry);
    const secretEnum = { ...entry, name: "X_SECRET_MODE", type: "enum" as const, enumValues: ["a", "b"], secret: true, minimum: undefined, maximum: undefined };
    const problem = catalog.validateValue(secretEnum, "hunter2");
    assert.equal(problem?.message, "The value of X_SECRET_MODE is not valid: expected one of a, b");
    assert.ok(!problem?.message.includes("hunter2"));
  });
  it("does not check plain strings", () => {
    assert.equal(catalog.validateValue(variable("OWNCLOUD_SESSION_SAVE_HANDLER"), "anything at all"), undefined);
  });
});
