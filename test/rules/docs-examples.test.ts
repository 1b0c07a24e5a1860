/** Every rule's documented example fires it, and its "use instead" does not. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import { allRules } from "../../server/src/engine/rules/registry";
import type { ExampleFiles } from "../../server/src/engine/rules/rule";
import { MapWorkspace } from "../../server/src/engine/workspace";

function lintExample(files: ExampleFiles, ruleId: string, offByDefault = false): string[] {
  const map = new Map(Object.entries(files).map(([name, text]) => [`/example/${name}`, text]));
  const engine = new Engine();
  engine.onRuleError = (id, error) => {
    throw new Error(`rule ${id} threw: ${String(error)}`);
  };
  return engine
    .lintPaths([...map.keys()], new MapWorkspace(map), offByDefault ? { rules: { [ruleId]: "hint" } } : {})
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);
}

describe("rule documentation examples", () => {
  for (const rule of allRules) {
    it(`${rule.meta.id}: the example fires and "use instead" does not`, () => {
      // A rule that is off by default is documented with it turned on.
      const on = rule.meta.offByDefault === true;
      assert.ok(lintExample(rule.meta.docs.example, rule.meta.id, on).length > 0, "the example does not fire the rule");
      assert.deepEqual(lintExample(rule.meta.docs.useInstead, rule.meta.id, on), []);
    });
  }
});
