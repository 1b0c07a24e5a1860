/**
 * Runs the built CLI over ../shared/corpus laid out at each repository's original relative
 * paths (so compose files find their .env and env_files). Findings are expected; a crash,
 * a usage error, a hang, a rule that throws or a project that fails is not. The corpus also
 * holds files that are not deployment files (a Chart.yaml, AIO's sample.conf): naming them is
 * reported as "not linted", which is expected here. Prints the CLI's summary and a per-rule count.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { rebuildCorpus } from "../test/helpers/corpus";

const { root, files } = rebuildCorpus();
const started = Date.now();
let status = 0;
let stdout = "";
try {
  // Every file by name, as a user of each repository would name them.
  stdout = execFileSync(process.execPath, ["dist/cli.js", "check", ...files.map((f) => f.path), "--format", "json", "--no-fail-on-skip"], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
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
const report = JSON.parse(stdout) as { findings: { ruleId: string }[]; problems?: { kind: string; message: string; file?: string; ruleId?: string }[] };
const unexpected = (report.problems ?? []).filter((p) => p.kind !== "not-lintable");
if (unexpected.length > 0) {
  for (const p of unexpected) console.error(`corpus check: ${p.kind}${p.ruleId ? ` ${p.ruleId}` : ""}${p.file ? ` ${p.file}` : ""}: ${p.message}`);
  process.exit(1);
}
const byRule = new Map<string, number>();
for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
console.log(`corpus check: ${files.length} files, ${report.findings.length} findings, exit ${status}, ${Date.now() - started} ms`);
for (const [rule, count] of [...byRule].sort()) console.log(`  ${rule}: ${count}`);
