/**
 * Chart defaults follow the chart version a release pins: the catalog's defaults are the chart's
 * values.yaml at one version; another release line keeps only the defaults its values.yaml shares.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chartVersionLines, releaseLineOf, unknownDefaultsFor } from "../../server/src/engine/knowledge/chart-version-lines";
import { chartProfileOf } from "../../server/src/engine/knowledge/chart-profiles";
import { Engine } from "../../server/src/engine/lint";
import { chartDefaults } from "../../server/src/engine/model/helm-defaults";
import { MapWorkspace } from "../../server/src/engine/workspace";

function helmRelease(version: string | undefined): string {
  return [
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    "metadata:",
    "  name: nextcloud",
    "spec:",
    "  chart:",
    "    spec:",
    "      chart: nextcloud",
    ...(version ? [`      version: "${version}"`] : []),
    "      sourceRef:",
    "        kind: HelmRepository",
    "        name: nextcloud",
    "  values:",
    "    replicaCount: 3",
    "    persistence:",
    "      enabled: true",
    "      accessMode: ReadWriteMany",
    "    internalDatabase:",
    "      enabled: false",
    "    mariadb:",
    "      enabled: true",
    "",
  ].join("\n");
}

function ruleIds(text: string): string[] {
  const engine = new Engine();
  engine.onRuleError = (id, error) => assert.fail(`${id} threw: ${String(error)}`);
  const result = engine.lintPaths(["/flux/nextcloud.yaml"], new MapWorkspace(new Map([["/flux/nextcloud.yaml", text]])), {});
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}

describe("chart defaults by chart version", () => {
  it("reads the release line a version or range pins", () => {
    const cases: [string, string | undefined][] = [
      ["6.6.4", "6"], ["6.6.x", "6"], ["^6.1.0", "6"], ["~7.0", "7"], ["v9", "9"], ["9.2.4-rc.1", "9"], ["0.7.1", "0.7"], ["^0.8.0", "0.8"],
      ["0.x", undefined], [">=5.0.0", undefined], [">=5 <7", undefined], ["*", undefined], ["main", undefined], ["HEAD", undefined], ["", undefined],
    ];
    for (const [version, line] of cases) assert.equal(releaseLineOf(version), line, version);
  });

  it("the catalog's own line, a version that pins none and an unpinned release keep every default", () => {
    assert.deepEqual([...(unknownDefaultsFor("nextcloud", "9.0.1") as Set<string>)], []);
    assert.deepEqual([...(unknownDefaultsFor("nextcloud", ">=6") as Set<string>)], []);
    assert.deepEqual([...(unknownDefaultsFor("nextcloud", undefined) as Set<string>)], []);
    assert.equal(unknownDefaultsFor("nextcloud", "1.9.0"), "all", "older than the first tag of nextcloud/helm");
    assert.equal(unknownDefaultsFor("nextcloud", "10.0.0"), "all", "newer than the catalog");
    const six = unknownDefaultsFor("nextcloud", "6.6.4") as Set<string>;
    assert.ok(six.has("externalRedis.enabled") && six.has("cronjob.type") && !six.has("persistence.enabled"));
  });

  it("lists only defaults the catalog has, with a public source per line", () => {
    for (const table of chartVersionLines) {
      const defaults = chartDefaults(chartProfileOf(table.chart)!);
      for (const line of table.lines) {
        for (const path of line.differ) assert.ok(path in defaults, `${table.chart} ${line.line}: ${path}`);
        assert.match(line.source, /^https:\/\/github\.com\/[\w-]+\/[\w-]+\/blob\/[\w.-]+\/charts\/\w+\/values\.yaml$/);
      }
      assert.ok(table.lines.some((l) => l.line === table.catalogLine && l.differ.length === 0), `${table.chart}: the catalog's line`);
    }
  });

  it("a HelmRelease's valuesFrom lies below spec.values: what spec.values leaves unwritten is unknown", () => {
    const withValuesFrom = helmRelease("9.2.4").replace("  values:\n", "  valuesFrom:\n    - kind: ConfigMap\n      name: nextcloud-values\n  values:\n");
    assert.ok(!ruleIds(withValuesFrom).includes("locking/no-shared-redis"));
    assert.ok(ruleIds(helmRelease("9.2.4")).includes("locking/no-shared-redis"));
    // An item with targetPath sets that path only.
    const one = (path: string) => helmRelease("9.2.4").replace("  values:\n", `  valuesFrom:\n    - kind: Secret\n      name: nextcloud-secret\n      valuesKey: FROM_ADDRESS\n      targetPath: ${path}\n  values:\n`);
    assert.ok(ruleIds(one("nextcloud.mail.fromAddress")).includes("locking/no-shared-redis"));
    assert.ok(!ruleIds(one("redis.enabled")).includes("locking/no-shared-redis"));
  });

  it("a HelmRelease of chart 6.x: the 6.x values.yaml has no externalRedis.enabled, so the catalog cannot say that switch is off there: no finding (missed, never wrong); 9.x and no version report it", () => {
    assert.ok(ruleIds(helmRelease("9.2.4")).includes("locking/no-shared-redis"));
    assert.ok(ruleIds(helmRelease(undefined)).includes("locking/no-shared-redis"));
    assert.ok(!ruleIds(helmRelease("6.6.4")).includes("locking/no-shared-redis"));
    assert.ok(!ruleIds(helmRelease("1.2.0")).includes("locking/no-shared-redis"));
  });
});
