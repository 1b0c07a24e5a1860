/**
 * An umbrella chart hands the values under a dependency's name or alias to that subchart, and
 * deploys it only when its `condition` / `tags` allow
 * (https://helm.sh/docs/topics/charts/#tags-and-condition-fields-in-dependencies).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { MapWorkspace } from "../../server/src/engine/workspace";

function chart(dependencies: string[]): string {
  return ["apiVersion: v2", "name: cloud-stack", "version: 1.0.0", "dependencies:", ...dependencies, ""].join("\n");
}

const nextcloudValues = ["  replicaCount: 3", "  persistence:", "    enabled: true", "    accessMode: ReadWriteOnce", "  internalDatabase:", "    enabled: false", "  mariadb:", "    enabled: true"];

function rwo(files: Record<string, string>, options: LintOptions = {}): string[] {
  const engine = new Engine();
  engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
  const result = engine.lintPaths(Object.keys(files).filter((p) => !p.endsWith("Chart.yaml")), new MapWorkspace(new Map(Object.entries(files))), options);
  return result.findings.filter((f) => f.ruleId === "storage/rwo-in-cluster" || f.ruleId === "config/unknown-variable").map((f) => {
    const text = files[f.location.path];
    const line = text.slice(0, f.location.span.start).split("\n").length;
    return `${f.ruleId} ${f.location.path}:${line}`;
  });
}

describe("umbrella charts", () => {
  it("reads the values under the dependency's alias", () => {
    const files = {
      "/u/Chart.yaml": chart(["  - name: nextcloud", "    alias: cloud", "    version: 6.6.x", "    repository: https://nextcloud.github.io/helm/"]),
      "/u/values.yaml": ["cloud:", ...nextcloudValues, ""].join("\n"),
    };
    assert.deepEqual(rwo(files), ["storage/rwo-in-cluster /u/values.yaml:5"]);
  });

  it("a condition the values set to false means the subchart is not deployed; the tags decide without one", () => {
    const dependency = ["  - name: nextcloud", "    version: 6.6.x", "    repository: https://nextcloud.github.io/helm/", "    condition: cloud.enabled,nextcloud.enabled", "    tags: [apps]"];
    const values = (head: string[]): string => [...head, "nextcloud:", ...nextcloudValues, ""].join("\n");
    const with_ = (head: string[]) => ({ "/u/Chart.yaml": chart(dependency), "/u/values.yaml": values(head) });
    assert.deepEqual(rwo(with_(["cloud:", "  enabled: false"])), [], "the first condition path set to a boolean decides");
    assert.deepEqual(rwo(with_(["cloud:", "  enabled: true", "tags:", "  apps: false"])).length, 1, "a condition overrides the tags");
    assert.deepEqual(rwo(with_(["cloud:", "  enabled: yes-please", "tags:", "  apps: false"])), [], "a path that is no boolean is skipped: the tags decide");
    assert.deepEqual(rwo(with_(["tags:", "  apps: true"])).length, 1);
    assert.deepEqual(rwo(with_([])).length, 1, "nothing set: deployed");
  });

  it("the condition's key under the subchart's values is the umbrella's, not an unknown value of the chart", () => {
    const dependency = ["  - name: nextcloud", "    version: 6.6.x", "    repository: https://nextcloud.github.io/helm/", "    condition: nextcloud.enabled"];
    const files = { "/u/Chart.yaml": chart(dependency), "/u/values.yaml": ["nextcloud:", "  enabled: true", "  enabledd: true", ...nextcloudValues, ""].join("\n") };
    assert.deepEqual(rwo(files), ["config/unknown-variable /u/values.yaml:3", "storage/rwo-in-cluster /u/values.yaml:7"]);
    files["/u/values.yaml"] = files["/u/values.yaml"].replace("  enabled: true", "  enabled: false");
    assert.deepEqual(rwo(files), []);
  });

  it("the condition may be set in a higher layer of the release", () => {
    const dependency = ["  - name: nextcloud", "    version: 6.6.x", "    repository: https://nextcloud.github.io/helm/", "    condition: nextcloudEnabled"];
    const files = { "/u/Chart.yaml": chart(dependency), "/u/values.yaml": ["nextcloudEnabled: true", "nextcloud:", ...nextcloudValues, ""].join("\n"), "/u/values-off.yaml": "nextcloudEnabled: false\n" };
    assert.deepEqual(rwo(files, { helmValues: [["/u/values.yaml", "/u/values-off.yaml"]] }), []);
    assert.deepEqual(rwo(files, { helmValues: [["/u/values-off.yaml", "/u/values.yaml"]] }), ["storage/rwo-in-cluster /u/values.yaml:6"]);
  });

  it("a global value the umbrella (or the chart itself) writes leaves the subchart's global value unknown, not the published default", () => {
    const engine = new Engine();
    engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
    const credentials = (values: string[]): string[] => {
      const files = { "/u/Chart.yaml": chart(["  - name: nextcloud", "    version: 9.2.4", "    repository: https://nextcloud.github.io/helm/"]), "/u/values.yaml": [...values, ""].join("\n") };
      return engine
        .lintPaths(["/u/values.yaml"], new MapWorkspace(new Map(Object.entries(files))), {})
        .findings.filter((f) => f.ruleId === "security/default-credentials")
        .map((f) => files["/u/values.yaml"].slice(f.location.span.start, f.location.span.end));
    };
    const subchart = ["nextcloud:", "  nextcloud:", "    existingSecret:", "      enabled: true", "  internalDatabase:", "    enabled: false", "  postgresql:", "    enabled: true"];
    assert.deepEqual(credentials(subchart), ["enabled"], "the PostgreSQL subchart's published password, at its switch");
    assert.deepEqual(credentials(["global:", "  postgresql:", "    auth:", "      existingSecret: nextcloud-db", ...subchart]), []);
    assert.deepEqual(credentials([...subchart, "  global:", "    postgresql:", "      auth:", "        password: s3cret-from-vault"]), []);
    assert.deepEqual(credentials(["global:", "  storageClass: fast", ...subchart]), ["enabled"], "a global about something else changes nothing");
  });

  it("with two dependencies of ours, the first one the values deploy is read", () => {
    const dependencies = [
      "  - name: nextcloud",
      "    alias: staging",
      "    version: 6.6.x",
      "    repository: https://nextcloud.github.io/helm/",
      "    condition: staging.enabled",
      "  - name: nextcloud",
      "    alias: production",
      "    version: 6.6.x",
      "    repository: https://nextcloud.github.io/helm/",
    ];
    const files = { "/u/Chart.yaml": chart(dependencies), "/u/values.yaml": ["staging:", "  enabled: false", "production:", ...nextcloudValues, ""].join("\n") };
    assert.deepEqual(rwo(files), ["storage/rwo-in-cluster /u/values.yaml:7"]);
  });
});
