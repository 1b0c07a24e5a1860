/** The Compose env-file reader: every accepted form, exact spans, and problems instead of exceptions. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvFile, unescapeDoubleQuoted, type EnvEntry } from "../../../server/src/engine/documents/env-file";

const slice = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

function only(text: string): EnvEntry {
  const env = parseEnvFile("/p/.env", text);
  assert.equal(env.entries.length, 1, JSON.stringify(env.entries));
  assert.deepEqual(env.problems, []);
  return env.entries[0];
}

describe("parseEnvFile", () => {
  it("reads KEY=value with exact key, value and entry spans", () => {
    const text = "REDIS_HOST=redis\n";
    const entry = only(text);
    assert.equal(entry.key, "REDIS_HOST");
    assert.deepEqual(entry.keySpan, { start: 0, end: 10 });
    assert.deepEqual(entry.valueSpan, { start: 11, end: 16 });
    assert.deepEqual(entry.span, { start: 0, end: 16 });
    assert.equal(entry.rawValue, "redis");
    assert.equal(entry.quote, "none");
    assert.equal(entry.inherited, false);
    assert.equal(entry.line, 0);
  });

  it("skips a BOM without shifting offsets", () => {
    const text = "\uFEFFA=1";
    const entry = only(text);
    assert.deepEqual(entry.keySpan, { start: 1, end: 2 });
    assert.equal(slice(text, entry.valueSpan), "1");
  });

  it("accepts `export`, `KEY: value` and blanks around the separator", () => {
    const text = "export A=1\nB: two\nC = three   \n\tD=4\n";
    const env = parseEnvFile("/p/.env", text);
    assert.deepEqual(env.problems, []);
    assert.deepEqual(env.entries.map((e) => [e.key, e.rawValue, e.exported, e.line]), [
      ["A", "1", true, 0],
      ["B", "two", false, 1],
      ["C", "three", false, 2],
      ["D", "4", false, 3],
    ]);
    assert.equal(slice(text, env.entries[0].keySpan), "A");
    assert.equal(env.entries[0].span.start, 0, "the entry starts at `export`");
    assert.equal(slice(text, env.entries[2].valueSpan), "three", "trailing blanks are not part of the value");
    assert.equal(slice(text, env.entries[3].keySpan), "D");
  });

  it("cuts an unquoted value at ` #` but keeps `#` inside a word", () => {
    const text = "A=x #note\nC=a#b\nD=z # second\n";
    const env = parseEnvFile("/p/.env", text);
    assert.deepEqual(env.entries.map((e) => e.rawValue), ["x", "a#b", "z"]);
    assert.deepEqual(env.comments.map((c) => c.text), ["#note", "# second"]);
    assert.equal(slice(text, env.comments[0].span), "#note");
    assert.equal(env.comments[1].line, 2);
  });

  it("keeps single-quoted values literal and double-quoted escapes raw", () => {
    const text = "A='lit # ${X}'\nB=\"say \\\"hi\\\"\\n\" # c\n";
    const env = parseEnvFile("/p/.env", text);
    assert.deepEqual(env.problems, []);
    const [a, b] = env.entries;
    assert.equal(a.quote, "single");
    assert.equal(a.rawValue, "lit # ${X}");
    assert.equal(slice(text, a.valueSpan), "lit # ${X}");
    assert.equal(a.span.end, text.indexOf("\n"), "the entry ends after the closing quote");
    assert.equal(b.quote, "double");
    assert.equal(b.rawValue, 'say \\"hi\\"\\n');
    assert.equal(unescapeDoubleQuoted(b.rawValue), 'say "hi"\n');
    assert.equal(unescapeDoubleQuoted("cost \\$5 \\\\ \\t"), "cost $$5 \\ \t", "`\\$` stays a literal dollar for interpolation");
    assert.deepEqual(env.comments.map((c) => c.text), ["# c"]);
  });

  it("reads a quoted value across lines and keeps counting lines after it", () => {
    const text = 'A="one\ntwo"\nB=3\n';
    const env = parseEnvFile("/p/.env", text);
    assert.deepEqual(env.entries.map((e) => [e.key, e.rawValue, e.line]), [
      ["A", "one\ntwo", 0],
      ["B", "3", 2],
    ]);
  });

  it("handles CRLF: values and comments end before the \\r", () => {
    const text = "A=1\r\nB=2 # two\r\nC\r\n";
    const env = parseEnvFile("/p/.env", text);
    assert.deepEqual(env.entries.map((e) => [e.key, slice(text, e.valueSpan), e.line]), [
      ["A", "1", 0],
      ["B", "2", 1],
      ["C", "", 2],
    ]);
    assert.equal(env.comments[0].text, "# two");
  });

  it("marks a lone KEY as inherited from the shell, and KEY= as set to empty", () => {
    const text = "SHELL_VAR\nEMPTY=\n";
    const env = parseEnvFile("/p/.env", text);
    const [inherited, empty] = env.entries;
    assert.equal(inherited.inherited, true);
    assert.deepEqual(inherited.valueSpan, { start: 9, end: 9 });
    assert.equal(empty.inherited, false);
    assert.equal(empty.rawValue, "");
    assert.deepEqual(empty.valueSpan, { start: 16, end: 16 });
  });

  it("keeps comments and blank lines out of the entries", () => {
    const env = parseEnvFile("/p/.env", "# top\n\n   # indented\n\nA=1");
    assert.equal(env.entries.length, 1);
    assert.deepEqual(env.comments.map((c) => [c.text, c.line]), [
      ["# top", 0],
      ["# indented", 2],
    ]);
  });

  describe("problems", () => {
    it("an unterminated quote spans from the quote to the end of its line", () => {
      const text = 'A=1\r\nB="open\r\nC=3\r\n';
      const env = parseEnvFile("/p/.env", text);
      assert.equal(env.problems.length, 1);
      assert.equal(slice(text, env.problems[0].span), '"open');
      assert.match(env.problems[0].message, /unterminated/);
      assert.deepEqual(env.entries.map((e) => e.key), ["A", "C"], "the lines after it are still read");
    });

    it("a character a name cannot contain is one character wide", () => {
      const text = "GOOD=1\nBAD@NAME=2\n";
      const env = parseEnvFile("/p/.env", text);
      assert.equal(env.problems.length, 1);
      assert.deepEqual(env.problems[0].span, { start: 10, end: 11 });
      assert.match(env.problems[0].message, /"@"/);
      assert.deepEqual(env.entries.map((e) => e.key), ["GOOD"]);
    });

    it("a space inside a variable name (Compose: key cannot contain a space)", () => {
      const text = "REDIS PASSWORD=s3cret\nLONE NAME\nOK = 1\n";
      const env = parseEnvFile("/p/.env", text);
      assert.deepEqual(env.problems.map((p) => slice(text, p.span)), ["REDIS PASSWORD", "LONE NAME"]);
      assert.match(env.problems[0].message, /contains a space/);
      assert.deepEqual(env.entries.map((e) => [e.key, e.rawValue]), [["OK", "1"]]);
    });

    it("a separator without a name, and text after a closing quote", () => {
      const text = "=value\nA='x' tail\n";
      const env = parseEnvFile("/p/.env", text);
      assert.deepEqual(env.problems.map((p) => slice(text, p.span)), ["=", "tail"]);
      assert.deepEqual(env.entries.map((e) => e.rawValue), ["x"]);
    });

    it("never throws on odd input", () => {
      for (const text of ["", "\uFEFF", "=", '"', "'", "A='", 'A="\\', "export", "export ", "\r", "\n\n\r\r", "🚀=1", "A=🚀"]) {
        assert.doesNotThrow(() => parseEnvFile("/p/.env", text), JSON.stringify(text));
      }
    });
  });
});

describe("env-file problems with characters outside the BMP", () => {
  it("reports an emoji in a key as one whole character, not half a surrogate pair", () => {
    const text = "A=1\nKEY🚀=x\n";
    const file = parseEnvFile("/p/.env", text);
    assert.equal(file.problems.length, 1);
    assert.deepEqual(file.problems[0].span, { start: 7, end: 9 });
    assert.equal(text.slice(7, 9), "🚀");
    assert.match(file.problems[0].message, /unexpected character "🚀"/);
  });
});
