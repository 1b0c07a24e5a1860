/**
 * Runs the built CLI over ../shared/corpus laid out at each repository's original relative
 * paths (so compose files find their .env and env_files). Findings are expected; a crash,
 * a usage error or a hang is not. Prints the summary the CLI gives and a per-rule count.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { rebuildCorpus } from "../test/helpers/corpus";

const { root, files } = rebuildCorpus();
const started = Date.now();
let status = 0;
let stdout = "";
try {
  // Every file by name: the official examples sit in hidden `.examples/` folders that a
  // directory walk skips on purpose.
  stdout = execFileSync(process.execPath, ["dist/cli.js", "check", ...files.map((f) => f.path), "--format", "json"], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
} catch (error) {
  const e = error as { status?: number; stdout?: string; signal?: string };
  status = e.status ?? -1;
  stdout = e.stdout ?? "";
  if (e.signal) {
    console.error(`corpus check: the CLI was killed by ${e.signal}`);
    process.exit(1);
  }
}
rmSync(root, { recursive: true, force: true });
if (status !== 0 && status !== 1) {
  console.error(`corpus check: the CLI exited with ${status}`);
  process.exit(1);
}
const report = JSON.parse(stdout) as { findings: { ruleId: string }[] };
const byRule = new Map<string, number>();
for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
console.log(`corpus check: ${files.length} files, ${report.findings.length} findings, exit ${status}, ${Date.now() - started} ms`);
for (const [rule, count] of [...byRule].sort()) console.log(`  ${rule}: ${count}`);
