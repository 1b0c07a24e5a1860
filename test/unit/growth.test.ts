/**
 * What a lint produces grows with the file, not faster: on the benchmark stacks of 20, 60 and
 * 180 app stacks (../shared/bench/gen-compose.mjs), three times the stacks give three times the
 * findings and three times the related locations, and no finding carries more related
 * locations as the file grows. Counts, not times: speed is measured by `npm run bench`.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { sharedDir } from "../helpers/shared-dir";

const generator = join(sharedDir, "bench", "gen-compose.mjs");

function lintStack(n: number): { findings: number; related: number; maxRelated: number } {
  const text = execFileSync(process.execPath, [generator, String(n)], { encoding: "utf8" });
  const path = `/stack-${n}/docker-compose.yml`;
  const engine = new Engine();
  engine.onRuleError = (id, error) => {
    throw new Error(`rule ${id} threw: ${String(error)}`);
  };
  const { findings } = engine.lintPaths([path], new MapWorkspace(new Map([[path, text]])));
  const related = findings.reduce((sum, f) => sum + f.related.length, 0);
  return { findings: findings.length, related, maxRelated: Math.max(...findings.map((f) => f.related.length)) };
}

describe("growth with the size of the stack", () => {
  it("has the benchmark generator beside the project", () => assert.ok(existsSync(generator), `${generator} is missing`));
  const sizes = [20, 60, 180].map((n) => ({ n, ...lintStack(n) }));
  for (let i = 1; i < sizes.length; i++) {
    const [small, large] = [sizes[i - 1], sizes[i]];
    it(`findings from ${small.n} to ${large.n} stacks grow at most linearly`, () => {
      assert.ok(small.findings > 0);
      assert.ok(large.findings <= small.findings * 3.2, `${small.findings} → ${large.findings}`);
    });
    it(`related locations from ${small.n} to ${large.n} stacks grow at most linearly`, () => {
      assert.ok(large.related <= small.related * 3.2, `${small.related} → ${large.related}`);
    });
    it(`no finding carries more related locations at ${large.n} stacks than at ${small.n}`, () => {
      assert.ok(large.maxRelated <= small.maxRelated, `${small.maxRelated} → ${large.maxRelated}`);
    });
  }
});
