/**
 * The Dockerfile a Compose `build:` names, read as text: which image the built image starts from
 * and what its stages change (ENV, ENTRYPOINT, CMD, USER), following the Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/). Whatever the text leaves open is undefined.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtImageOf, composeBuildOf, parseDockerfile } from "../../../server/src/engine/project/dockerfile";
import { parseYaml } from "../../../server/src/engine/documents/yaml-tree";

const built = (text: string, target?: string, args: [string, string | undefined][] = []) => builtImageOf(parseDockerfile("/w/Dockerfile", text), target, new Map(args));
const at = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

describe("Dockerfile: the image a build starts from", () => {
  it("expands global ARGs, build args over their defaults, and ${X:-default}", () => {
    const text = "ARG TAG=31-apache\nARG REPO\nFROM nextcloud:${TAG}\n";
    assert.equal(built(text)?.base.value, "nextcloud:31-apache");
    assert.equal(built(text, undefined, [["TAG", "30.0.8-fpm"]])?.base.value, "nextcloud:30.0.8-fpm");
    assert.equal(at(text, built(text)?.base.span), "nextcloud:${TAG}");
    assert.equal(built("ARG R\nFROM ${R:-nextcloud}:31\n")?.base.value, "nextcloud:31");
    assert.equal(built("FROM $REPO/nextcloud:31\n")?.base.value, undefined, "an ARG nobody declares");
    assert.equal(built("ARG BASE\nFROM ${BASE}\n")?.base.value, undefined, "an ARG without a value");
    assert.equal(built(text, undefined, [["TAG", undefined]])?.base.value, undefined, "a build arg the files do not give");
    assert.equal(built("FROM ${REPO}/nextcloud:31\n", undefined, [["REPO", "ghcr.io/acme"]])?.base.value, undefined, "a build arg sets only an ARG the Dockerfile declares");
    assert.equal(built("ARG REPO=docker.io/library\nFROM ${REPO}/nextcloud:31\n", undefined, [["REPO", "ghcr.io/acme"]])?.base.value, "ghcr.io/acme/nextcloud:31");
  });

  it("skips flags, follows stages named with AS (any case), and honours the target", () => {
    const text = "FROM --platform=$BUILDPLATFORM node:20 AS assets\nRUN npm ci\nFROM nextcloud:31.0.9-fpm AS App\nENV PHP_MEMORY_LIMIT=1G\nFROM app\nUSER www-data\nFROM alpine:3.20 AS tools\n";
    assert.equal(built(text)?.base.value, "alpine:3.20", "the last stage by default");
    const app = built(text, "App");
    assert.equal(app?.base.value, "nextcloud:31.0.9-fpm");
    assert.equal(built(text, "assets")?.base.value, "node:20");
    assert.equal(built(text, "missing"), undefined);
    const last = built(text.replace("FROM alpine:3.20 AS tools\n", ""));
    assert.equal(last?.base.value, "nextcloud:31.0.9-fpm", "FROM app names the stage");
    assert.equal(last?.env.get("PHP_MEMORY_LIMIT")?.value, "1G", "ENV of the stage it starts from");
    assert.equal(last?.user?.value, "www-data");
  });

  it("reads ENV in both forms, quoted values and values made of variables", () => {
    const image = built('FROM nextcloud:31\nENV REDIS_HOST=redis REDIS_HOST_PORT="6379" \\\n    OVERWRITEPROTOCOL=https\nENV APACHE_BODY_LIMIT 0\nENV NEXTCLOUD_TRUSTED_DOMAINS="${DOMAIN} localhost"\n');
    assert.deepEqual(
      [...(image?.env ?? [])].map(([name, v]) => [name, v.value]),
      [
        ["REDIS_HOST", "redis"],
        ["REDIS_HOST_PORT", "6379"],
        ["OVERWRITEPROTOCOL", "https"],
        ["APACHE_BODY_LIMIT", "0"],
        ["NEXTCLOUD_TRUSTED_DOMAINS", undefined],
      ],
    );
  });

  it("takes ENTRYPOINT and CMD in exec and shell form; a later ENTRYPOINT resets CMD", () => {
    const image = built('FROM nextcloud:31\nCMD ["/usr/bin/supervisord", "-c", "/supervisord.conf"]\n');
    assert.equal(image?.command?.value, "/usr/bin/supervisord -c /supervisord.conf");
    assert.equal(image?.entrypoint, undefined);
    const reset = built("FROM nextcloud:31\nCMD apache2-foreground\nENTRYPOINT /cron.sh\n");
    assert.equal(reset?.entrypoint?.value, "/cron.sh");
    assert.equal(reset?.command, undefined);
  });

  it("leaves out comments, continuation comments and heredoc bodies; honours # escape=`", () => {
    const text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM nextcloud:31 `\n  AS app\nRUN <<EOF\nFROM evil:1\nENV X=1\nEOF\nRUN echo a `\n# a comment inside\n  && echo b\nENV A=1\n";
    const image = built(text);
    assert.equal(image?.base.value, "nextcloud:31");
    assert.deepEqual([...(image?.env.keys() ?? [])], ["A"]);
    assert.equal(parseDockerfile("/w/Dockerfile", text).stages[0].name, "app");
  });

  it("reads CRLF and a byte order mark; gives nothing without FROM", () => {
    const text = "\uFEFFARG V=31\r\nFROM nextcloud:${V}-apache\r\nUSER 33:33\r\n";
    const image = built(text);
    assert.equal(image?.base.value, "nextcloud:31-apache");
    assert.equal(at(text, image?.base.span), "nextcloud:${V}-apache");
    assert.equal(image?.user?.value, "33:33");
    assert.equal(built("RUN echo\n"), undefined);
    assert.equal(built(""), undefined);
  });
});

describe("Compose build: which Dockerfile", () => {
  const service = (yaml: string) => parseYaml("/w/compose.yaml", `services:\n  app:\n${yaml}`).roots[0];
  const body = (yaml: string) => (service(yaml) as { entries: { value: { entries: { value: unknown }[] } }[] }).entries[0].value.entries[0].value as never;
  it("joins context and dockerfile from the project directory", () => {
    assert.equal(composeBuildOf(body("    build: ./app\n"), "/w")?.dockerfilePath, "/w/app/Dockerfile");
    assert.equal(composeBuildOf(body("    build:\n      context: .\n      dockerfile: docker/Dockerfile.prod\n      target: app\n"), "/w")?.dockerfilePath, "/w/docker/Dockerfile.prod");
    assert.equal(composeBuildOf(body("    build:\n      context: .\n      target: app\n"), "/w")?.target, "app");
    assert.equal(composeBuildOf(body("    image: nextcloud\n"), "/w"), undefined);
  });

  it("knows no Dockerfile for a remote context, an inline one or a path made of variables", () => {
    assert.equal(composeBuildOf(body("    build: https://github.com/acme/cloud.git#main\n"), "/w")?.dockerfilePath, undefined);
    assert.equal(composeBuildOf(body("    build:\n      context: .\n      dockerfile_inline: |\n        FROM nextcloud:31\n"), "/w")?.dockerfilePath, undefined);
    assert.equal(composeBuildOf(body("    build: ${APP_DIR}\n"), "/w")?.dockerfilePath, undefined);
    assert.equal(composeBuildOf(body("    build:\n      context: .\n      target: ${STAGE}\n"), "/w")?.dockerfilePath, undefined);
  });

  it("reads args as a map or a list", () => {
    const map = composeBuildOf(body("    build:\n      context: .\n      args:\n        TAG: 31-fpm\n"), "/w");
    assert.equal(map?.args.get("TAG")?.text, "31-fpm");
    const list = composeBuildOf(body("    build:\n      context: .\n      args:\n        - TAG=31-fpm\n        - FROM_SHELL\n"), "/w");
    assert.equal(list?.args.get("TAG")?.text, "31-fpm");
    assert.equal(list?.args.has("FROM_SHELL"), true);
    assert.equal(list?.args.get("FROM_SHELL"), undefined);
  });
});
