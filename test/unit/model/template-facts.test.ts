/**
 * What a template expression decides is unknown in the cluster model: a setting it writes is
 * opaque, a block it renders may set any variable, a volume or host path it names has an
 * unknown backing, and a count it gives is not a default.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { settingOf } from "../../../server/src/engine/model/queries";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function model(files: Record<string, string>, entry: string): ClusterModel {
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  return buildModel(loadProject(spec, ws, engine.cache, {}));
}

const compose = [
  "services:",
  "  app:",
  "    image: nextcloud:{{ nextcloud_version }}",
  "    env_file: [nextcloud.env]",
  "    environment:",
  "      MYSQL_HOST: db",
  "      OVERWRITECLIURL: https://{{ domain }}",
  "      {{ extra_key }}: 1",
  "    volumes:",
  "      - html:/var/www/html",
  "      - {{ data_dir }}:/var/www/html/data",
  "      - /srv/config:/var/www/html/config",
  "    deploy:",
  "      replicas: 3",
  "volumes:",
  "  html:",
  "    driver_opts:",
  '      type: "{{ html_fs }}"',
  "      device: /export/html",
  "",
].join("\n");

const envFile = ["REDIS_HOST={{ redis_host }}", "NEXTCLOUD_UPDATE=1", "{% for k, v in env.items() %}", "{{ k }}={{ v }}", "{% endfor %}", ""].join("\n");

describe("template facts in the compose model", () => {
  const m = model({ "/p/compose.yaml": compose, "/p/nextcloud.env": envFile }, "/p/compose.yaml");
  const app = m.apps[0];

  it("still knows the product and the replicas the file writes", () => {
    assert.equal(app.product, "nextcloud");
    assert.equal(app.replicas.value, 3);
    assert.equal(app.image?.certainty, "unknown");
  });

  it("makes templated settings opaque and keeps literal ones known", () => {
    assert.equal(settingOf(app, "OVERWRITECLIURL").certainty, "unknown");
    assert.equal(settingOf(app, "REDIS_HOST").certainty, "unknown");
    assert.equal(settingOf(app, "MYSQL_HOST").certainty, "known");
    assert.equal(settingOf(app, "NEXTCLOUD_UPDATE").certainty, "known");
    const url = m.configuredKeys?.find((k) => k.name === "OVERWRITECLIURL");
    assert.equal(url?.certainty, "unknown");
    assert.equal(url?.refersElsewhere, true);
  });

  it("lets a key that is a template, and template lines of an env file, set any variable", () => {
    assert.ok(!app.env.has("{{ extra_key }}"));
    assert.equal(app.opaqueEnvSources?.length, 2);
    // A variable no line shows is unknown, not unset.
    assert.equal(settingOf(app, "MYSQL_PASSWORD").certainty, "unknown");
  });

  it("gives templated host paths and volume options an unknown backing", () => {
    const byTarget = new Map(app.mounts.map((mount) => [mount.target, mount.backingKind]));
    assert.equal(byTarget.get("/var/www/html"), "unknown");
    assert.equal(byTarget.get("/var/www/html/data"), "unknown");
    assert.equal(byTarget.get("/var/www/html/config"), "bind");
  });
});

describe("template facts in Kubernetes and Helm models", () => {
  it("reads templated spec.replicas as unknown, not as Kubernetes' default", () => {
    const manifest = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: nextcloud",
      "spec:",
      "  replicas: {{ .Values.replicaCount }}",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: nextcloud",
      "          image: nextcloud:30",
      "          volumeMounts:",
      "            - name: html",
      "              mountPath: /var/www/html",
      "      volumes:",
      "        - name: html",
      "          hostPath:",
      "            path: {{ .Values.htmlPath }}",
      "",
    ].join("\n");
    const m = model({ "/k/deployment.yaml": manifest }, "/k/deployment.yaml");
    const app = m.apps[0];
    assert.equal(app.replicas.certainty, "unknown");
    assert.equal(app.mounts[0].backingKind, "unknown");
  });

  it("reads values under a block a template writes as unknown", () => {
    const values = ["replicaCount: 3", "redis:", "  {{- toYaml .Values.redis | nindent 2 }}", "persistence:", "  enabled: {{ .Values.persistence }}", ""].join("\n");
    const m = model({ "/h/values.yaml.tpl": values }, "/h/values.yaml.tpl");
    assert.equal(m.helm?.get("redis.enabled")?.certainty, "unknown");
    assert.equal(m.helm?.get("persistence.enabled")?.certainty, "unknown");
    assert.equal(m.helm?.get("replicaCount")?.certainty, undefined);
    assert.equal(m.apps[0].redisSwitch?.certainty, "unknown");
  });
});
