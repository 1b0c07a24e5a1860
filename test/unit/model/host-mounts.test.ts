import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appDatabaseProfileOf, appDatabaseProfiles } from "../../../server/src/engine/knowledge/app-databases";
import { hostBackingOf } from "../../../server/src/engine/model/host-mounts";

describe("hostBackingOf", () => {
  const declared = { "/mnt": "local", "/mnt/storage": "nfs", "/mnt/storage/iscsi": "ocfs2", "/mnt/nfs-old": "local" } as const;
  it("takes the longest declared prefix, by path segment", () => {
    assert.equal(hostBackingOf("/mnt/storage/app/db", declared)?.fileSystem, "nfs");
    assert.equal(hostBackingOf("/mnt/storage/iscsi/sonarr", declared)?.fileSystem, "ocfs2");
    assert.equal(hostBackingOf("/mnt/storage", declared)?.fileSystem, "nfs");
    assert.equal(hostBackingOf("/mnt/storage2/x", declared)?.fileSystem, "local");
    assert.equal(hostBackingOf("/mnt/storage/app", declared)?.prefix, "/mnt/storage");
  });
  it("guesses from /mnt/gluster*, /mnt/nfs*, /mnt/cifs*, /mnt/smb* only", () => {
    assert.deepEqual(hostBackingOf("/mnt/glusterfs/nextcloud/db", undefined), { fileSystem: "glusterfs", hostPath: "/mnt/glusterfs/nextcloud/db", basis: "name", prefix: "/mnt/glusterfs" });
    assert.equal(hostBackingOf("/mnt/gluster", undefined)?.fileSystem, "glusterfs");
    assert.equal(hostBackingOf("/mnt/nfs-media/tv", undefined)?.fileSystem, "nfs");
    assert.equal(hostBackingOf("/mnt/SMB/x", undefined)?.fileSystem, "cifs");
    assert.equal(hostBackingOf("/mnt/cifs_share", undefined)?.fileSystem, "cifs");
    for (const path of ["/mnt/nas/app", "/srv/nfs/app", "/mnt/data/nfs", "/mnt/iscsi/media-apps", "./nfs", "nfs/app", "/mnt/info"]) {
      assert.equal(hostBackingOf(path, undefined), undefined, path);
    }
  });
  it("lets a declaration override the name", () => {
    assert.deepEqual(hostBackingOf("/mnt/nfs-old/homeassistant", declared), { fileSystem: "local", hostPath: "/mnt/nfs-old/homeassistant", basis: "declared", prefix: "/mnt/nfs-old" });
  });
});

describe("app database profiles", () => {
  it("cite public sources and name absolute directories", () => {
    for (const profile of appDatabaseProfiles) {
      assert.ok(profile.sources.length > 0 && profile.sources.every((s) => s.startsWith("https://")), profile.app);
      assert.ok(profile.databaseDir.startsWith("/"), profile.app);
    }
  });
  it("match images by repository, and skip rootless Gitea", () => {
    assert.equal(appDatabaseProfileOf("linuxserver/sonarr", "latest")?.app, "Sonarr");
    assert.equal(appDatabaseProfileOf("gitea/gitea", "1.22-rootless"), undefined);
    assert.equal(appDatabaseProfileOf("gitea/gitea", "1.22")?.databaseDir, "/data");
    assert.equal(appDatabaseProfileOf("mongo", "7"), undefined);
  });
});
