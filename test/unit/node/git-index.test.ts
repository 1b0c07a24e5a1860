/**
 * The git index reader against indexes real git writes (versions 2, 3 and 4), and the cases where
 * it must say "unknown" rather than guess.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseIndex, trackedByGit } from "../../../server/src/node/git-index";
import { WorkspaceBoundary } from "../../../server/src/node/workspace-boundary";

const root = mkdtempSync(join(tmpdir(), "git-index-"));
after(() => rmSync(root, { recursive: true, force: true }));

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, stdio: "ignore" });
}

function repository(name: string, version: number): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "deploy", "ünïcode"), { recursive: true });
  git(dir, "init", "-q");
  writeFileSync(join(dir, "deploy", "db.env"), "MYSQL_PASSWORD=s3cret\n");
  writeFileSync(join(dir, "deploy", "ünïcode", "app.env"), "A=1\n");
  writeFileSync(join(dir, "deploy", "local.env"), "B=2\n");
  writeFileSync(join(dir, ".env"), "C=3\n");
  git(dir, "add", "deploy/db.env", "deploy/ünïcode/app.env", ".env");
  if (version === 3) git(dir, "add", "--intent-to-add", "deploy/local.env");
  git(dir, "update-index", "--index-version", String(version));
  return dir;
}

describe("git index", () => {
  for (const version of [2, 3, 4]) {
    it(`reads the paths of a version ${version} index that git wrote`, () => {
      const dir = repository(`v${version}`, version);
      const boundary = new WorkspaceBoundary([dir]);
      assert.equal(trackedByGit(join(dir, "deploy", "db.env"), boundary), true);
      assert.equal(trackedByGit(join(dir, "deploy", "ünïcode", "app.env"), boundary), true);
      assert.equal(trackedByGit(join(dir, ".env"), boundary), true);
      // Version 3 here: an intent-to-add entry carries the extended flags, and is listed.
      assert.equal(trackedByGit(join(dir, "deploy", "local.env"), boundary), version === 3);
      assert.equal(trackedByGit(join(dir, "deploy", "other.env"), boundary), false);
    });
  }

  it("follows the index as it changes", () => {
    const dir = repository("changes", 2);
    const boundary = new WorkspaceBoundary([dir]);
    assert.equal(trackedByGit(join(dir, "deploy", "db.env"), boundary), true);
    git(dir, "rm", "-q", "--cached", "deploy/db.env");
    assert.equal(trackedByGit(join(dir, "deploy", "db.env"), boundary), false);
  });

  it("does not know outside a repository, past the boundary, or in a worktree whose .git is a file", () => {
    const plain = join(root, "plain");
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(plain, ".env"), "A=1\n");
    assert.equal(trackedByGit(join(plain, ".env"), new WorkspaceBoundary([plain])), undefined);
    // The repository is above the boundary: its index is not read.
    const dir = repository("above", 2);
    assert.equal(trackedByGit(join(dir, "deploy", "db.env"), new WorkspaceBoundary([join(dir, "deploy")])), undefined);
    const worktree = join(root, "worktree");
    mkdirSync(worktree, { recursive: true });
    writeFileSync(join(worktree, ".git"), "gitdir: /elsewhere/.git/worktrees/x\n");
    assert.equal(trackedByGit(join(worktree, ".env"), new WorkspaceBoundary([worktree])), undefined);
  });

  it("gives nothing for a truncated, foreign or unknown-version index, and never throws", () => {
    assert.equal(parseIndex(Buffer.from("DIRC")), undefined);
    assert.equal(parseIndex(Buffer.from("PACK\0\0\0\x02\0\0\0\x01")), undefined);
    const header = Buffer.alloc(12);
    header.write("DIRC", 0, "latin1");
    header.writeUInt32BE(5, 4);
    assert.equal(parseIndex(header), undefined);
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(3, 8);
    assert.equal(parseIndex(header), undefined, "three entries announced, none there");
    header.writeUInt32BE(0, 8);
    assert.deepEqual(parseIndex(header), new Set());
    for (let n = 0; n < 200; n++) parseIndex(Buffer.concat([header.subarray(0, 8), Buffer.from([0, 0, 0, n]), Buffer.alloc(n * 7, n)]));
  });
});
