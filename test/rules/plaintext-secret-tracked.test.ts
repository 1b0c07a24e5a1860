/**
 * security/plaintext-secret on env files git tracks. A fixture folder cannot show this: every
 * file of it is tracked by this repository. So each case is a real repository made with git in a
 * temporary folder, linted through the CLI's file-system workspace.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { FsWorkspace } from "../../server/src/cli/fs-workspace";
import { Engine } from "../../server/src/engine/lint";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { WorkspaceBoundary } from "../../server/src/node/workspace-boundary";

const root = mkdtempSync(join(tmpdir(), "tracked-secret-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A repository with `files`, of which git tracks `tracked`; its findings of the rule as `file:line:col-line:col`. */
function lint(name: string, files: Record<string, string>, tracked: string[]): { at: string[]; fixes: string[] } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: dir });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  if (tracked.length > 0) execFileSync("git", ["add", ...tracked], { cwd: dir });
  const result = new Engine().lintPaths(Object.keys(files).map((f) => join(dir, f)), new FsWorkspace(new WorkspaceBoundary([dir])), {});
  const mine = result.findings.filter((f) => f.ruleId === "security/plaintext-secret");
  const at = mine.map((f) => {
    const index = new LineIndex(result.texts.get(f.location.path) ?? "");
    const s = index.positionAt(f.location.span.start);
    const e = index.positionAt(f.location.span.end);
    return `${f.location.path.slice(dir.length + 1)}:${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${f.message}`;
  });
  return { at, fixes: mine.flatMap((f) => f.fixes.map((x) => x.title)) };
}

/** Each finding starts with the expected text: the location exactly, then the message's start. */
function assertFindings(actual: string[], expected: string[]): void {
  assert.deepEqual(actual.map((a, i) => (expected[i] !== undefined && a.startsWith(expected[i]) ? expected[i] : a)), expected);
}

const dbEnv = "MYSQL_DATABASE=nextcloud\nMYSQL_USER=nextcloud\nMYSQL_PASSWORD=Tr0ub4dor&3\nMYSQL_HOST=db\n";

describe("security/plaintext-secret on env files git tracks", () => {
  it("flags a literal secret in a tracked env file, on its value", () => {
    assertFindings(lint("tracked", { "db.env": dbEnv }, ["db.env"]).at, ["db.env:3:16-3:27 db.env is tracked by git and sets MYSQL_PASSWORD as a literal:"]);
  });

  it("says nothing of the same file while git does not track it", () => {
    assert.deepEqual(lint("untracked", { "db.env": dbEnv }, []).at, []);
  });

  it("says nothing outside a repository", () => {
    const dir = join(root, "no-repo");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "db.env"), dbEnv);
    const result = new Engine().lintPaths([join(dir, "db.env")], new FsWorkspace(new WorkspaceBoundary([dir])), {});
    assert.deepEqual(result.findings.filter((f) => f.ruleId === "security/plaintext-secret"), []);
  });

  it("leaves examples, references and encrypted values alone", () => {
    const files = {
      ".env.example": "MYSQL_PASSWORD=change-me-please\n",
      "db.env": "MYSQL_PASSWORD=${DB_PASSWORD}\nREDIS_HOST_PASSWORD=ENC[AES256_GCM,data:q83Lxw==,iv:AAAA,tag:BBBB,type:str]\nPOSTGRES_PASSWORD=\n",
    };
    assert.deepEqual(lint("quiet", files, [".env.example", "db.env"]).at, []);
  });

  it("does not offer to move a Compose literal into a .env that git tracks too", () => {
    const compose = "services:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_PASSWORD: Tr0ub4dor&3\n";
    const env = "TZ=UTC\n";
    const tracked = lint("compose-tracked-env", { "compose.yaml": compose, ".env": env }, ["compose.yaml", ".env"]);
    assertFindings(tracked.at, ["compose.yaml:5:25-5:36 MARIADB_PASSWORD of service db is written as a literal in compose"]);
    assert.deepEqual(tracked.fixes, []);
    const ignored = lint("compose-ignored-env", { "compose.yaml": compose, ".env": env, ".gitignore": ".env\n" }, ["compose.yaml", ".gitignore"]);
    assert.deepEqual(ignored.fixes, ["Move the MARIADB_PASSWORD value to .env and reference it as ${MARIADB_PASSWORD}"]);
  });
});
