/**
 * The editor says when a file of the project was not linted, as the CLI does: a binary `.env`
 * and a file over `.scaleout.yaml`'s `maxFileSize` each get one `lint/skipped-file` diagnostic,
 * published on that file, instead of silence. Over real stdio.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { hasRule, ofRule, withServer } from "./helpers/lsp-client";

const SKIPPED = "lint/skipped-file";
const compose = ["services:", "  app:", "    image: nextcloud:31-apache", "    env_file:", "      - big.env", "    environment:", "      - REDIS_HOST=redis", ""].join("\n");

describe("language server: files it does not lint", () => {
  it("publishes lint/skipped-file on a binary .env and on an env_file over maxFileSize", async () => {
    await withServer({ files: { "compose.yaml": compose, ".scaleout.yaml": "maxFileSize: 2048\n" } }, async (client) => {
      writeFileSync(client.path(".env"), Buffer.from([0x41, 0x3d, 0x31, 0x0a, 0x00, 0xff, 0x10, 0x0a]));
      writeFileSync(client.path("big.env"), `PHP_MEMORY_LIMIT=512M\n${"# padding\n".repeat(400)}`);
      const mark = client.mark();
      await client.open("compose.yaml", compose);
      const onFile = async (name: string) => {
        const published = await client.diagnosticsAfter(mark, name, hasRule(SKIPPED));
        return ofRule(published.diagnostics, SKIPPED).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message }));
      };
      assert.deepEqual(await onFile(".env"), [{ line: 0, severity: 3, message: "Not linted: the file looks binary (it has a NUL byte in its first 8 KB)." }]);
      assert.deepEqual(await onFile("big.env"), [{ line: 0, severity: 3, message: "Not linted: the file is 3.9 KB, over the 2 KB limit (`maxFileSize` in .scaleout.yaml)." }]);
      // The compose file says the env_file was skipped, not that it is missing.
      const onCompose = await client.diagnosticsAfter(mark, "compose.yaml", hasRule("project/unseen-input"));
      assert.deepEqual(
        ofRule(onCompose.diagnostics, "project/unseen-input").map((d) => d.message),
        [".env was skipped (see its lint/skipped-file finding): not read; the variables it sets are unknown, so no rule assumes a value for them.", "big.env was skipped (see its lint/skipped-file finding): not read; settings from it are unknown (app), so no rule assumes a default for them."],
      );
    });
  });
});
