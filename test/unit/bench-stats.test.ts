import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fmt, fmtRatio, median, percentile, ratio } from "../../scripts/bench/stats";

describe("benchmark statistics", () => {
  it("takes the nearest-rank percentile of unsorted samples", () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(percentile(samples, 50), 5);
    assert.equal(percentile(samples, 95), 10);
    assert.equal(percentile(samples, 0), 1);
    assert.equal(percentile(samples, 100), 10);
    assert.equal(percentile([7], 95), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it("takes the median of odd and even counts without changing the input", () => {
    const samples = [3, 1, 2];
    assert.equal(median(samples), 2);
    assert.deepEqual(samples, [3, 1, 2]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it("gives no ratio when a side is missing or zero", () => {
    assert.equal(ratio(1, 4), 0.25);
    assert.equal(ratio(undefined, 4), undefined);
    assert.equal(ratio(1, 0), undefined);
    assert.equal(ratio(1, Number.NaN), undefined);
    assert.equal(fmtRatio(0.25), "0.25×");
    assert.equal(fmt(undefined), "—");
    assert.equal(fmt(123.4, " ms"), "123 ms");
    assert.equal(fmt(1.234), "1.23");
  });
});
