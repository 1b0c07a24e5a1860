/** `.scaleout.yaml` `mounts:` reaches the engine from the CLI and from the language server's settings. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allRules } from "../../server/src/engine/rules/registry";
import { lintOptionsOf, defaultSettings } from "../../server/src/lsp/settings";
import { onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const ids = allRules.map((r) => r.meta.id);
const rule = "storage/database-on-network-fs";
const stack = "services:\n  kuma:\n    image: louislam/uptime-kuma:1\n    volumes:\n      - /srv/shared/kuma:/app/data\n      - /mnt/nfs-old/kuma-backups:/backups\n";

describe("check: .scaleout.yaml mounts", () => {
  it("reports a database below a host path declared as NFS, and nothing when it is declared OCFS2", () => {
    for (const [fileSystem, expectedCode] of [["nfs", 1], ["ocfs2", 0]] as const) {
      const project = tempProject({ "stack.yml": stack, ".scaleout.yaml": `${onlyRulesConfig(ids, [rule])}mounts:\n  /srv/shared: ${fileSystem}\n` });
      try {
        const { code, stdout, stderr } = runCli(["check", "--format", "json", "."], project.dir);
        assert.equal(stderr, "");
        assert.equal(code, expectedCode, stdout);
        const ruleIds = (stdout.match(/"ruleId": ?"[^"]+"/g) ?? []).map((m) => m.replace(/.*"([^"]+)"$/, "$1"));
        assert.deepEqual(ruleIds, fileSystem === "nfs" ? [rule] : []);
      } finally {
        project.cleanup();
      }
    }
  });

  it("stops with a usage error on an invalid file system", () => {
    const project = tempProject({ "stack.yml": stack, ".scaleout.yaml": "mounts:\n  /srv/shared: zfs\n" });
    try {
      const { code, stderr } = runCli(["check", "."], project.dir);
      assert.equal(code, 2);
      assert.match(stderr, /mounts\.\/srv\/shared/);
    } finally {
      project.cleanup();
    }
  });

  it("passes the project's mounts through the editor settings", () => {
    const mounts = { "/srv/shared": "nfs" } as const;
    assert.deepEqual(lintOptionsOf(defaultSettings, { mounts }).mounts, mounts);
    assert.equal("mounts" in lintOptionsOf(defaultSettings, undefined), false);
  });
});
