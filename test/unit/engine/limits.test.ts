/**
 * Limits that answer instead of failing silently: an interpolation bomb, deep nesting, binary and
 * oversized files, related information of a huge stack, a project that fails internally.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jsonChunks, LazyArray } from "../../../server/src/cli/json-stream";
import { escapeControl, escapeControlInLine } from "../../../server/src/cli/control-chars";
import { MAX_NESTING, nestingOverflowAt } from "../../../server/src/engine/documents/yaml-nesting";
import { cappedRelated, Engine, MAX_RELATED } from "../../../server/src/engine/lint";
import { interpolate, MAX_EXPANDED_LENGTH } from "../../../server/src/engine/project/interpolate";
import { defineRule } from "../../../server/src/engine/rules/rule";
import { MapWorkspace, type Workspace } from "../../../server/src/engine/workspace";

const compose = "services:\n  app:\n    image: owncloud/server:10.15\n    environment:\n      OWNCLOUD_DOMAIN: ${A9}\n";

/** `A1=${A0}${A0}…` eight times per line, nine levels: 16 × 8⁹ characters if expanded (417 bytes of text). */
function interpolationBomb(): string {
  const lines = ["A0=xxxxxxxxxxxxxxxx"];
  for (let i = 1; i <= 9; i++) lines.push(`A${i}=${`\${A${i - 1}}`.repeat(8)}`);
  return `${lines.join("\n")}\n`;
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) offset = text.indexOf("\n", offset) + 1;
  return offset;
}

describe("interpolation bomb", () => {
  it("cuts a value off at 64 KiB and says so", () => {
    const lookup = (name: string): string | undefined => (name === "A" ? "x".repeat(40_000) : undefined);
    const result = interpolate("${A}${A}${A}", lookup);
    assert.equal(result.truncated, true);
    assert.equal(result.value.length, MAX_EXPANDED_LENGTH);
    assert.equal(interpolate("${A}", lookup).truncated, undefined);
  });

  it("gives a finding on each line that expands too far, and the other projects are linted", () => {
    const env = interpolationBomb();
    const ws = new MapWorkspace(
      new Map([
        ["/bomb/.env", env],
        ["/bomb/compose.yaml", compose],
        ["/good/.env", "BAD KEY=1\n"],
        ["/good/compose.yaml", "services:\n  app:\n    image: nextcloud:31-apache\n"],
      ]),
    );
    const result = new Engine().lintPaths(["/bomb/compose.yaml", "/good/compose.yaml"], ws);
    assert.equal(result.failures, undefined);
    assert.deepEqual(
      result.projects.map((p) => p.entry),
      ["/bomb/compose.yaml", "/good/compose.yaml"],
    );
    const cut = result.findings.filter((f) => f.location.path === "/bomb/.env");
    // A4 is 16 × 8⁴ = 65,536 characters, exactly the limit; A5 (8 times more) is the first cut off.
    assert.deepEqual(
      cut.map((f) => [f.ruleId, f.severity, f.location.span.start]),
      [5, 6, 7, 8, 9].map((n) => ["env/syntax", "warning", lineStart(env, n + 1)]),
    );
    assert.equal(cut[0].message, "The value of A5 expands to more than 65,536 characters (nested ${…} references): it was cut off there.");
    assert.ok(result.findings.some((f) => f.location.path === "/good/.env" && f.ruleId === "env/syntax"));
  });

  it("keeps a project that fails internally from taking the others down", () => {
    const inner = new MapWorkspace(
      new Map([
        ["/broken/compose.yaml", "services:\n  app:\n    image: nextcloud:31-apache\n"],
        ["/good/.env", "BAD KEY=1\n"],
        ["/good/compose.yaml", "services:\n  app:\n    image: nextcloud:31-apache\n"],
      ]),
    );
    const ws: Workspace = {
      readFile: (path) => inner.readFile(path),
      listDir: (dir) => {
        if (dir === "/broken") throw new RangeError("Invalid string length");
        return inner.listDir(dir);
      },
    };
    const result = new Engine().lintPaths(["/broken/compose.yaml", "/good/compose.yaml"], ws);
    assert.deepEqual(
      result.projects.map((p) => p.entry),
      ["/good/compose.yaml"],
    );
    assert.equal(result.failures?.length, 1);
    assert.equal(result.failures?.[0].entry, "/broken/compose.yaml");
    assert.match(String(result.failures?.[0].error), /^RangeError: Invalid string length/);
    assert.ok(result.findings.some((f) => f.location.path === "/good/.env"));
  });
});

describe("deep nesting", () => {
  const nested = (value: string): string => `services:\n  app:\n    image: nextcloud:31-apache\n    labels:\n      deep: ${value}\n`;

  // `deep:` is the fourth level: the finding is where the 257th opens.
  for (const [name, value, column] of [
    ["flow", `${"[".repeat(10_000)}${"]".repeat(10_000)}`, 13 + (MAX_NESTING - 4)],
    ["flow maps", `${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`, 13 + (MAX_NESTING - 4) * 4],
    ["block", `\n        ${"- ".repeat(10_000)}x`, 9 + (MAX_NESTING - 4) * 2],
  ] as const) {
    it(`10,000 levels of ${name} nesting give one clear finding, never a stack overflow`, () => {
      const text = nested(value);
      const result = new Engine().lintPaths(["/p/compose.yaml"], new MapWorkspace(new Map([["/p/compose.yaml", text]])));
      const findings = result.findings.filter((f) => f.ruleId === "yaml/syntax");
      assert.equal(findings.length, 1);
      assert.equal(findings[0].message, "The YAML nests deeper than 256 levels: this file was not read.");
      assert.equal(findings[0].severity, "warning");
      const line = name === "block" ? 6 : 5;
      assert.equal(findings[0].location.span.start, lineStart(text, line) + column - 1);
      assert.ok(!result.findings.some((f) => /call stack/i.test(f.message)));
    });
  }

  it("reads nesting within the limit, and brackets in block scalars, comments and quotes are not nesting", () => {
    assert.equal(nestingOverflowAt(nested(`${"[".repeat(200)}${"]".repeat(200)}`)), undefined);
    assert.equal(nestingOverflowAt(`command: |\n  ${"[".repeat(400)}\nother: 1\n`), undefined);
    assert.equal(nestingOverflowAt(`a: 1 # ${"[".repeat(400)}\n`), undefined);
    assert.equal(nestingOverflowAt(`a: ["${"[".repeat(400)}"]\n`), undefined);
    assert.equal(nestingOverflowAt(`a: echo ${"[".repeat(400)}\n`), undefined);
    const deep = nested(`${"[".repeat(200)}${"]".repeat(200)}`);
    const result = new Engine().lintPaths(["/p/compose.yaml"], new MapWorkspace(new Map([["/p/compose.yaml", deep]])));
    assert.deepEqual(result.findings.filter((f) => f.ruleId === "yaml/syntax"), []);
  });
});

describe("skipped files", () => {
  const lint = (files: Record<string, string>, paths: string[], maxFileSize?: number) =>
    new Engine().lintPaths(paths, new MapWorkspace(new Map(Object.entries(files))), maxFileSize !== undefined ? { maxFileSize } : {});

  it("a binary .env gives one info finding, never findings of garbage", () => {
    const binary = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(i % 256)).join("");
    const result = lint({ "/p/compose.yaml": compose, "/p/.env": binary }, ["/p/compose.yaml", "/p/.env"]);
    const onEnv = result.findings.filter((f) => f.location.path === "/p/.env");
    assert.deepEqual(
      onEnv.map((f) => [f.ruleId, f.severity, f.location.span, f.message]),
      [["lint/skipped-file", "info", { start: 0, end: 0 }, "Not linted: the file looks binary (it has a NUL byte in its first 8 KB)."]],
    );
    assert.deepEqual(result.projects[0].skipped, [{ path: "/p/.env", reason: "the file looks binary (it has a NUL byte in its first 8 KB)" }]);
    assert.equal(result.texts.get("/p/.env"), "");
  });

  it("invalid UTF-8 (read as U+FFFD) is binary too", () => {
    const result = lint({ "/p/.env": "\uFFFD\uFFFDKEY=1\n" }, ["/p/.env"]);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.message]),
      [["lint/skipped-file", "Not linted: the file looks binary (it is not valid UTF-8 in its first 8 KB)."]],
    );
  });

  it("a file over maxFileSize is skipped with one finding", () => {
    const result = lint({ "/p/compose.yaml": compose }, ["/p/compose.yaml"], 50);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.location.path, f.message]),
      [["lint/skipped-file", "/p/compose.yaml", `Not linted: the file is ${compose.length} bytes, over the 50 bytes limit (\`maxFileSize\` in .scaleout.yaml).`]],
    );
  });

  it("is silenced by `lint/skipped-file: off`, and still listed as skipped", () => {
    const result = new Engine().lintPaths(["/p/.env"], new MapWorkspace(new Map([["/p/.env", "\u0000"]])), { rules: { "lint/skipped-file": "off" } });
    assert.deepEqual(result.findings, []);
    assert.equal(result.projects[0].skipped?.length, 1);
  });
});

describe("related information", () => {
  it(`is capped at ${MAX_RELATED} entries, the last saying how many more`, () => {
    const at = (i: number) => ({ location: { path: "/p/compose.yaml", span: { start: i, end: i + 1 } }, message: `service s${i} runs here` });
    const rule = defineRule({
      meta: {
        id: "sessions/example-rule",
        severity: "warning",
        formats: ["C"],
        priority: "P2",
        clusterOnly: false,
        title: "Example",
        fixSafety: "none",
        docs: { whatItDoes: "x", whyItMatters: "x", example: { "compose.yaml": "services: {}\n" }, useInstead: { "compose.yaml": "services: {}\n" }, fixSafety: "x", sources: ["https://example.org"] },
      },
      check: ({ report }) => report({ message: "m", location: at(0).location, related: Array.from({ length: 10_000 }, (_, i) => at(i)) }),
    });
    const [finding] = new Engine([rule]).lintPaths(["/p/compose.yaml"], new MapWorkspace(new Map([["/p/compose.yaml", compose]]))).findings;
    assert.equal(finding.related.length, 20);
    assert.equal(finding.related[18].message, "service s18 runs here");
    assert.equal(finding.related[19].message, "service s19 runs here (and 9,980 more)");
    assert.deepEqual(cappedRelated([at(1), at(2)]), [at(1), at(2)]);
  });
});

describe("output helpers", () => {
  it("streamed JSON is JSON.stringify's text", () => {
    const value = { a: 1, b: [{ c: "x" }], d: { e: [] as number[], f: undefined }, g: [1, 2] };
    const lazy = { ...value, b: new LazyArray([{ c: "x" }]), g: new LazyArray([1, 2]), h: new LazyArray([]), nested: [{ i: new LazyArray(["y"]) }] };
    assert.equal([...jsonChunks(lazy)].join(""), JSON.stringify({ ...value, h: [], nested: [{ i: ["y"] }] }, null, 2));
  });

  it("control characters become visible, tab and newline stay in messages", () => {
    assert.equal(escapeControl("a\u001b[2Jb\u0007\tc\nd\u009b\u007f\r"), "a\\x1b[2Jb\\x07\tc\nd\\x9b\\x7f\\x0d");
    assert.equal(escapeControlInLine("a\nb\tc"), "a\\x0ab\tc");
    assert.equal(escapeControl("ümlaut ✓"), "ümlaut ✓");
  });
});
