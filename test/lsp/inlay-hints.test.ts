import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InlayHint } from "vscode-languageserver-protocol";
import { withServer, type LspTestClient } from "./helpers/lsp-client";

/** `line:character label` of each hint, in order: positions and labels asserted exactly. */
const shown = (hints: InlayHint[]): string[] => hints.map((h) => `${h.position.line}:${h.position.character} ${typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("")}`);
const tooltipOf = (hint: InlayHint | undefined): string => (typeof hint?.tooltip === "string" ? hint.tooltip : (hint?.tooltip?.value ?? ""));

const compose = [
  "services:",
  "  owncloud:",
  "    image: owncloud/server:10.16.4",
  "    deploy:",
  "      replicas: ${APP_REPLICAS}",
  "    environment:",
  "      OWNCLOUD_DB_PASSWORD: ${DB_PASSWORD}",
  "      OWNCLOUD_DOMAIN: ${DOMAIN:-cloud.example.com}",
  "      OWNCLOUD_TRUSTED_DOMAINS: ${TRUSTED}",
  "      OWNCLOUD_DB_HOST: db-${SITE}.internal",
  "  redis:",
  "    image: redis:7",
  "",
].join("\n");
const env = "APP_REPLICAS=3\nDB_PASSWORD=s3cr3t-pw\nSITE=\n";

/** Opens the file and waits for its first analysis, so the hints asked for next are of it. */
async function opened(client: LspTestClient, name: string, text: string): Promise<void> {
  const mark = client.mark();
  await client.open(name, text);
  await client.diagnosticsAfter(mark, name);
}

describe("language server: inlay hints", () => {
  it("are off by default: the capability is there, no hint is sent", async () => {
    await withServer({ files: { "compose.yaml": compose, ".env": env } }, async (client) => {
      assert.equal(client.initializeResult.capabilities.inlayHintProvider, true);
      await opened(client, "compose.yaml", compose);
      assert.deepEqual(await client.inlayHints("compose.yaml"), []);
      // A client without refreshSupport is never sent workspace/inlayHint/refresh; it asks again itself.
      const mark = client.mark();
      await client.changeSettings({ inlayHints: { enabled: true } });
      await client.diagnosticsAfter(mark, "compose.yaml");
      assert.equal(client.inlayHintRefreshes, 0);
      assert.equal((await client.inlayHints("compose.yaml")).length, 5);
    });
  });

  it("show each ${VAR}'s value at its end: a secret masked, a default marked, an unset one unknown", async () => {
    await withServer({ settings: { inlayHints: { enabled: true } }, files: { "compose.yaml": compose, ".env": env } }, async (client) => {
      await opened(client, "compose.yaml", compose);
      const hints = await client.inlayHints("compose.yaml");
      assert.deepEqual(shown(hints), [
        "4:31 = 3",
        "6:42 = ••••••",
        "7:51 = cloud.example.com (default)",
        "8:42 = unknown",
        "9:34 = \"\"",
      ]);
      assert.ok(hints.every((h) => h.paddingLeft === true));
      assert.equal(tooltipOf(hints[0]), "${APP_REPLICAS} is set in .env:1; owncloud runs 3 replicas");
      assert.equal(tooltipOf(hints[1]), "${DB_PASSWORD} is set in .env:2");
      assert.equal(tooltipOf(hints[3]), "TRUSTED is not set in the project's files: a .env kept elsewhere or the shell that deploys sets it");
      assert.ok(!JSON.stringify(hints).includes("s3cr3t"), "the password is never sent");
      // Only the hints inside the requested range.
      assert.deepEqual(shown(await client.inlayHints("compose.yaml", { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } })), ["6:42 = ••••••"]);
    });
  });

  it("a value written under a secret's key is masked though the variable's name is not a secret's", async () => {
    const text = ["services:", "  app:", "    image: nextcloud:29-apache", "    environment:", "      - MYSQL_PASSWORD=${DBPW}", ""].join("\n");
    await withServer({ settings: { inlayHints: { enabled: true } }, files: { "compose.yaml": text, ".env": "DBPW=hunter2hunter2\n" } }, async (client) => {
      await opened(client, "compose.yaml", text);
      const hints = await client.inlayHints("compose.yaml");
      assert.deepEqual(shown(hints), ["4:30 = ••••••"]);
      assert.ok(!JSON.stringify(hints).includes("hunter2"));
    });
  });

  it("a stack file reads no .env: its ${VAR} is unknown", async () => {
    const stack = compose.replace("image: redis:7", "image: redis:7\n    deploy:\n      placement:\n        constraints: [node.role == manager]");
    await withServer({ settings: { inlayHints: { enabled: true } }, files: { "nextcloud.stack.yml": stack, ".env": env } }, async (client) => {
      await opened(client, "nextcloud.stack.yml", stack);
      const hints = await client.inlayHints("nextcloud.stack.yml");
      assert.deepEqual(shown(hints).slice(0, 2), ["4:31 = unknown", "6:42 = unknown"]);
      assert.equal(tooltipOf(hints[0]), "docker stack deploy reads no .env: only the shell that deploys sets APP_REPLICAS");
    });
  });

  it("the effective replica count where the file shows another: a base a kustomize overlay scales, a count an autoscaler raises, a base an override rescales", async () => {
    const deployment = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: nextcloud", "spec:", "  replicas: 1", "  template:", "    spec:", "      containers:", "        - name: nextcloud", "          image: nextcloud:29-apache", ""].join("\n");
    const hpa = ["---", "apiVersion: autoscaling/v2", "kind: HorizontalPodAutoscaler", "metadata:", "  name: nextcloud", "spec:", "  scaleTargetRef:", "    kind: Deployment", "    name: nextcloud", "  maxReplicas: 6", ""].join("\n");
    const base = ["services:", "  app:", "    image: nextcloud:29-apache", "    deploy:", "      replicas: 1  # one for now", ""].join("\n");
    const override = ["services:", "  app:", "    deploy:", "      replicas: 4", ""].join("\n");
    await withServer(
      {
        settings: { inlayHints: { enabled: true } },
        files: {
          "k8s/base/deployment.yaml": deployment,
          "k8s/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
          "k8s/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nreplicas:\n  - name: nextcloud\n    count: 3\n",
          "hpa/app.yaml": deployment + hpa,
          "compose/compose.yaml": base,
          "compose/compose.override.yaml": override,
        },
      },
      async (client) => {
        // The overlay's project reads the base manifest: its hints land there.
        const overlay = "resources:\n  - ../../base\nreplicas:\n  - name: nextcloud\n    count: 3\n";
        await opened(client, "k8s/overlays/prod/kustomization.yaml", overlay);
        assert.deepEqual(await client.inlayHints("k8s/overlays/prod/kustomization.yaml"), [], "the overlay shows its count plainly");
        await client.open("k8s/base/deployment.yaml", deployment);
        const scaled = await client.inlayHints("k8s/base/deployment.yaml");
        assert.deepEqual(shown(scaled), ["5:13 = 3"]);
        assert.equal(tooltipOf(scaled[0]), "Effective replicas of nextcloud/nextcloud: 3 — from kustomization.yaml:5");
        await opened(client, "hpa/app.yaml", deployment + hpa);
        assert.deepEqual(shown(await client.inlayHints("hpa/app.yaml")), ["5:13 = up to 6"]);
        await opened(client, "compose/compose.yaml", base);
        assert.deepEqual(shown(await client.inlayHints("compose/compose.yaml")), ["4:17 = 4"]);
        await opened(client, "compose/compose.override.yaml", override);
        assert.deepEqual(await client.inlayHints("compose/compose.override.yaml"), [], "the override shows its count plainly");
      },
    );
  });

  it("turning the setting on asks the editor to refresh; a .env edit updates the Compose file's hints", async () => {
    await withServer({ inlayHintRefresh: true, files: { "compose.yaml": compose, ".env": env } }, async (client) => {
      await opened(client, "compose.yaml", compose);
      assert.deepEqual(await client.inlayHints("compose.yaml"), []);
      const before = client.inlayHintRefreshes;
      const mark = client.mark();
      await client.changeSettings({ inlayHints: { enabled: true } });
      await client.diagnosticsAfter(mark, "compose.yaml");
      // A publication from a lint that began before the new settings may come first: wait for the one with hints.
      assert.deepEqual(await firstHintOnceShown(client, "4:31 = 3"), "4:31 = 3");
      assert.ok(client.inlayHintRefreshes > before, "workspace/inlayHint/refresh was sent");
      await client.open(".env", env);
      const edited = client.mark();
      await client.change(".env", env.replace("APP_REPLICAS=3", "APP_REPLICAS=5"));
      await client.diagnosticsAfter(edited, "compose.yaml");
      assert.deepEqual(await firstHintOnceShown(client, "4:31 = 5"), "4:31 = 5");
      const off = client.inlayHintRefreshes;
      await client.changeSettings({ inlayHints: { enabled: false } });
      for (let i = 0; i < 250 && client.inlayHintRefreshes === off; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(client.inlayHintRefreshes > off, "turning it off refreshes too");
      assert.deepEqual(await client.inlayHints("compose.yaml"), []);
    });
  });

  it("broken YAML: the hints of what could be read, and the server keeps serving", async () => {
    const broken = ["services:", "  app:", "    image: nextcloud:29-apache", "    deploy:", "      replicas: ${N}", "    environment: [", "  : : {", ""].join("\n");
    await withServer({ settings: { inlayHints: { enabled: true } }, files: { "compose.yaml": broken, ".env": "N=4\n" } }, async (client) => {
      await opened(client, "compose.yaml", broken);
      assert.deepEqual(shown(await client.inlayHints("compose.yaml")), ["4:20 = 4"]);
      assert.deepEqual(await client.inlayHints("compose.yaml", { start: { line: 900, character: 0 }, end: { line: 901, character: 0 } }), []);
      assert.ok(await client.hover("compose.yaml", 4, 8), "still answering");
    });
  });
});

/** The first hint of compose.yaml, asked again (up to 5 s) until it is `expected`: the last answer otherwise. */
async function firstHintOnceShown(client: LspTestClient, expected: string): Promise<string | undefined> {
  let first: string | undefined;
  for (let i = 0; i < 250; i++) {
    first = shown(await client.inlayHints("compose.yaml"))[0];
    if (first === expected) return first;
    await new Promise((r) => setTimeout(r, 20));
  }
  return first;
}
