/**
 * No fix creates a finding. For every rule fixture (test/rules/<concern>/<rule>/{invalid,valid}/<case>/)
 * and every example deployment (examples/<name>/), found on disk so new rules and fixtures are
 * covered without editing this file:
 *   - each fix the engine offers (safe, unsafe and suggestion), applied on its own;
 *   - fix-all with safe fixes, and with safe + unsafe fixes, pass after pass as `scaleout-lint
 *     fix` and the editor's fix-all apply them (fix-plan's choice, recomputed on the new text);
 * then the whole result is linted again with every registered rule on, and no finding may appear
 * that was not there before. Fixes that would copy a secret elsewhere are left out, as the CLI and
 * the language server never offer them.
 *
 * One kind of fix is let through, and said: renaming a key the chart or image does not read (a
 * typo such as `replicaCount` in the ownCloud chart) to the one it reads makes the value the user
 * wrote take effect, and the findings that value brings (two replicas, so the cluster rules) are
 * about the user's configuration, not the fix's. That is a suggestion, never applied in bulk.
 *
 * A finding after the fix "was there before" when one of the same rule in the same file matches
 * it by the text it points at or by its message with numbers left out (line numbers and replica
 * counts shift when lines are inserted): positions are compared by neither.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { describe, it } from "node:test";
import type { Finding, Fix, FixSafety } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions, LintResult } from "../../server/src/engine/lint-api";
import { allRules } from "../../server/src/engine/rules/registry";
import { SecretRedactor } from "../../server/src/engine/services/redact";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { applied, fixAll, lint } from "../helpers/fix-all";
import { filesBelow } from "../helpers/workspace";
import { caseOptions } from "../helpers/case-options";

const rulesRoot = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
const examplesRoot = new URL("../../examples", import.meta.url).pathname.replace(/\/$/, "");
const isCaseInput = (name: string): boolean => name !== "expected.json" && name !== "fixed" && name !== "README.md";

interface Case {
  name: string;
  dir: string;
  options: LintOptions;
}

function subdirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => statSync(`${dir}/${n}`).isDirectory()).sort() : [];
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const concern of subdirs(rulesRoot)) {
    for (const rule of subdirs(`${rulesRoot}/${concern}`)) {
      // The near misses too: another rule's findings there carry fixes as well.
      for (const kind of ["invalid", "valid"]) {
        const cases = `${rulesRoot}/${concern}/${rule}/${kind}`;
        for (const name of subdirs(cases)) {
          const dir = `${cases}/${name}`;
          const expected = existsSync(`${dir}/expected.json`) ? (JSON.parse(readFileSync(`${dir}/expected.json`, "utf8")) as { options?: LintOptions }) : {};
          out.push({ name: `${concern}/${rule}/${kind}/${name}`, dir, options: caseOptions(dir, expected.options ?? {}) });
        }
      }
    }
  }
  for (const name of subdirs(examplesRoot)) out.push({ name: `examples/${name}`, dir: `${examplesRoot}/${name}`, options: {} });
  return out;
}

/**
 * The case's options with every rule a user gets on (at the case's severity, else the rule's
 * own). A rule off by default (env/unordered-keys) stays off unless the case turns it on: an
 * appended variable out of alphabetical order is no finding anybody sees.
 */
function allRulesOn(options: LintOptions): LintOptions {
  const rules: NonNullable<LintOptions["rules"]> = {};
  for (const rule of allRules) {
    const setting = options.rules?.[rule.meta.id];
    if (rule.meta.offByDefault && (setting === undefined || setting === "off")) {
      rules[rule.meta.id] = "off";
      continue;
    }
    // Unset: the rule reports at its own severity per finding (an info note stays an info note).
    if (setting !== undefined && setting !== "off") rules[rule.meta.id] = setting;
  }
  return { ...options, rules };
}

function pointedAt(finding: Finding, texts: Map<string, string>): string {
  return (texts.get(finding.location.path) ?? "").slice(finding.location.span.start, finding.location.span.end);
}

const withoutNumbers = (message: string): string => message.replace(/\d+/g, "#");

/** The findings of `after` that match none of `before` (each finding of before matches once). */
export function newFindings(before: LintResult, after: LintResult): Finding[] {
  const unmatched = [...before.findings];
  const fresh: Finding[] = [];
  for (const finding of after.findings) {
    const sameRuleAndFile = (old: Finding): boolean => old.ruleId === finding.ruleId && old.location.path === finding.location.path;
    const text = pointedAt(finding, after.texts);
    const message = withoutNumbers(finding.message);
    let at = unmatched.findIndex((old) => sameRuleAndFile(old) && pointedAt(old, before.texts) === text);
    if (at < 0) at = unmatched.findIndex((old) => sameRuleAndFile(old) && withoutNumbers(old.message) === message);
    if (at < 0) fresh.push(finding);
    else unmatched.splice(at, 1);
  }
  return fresh;
}

function describeFinding(finding: Finding, result: LintResult, dir: string): string {
  const index = new LineIndex(result.texts.get(finding.location.path) ?? "");
  const at = index.positionAt(finding.location.span.start);
  return `${finding.location.path.slice(dir.length + 1)}:${at.line + 1}:${at.character + 1} ${finding.ruleId}: ${finding.message}`;
}

/** A suggestion that renames the unknown key the finding points at, and nothing else. */
function isKeyRename(finding: Finding, fix: Fix): boolean {
  const at = finding.location;
  return (
    finding.ruleId === "config/unknown-variable" &&
    fix.safety === "suggestion" &&
    fix.edits.length === 1 &&
    fix.edits[0].path === at.path &&
    fix.edits[0].span.start === at.span.start &&
    fix.edits[0].span.end === at.span.end &&
    /^[A-Za-z_][\w.-]*$/.test(fix.edits[0].newText)
  );
}

/**
 * A suggestion that replaces a value the chart rejects with the valid spelling the author meant
 * (`ReadWriteMay` → `ReadWriteMany`): what the written value asks for takes effect.
 */
function isValueCorrection(finding: Finding, fix: Fix): boolean {
  const at = finding.location;
  return finding.ruleId === "config/invalid-value" && fix.safety === "suggestion" && fix.edits.length === 1 && fix.edits[0].path === at.path && fix.edits[0].span.start === at.span.start && fix.edits[0].span.end === at.span.end;
}

/**
 * The values gained the chart's own section (`owncloud:` / `nextcloud:`): only values laid out
 * for that chart have its chart-specific defaults judged (the admin password it ships), so such
 * a note is about the chart, not something the fix made.
 */
function gainedChartSection(finding: Finding, before: LintResult, after: LintResult): boolean {
  const path = finding.location.path;
  const has = (text: string): boolean => {
    // The values' own keys: at the top of a values file, or under `values:` / `valuesObject:` of a HelmRelease or an Argo CD Application.
    const nested = /(?:^|\n)[ \t]*(?:values|valuesObject):[ \t]*\r?\n([ \t]*)\S/.exec(text);
    const indent = nested ? nested[1] : "";
    return new RegExp(`(^|\\n)${indent}(owncloud|nextcloud):[ \\t]*(#.*)?(\\r?\\n|$)`).test(text);
  };
  return finding.ruleId === "security/default-credentials" && !has(before.texts.get(path) ?? "") && has(after.texts.get(path) ?? "");
}

describe("no fix creates a finding", () => {
  const all = cases();
  it("finds the rule fixtures and the examples", () => {
    assert.ok(all.filter((c) => c.name.startsWith("examples/")).length >= 4, "examples/ not found");
    assert.ok(all.length > 100, `only ${all.length} cases found`);
  });
  for (const testCase of all) {
    it(testCase.name, (t) => {
      const options = allRulesOn(testCase.options);
      const files = new Map(filesBelow(testCase.dir, (n) => !isCaseInput(n)).map((p) => [p, readFileSync(p, "utf8")]));
      const before = lint(files, options);
      const redactor = new SecretRedactor(new Engine().cache);
      redactor.learn(before.texts);
      const offered = (fix: Fix, result: LintResult): boolean => !redactor.spreadsSecret(fix.edits, (p) => result.texts.get(p));
      const problems: string[] = [];
      const check = (what: string, result: Map<string, string>): void => {
        const after = lint(result, options);
        for (const finding of newFindings(before, after)) {
          // The linter's own size limit (a fixture that sets it just above the file) is not a
          // finding about the deployment.
          if (finding.ruleId === "lint/skipped-file") t.diagnostic(`${what} grows the file past maxFileSize`);
          else if (gainedChartSection(finding, before, after)) t.diagnostic(`${what} writes the chart's section, so its defaults are judged: ${finding.ruleId}`);
          else problems.push(`${what} creates ${describeFinding(finding, after, testCase.dir)}`);
        }
      };
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          if (!offered(fix, before)) continue;
          const result = applied(files, fix.edits);
          if (!result) continue;
          const what = `${finding.ruleId} fix "${fix.title}" (${fix.safety})`;
          if (!isKeyRename(finding, fix) && !isValueCorrection(finding, fix)) check(what, result);
          else for (const revealed of newFindings(before, lint(result, options))) t.diagnostic(`${what} lets the written value take effect: ${revealed.ruleId}`);
        }
      }
      for (const allowed of [["safe"], ["safe", "unsafe"]] satisfies FixSafety[][]) {
        const result = fixAll(files, options, allowed, offered);
        if (result.count > 0) check(`fix-all ${allowed.join("+")}`, result.files);
      }
      assert.deepEqual(problems, []);
    });
  }
});
