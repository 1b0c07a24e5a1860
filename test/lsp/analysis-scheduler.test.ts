/**
 * The scheduler in process, turn by turn of the event loop (no timers, no durations): a burst
 * costs one analysis, publishing follows it after the turns a late change needs, fix-all's
 * flush analyses at once, and the mapping hover uses moves spans past an edit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AnalysisScheduler, type AnalysisWork } from "../../server/src/lsp/analysis-scheduler";
import { offsetMapOf } from "../../server/src/lsp/project-analyses";

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function recorder(): { scheduler: AnalysisScheduler; log: string[] } {
  const log: string[] = [];
  const scheduler = new AnalysisScheduler({
    analyse: (work: AnalysisWork) => {
      log.push(`analyse ${[...work.paths].sort().join(",")}`);
      return new Set(work.paths);
    },
    publish: (paths) => log.push(`publish ${[...paths].sort().join(",")}`),
    onError: (error) => log.push(`error ${String(error)}`),
  });
  return { scheduler, log };
}

describe("AnalysisScheduler", () => {
  it("waits for a turn without changes, then analyses everything that came once", async () => {
    const { scheduler, log } = recorder();
    scheduler.request(["/a"]);
    await turn();
    scheduler.request(["/b"]);
    await turn();
    scheduler.request(["/a"]);
    assert.deepEqual(log, [], "nothing runs while changes keep arriving");
    for (let i = 0; i < 6; i++) await turn();
    assert.deepEqual(log, ["analyse /a,/b", "publish /a,/b"]);
    scheduler.dispose();
  });

  it("publishes only after the turns in which a late change is read; that change is analysed next", async () => {
    const { scheduler, log } = recorder();
    scheduler.request(["/a"]);
    await turn();
    await turn();
    assert.deepEqual(log, ["analyse /a"]);
    scheduler.request(["/a"]); // arrived while /a was linted
    assert.equal(scheduler.isPending("/a"), true);
    for (let i = 0; i < 6; i++) await turn();
    assert.deepEqual(log, ["analyse /a", "publish /a", "analyse /a", "publish /a"]);
    scheduler.dispose();
  });

  it("flush analyses what is pending at once (fix-all); hold keeps everything until release", async () => {
    const { scheduler, log } = recorder();
    scheduler.hold();
    scheduler.request(["/a"]);
    scheduler.flush();
    await turn();
    assert.deepEqual(log, []);
    scheduler.release();
    scheduler.request(["/b"]);
    scheduler.flush();
    assert.deepEqual(log, ["analyse /a,/b"]);
    assert.equal(scheduler.hasPending, false);
    for (let i = 0; i < 4; i++) await turn();
    assert.deepEqual(log, ["analyse /a,/b", "publish /a,/b"]);
    scheduler.dispose();
  });
});

describe("offsetMapOf", () => {
  it("keeps spans before an edit, moves those after it and drops those it touched", () => {
    const before = "services:\n  app:\n    image: a\n  db:\n    image: b\n";
    const after = before.replace("image: a", "image: xyz");
    const map = offsetMapOf(before, after);
    const at = (text: string, word: string, from = 0): { start: number; end: number } => {
      const start = text.indexOf(word, from);
      return { start, end: start + word.length };
    };
    assert.deepEqual(map(at(before, "app")), at(after, "app"));
    assert.deepEqual(map(at(before, "db")), at(after, "db"));
    assert.deepEqual(map(at(before, "image: b")), at(after, "image: b"));
    assert.equal(map(at(before, "image: a")), undefined);
  });
});
