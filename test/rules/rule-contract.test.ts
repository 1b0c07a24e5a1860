/**
 * The rule contract: metadata that defineRule rejects when a rule module loads; the ids,
 * severities, formats and priorities of RULES.md (catalog-contract.ts) every registered rule
 * must declare; and the engine dropping fixes beyond a rule's declared fix safety.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalogContract, engineRulesContract, envFamilyContract, envFamilyRules, type CatalogEntry } from "../../server/src/engine/rules/catalog-contract";
import type { FixSafety } from "../../server/src/engine/findings";
import { Engine } from "../../server/src/engine/lint";
import { allRules } from "../../server/src/engine/rules/registry";
import { allowedFixSafeties, defineRule, FixSafetyViolation, type RuleMeta } from "../../server/src/engine/rules/rule";
import { MapWorkspace } from "../../server/src/engine/workspace";

function meta(overrides: Partial<RuleMeta> = {}, docs: Partial<RuleMeta["docs"]> = {}): RuleMeta {
  return {
    id: "sessions/example-rule",
    severity: "warning",
    formats: ["C"],
    priority: "P2",
    clusterOnly: false,
    title: "PHP sessions kept in files by ownCloud on Redis",
    fixSafety: "none",
    ...overrides,
    docs: {
      whatItDoes: "Flags something.",
      whyItMatters: "Because of FACTS §1.",
      example: { "compose.yaml": "services: {}\n" },
      useInstead: { "compose.yaml": "services: {}\n" },
      fixSafety: "No quick fix.",
      sources: ["FACTS §1"],
      ...docs,
    },
  };
}

function define(m: RuleMeta): void {
  defineRule({ meta: m, check: () => {} });
}

describe("defineRule", () => {
  it("accepts complete metadata", () => {
    define(meta());
    define(meta({ title: "ownCloud startup chown walk over shared storage", fixSafety: "suggestion" }));
  });

  const rejected: [string, RuleMeta, RegExp][] = [
    ["an id without a concern", meta({ id: "files-in-cluster" }), /id "files-in-cluster" is not concern\/kebab-name/],
    ["a camelCase id", meta({ id: "sessions/filesInCluster" }), /is not concern\/kebab-name/],
    ["an id with a trailing dash", meta({ id: "sessions/files-" }), /is not concern\/kebab-name/],
    ["an unknown severity", meta({ severity: "fatal" as RuleMeta["severity"] }), /severity "fatal"/],
    ["no formats", meta({ formats: [] }), /formats is empty/],
    ["an unknown format", meta({ formats: ["C", "X" as "C"] }), /format "X"/],
    ["a repeated format", meta({ formats: ["C", "C"] }), /repeat a format/],
    ["an unknown fix safety", meta({ fixSafety: "auto" as RuleMeta["fixSafety"] }), /fixSafety "auto" is not one of none, safe, suggestion, unsafe/],
    ["a title with a full stop", meta({ title: "Redis without a password." }), /ends with a full stop/],
    ["a title in title case", meta({ title: "Background Jobs Run by Every Replica" }), /not sentence case \(Jobs, Run, Every, Replica/],
    ["a title in lower case", meta({ title: "background jobs run by every replica" }), /does not start with a capital letter/],
    ["an empty title", meta({ title: " " }), /title is empty/],
    ["an empty docs section", meta({}, { whyItMatters: "  " }), /docs.whyItMatters is empty/],
    ["no example", meta({}, { example: {} }), /docs.example has no file/],
    ["an empty use-instead file", meta({}, { useInstead: { "compose.yaml": "" } }), /docs.useInstead\["compose.yaml"\] is empty/],
    ["no sources", meta({}, { sources: [] }), /docs.sources is empty/],
  ];
  for (const [what, bad, message] of rejected) {
    it(`rejects ${what}`, () => {
      assert.throws(() => define(bad), (error: Error) => {
        assert.match(error.message, /^Rule \S+ has invalid metadata: /);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it("names every problem at once", () => {
    assert.throws(() => define(meta({ id: "Bad", title: "Bad." }, { sources: [] })), /not concern\/kebab-name; title "Bad\." ends with a full stop; docs\.sources is empty\.$/);
  });
});

function contractOf(id: string): CatalogEntry | { severity?: undefined; formats: string[]; priority: string } | undefined {
  const listed = catalogContract.find((e) => e.id === id) ?? engineRulesContract.find((e) => e.id === id) ?? envFamilyRules.find((e) => e.id === id);
  if (listed) return listed;
  if (envFamilyContract.idPattern.test(id)) return envFamilyContract;
  return undefined;
}

describe("registered rules against the RULES.md catalog", () => {
  it("lists each id once in the catalog data", () => {
    const ids = [...catalogContract, ...engineRulesContract, ...envFamilyRules].map((e) => e.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it("registers each id once", () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  for (const rule of allRules) {
    const { id, severity, formats, priority } = rule.meta;
    it(`${id} declares what RULES.md says`, () => {
      const contract = contractOf(id);
      assert.ok(contract, `${id} is not in RULES.md (server/src/engine/rules/catalog-contract.ts)`);
      if (contract.severity) assert.equal(severity, contract.severity, `${id}: severity`);
      assert.deepEqual([...formats].sort(), [...contract.formats].sort(), `${id}: formats`);
      assert.equal(priority, contract.priority, `${id}: priority`);
    });
  }

  it("holds each env/* family row to the family's row of RULES.md and registers it", () => {
    const registered = new Set(allRules.map((r) => r.meta.id));
    for (const row of envFamilyRules) {
      assert.match(row.id, envFamilyContract.idPattern);
      assert.deepEqual(row.formats, envFamilyContract.formats, `${row.id}: formats`);
      assert.equal(row.priority, envFamilyContract.priority, `${row.id}: priority`);
      assert.ok(registered.has(row.id), `${row.id} is not registered`);
    }
  });

  it("keeps env/unordered-keys off by default (RULES.md: key order off by default)", () => {
    assert.equal(allRules.find((r) => r.meta.id === "env/unordered-keys")?.meta.offByDefault, true);
    assert.deepEqual(allRules.filter((r) => r.meta.offByDefault).map((r) => r.meta.id), ["env/unordered-keys"]);
  });

  it("registers every P1 rule of the catalog (the first usable release)", () => {
    const registered = new Set(allRules.map((r) => r.meta.id));
    assert.deepEqual(catalogContract.filter((e) => e.priority === "P1" && !registered.has(e.id)).map((e) => e.id), []);
  });
});

describe("declared fix safety", () => {
  const compose = "services:\n  app:\n    image: nextcloud:31-apache\n";

  /** Lints one compose file with a rule that offers one fix of each given safety. */
  function lintWith(declared: RuleMeta["fixSafety"], offered: FixSafety[]): { fixes: FixSafety[]; errors: unknown[] } {
    const rule = defineRule({
      meta: meta({ fixSafety: declared }),
      check: ({ project, fix, report }) => {
        const at = { path: "/p/compose.yaml", span: { start: 0, end: 8 } };
        report({ message: "m", location: at, fixes: offered.map((safety) => fix.make(`a ${safety} fix`, safety, [{ path: at.path, span: at.span, newText: project.kind }])) });
      },
    });
    const engine = new Engine([rule]);
    const errors: unknown[] = [];
    engine.onRuleError = (_id, error) => errors.push(error);
    const findings = engine.lintPaths(["/p/compose.yaml"], new MapWorkspace(new Map([["/p/compose.yaml", compose]]))).findings;
    assert.equal(findings.length, 1, "the finding stays when a fix is dropped");
    return { fixes: findings[0].fixes.map((f) => f.safety), errors };
  }

  const all: FixSafety[] = ["safe", "unsafe", "suggestion"];
  for (const declared of Object.keys(allowedFixSafeties) as RuleMeta["fixSafety"][]) {
    it(`keeps only ${allowedFixSafeties[declared].join(", ") || "no"} fixes of a rule declaring ${declared}`, () => {
      const { fixes, errors } = lintWith(declared, all);
      assert.deepEqual(fixes, allowedFixSafeties[declared]);
      const dropped = all.filter((s) => !allowedFixSafeties[declared].includes(s));
      assert.equal(errors.length, dropped.length);
      errors.forEach((error, i) => {
        assert.ok(error instanceof FixSafetyViolation);
        assert.match(error.message, new RegExp(`^sessions/example-rule offered the ${dropped[i]} fix "a ${dropped[i]} fix" but declares fix safety "${declared}"`));
      });
    });
  }

  it("orders danger safe < unsafe and keeps suggestions apart from safe", () => {
    assert.deepEqual(allowedFixSafeties, { none: [], safe: ["safe"], suggestion: ["suggestion"], unsafe: ["safe", "unsafe", "suggestion"] });
  });

  it("reports a violation after the rule ran, so a throwing onRuleError fails the lint", () => {
    const rule = defineRule({
      meta: meta({ fixSafety: "none" }),
      check: ({ fix, report }) => {
        report({ message: "m", location: { path: "/p/compose.yaml", span: { start: 0, end: 8 } }, fixes: [fix.make("a fix", "safe", [{ path: "/p/compose.yaml", span: { start: 0, end: 0 }, newText: "#" }])] });
      },
    });
    const engine = new Engine([rule]);
    engine.onRuleError = (id, error) => {
      throw new Error(`rule ${id}: ${String(error)}`);
    };
    assert.throws(() => engine.lintPaths(["/p/compose.yaml"], new MapWorkspace(new Map([["/p/compose.yaml", compose]]))), /^Error: rule sessions\/example-rule: FixSafetyViolation: sessions\/example-rule offered the safe fix "a fix" but declares fix safety "none" \(allowing no fix\)/);
  });
});
