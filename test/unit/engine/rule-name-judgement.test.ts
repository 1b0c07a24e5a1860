/** How config/unknown-variable decides that a name is a mistake, and the engine-emitted rule id. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UNUSED_IGNORE_RULE } from "../../../server/src/engine/lint";
import { isLikelyTypo } from "../../../server/src/engine/rules/config/accept-suggestion";
import { judgeVariable } from "../../../server/src/engine/rules/config/unknown-variable";
import { ruleById } from "../../../server/src/engine/rules/registry";

describe("isLikelyTypo", () => {
  it("accepts one edit on short names and two on names of 12 or more characters", () => {
    assert.equal(isLikelyTypo("hots", "host"), true);
    assert.equal(isLikelyTypo("OVERWRITE_CLI_URL", "OVERWRITECLIURL"), true);
    assert.equal(isLikelyTypo("MYSQL_PORT", "MYSQL_HOST"), false, "two edits on a 10-character name");
    assert.equal(isLikelyTypo("redis_host", "REDIS_HOST"), true, "case alone");
  });

  it("accepts a left-out segment but not an extra one", () => {
    assert.equal(isLikelyTypo("REDIS_PASSWORD", "REDIS_HOST_PASSWORD"), true);
    assert.equal(isLikelyTypo("MAIL_FROM", "MAIL_FROM_ADDRESS"), true);
    assert.equal(isLikelyTypo("MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD"), false);
  });
});

describe("judgeVariable", () => {
  it("leaves known and unrelated names alone", () => {
    for (const name of ["REDIS_HOST", "MYSQL_PASSWORD_FILE", "TZ", "VIRTUAL_HOST", "MYSQL_ROOT_PASSWORD"]) assert.equal(judgeVariable(name, "nextcloud"), undefined, name);
    for (const name of ["OWNCLOUD_REDIS_ENABLED", "TZ", "OWNCLOUD_SOMETHING_UNRELATED_TO_ANY_KNOWN_NAME"]) assert.equal(judgeVariable(name, "owncloud"), undefined, name);
  });

  it("flags removed, missing _FILE forms and the other product's names", () => {
    assert.equal(judgeVariable("NEXTCLOUD_INIT_LOCK", "nextcloud")?.remove, true);
    assert.match(judgeVariable("REDIS_HOST_FILE", "nextcloud")!.message, /has no REDIS_HOST_FILE/);
    assert.match(judgeVariable("OWNCLOUD_DB_PASSWORD_FILE", "owncloud")!.message, /no _FILE variables/);
    assert.equal(judgeVariable("REDIS_HOST", "owncloud")?.renameTo, "OWNCLOUD_REDIS_HOST");
    assert.match(judgeVariable("OWNCLOUD_DOMAIN", "nextcloud")!.message, /ownCloud variable/);
  });

  it("suggests the intended name for a typo", () => {
    assert.equal(judgeVariable("OWNCLOUD_REDIS_ENABLE", "owncloud")?.renameTo, "OWNCLOUD_REDIS_ENABLED");
    assert.equal(judgeVariable("REDIS_PASSWORD", "nextcloud")?.renameTo, "REDIS_HOST_PASSWORD");
    assert.equal(judgeVariable("OVERWRITE_PROTOCOL", "nextcloud")?.renameTo, "OVERWRITEPROTOCOL");
    // A lone .env may be Compose's interpolation file: `OWNCLOUD_VERSION` feeds `image:`, it is not a short OWNCLOUD_OBJECTSTORE_VERSION.
    assert.equal(judgeVariable("OWNCLOUD_VERSION", "owncloud", false, true), undefined);
    assert.equal(judgeVariable("OWNCLOUD_REDIS_ENABLE", "owncloud", false, true)?.renameTo, "OWNCLOUD_REDIS_ENABLED");
  });

  it("judges every name with the image's prefix in a container environment", () => {
    assert.match(judgeVariable("NEXTCLOUD_HOST", "nextcloud", true)!.message, /does not read NEXTCLOUD_HOST \(https:\/\/github\.com\/nextcloud\/docker\/blob\/master\/README\.md\), so it is silently ignored; use NEXTCLOUD_TRUSTED_DOMAINS for the domains it answers to, or OVERWRITEHOST/);
    assert.match(judgeVariable("NEXTCLOUD_DB_HOST", "nextcloud", true)!.message, /does not read NEXTCLOUD_DB_HOST \(https:\/\/github\.com\/nextcloud\/docker\/blob\/master\/docker-entrypoint\.sh\), so it has no effect/);
    assert.equal(judgeVariable("NEXTCLOUD_HOST", "nextcloud", true)?.renameTo, undefined);
    assert.equal(judgeVariable("NEXTCLOUD_OVERWRITEPROTOCOL", "nextcloud", true)?.renameTo, "OVERWRITEPROTOCOL");
    assert.match(judgeVariable("OWNCLOUD_SOMETHING_UNRELATED_TO_ANY_KNOWN_NAME", "owncloud", true)!.message, /ENVIRONMENT\.md/);
    // Read by the image beyond the catalog's detailed entries: Nextcloud server's config dir, ownCloud's long tail.
    for (const name of ["NEXTCLOUD_CONFIG_DIR", "NEXTCLOUD_VERSION", "NEXTCLOUD_ADMIN_PASSWORD_FILE", "NEXTCLOUD_INIT_HTACCESS"]) assert.equal(judgeVariable(name, "nextcloud", true), undefined, name);
    for (const name of ["OWNCLOUD_LICENSE_KEY", "OWNCLOUD_MAIL_SMTP_HOST", "OWNCLOUD_SKELETON_DIRECTORY", "OWNCLOUD_MARKETPLACE_URL"]) assert.equal(judgeVariable(name, "owncloud", true), undefined, name);
    // Names from other images' docs, with what the image reads instead; only in a container environment.
    assert.equal(judgeVariable("REDIS_PORT", "nextcloud", true)?.renameTo, "REDIS_HOST_PORT");
    assert.equal(judgeVariable("REDIS_PORT", "owncloud", true)?.renameTo, "OWNCLOUD_REDIS_PORT");
    assert.equal(judgeVariable("OWNCLOUD_HOST", "owncloud", true)?.renameTo, "OWNCLOUD_DOMAIN");
    assert.match(judgeVariable("POSTGRES_PORT", "nextcloud", true)!.message, /use POSTGRES_HOST with the port \(db:5433\)/);
    assert.equal(judgeVariable("POSTGRES_PORT", "nextcloud", true)?.renameTo, undefined);
    assert.equal(judgeVariable("POSTGRES_PORT", "nextcloud", false, true), undefined);
    assert.equal(judgeVariable("REDIS_PORT", "owncloud", false, true), undefined);
    // Without the prefix the apps may read anything.
    assert.equal(judgeVariable("PHP_OPCACHE_SOMETHING_NEW", "nextcloud", true), undefined);
  });
});

describe("lint/unused-ignore", () => {
  it("is registered under the id the engine emits", () => {
    assert.ok(ruleById(UNUSED_IGNORE_RULE));
  });
});
