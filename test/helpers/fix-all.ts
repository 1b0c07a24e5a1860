/** Lint, apply fixes and fix-all in memory, as `scaleout-lint fix` and the editor's fix-all do. */
import assert from "node:assert/strict";
import { applyEdits, editsByPath } from "../../server/src/engine/fixes/apply-edits";
import type { Fix, FixSafety } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions, LintResult } from "../../server/src/engine/lint-api";
import { planFixes } from "../../server/src/engine/services/fix-plan";
import { MapWorkspace } from "../../server/src/engine/workspace";

/** As `scaleout-lint fix`. */
const MAX_PASSES = 10;

export function lint(files: Map<string, string>, options: LintOptions): LintResult {
  const engine = new Engine();
  engine.onRuleError = (id, error) => {
    throw new Error(`rule ${id} threw: ${String(error)}`);
  };
  return engine.lintPaths([...files.keys()], new MapWorkspace(files), options);
}

/** Applies edits to the files; false when one edit goes to a file the case does not hold or overlaps another. */
export function applied(files: Map<string, string>, edits: Fix["edits"]): Map<string, string> | undefined {
  const out = new Map(files);
  for (const [path, fileEdits] of editsByPath(edits)) {
    const text = out.get(path);
    if (text === undefined) return undefined;
    const result = applyEdits(text, fileEdits);
    if (result.skipped.length > 0) return undefined;
    out.set(path, result.text);
  }
  return out;
}

/** Fix-all as `scaleout-lint fix` runs it: fix-plan's choice of the allowed fixes, pass after pass. */
export function fixAll(files: Map<string, string>, options: LintOptions, allowed: FixSafety[], keep: (fix: Fix, result: LintResult) => boolean): { files: Map<string, string>; count: number } {
  let current = files;
  let count = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = lint(current, options);
    const findings = result.findings.map((f) => ({ ...f, fixes: f.fixes.filter((fix) => keep(fix, result) && fix.edits.every((e) => current.has(e.path))) }));
    const planned = planFixes(findings, (f) => f, allowed);
    if (planned.length === 0) break;
    const next = applied(
      current,
      planned.flatMap(({ fix }) => fix.edits),
    );
    assert.ok(next, `fix-all pass ${pass + 1} planned edits that cannot be applied together`);
    current = next;
    count += planned.length;
  }
  return { files: current, count };
}
