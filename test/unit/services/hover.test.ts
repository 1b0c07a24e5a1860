/** What a hover shows at a position, as data: span, rules, catalog entry and Markdown. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import type { Finding } from "../../../server/src/engine/findings";
import { hoverAt } from "../../../server/src/engine/services/hover";

const finding = (ruleId: string, start: number, end: number, path = "/p/compose.yaml"): Finding => ({
  ruleId,
  severity: "error",
  message: "m",
  location: { path, span: { start, end } },
  related: [],
  fixes: [],
});

const compose = ["services:", "  app:", "    image: owncloud/server:10.16.4", "    environment:", "      OWNCLOUD_REDIS_HOST: redis", "      OWNCLOUD_DB_PASSWORD: hunter2", "      REDIS_HOST: r", "  fork:", "    image: example/owncloud-fork:1", "    environment:", "      REDIS_HOST: fork", ""].join("\n");
const at = (needle: string): number => compose.indexOf(needle) + 2;

describe("hover service", () => {
  it("on a known variable: its catalog entry, the key's span, the value shown", () => {
    const info = hoverAt("/p/compose.yaml", compose, at("OWNCLOUD_REDIS_HOST"), { cache: new DocumentCache(), findings: [] });
    assert.ok(info);
    assert.deepEqual(info.span, { start: compose.indexOf("OWNCLOUD_REDIS_HOST"), end: compose.indexOf("OWNCLOUD_REDIS_HOST") + 19 });
    assert.deepEqual(info.ruleIds, []);
    assert.equal(info.entry?.name, "OWNCLOUD_REDIS_HOST");
    const lines = info.markdown.split("\n");
    assert.equal(lines[0], "**OWNCLOUD_REDIS_HOST** · ownCloud image variable");
    assert.ok(lines.includes("- Default: `redis`") && lines.includes("- Value here: `redis`"), info.markdown);
  });

  it("masks a secret value with the one masker", () => {
    const info = hoverAt("/p/compose.yaml", compose, at("OWNCLOUD_DB_PASSWORD"), { cache: new DocumentCache(), findings: [] });
    assert.ok(info?.markdown.split("\n").includes("- Value here: `••••••`"), info?.markdown);
    assert.ok(!info?.markdown.includes("hunter2"));
  });

  it("takes the product from the official image only (as the cluster model does)", () => {
    const cache = new DocumentCache();
    // Under owncloud/server, REDIS_HOST is not an ownCloud variable: nothing to say.
    assert.equal(hoverAt("/p/compose.yaml", compose, compose.indexOf("\n      REDIS_HOST: r") + 9, { cache, findings: [] }), undefined);
    // An unofficial image names no product (it used to match /owncloud/i): the name decides.
    const fork = hoverAt("/p/compose.yaml", compose, compose.indexOf("REDIS_HOST: fork") + 2, { cache, findings: [] });
    assert.equal(fork?.entry?.surface, "nextcloud-image");
  });

  it("on a finding: message, why in one sentence, the fix in one line and the rule's link; once per rule", () => {
    const start = compose.indexOf("app:");
    const findings = [finding("sessions/files-in-cluster", start, start + 3), finding("sessions/files-in-cluster", start, start + 3), finding("no/such-rule", start, start + 3)];
    const info = hoverAt("/p/compose.yaml", compose, start + 1, { cache: new DocumentCache(), findings, docsBaseUrl: "https://example.org/r" });
    assert.ok(info);
    assert.deepEqual(info.ruleIds, ["sessions/files-in-cluster"]);
    assert.deepEqual(info.span, { start, end: start + 3 });
    const lines = info.markdown.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 4, info.markdown);
    assert.equal(lines[1], "error · [sessions/files-in-cluster](https://example.org/r/sessions-files-in-cluster.md)");
    assert.ok(lines[2].startsWith("Why: Without Redis the Nextcloud image leaves PHP's default file sessions in each container") && lines[2].endsWith("README.md)."), lines[2]);
    assert.ok(lines[3].startsWith("Fix: "), lines[3]);
    assert.ok(!info.markdown.includes("**Use instead**") && info.markdown.length < 800, info.markdown);
  });

  it("several findings on one token: one line each; an editor's own link replaces the docs URL", () => {
    const start = compose.indexOf("app:");
    const findings = [finding("sessions/files-in-cluster", start, start + 3), finding("cron/multiple-runners", start, start + 3)];
    const info = hoverAt("/p/compose.yaml", compose, start + 1, { cache: new DocumentCache(), findings, ruleLink: (id) => `command:show?${id}` });
    assert.ok(info);
    assert.deepEqual(info.markdown.split("\n").map((line) => line.replace(/ · .* — /, " — ")), [
      "- error — [sessions/files-in-cluster](command:show?sessions/files-in-cluster)",
      "- error — [cron/multiple-runners](command:show?cron/multiple-runners)",
    ]);
  });

  it("in a lone .env: the product of the file's variables; nothing past the keys", () => {
    const env = "OWNCLOUD_SESSION_SAVE_HANDLER=redis\nOWNCLOUD_DB_PASSWORD=pw\n";
    const info = hoverAt("/p/.env", env, 3, { cache: new DocumentCache(), findings: [] });
    assert.equal(info?.markdown.split("\n")[0], "**OWNCLOUD_SESSION_SAVE_HANDLER** · ownCloud image variable");
    assert.deepEqual(info?.span, { start: 0, end: 29 });
    assert.equal(hoverAt("/p/.env", env, env.length, { cache: new DocumentCache(), findings: [] }), undefined);
  });
});
