import type { Fix, FixSafety } from "../engine/findings";
import { applyEdits, editsByPath } from "../engine/fixes/apply-edits";
import { fixTitle, planFixes } from "../engine/services/fix-plan";
import { LineIndex } from "../engine/text/line-index";
import { LINT_OPTION_SPECS, lintRequestOf, reportProblems } from "./check-command";
import { type CliIo, EXIT_FINDINGS, EXIT_NOT_LINTED, EXIT_OK } from "./cli-io";
import { escapeControlInLine } from "./control-chars";
import { type Colors, colorsFor } from "./colors";
import { formatText } from "./format-text";
import { type DiffLine, lineDiff } from "./line-diff";
import type { LintReport } from "./lint-report";
import { type OptionSpec, parseArgs } from "./parse-args";
import { type LintRun, relint, runLint } from "./run-lint";

const FIX_OPTIONS: readonly OptionSpec[] = [...LINT_OPTION_SPECS, { name: "dry-run", takesValue: false }, { name: "unsafe", takesValue: false }];

/** `${NAME}`, `$NAME`, `${NAME:?message}` or `${NAME:-}`: where a value comes from, not the value. */
const ONLY_REFERENCE = /^(?:\$\{[A-Za-z_]\w*(?::?\?[^}]*|:?-)?\}|\$[A-Za-z_]\w*)$/;

/** Fixes can make new findings fixable (an inserted line that another rule then completes); ESLint stops at 10 passes too. */
const MAX_PASSES = 10;

interface AppliedFix {
  ruleId: string;
  title: string;
  where: string;
  paths: string[];
}

/**
 * Applies the first allowed fix of every finding (safe ones; unsafe with `--unsafe`; suggestions
 * never), pass after pass until nothing is left to fix, then lints again. Which fixes go together
 * is fix-plan's choice (the same as fix-all in the editor): a conflicting one waits for the next
 * pass, where it is recomputed on the new text. Only this command writes files;
 * with `--dry-run` the fixes are staged in memory and shown as a diff.
 */
export function fixCommand(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, FIX_OPTIONS);
  const { options } = args;
  const dryRun = options.has("dry-run");
  const allowed: FixSafety[] = options.has("unsafe") ? ["safe", "unsafe"] : ["safe"];
  let run: LintRun = runLint(io, lintRequestOf(args, io, "hint"));
  const stdinPath = run.stdinPath;
  // Standard input: only the fixes that edit that text alone; the text goes to standard output.
  // Never a fix that copies a secret to another place (moving one is fine).
  const allowedFix = (fix: Fix): boolean =>
    (stdinPath === undefined || fix.edits.every((e) => e.path === stdinPath)) && !run.report.redactor.spreadsSecret(fix.edits, (p) => run.report.texts.get(p));
  const applied: AppliedFix[] = [];
  // A fix that would edit a file outside the workspace (or one not read) is dropped whole, and said.
  const dropped = new Map<string, string>();
  const editsOnlyReadable = (fix: Fix): boolean => {
    for (const { path } of fix.edits) {
      if (run.workspace.readFile(path) !== undefined) continue;
      dropped.set(path, run.workspace.refusal(path) ?? "was not read");
      return false;
    }
    return true;
  };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = chooseFixes(run.report, allowed, (fix) => allowedFix(fix) && editsOnlyReadable(fix));
    if (fixes.length === 0) break;
    for (const [path, edits] of editsByPath(fixes.flatMap((f) => f.fix.edits))) {
      const text = run.workspace.readFile(path);
      if (text !== undefined) run.workspace.stage(path, applyEdits(text, edits).text);
    }
    for (const { fix, ruleId, where } of fixes) {
      applied.push({ ruleId, title: fixTitle(run.report.message(fix.title), fix.safety), where, paths: [...new Set(fix.edits.map((e) => e.path))] });
    }
    run = relint(io, run, "hint");
  }
  if (stdinPath !== undefined) {
    // As ruff does: the fixed text on standard output, what is left on standard error; nothing is written.
    io.stdout(run.workspace.readFile(stdinPath) ?? "");
    io.stderr(formatText(run.report, colorsFor(false, true, io.env)));
    reportProblems(io, run.report);
    return exitOf(run.report, options.has("no-fail-on-skip"));
  }
  const colors = colorsFor(io.stdoutIsTty, options.has("no-color"), io.env);
  const changed = run.workspace.changedPaths();
  const fixCount = `${applied.length} ${applied.length === 1 ? "fix" : "fixes"} to ${changed.length} ${changed.length === 1 ? "file" : "files"}`;
  if (dryRun) {
    for (const path of changed) io.stdout(diffOf(run, path, colors));
    io.stdout(applied.length > 0 ? `Would apply ${fixCount} (dry run: nothing written).\n\nAfter these fixes (lines as in the fixed files):\n` : "Nothing to fix.\n\n");
  } else {
    for (const { path, reason } of run.workspace.writeStaged().refused) dropped.set(path, reason);
    if (applied.length > 0) {
      io.stdout("Fixed:\n");
      for (const fix of applied) io.stdout(`  ${fix.where} ${colors.dim(fix.ruleId)} ${fix.title}\n`);
      io.stdout(`Applied ${fixCount}.\n\n`);
    } else {
      io.stdout("Nothing to fix.\n\n");
    }
  }
  for (const [path, reason] of dropped) io.stderr(`scaleout-lint: ${run.report.displayPath(path)} ${reason}: fix not written there\n`);
  io.stdout(formatText(run.report, colors));
  reportProblems(io, run.report);
  return exitOf(run.report, options.has("no-fail-on-skip"));
}

/** As `check`: what was not linted fails the run unless `--no-fail-on-skip`. */
function exitOf(report: LintReport, noFailOnSkip: boolean): number {
  if (report.problems.length > 0 && !noFailOnSkip) return EXIT_NOT_LINTED;
  return report.hasErrors ? EXIT_FINDINGS : EXIT_OK;
}

interface ChosenFix {
  fix: Fix;
  ruleId: string;
  where: string;
}

function chooseFixes(report: LintReport, allowed: readonly FixSafety[], keep: (fix: Fix) => boolean): ChosenFix[] {
  const findings = report.findings.map((finding) => ({ ...finding, fixes: finding.fixes.filter(keep) }));
  return planFixes(findings, (finding) => finding, allowed).map(({ item: finding, fix }) => {
    const at = report.range(finding.location);
    return { fix, ruleId: finding.ruleId, where: `${report.shownPath(finding.location.path)}:${at.line}:${at.column}` };
  });
}

/**
 * A unified diff of one file that `git apply` and `patch -p1` accept: `a/` and `b/` paths from
 * the working directory, the lines' breaks as written, `\ No newline at end of file`. No secret
 * value is printed: context lines that would show one are left off a hunk's edges, and a hunk
 * whose changes would show one is replaced by a note (the other hunks still apply).
 */
function diffOf(run: LintRun, path: string, colors: Colors): string {
  const before = run.workspace.originalText(path) ?? "";
  const after = run.workspace.readFile(path) ?? "";
  const { report } = run;
  const oldIndex = new LineIndex(before);
  const newIndex = new LineIndex(after);
  // A value the redactor would mask, unless it only names where the secret comes from (`${REDIS_PASSWORD}`).
  const showsSecret = (line: DiffLine): boolean => {
    const [text, index] = line.kind === "+" ? [after, newIndex] : [before, oldIndex];
    const start = index.lineStart(line.line);
    const end = index.lineEnd(line.line);
    return report.redactor.secretSpans(path, text).some((span) => {
      const shown = text.slice(Math.max(span.start, start), Math.min(span.end, end)).trim();
      return shown !== "" && !ONLY_REFERENCE.test(shown.replace(/^(["'])(.*)\1$/s, "$2"));
    });
  };
  const name = report.shownPath(path);
  const out = [colors.bold(`--- a/${name}`), colors.bold(`+++ b/${name}`)];
  for (const hunk of lineDiff(before, after)) {
    // Context is optional to `git apply`: keep what lies between the change and the nearest secret.
    const firstChange = hunk.lines.findIndex((l) => l.kind !== " ");
    const lastChange = hunk.lines.length - 1 - [...hunk.lines].reverse().findIndex((l) => l.kind !== " ");
    let from = firstChange;
    while (from > 0 && !showsSecret(hunk.lines[from - 1])) from--;
    let to = lastChange + 1;
    while (to < hunk.lines.length && !showsSecret(hunk.lines[to])) to++;
    const lines = hunk.lines.slice(from, to);
    // 0-based first line of the hunk on each side (for an empty side: the line it comes after).
    const oldFirst = (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1) + from;
    const newFirst = (hunk.newCount === 0 ? hunk.newStart : hunk.newStart - 1) + from;
    if (lines.some(showsSecret)) {
      out.push(colors.dim(`# Not shown: the change at line ${hunk.lines[firstChange].line + 1} of ${name} contains a secret value.`));
      continue;
    }
    const oldCount = lines.filter((l) => l.kind !== "+").length;
    const newCount = lines.filter((l) => l.kind !== "-").length;
    out.push(colors.dim(`@@ -${oldCount === 0 ? oldFirst : oldFirst + 1},${oldCount} +${newCount === 0 ? newFirst : newFirst + 1},${newCount} @@`));
    for (const line of lines) {
      const rendered = `${line.kind}${escapeControlInLine(line.text)}`;
      // A CRLF line keeps its CR, or the patch would not match the file.
      const cr = line.eol === "\r\n" ? "\r" : "";
      out.push((line.kind === "-" ? colors.severity("error", rendered) : line.kind === "+" ? colors.severity("info", rendered) : rendered) + cr);
      if (line.eol === "") out.push("\\ No newline at end of file");
    }
  }
  return `${out.join("\n")}\n`;
}
