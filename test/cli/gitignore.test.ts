/**
 * .gitignore while walking: the matcher against gitignore(5)'s rules, then the built CLI on real
 * folders (root and nested .gitignore, .git/info/exclude, --no-ignore, explicit paths).
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decide, parseGitignore } from "../../server/src/cli/gitignore";
import { allRules } from "../../server/src/engine/rules/registry";
import { onlyRulesConfig, runCli, tempProject } from "./cli-harness";

const only = (...keep: string[]): string => onlyRulesConfig(allRules.map((r) => r.meta.id), keep);

/** Whether `text` as a .gitignore ignores `rel` (a directory when it ends with `/`). */
function ignored(text: string, rel: string): boolean | undefined {
  const isDirectory = rel.endsWith("/");
  return decide({ base: "/", rules: parseGitignore(text) }, rel.replace(/\/$/, ""), isDirectory);
}

describe(".gitignore matching (gitignore(5))", () => {
  it("answers a pattern built to backtrack against a 10,000-character name (the run completing is the assertion)", () => {
    const name = "a".repeat(10_000);
    assert.equal(ignored("*a*a*a*a*a*a*a*a*b\n", name), undefined);
    assert.equal(ignored("*a*a*a*a*a*a*a*a*b\n", `x/${name}b`), true);
    assert.equal(ignored("**/[a]*a*a*a*a*a*a*b\n", `x/${name}`), undefined);
  });

  it("skips blank lines and comments; `\\#` and `\\!` are literal; trailing spaces go unless escaped", () => {
    assert.equal(parseGitignore("\n# a comment\n   \n").length, 0);
    assert.equal(ignored("\\#notes.env\n", "#notes.env"), true);
    assert.equal(ignored("# notes.env\n", "# notes.env"), undefined);
    assert.equal(ignored("\\!important.env\n", "!important.env"), true);
    assert.equal(ignored("a.env   \n", "a.env"), true);
    assert.equal(ignored("a.env\\ \n", "a.env "), true);
    assert.equal(ignored("a.env\\ \n", "a.env"), undefined);
  });

  it("a name without a slash matches at any depth; a leading or middle slash anchors to the file's folder", () => {
    assert.equal(ignored("secret.env\n", "secret.env"), true);
    assert.equal(ignored("secret.env\n", "deploy/prod/secret.env"), true);
    assert.equal(ignored("/secret.env\n", "secret.env"), true);
    assert.equal(ignored("/secret.env\n", "deploy/secret.env"), undefined);
    assert.equal(ignored("deploy/secret.env\n", "deploy/secret.env"), true);
    assert.equal(ignored("deploy/secret.env\n", "x/deploy/secret.env"), undefined);
  });

  it("a trailing slash matches directories only", () => {
    assert.equal(ignored("build/\n", "build/"), true);
    assert.equal(ignored("build/\n", "src/build/"), true);
    assert.equal(ignored("build/\n", "build"), undefined, "a file named build is not a directory");
  });

  it("`*` and `?` stay within a segment, `[…]` is a class, `**` spans folders", () => {
    assert.equal(ignored("*.env\n", "a/b/prod.env"), true);
    assert.equal(ignored("deploy/*.env\n", "deploy/a/prod.env"), undefined);
    assert.equal(ignored("?.env\n", "a.env"), true);
    assert.equal(ignored("?.env\n", "ab.env"), undefined);
    assert.equal(ignored("values-[0-9].yaml\n", "values-3.yaml"), true);
    assert.equal(ignored("values-[!0-9].yaml\n", "values-3.yaml"), undefined);
    assert.equal(ignored("values-[!0-9].yaml\n", "values-x.yaml"), true);
    assert.equal(ignored("**/secrets\n", "a/b/secrets/"), true);
    assert.equal(ignored("**/secrets\n", "secrets/"), true);
    assert.equal(ignored("vendor/**\n", "vendor/x/compose.yaml"), true);
    assert.equal(ignored("vendor/**\n", "vendor/"), undefined, "x/** matches what is inside x, not x");
    assert.equal(ignored("a/**/b.env\n", "a/b.env"), true);
    assert.equal(ignored("a/**/b.env\n", "a/x/y/b.env"), true);
    assert.equal(ignored("a/**/b.env\n", "c/a/x/b.env"), undefined);
    assert.equal(ignored("\\*.env\n", "x.env"), undefined);
    assert.equal(ignored("\\*.env\n", "*.env"), true);
  });

  it("the last matching line wins; `!` re-includes", () => {
    assert.equal(ignored("*.env\n!keep.env\n", "keep.env"), false);
    assert.equal(ignored("*.env\n!keep.env\n", "drop.env"), true);
    assert.equal(ignored("!keep.env\n*.env\n", "keep.env"), true);
  });
});

describe("check: .gitignore while walking", () => {
  const env = "NEXTCLOUD_ADMIN_USER=admin\n";
  const files = {
    ".scaleout.yaml": only(),
    ".gitignore": "# generated\nignored/\n/anchored.env\n*.secret.env\n!keep.secret.env\n\\#hash.env\ndeep/**/x.env\n",
    "ignored/.env": env,
    "anchored.env": env,
    "sub/anchored.env": env,
    "a.secret.env": env,
    "keep.secret.env": env,
    "#hash.env": env,
    "deep/x.env": env,
    "deep/m/n/x.env": env,
    "deep/y.env": env,
    "sub/.gitignore": "local.env\n",
    "sub/local.env": env,
    "local.env": env,
    "excluded.env": env,
    "sub/b.secret.env": env,
  };
  const lintedFiles = (dir: string, args: string[]): string[] => {
    const { code, stdout, stderr } = runCli(["check", "-f", "json", ...args], dir);
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout).files;
  };

  it("skips what the root and nested .gitignore files and .git/info/exclude ignore", () => {
    const project = tempProject(files);
    try {
      mkdirSync(join(project.dir, ".git", "info"), { recursive: true });
      writeFileSync(join(project.dir, ".git", "info", "exclude"), "excluded.env\n");
      assert.deepEqual(lintedFiles(project.dir, []), ["deep/y.env", "keep.secret.env", "local.env", "sub/anchored.env"]);
      // Started in a subfolder of the repository: the .gitignore files above it still apply.
      assert.deepEqual(lintedFiles(project.dir, ["sub"]), ["sub/anchored.env"]);
    } finally {
      project.cleanup();
    }
  });

  it("--no-ignore lints everything; a path named on the command line is linted even if ignored", () => {
    const project = tempProject(files);
    try {
      mkdirSync(join(project.dir, ".git", "info"), { recursive: true });
      writeFileSync(join(project.dir, ".git", "info", "exclude"), "excluded.env\n");
      assert.deepEqual(lintedFiles(project.dir, ["--no-ignore"]), [
        "#hash.env",
        "a.secret.env",
        "anchored.env",
        "deep/m/n/x.env",
        "deep/x.env",
        "deep/y.env",
        "excluded.env",
        "ignored/.env",
        "keep.secret.env",
        "local.env",
        "sub/anchored.env",
        "sub/b.secret.env",
        "sub/local.env",
      ]);
      assert.deepEqual(lintedFiles(project.dir, ["a.secret.env", "excluded.env"]), ["a.secret.env", "excluded.env"]);
      // A folder named explicitly is walked; what is below it is still filtered.
      assert.deepEqual(lintedFiles(project.dir, ["ignored"]), ["ignored/.env"]);
    } finally {
      project.cleanup();
    }
  });

  it("outside a git repository, the .gitignore files of the walked folders still apply", () => {
    const project = tempProject({ ".scaleout.yaml": only(), ".gitignore": "*.secret.env\n", "a.secret.env": env, "b.env": env });
    try {
      assert.deepEqual(lintedFiles(project.dir, []), ["b.env"]);
    } finally {
      project.cleanup();
    }
  });

  it("exits 2 when .gitignore leaves nothing to lint", () => {
    const project = tempProject({ ".gitignore": "*.env\n", "a.env": env });
    try {
      const { code, stdout, stderr } = runCli(["check"], project.dir);
      assert.equal(code, 2);
      assert.equal(stdout, "");
      assert.match(stderr, /^scaleout-lint: no files to lint in \. /);
    } finally {
      project.cleanup();
    }
  });
});
