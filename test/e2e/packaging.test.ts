// The VSIX a user installs: only what the extension runs: its two bundles (the client and the
// server; not the CLI, which ships in the npm package), the manifest, README, CHANGELOG, LICENSE,
// the grammars, language configuration, schemas, the icon and the walkthrough's pages; under
// 1 MB; activated only by the file kinds it handles. Checks both what `vsce ls` would pack and what the built .vsix holds.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { paths, repoRoot } from "./support/paths";

const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/(extension|server)\.js$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^language-configuration\/[\w.-]+\.json$/,
  /^schemas\/[\w.-]+\.json$/,
  /^images\/icon\.png$/,
  /^walkthrough\/[\w.-]+\.md$/,
];
const walkthroughMedia = ["walkthrough/open-deployment.md", "walkthrough/read-finding.md", "walkthrough/apply-fix.md"];
const required = ["package.json", "README.md", "CHANGELOG.md", "LICENSE", "dist/extension.js", "dist/server.js", "images/icon.png", ...walkthroughMedia];

/** The file names in a zip archive, from its central directory. */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, "central directory entry");
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function checkFileList(files: string[], where: string): void {
  const unexpected = files.filter((f) => !allowed.some((pattern) => pattern.test(f)));
  assert.deepEqual(unexpected, [], `${where} holds files a user does not need`);
  for (const file of required) assert.ok(files.includes(file), `${where} lacks ${file}`);
  assert.ok(!files.includes("dist/cli.js"), `${where} holds the CLI bundle, which the extension does not run`);
}

test("vsce ls lists only what a user needs", () => {
  const vsce = path.join(repoRoot, "node_modules/.bin/vsce");
  const listing = execFileSync(vsce, ["ls", "--no-dependencies"], { cwd: repoRoot, encoding: "utf8" });
  const files = listing.split("\n").map((l) => l.trim()).filter(Boolean);
  checkFileList(files, "vsce ls");
});

test("the built VSIX holds only those files and stays under 1 MB", () => {
  assert.ok(existsSync(paths.vsix), `${paths.vsix} is missing: npm run package`);
  const entries = zipEntries(paths.vsix);
  // vsce adds two metadata files, puts the package below extension/ and renames three files
  const meta = ["[Content_Types].xml", "extension.vsixmanifest"];
  for (const name of meta) assert.ok(entries.includes(name), `${name} in the VSIX`);
  const renamed: Record<string, string> = { "readme.md": "README.md", "changelog.md": "CHANGELOG.md", "LICENSE.txt": "LICENSE" };
  const files = entries.filter((e) => !meta.includes(e)).map((e) => e.replace(/^extension\//, "")).map((f) => renamed[f] ?? f);
  checkFileList(files, "the VSIX");
  const size = statSync(paths.vsix).size;
  console.log(`  ${path.basename(paths.vsix)}: ${(size / 1024).toFixed(0)} KB, ${entries.length} entries`);
  assert.ok(size < 1024 * 1024, `VSIX is ${size} bytes`);
});

test("the manifest activates only for the handled file kinds and declares its workspace support", () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    activationEvents: string[];
    main: string;
    capabilities: { untrustedWorkspaces: { supported: unknown }; virtualWorkspaces: { supported: unknown } | boolean };
    contributes: { languages: { id: string }[]; commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
  };
  assert.ok(!manifest.activationEvents.includes("*"), "no * activation");
  assert.ok(!manifest.activationEvents.includes("onStartupFinished"), "no startup activation");
  for (const event of manifest.activationEvents) assert.match(event, /^(onLanguage:(dockercompose|dotenv|helm)|workspaceContains:.+)$/);
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  const virtual = manifest.capabilities.virtualWorkspaces;
  assert.equal(typeof virtual === "boolean" ? virtual : virtual.supported, false);
  assert.ok(manifest.contributes.languages.some((l) => l.id === "dotenv"));
  for (const setting of ["scaleout.enable", "scaleout.rules", "scaleout.assumeCluster", "scaleout.extraFilePatterns", "scaleout.trace.server", "scaleout.lintWorkspaceOnStartup"]) {
    assert.ok(setting in manifest.contributes.configuration.properties, setting);
  }
  for (const command of ["scaleout.restartServer", "scaleout.showOutput", "scaleout.lintWorkspace"]) {
    assert.ok(manifest.contributes.commands.some((c) => c.command === command), command);
  }
});

test("dist/cli.js is executable and starts with a shebang", () => {
  const cli = path.join(repoRoot, "dist/cli.js");
  assert.ok(existsSync(cli), "npm run build first");
  assert.ok(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n"));
  assert.ok((statSync(cli).mode & 0o111) !== 0, "executable bits");
});

test("the walkthrough has three steps (open a deployment, read a finding, apply a fix), each with a page in the VSIX", () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    contributes: { walkthroughs: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[] };
  };
  const [walkthrough, ...others] = manifest.contributes.walkthroughs;
  assert.equal(others.length, 0);
  assert.deepEqual(
    walkthrough.steps.map((s) => s.title),
    ["Open a deployment", "Read a finding", "Apply a fix"],
  );
  assert.deepEqual(
    walkthrough.steps.map((s) => s.media.markdown),
    walkthroughMedia,
  );
  for (const step of walkthrough.steps) {
    const page = readFileSync(path.join(repoRoot, step.media.markdown ?? ""), "utf8");
    assert.ok(page.startsWith(`# ${step.title}\n`), `${step.media.markdown} is titled ${step.title}`);
    assert.ok((step.completionEvents ?? []).every((e) => /^onCommand:[\w.]+$/.test(e)), step.id);
  }
  // vsce ls and the built VSIX carry the pages (checkFileList requires them too)
  assert.ok(existsSync(paths.vsix), `${paths.vsix} is missing: npm run package`);
  const entries = zipEntries(paths.vsix);
  for (const page of walkthroughMedia) assert.ok(entries.includes(`extension/${page}`), `${page} in the VSIX`);
});
