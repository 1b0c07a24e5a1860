import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalog } from "../../../server/src/engine/knowledge/catalog";
import { boundedDistance } from "../../../server/src/engine/knowledge/suggest-name";

describe("suggest", () => {
  const owncloud = catalog.knownVariables("owncloud");
  const nextcloud = catalog.knownVariables("nextcloud");

  it("adds a missing trailing letter", () => {
    assert.equal(catalog.suggest("OWNCLOUD_REDIS_ENABLE", owncloud), "OWNCLOUD_REDIS_ENABLED");
  });
  it("fixes a transposition (Damerau)", () => {
    assert.equal(catalog.suggest("OWNCLOUD_SKIP_CHWON", owncloud), "OWNCLOUD_SKIP_CHOWN");
    assert.equal(boundedDistance("chwon", "chown", 2), 1);
  });
  it("ignores case", () => {
    assert.equal(catalog.suggest("redis_host", nextcloud), "REDIS_HOST");
    assert.equal(catalog.suggest("Owncloud_Crond_Enabled", owncloud), "OWNCLOUD_CROND_ENABLED");
  });
  it("accepts two edits for long names, one for short ones", () => {
    assert.equal(catalog.suggest("OWNCLOUD_DB_TYPPE_", owncloud), "OWNCLOUD_DB_TYPE");
    assert.equal(catalog.suggest("abcd", ["abce"]), "abce");
    assert.equal(catalog.suggest("abcd", ["abef"]), undefined);
    assert.equal(catalog.suggest("abcdefgh", ["abcdefxy"]), "abcdefxy");
    assert.equal(catalog.suggest("abcdefgh", ["abcdexyz"]), undefined);
  });
  it("suggests a name that differs by one whole segment", () => {
    assert.equal(catalog.suggest("REDIS_PASSWORD", nextcloud), "REDIS_HOST_PASSWORD");
    assert.equal(catalog.suggest("REDIS_PORT", nextcloud), "REDIS_HOST_PORT");
    assert.equal(
      catalog.suggest("persistence.accessMode", catalog.knownValuePaths("owncloud")),
      "persistence.owncloud.accessMode",
    );
  });
  it("suggests across a short prefix or suffix difference", () => {
    assert.equal(catalog.suggest("OWNCLOUD_REDIS_SEEDSXYZ", owncloud), "OWNCLOUD_REDIS_SEEDS");
  });
  it("ranks a whole missing segment above two scattered edits", () => {
    assert.equal(catalog.suggest("REDIS_PORT", ["REDIS_HOST", "REDIS_HOST_PORT"]), "REDIS_HOST_PORT");
    assert.equal(catalog.suggest("REDIS_HOTS", ["REDIS_HOST", "REDIS_HOST_PORT"]), "REDIS_HOST");
  });
  it("prefers the smallest distance", () => {
    assert.equal(catalog.suggest("hpa.minpod", catalog.knownValuePaths("nextcloud")), "hpa.minPods");
    assert.equal(catalog.suggest("abcdefgh", ["abcdefgx", "abcdefxx"]), "abcdefgx");
  });
  it("returns undefined for exact matches and far-off names", () => {
    assert.equal(catalog.suggest("REDIS_HOST", nextcloud), undefined);
    assert.equal(catalog.suggest("COMPLETELY_UNRELATED", nextcloud), undefined);
    assert.equal(catalog.suggest("XY", ["AB"]), undefined);
    assert.equal(catalog.suggest("anything", []), undefined);
  });
  it("does not suggest removed names from knownVariables", () => {
    assert.notEqual(catalog.suggest("NEXTCLOUD_INIT_LOK", nextcloud), "NEXTCLOUD_INIT_LOCK");
  });
  it("is deterministic on ties", () => {
    assert.equal(catalog.suggest("abcdefgh", ["abcdefgy", "abcdefgx"]), "abcdefgx");
    assert.equal(catalog.suggest("abcdefgh", ["abcdefgx", "abcdefgy"]), "abcdefgx");
  });
});
