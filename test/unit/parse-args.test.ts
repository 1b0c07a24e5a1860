import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseArgs, type OptionSpec } from "../../server/src/cli/parse-args";
import { UsageError } from "../../server/src/cli/usage-error";

const SPECS: OptionSpec[] = [
  { name: "file", short: "f", takesValue: true, repeatable: true },
  { name: "format", takesValue: true, choices: ["text", "json"] },
  { name: "quiet", takesValue: false },
];

describe("parseArgs", () => {
  it("keeps every value of a repeatable option in order, whatever way each is written", () => {
    const parsed = parseArgs(["--file", "a.yaml", "-f", "b.yaml", "--file=c.yaml", "-fd.yaml", "dir"], SPECS);
    assert.deepEqual(parsed.lists.get("file"), ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]);
    assert.equal(parsed.options.get("file"), "d.yaml");
    assert.deepEqual(parsed.positionals, ["dir"]);
  });

  it("lets the last value of a single option win and lists nothing for it", () => {
    const parsed = parseArgs(["--format", "text", "--format=json", "--quiet"], SPECS);
    assert.equal(parsed.options.get("format"), "json");
    assert.equal(parsed.lists.has("format"), false);
    assert.equal(parsed.options.get("quiet"), "");
  });

  it("rejects a repeatable option without its value", () => {
    assert.throws(() => parseArgs(["--file"], SPECS), (e: unknown) => e instanceof UsageError && /--file needs a value/.test(e.message));
  });
});
