/** The engine's inlay hints (services/inlay-hints.ts): what each `${VAR}` resolves to and effective replica counts, by exact position. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { MapWorkspace } from "../../server/src/engine/workspace";
import { readSettings } from "../../server/src/lsp/settings";

/** `file:line:character label` (0-based, as LSP) of every hint of every project, sorted. */
function hintsOf(files: Record<string, string>, options: LintOptions = {}): string[] {
  const texts = new Map(Object.entries(files).map(([name, text]) => [`/w/${name}`, text]));
  const result = new Engine().lintPaths([...texts.keys()], new MapWorkspace(texts), { inlayHints: true, ...options });
  const out = new Set<string>();
  for (const project of result.projects) {
    for (const hint of project.inlayHints ?? []) {
      const { line, character } = new LineIndex(texts.get(hint.location.path) ?? "").positionAt(hint.location.span.end);
      out.add(`${hint.location.path.slice(3)}:${line}:${character} ${hint.label}`);
    }
  }
  return [...out].sort();
}

describe("inlay hints", () => {
  it("land after the reference with CRLF, a BOM and an emoji before it", () => {
    const compose = "\uFEFFservices:\r\n  app:\r\n    image: nextcloud:29-apache # 🚀 prod\r\n    deploy:\r\n      replicas: ${N}\r\n    environment:\r\n      NEXTCLOUD_TRUSTED_DOMAINS: \"🚀.example ${DOMAIN}\"\r\n";
    assert.deepEqual(hintsOf({ "compose.yaml": compose, ".env": "N=2\r\nDOMAIN=cloud.example.com\r\n" }), ["compose.yaml:4:20 = 2", "compose.yaml:6:54 = cloud.example.com"]);
  });

  it("follow Compose's modifiers: set, empty, default, alternative, required", () => {
    const compose = ["services:", "  app:", "    image: nextcloud:29-apache", "    environment:", "      A: ${EMPTY:-d1}", "      B: ${EMPTY-d2}", "      C: ${SET:+alt}", "      D: ${UNSET:+alt}", "      E: ${UNSET?must be set}", "      F: ${UNSET:-${OTHER}}", "      G: $SET", ""].join("\n");
    assert.deepEqual(hintsOf({ "compose.yaml": compose, ".env": "EMPTY=\nSET=yes\n" }), [
      "compose.yaml:10:13 = yes",
      "compose.yaml:4:21 = d1 (default)",
      "compose.yaml:5:20 = \"\"",
      "compose.yaml:6:20 = alt",
      "compose.yaml:7:22 = unknown",
      "compose.yaml:8:29 = unknown",
      // The default's own reference, then the whole: both unknown.
      "compose.yaml:9:26 = unknown",
      "compose.yaml:9:27 = unknown",
    ]);
  });

  it("deploy: stack leaves every ${VAR} unknown; a default still applies", () => {
    const compose = ["services:", "  app:", "    image: nextcloud:29-apache", "    deploy:", "      replicas: ${N}", "    environment:", "      NEXTCLOUD_ADMIN_USER: ${ADMIN:-admin}", ""].join("\n");
    assert.deepEqual(hintsOf({ "compose.yaml": compose, ".env": "N=2\nADMIN=root\n" }, { deploy: "stack" }), ["compose.yaml:4:20 = unknown", "compose.yaml:6:43 = admin (default)"]);
  });

  it("a chart's replicaCount under the autoscaler that scales past it; a plain count gets none", () => {
    const values = ["image:", "  repository: nextcloud", "replicaCount: 2", "hpa:", "  enabled: true", "  maxPods: 5", ""].join("\n");
    assert.deepEqual(hintsOf({ "values.yaml": values }), ["values.yaml:2:15 = up to 5"]);
    assert.deepEqual(hintsOf({ "values.yaml": "image:\n  repository: nextcloud\nreplicaCount: 3\n" }), []);
  });

  it("a secret's value is masked: by the variable's name or by the key it is written under", () => {
    const compose = ["services:", "  db:", "    image: mariadb:11", "    environment:", "      MYSQL_ROOT_PASSWORD: ${ROOT}", "      MARIADB_DATABASE: ${DB_NAME}", "      OTHER: ${REDIS_PASSWORD}", "    command: [\"--opt=a,MARIADB_PASSWORD=${PLAIN}\"]", ""].join("\n");
    const hints = hintsOf({ "compose.yaml": compose, ".env": "ROOT=rootpass123\nDB_NAME=nextcloud\nREDIS_PASSWORD=redispass123\nPLAIN=plainpass123\n" });
    assert.deepEqual(hints, ["compose.yaml:4:34 = ••••••", "compose.yaml:5:34 = nextcloud", "compose.yaml:6:30 = ••••••", "compose.yaml:7:48 = ••••••"]);
  });

  it("an unset variable an example env file documents says where (still unknown)", () => {
    const texts = new Map([["/w/compose.yaml", "services:\n  app:\n    image: owncloud/server:${OWNCLOUD_VERSION}\n"], ["/w/.env.example", "# copy to .env\nOWNCLOUD_VERSION=10.16.4\n"]]);
    const result = new Engine().lintPaths(["/w/compose.yaml"], new MapWorkspace(texts), { inlayHints: true });
    const [hint] = result.projects.flatMap((p) => p.inlayHints ?? []);
    // Without the editor's setting, none are worked out.
    assert.equal(new Engine().lintPaths(["/w/compose.yaml"], new MapWorkspace(texts), {}).projects[0].inlayHints, undefined);
    assert.equal(hint.label, "= unknown");
    assert.equal(hint.tooltip, "OWNCLOUD_VERSION is not set in the project's files: a .env kept elsewhere or the shell that deploys sets it; .env.example:2 documents it for the operator to fill in");
  });

  it("bad input: broken YAML, a huge file of references, a .env that is not text — no crash, bounded output", () => {
    assert.doesNotThrow(() => hintsOf({ "compose.yaml": "services:\n  app: [\n    image: ${X\n  replicas: ${", ".env": "X=1\n" }));
    const many = ["services:", "  app:", "    image: nextcloud:29-apache", "    environment:", ...Array.from({ length: 6000 }, (_, i) => `      V${i}: \${X${i}}`), ""].join("\n");
    assert.equal(hintsOf({ "compose.yaml": many }).length, 5000);
    assert.doesNotThrow(() => hintsOf({ "compose.yaml": "services:\n  app:\n    image: nextcloud\n    environment:\n      A: ${B}\n", ".env": "B=\u0000\u0001\n" }));
  });
});

describe("the scaleout.inlayHints.enabled setting", () => {
  it("is read nested (VS Code), flat or bare; anything else keeps what was there (off by default)", () => {
    assert.equal(readSettings({}).inlayHints, undefined);
    assert.equal(readSettings({ inlayHints: { enabled: true } }).inlayHints, true);
    assert.equal(readSettings({ "inlayHints.enabled": true }).inlayHints, true);
    assert.equal(readSettings({ scaleout: { inlayHints: true } }).inlayHints, true);
    assert.equal(readSettings({ inlayHints: { enabled: "yes" } }).inlayHints, undefined);
    assert.equal(readSettings({ inlayHints: null }, readSettings({ inlayHints: { enabled: true } })).inlayHints, true);
    assert.equal(readSettings({ inlayHints: { enabled: false } }, readSettings({ inlayHints: true })).inlayHints, false);
  });
});
