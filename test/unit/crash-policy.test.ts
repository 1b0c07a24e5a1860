/** The client's answer to a server crash: restart, tell the user once, give up after a crash loop. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CrashPolicy, RESTART_NOTICE } from "../../client/src/crash-policy";

describe("CrashPolicy", () => {
  it("restarts after every crash and notifies only the first time", () => {
    let now = 0;
    const policy = new CrashPolicy(4, 180_000, () => now);
    const decisions = [0, 60_000, 120_000].map((t) => {
      now = t;
      return policy.closed();
    });
    assert.deepEqual(decisions.map((d) => d.restart), [true, true, true]);
    assert.deepEqual(decisions.map((d) => d.notify), [RESTART_NOTICE, undefined, undefined]);
    assert.ok(decisions.every((d) => d.log.length > 0), "every crash is logged");
  });

  it("gives up, saying so, on the fifth crash within three minutes; old crashes age out", () => {
    let now = 0;
    const policy = new CrashPolicy(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      now = i * 1000;
      assert.equal(policy.closed().restart, true);
    }
    now = 5000;
    const fifth = policy.closed();
    assert.equal(fifth.restart, false);
    assert.match(fifth.notify ?? "", /crashed 5 times in 3 minutes.*Restart Server/);
    now = 5000 + 181_000;
    const later = policy.closed();
    assert.equal(later.restart, true, "crashes older than the window no longer count");
    assert.equal(later.notify, undefined, "the user was told already");
  });

  it("a restart the user asks for starts the count afresh without a second notice", () => {
    let now = 0;
    const policy = new CrashPolicy(1, 180_000, () => now);
    assert.equal(policy.closed().restart, true);
    assert.equal(policy.closed().restart, false);
    policy.reset();
    now = 10;
    const after = policy.closed();
    assert.equal(after.restart, true);
    assert.equal(after.notify, undefined);
  });
});
