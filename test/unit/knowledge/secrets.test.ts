import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalog } from "../../../server/src/engine/knowledge/catalog";

describe("isSecretName", () => {
  it("trusts the catalog for names it knows", () => {
    assert.equal(catalog.isSecretName("NEXTCLOUD_ADMIN_PASSWORD"), true);
    assert.equal(catalog.isSecretName("OWNCLOUD_SECRET"), true);
    assert.equal(catalog.isSecretName("OBJECTSTORE_S3_KEY"), true);
    assert.equal(catalog.isSecretName("OBJECTSTORE_S3_SSE_C_KEY"), true);
    assert.equal(catalog.isSecretName("OWNCLOUD_REDIS_TLS_PASSPHRASE"), true);
    assert.equal(catalog.isSecretName("redis.auth.password"), true);
    assert.equal(catalog.isSecretName("nextcloud.objectStore.s3.secretKey"), true);
    assert.equal(catalog.isSecretName("owncloud.mail.smtp.password"), true);
    assert.equal(catalog.isSecretName("MYSQL_USER"), false);
    assert.equal(catalog.isSecretName("REDIS_HOST"), false);
    assert.equal(catalog.isSecretName("OWNCLOUD_REDIS_TLS_LOCAL_PK"), false);
  });
  it("does not treat _FILE paths or secret references as secrets", () => {
    assert.equal(catalog.isSecretName("REDIS_HOST_PASSWORD_FILE"), false);
    assert.equal(catalog.isSecretName("OBJECTSTORE_S3_KEY_FILE"), false);
    assert.equal(catalog.isSecretName("MY_APP_SECRET_FILE"), false);
    assert.equal(catalog.isSecretName("redis.auth.existingSecret"), false);
    assert.equal(catalog.isSecretName("redis.auth.existingSecretPasswordKey"), false);
    assert.equal(catalog.isSecretName("externalDatabase.existingSecret.passwordKey"), false);
    assert.equal(catalog.isSecretName("nextcloud.existingSecret.smtpPasswordKey"), false);
    assert.equal(catalog.isSecretName("nextcloud.objectStore.s3.secretKeys.secretKey"), false);
    assert.equal(catalog.isSecretName("someChart.auth.secretName"), false);
  });
  it("recognises secrets by wording for unknown names", () => {
    assert.equal(catalog.isSecretName("MYSQL_ROOT_PASSWORD"), true);
    assert.equal(catalog.isSecretName("DB_PASSWD"), true);
    assert.equal(catalog.isSecretName("GITHUB_TOKEN"), true);
    assert.equal(catalog.isSecretName("API_KEY"), true);
    assert.equal(catalog.isSecretName("SECRET_KEY_BASE"), true);
    assert.equal(catalog.isSecretName("SSH_PRIVATE_KEY"), true);
    assert.equal(catalog.isSecretName("mariadb.auth.rootPassword"), true);
    assert.equal(catalog.isSecretName("collabora.collabora.aliasgroups.0.password"), true);
  });
  it("does not flag names that only mention a secret word in passing", () => {
    assert.equal(catalog.isSecretName("OWNCLOUD_TOKEN_AUTH_ENFORCED"), false);
    assert.equal(catalog.isSecretName("PASSWORD_MIN_LENGTH"), false);
    assert.equal(catalog.isSecretName("BYPASS_CACHE"), false);
    assert.equal(catalog.isSecretName("KEYBOARD_LAYOUT"), false);
    assert.equal(catalog.isSecretName("MONKEY"), false);
    // Kubernetes selector and Secret item keys in values (seen in a real HelmRelease).
    assert.equal(catalog.isSecretName("affinity.nodeAffinity.preference.matchExpressions.key"), false);
    assert.equal(catalog.isSecretName("cronjob.cronjob.affinity.podAffinity.topologyKey"), false);
    assert.equal(catalog.isSecretName("nextcloud.extraVolumes.secret.items.key"), false);
    assert.equal(catalog.isSecretName("ENCRYPTION_KEY"), true);
    // Switches about a password (Bitnami, MariaDB images) are not the password.
    assert.equal(catalog.isSecretName("ALLOW_EMPTY_PASSWORD"), false);
    assert.equal(catalog.isSecretName("MYSQL_ALLOW_EMPTY_PASSWORD"), false);
    assert.equal(catalog.isSecretName("MARIADB_RANDOM_ROOT_PASSWORD"), false);
    assert.equal(catalog.isSecretName("PASSWORD_RESET_DISABLED"), false);
    assert.equal(catalog.isSecretName("REDIS_PASSWORD"), true);
    assert.equal(catalog.isSecretName(""), false);
  });
});

describe("maskSecret", () => {
  it("masks with a fixed width", () => {
    assert.equal(catalog.maskSecret("x"), "••••••");
    assert.equal(catalog.maskSecret("a-much-longer-password-than-six"), "••••••");
  });
  it("keeps empty values empty", () => {
    assert.equal(catalog.maskSecret(""), "");
  });
});
