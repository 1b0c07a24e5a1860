/**
 * The one check every read and write of the CLI and the server goes through, on real files:
 * real symlinks, a real FIFO (mkfifo), `/proc/self`. A FIFO is never opened, so these tests
 * would hang rather than fail if it were; the runner's timeout is the guard.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FsWorkspace } from "../../server/src/cli/fs-workspace";
import { WorkspaceBoundary } from "../../server/src/node/workspace-boundary";

function tree(): { root: string; outside: string; cleanup(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "scaleout-boundary-")));
  const root = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, "key"), "SECRET=1\n");
  writeFileSync(join(root, "a.env"), "A=1\n");
  symlinkSync(join(outside, "key"), join(root, "link.env"));
  symlinkSync(outside, join(root, "linked-dir"));
  symlinkSync("a.env", join(root, "inside-link.env"));
  execFileSync("mkfifo", [join(root, "pipe.env")]);
  return { root, outside, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

describe("WorkspaceBoundary", () => {
  it("reads regular files inside, and links that stay inside", () => {
    const t = tree();
    try {
      const boundary = new WorkspaceBoundary([t.root]);
      assert.deepEqual(boundary.readText(join(t.root, "a.env"), 1000), { text: "A=1\n" });
      assert.deepEqual(boundary.readText(join(t.root, "inside-link.env"), 1000), { text: "A=1\n" });
      assert.deepEqual(boundary.readText(join(t.root, "missing.env"), 1000), {});
      assert.deepEqual(boundary.listDir(t.root)?.sort(), ["a.env", "inside-link.env", "link.env", "linked-dir", "pipe.env"]);
    } finally {
      t.cleanup();
    }
  });

  it("refuses, with the reason, what leaves the workspace, a FIFO and /proc, without opening them", () => {
    const t = tree();
    try {
      const boundary = new WorkspaceBoundary([t.root]);
      assert.deepEqual(boundary.readText(join(t.outside, "key"), 1000), { refusal: "is outside the workspace" });
      assert.deepEqual(boundary.readText(join(t.root, "../outside/key"), 1000), { refusal: "is outside the workspace" });
      assert.deepEqual(boundary.readText(join(t.root, "link.env"), 1000), { refusal: "is a link leading outside the workspace" });
      assert.deepEqual(boundary.readText(join(t.root, "linked-dir", "key"), 1000), { refusal: "is a link leading outside the workspace" });
      assert.equal(boundary.listDir(join(t.root, "linked-dir")), undefined);
      assert.deepEqual(boundary.readText(join(t.root, "pipe.env"), 1000), { refusal: "is a FIFO (named pipe), not a file" });
      assert.deepEqual(boundary.readText("/proc/self/environ", 1000), { refusal: "is in /proc, a system folder" });
      assert.deepEqual(new WorkspaceBoundary(["/"]).readText("/proc/kmsg", 1000), { refusal: "is in /proc, a system folder" });
      assert.deepEqual(new WorkspaceBoundary(["/"]).readText("/dev/zero", 1000), { refusal: "is in /dev, a system folder" });
    } finally {
      t.cleanup();
    }
  });

  it("FsWorkspace writes only regular files inside the workspace and names the others", () => {
    const t = tree();
    try {
      const ws = new FsWorkspace(new WorkspaceBoundary([t.root]));
      ws.stage(join(t.root, "a.env"), "A=2\n");
      ws.stage(join(t.outside, "key"), "changed\n");
      ws.stage(join(t.root, "link.env"), "changed\n");
      ws.stage(join(t.root, "pipe.env"), "changed\n");
      const { written, refused } = ws.writeStaged();
      assert.deepEqual(written, [join(t.root, "a.env")]);
      assert.deepEqual(refused, [
        { path: join(t.outside, "key"), reason: "is outside the workspace" },
        { path: join(t.root, "link.env"), reason: "is a link leading outside the workspace" },
        { path: join(t.root, "pipe.env"), reason: "is a FIFO (named pipe), not a file" },
      ]);
      assert.equal(readFileSync(join(t.root, "a.env"), "utf8"), "A=2\n");
      assert.equal(readFileSync(join(t.outside, "key"), "utf8"), "SECRET=1\n");
      assert.equal(ws.refusal(join(t.root, "link.env")), "is a link leading outside the workspace");
    } finally {
      t.cleanup();
    }
  });
});
