/** The table of images that read a secret from a file: consistent with the catalog, sourced, and matched by repository. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextcloudImageVariables } from "../../../server/src/engine/knowledge/nextcloud-image-variables";
import { fileVariableOf, isSecretFilePath, secretFileProfileOf, secretFileProfiles } from "../../../server/src/engine/knowledge/secret-file-variables";
import { parseImage } from "../../../server/src/engine/model/images";

describe("secret file variables", () => {
  it("lists for nextcloud exactly the variables the catalog gives a _FILE form the image reads", () => {
    const fromCatalog = nextcloudImageVariables.filter((e) => e.fileVariantOf !== undefined && e.status === undefined).map((e) => e.fileVariantOf!);
    assert.deepEqual(Object.keys(secretFileProfileOf("nextcloud")!.variables).sort(), [...fromCatalog].sort());
  });

  it("cites public sources for every image and names every variable's meaning", () => {
    for (const profile of secretFileProfiles) {
      assert.ok(profile.sources.length > 0 && profile.sources.every((s) => s.startsWith("https://")), profile.image);
      for (const [name, what] of Object.entries(profile.variables)) assert.match(what, /^the /, `${profile.image} ${name}`);
    }
  });

  it("matches images by repository, registry and library prefix aside, and leaves rebuilds alone", () => {
    const image = (ref: string) => secretFileProfileOf(parseImage(ref).repository)?.image;
    assert.equal(image("docker.io/library/mariadb:10.11"), "mariadb");
    assert.equal(image("postgres:16.2-bookworm"), "postgres");
    assert.equal(image("lscr.io/linuxserver/mariadb"), "linuxserver/mariadb");
    assert.equal(image("ghcr.io/linuxserver/mariadb:11.4.5"), "linuxserver/mariadb");
    assert.equal(image("bitnami/mariadb:11.4"), undefined);
    assert.equal(image("owncloud/server:10.15"), undefined);
    assert.equal(image("lscr.io/linuxserver/bookstack"), undefined);
  });

  it("names the file form as the image reads it", () => {
    assert.equal(fileVariableOf(secretFileProfileOf("mysql")!, "MYSQL_PASSWORD"), "MYSQL_PASSWORD_FILE");
    assert.equal(fileVariableOf(secretFileProfileOf("linuxserver/mariadb")!, "MYSQL_PASSWORD"), "FILE__MYSQL_PASSWORD");
  });

  it("takes only a whole path under /run/secrets or /var/run/secrets for a secret file", () => {
    assert.ok(isSecretFilePath("/run/secrets/db_password"));
    assert.ok(isSecretFilePath(" /var/run/secrets/db/password "));
    assert.ok(!isSecretFilePath("/run/secrets"));
    assert.ok(!isSecretFilePath("/run/secrets/"));
    assert.ok(!isSecretFilePath("file:/run/secrets/db"));
    assert.ok(!isSecretFilePath("--pwfile=/run/secrets/db"));
    assert.ok(!isSecretFilePath("/run/secrets/db and more"));
  });
});
