import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blockScalarText } from "../../../server/src/engine/documents/block-scalar";
import { MAX_PHP_CONFIG_LENGTH, phpValueAt, readPhpConfig, type PhpValue } from "../../../server/src/engine/documents/php-config";
import { parseYaml, entryOf, asMap, type YScalar } from "../../../server/src/engine/documents/yaml-tree";

/** A value as plain data (unknown values as the marker "?"), for short assertions. */
function plain(value: PhpValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case "array":
      return Object.fromEntries(value.entries.map((e) => [e.key, plain(e.value)]));
    case "null":
      return null;
    case "unknown":
      return "?";
    default:
      return value.value;
  }
}

function keys(text: string): Record<string, unknown> {
  return Object.fromEntries([...readPhpConfig(text).keys].map(([k, v]) => [k, plain(v.value)]));
}

describe("config.php reader", () => {
  it("reads $CONFIG = array (…) with nested arrays, both string quotes, ints, bools and null", () => {
    const text = `<?php\n$CONFIG = array (\n  'memcache.local' => '\\OC\\Memcache\\APCu',\n  "memcache.locking" => "\\\\OC\\\\Memcache\\\\Redis",\n  'redis' => array('host' => 'redis', 'port' => 6379, 'dbindex' => 0x0, 'password' => 'it\\'s'),\n  'filelocking.enabled' => FALSE,\n  'objectstore' => NULL,\n  'trusted' => ['a', 'b',],\n);\n`;
    assert.deepEqual(keys(text), {
      "memcache.local": "\\OC\\Memcache\\APCu",
      "memcache.locking": "\\OC\\Memcache\\Redis",
      redis: { host: "redis", port: 6379, dbindex: 0, password: "it's" },
      "filelocking.enabled": false,
      objectstore: null,
      trusted: { 0: "a", 1: "b" },
    });
    assert.equal(readPhpConfig(text).opaque, undefined);
  });

  it("reads $CONFIG['key'] = … assignments, nested ones into the array, and short arrays", () => {
    const text = "<?php\n$CONFIG = ['redis' => ['host' => 'a']];\n$CONFIG['redis']['port'] = 6380;\n$CONFIG['log_type'] = 'errorlog';\n";
    assert.deepEqual(keys(text), { redis: { host: "a", port: 6380 }, log_type: "errorlog" });
  });

  it("gives function calls, constants, concatenation, casts and variables as unknown values, never a guess", () => {
    const text = "<?php\n$CONFIG = array(\n  'redis' => array('host' => getenv('REDIS_HOST'), 'port' => (int) getenv('P'), 'password' => 'a' . 'b', 'user' => $user),\n  'memcache.locking' => \\OC\\Memcache\\Redis::class,\n  'x' => PHP_INT_MAX,\n  'y' => \"pre$var\",\n  'z' => 1 + 2,\n);";
    assert.deepEqual(keys(text), { redis: { host: "?", port: "?", password: "?", user: "?" }, "memcache.locking": "?", x: "?", y: "?", z: "?" });
  });

  it("treats $CONFIG under a condition as unknown: the keys it names, or every key when it replaces the array", () => {
    const named = readPhpConfig("<?php\n$CONFIG = ['a' => 1];\nif (getenv('X')) {\n  $CONFIG['memcache.locking'] = '\\OC\\Memcache\\Redis';\n} else { $CONFIG['b'] = 2; }\n");
    assert.deepEqual(Object.fromEntries([...named.keys].map(([k, v]) => [k, plain(v.value)])), { a: 1, "memcache.locking": "?", b: "?" });
    assert.equal(named.opaque, undefined);
    // The image's own redis.config.php: everything depends on REDIS_HOST.
    const whole = readPhpConfig("<?php\nif (getenv('REDIS_HOST')) {\n  $CONFIG = array(\n    'memcache.locking' => '\\OC\\Memcache\\Redis',\n  );\n}\n");
    assert.ok(whole.opaque);
    const merged = readPhpConfig("<?php\n$CONFIG = array_merge($CONFIG ?? [], ['a' => 1]);\n");
    assert.ok(merged.opaque);
    assert.equal(merged.keys.size, 0);
  });

  it("says it could not read everything when the file may stop early, include another file or use the alternative syntax", () => {
    for (const text of ["<?php\nif (!getenv('X')) return;\n$CONFIG = ['a' => 1];", "<?php\nrequire '/etc/extra.php';\n$CONFIG['a'] = 1;", "<?php\nif (getenv('X')):\n$CONFIG['a'] = 1;\n$CONFIG['b'] = 2;\nendif;"]) {
      assert.ok(readPhpConfig(text).opaque, text);
    }
    assert.equal(readPhpConfig("<?php $CONFIG = ['return' => 1, 'x' => \\Foo::exit];").opaque, undefined);
  });

  it("skips comments of every kind and stops at ?>", () => {
    const text = "<?php\n// 'a' => 1\n# $CONFIG = [];\n/* $CONFIG['b'] = 2; */\n$CONFIG = array('c' => 3, // trailing\n);\n?>\n$CONFIG = array('d' => 4);";
    assert.deepEqual(keys(text), { c: 3 });
  });

  it("locates keys and values exactly", () => {
    const text = "<?php\n$CONFIG = array(\n  'memcache.locking' => '\\OC\\Memcache\\Redis',\n);";
    const key = readPhpConfig(text).keys.get("memcache.locking")!;
    assert.equal(text.slice(key.keySpan.start, key.keySpan.end), "'memcache.locking'");
    assert.equal(text.slice(key.value.span.start, key.value.span.end), "'\\OC\\Memcache\\Redis'");
    assert.equal(text.slice(key.span.start, key.span.end), "'memcache.locking' => '\\OC\\Memcache\\Redis'");
  });

  it("reads CRLF text and a BOM", () => {
    const text = "\ufeff<?php\r\n$CONFIG = array (\r\n  'logfile' => '/dev/stdout',\r\n);\r\n";
    assert.deepEqual(keys(text), { logfile: "/dev/stdout" });
  });

  it("never throws or hangs on malformed and huge input, and says when it could not read everything", () => {
    for (const text of ["", "<?php", "<?php $CONFIG = array(", "<?php $CONFIG = array('a' => ", "<?php $CONFIG = ['a' => 'unterminated", "<?php /* open", "<?php $CONFIG = array('a' => 1]", "<?php ))))]]]}}}$CONFIG", "<?php $CONFIG[", "<?php $CONFIG = <<<EOT\nx\nEOT;", "no php at all", "<?php " + "[".repeat(100_000)]) {
      const read = readPhpConfig(text);
      assert.ok(read.keys instanceof Map);
    }
    assert.ok(readPhpConfig("<?php $CONFIG = ['a' => 'unterminated").opaque);
    assert.ok(readPhpConfig("no php at all").opaque);
    const deep = "<?php $CONFIG = ['a' => " + "[".repeat(5_000) + "]".repeat(5_000) + "];";
    assert.equal(readPhpConfig(deep).keys.has("a"), true);
    const many = "<?php $CONFIG = array(" + Array.from({ length: 10_000 }, (_, i) => `'k${i}' => ${i},`).join("") + ");";
    const started = Date.now();
    assert.equal(readPhpConfig(many).keys.size, 10_000);
    assert.ok(Date.now() - started < 5_000);
    const huge = readPhpConfig("<?php $CONFIG = ['a' => '" + "x".repeat(MAX_PHP_CONFIG_LENGTH) + "'];");
    assert.equal(huge.keys.size, 0);
    assert.ok(huge.opaque);
  });

  it("looks values up below nested arrays, unknown through an unknown value", () => {
    const read = readPhpConfig("<?php $CONFIG = ['redis' => ['host' => 'r'], 'redis.cluster' => getenv('X')];");
    assert.deepEqual(plain(phpValueAt(read.keys.get("redis")!.value, "host")), "r");
    assert.equal(phpValueAt(read.keys.get("redis")!.value, "port"), undefined);
    assert.equal(phpValueAt(read.keys.get("redis.cluster")!.value, "seeds")?.kind, "unknown");
  });
});

describe("block scalar text", () => {
  it("maps every content offset back to the file, with CRLF and blank lines", () => {
    const text = "nextcloud:\r\n  configs:\r\n    redis.config.php: |-\r\n      <?php\r\n      $CONFIG = array(\r\n\r\n        'a' => 1,\r\n      );\r\n    other: x\r\n";
    const file = parseYaml("/v.yaml", text);
    const node = asMap(entryOf(asMap(entryOf(file.roots[0], "nextcloud")?.value), "configs")?.value)!.entries[0].value as YScalar;
    const block = blockScalarText(text, node.span, node.text)!;
    assert.equal(block.content, "<?php\n$CONFIG = array(\n\n  'a' => 1,\n);\n");
    const at = block.content.indexOf("'a'");
    assert.equal(text.slice(block.toFile(at), block.toFile(at + 3)), "'a'");
    const close = block.content.indexOf(");");
    assert.equal(text.slice(block.toFile(close), block.toFile(close + 2)), ");");
  });

  it("declines folded scalars, explicit indentation and text that does not match", () => {
    const text = "a: >\n  <?php\n";
    assert.equal(blockScalarText(text, { start: 3, end: text.length }, "<?php\n"), undefined);
    const explicit = "a: |2\n   <?php\n";
    assert.equal(blockScalarText(explicit, { start: 3, end: explicit.length }, " <?php\n"), undefined);
    const other = "a: |\n  <?php\n";
    assert.equal(blockScalarText(other, { start: 3, end: other.length }, "something else"), undefined);
  });
});
