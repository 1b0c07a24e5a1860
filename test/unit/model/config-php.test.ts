import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { configPhpOf, configPhpValueAt, naturalCompare } from "../../../server/src/engine/model/queries";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function model(files: Record<string, string>, entry: string): { model: ClusterModel; text: (span: { start: number; end: number }) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const built = buildModel(loadProject(spec, ws, engine.cache, {}));
  assert.ok(built);
  return { model: built, text: (span) => map.get(entry)!.slice(span.start, span.end) };
}

describe("config.php snippets in chart values", () => {
  it("reads nextcloud.configs in load order, later files winning, with positions inside the block (CRLF)", () => {
    const values = [
      "nextcloud:",
      "  host: cloud.example.com",
      "  configs:",
      "    zz-late.config.php: |-",
      "      <?php",
      "      $CONFIG = array ('memcache.locking' => '\\OC\\Memcache\\Redis');",
      "    caching.config.php: |",
      "      <?php",
      "      $CONFIG = array (",
      "        'memcache.locking' => '\\OC\\Memcache\\APCu',",
      "        'redis' => array ('host' => 'redis.cache.svc', 'port' => 6379),",
      "      );",
      "    notes.txt: |",
      "      <?php $CONFIG = array ('log_type' => 'syslog');",
      "",
    ].join("\r\n");
    const { model: m, text } = model({ "/r/values.yaml": values }, "/r/values.yaml");
    const app = m.apps[0];
    const locking = configPhpOf(app, "memcache.locking");
    assert.equal(locking.certainty, "known");
    assert.equal(locking.setting?.file, "zz-late.config.php");
    assert.equal(text(locking.setting!.location.span), "'memcache.locking' => '\\OC\\Memcache\\Redis'");
    const host = configPhpValueAt(configPhpOf(app, "redis").setting?.value, "host");
    assert.equal(host?.kind === "string" && host.value, "redis.cache.svc");
    assert.equal(text(host!.location.span), "'redis.cache.svc'");
    // Only *.config.php files are config files.
    assert.equal(configPhpOf(app, "log_type").certainty, "defaulted");
  });

  it("gives every key as unknown when a snippet cannot be read or a config file is mounted from elsewhere", () => {
    const folded = model({ "/f/values.yaml": "nextcloud:\n  configs:\n    a.config.php: >\n      <?php $CONFIG = array ('memcache.locking' => '\\OC\\Memcache\\APCu');\n" }, "/f/values.yaml").model;
    assert.equal(configPhpOf(folded.apps[0], "memcache.locking").certainty, "unknown");
    const templated = model({ "/t/values.yaml": "nextcloud:\n  configs:\n    a.config.php: |\n      <?php $CONFIG = array ('memcache.locking' => '{{ .Values.lock }}');\n    b.config.php: |\n      <?php $CONFIG = array ('x' => 1);\n" }, "/t/values.yaml").model;
    assert.equal(configPhpOf(templated.apps[0], "x").certainty, "unknown");
    const mounted = model(
      {
        "/m/values.yaml":
          "nextcloud:\n  configs:\n    a.config.php: |\n      <?php $CONFIG = array ('memcache.locking' => '\\OC\\Memcache\\Redis');\n  extraVolumeMounts:\n    - name: extra\n      mountPath: /var/www/html/config/zz.config.php\n      subPath: zz.config.php\n",
      },
      "/m/values.yaml",
    ).model;
    assert.equal(configPhpOf(mounted.apps[0], "memcache.locking").certainty, "unknown");
    const flux = model({ "/x/values.yaml": "nextcloud:\n  configs:\n    a.config.php: |\n      <?php $CONFIG = array ('redis' => array ('host' => '${REDIS_HOST}'));\n" }, "/x/values.yaml").model;
    assert.equal(configPhpValueAt(configPhpOf(flux.apps[0], "redis").setting?.value, "host")?.kind, "unknown");
  });

  it("reads owncloud.configExtra as the JSON the chart renders, leaving out the keys the image always writes", () => {
    const { model: m, text } = model(
      { "/o/values.yaml": "owncloud:\n  domain: cloud.example.com\n  configExtra:\n    datadirectory: /elsewhere\n    logfile: /dev/stdout\n    filelocking.enabled: false\n    redis:\n      host: 127.0.0.1\n" },
      "/o/values.yaml",
    );
    const app = m.apps[0];
    assert.equal(configPhpOf(app, "datadirectory").certainty, "defaulted");
    assert.equal(configPhpOf(app, "logfile").certainty, "defaulted");
    const locking = configPhpOf(app, "filelocking.enabled");
    assert.equal(locking.setting?.value.kind === "bool" && locking.setting.value.value, false);
    assert.equal(text(locking.setting!.location.span), "filelocking.enabled: false");
    assert.equal(locking.setting?.file, "configmap.config.php");
  });

  it("orders file names as PHP's natsort does", () => {
    const names = ["redis.config.php", "redis-cluster.config.php", "a10.config.php", "a9.config.php", "Z.config.php", "overwrite.config.php", "configmap.config.php"];
    assert.deepEqual([...names].sort(naturalCompare), ["Z.config.php", "a9.config.php", "a10.config.php", "configmap.config.php", "overwrite.config.php", "redis-cluster.config.php", "redis.config.php"]);
  });
});

describe("config.php files mounted from ConfigMaps (Kubernetes)", () => {
  const deployment = (mounts: string, volumes: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nextcloud\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nextcloud:31\n          volumeMounts:\n${mounts}      volumes:\n${volumes}`;
  const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: php\ndata:\n  a.config.php: |\n    <?php $CONFIG = array ('memcache.locking' => '\\OC\\Memcache\\APCu');\n  z.config.php: |\n    <?php $CONFIG = array ('memcache.locking' => '\\OC\\Memcache\\Redis');\n  notes.md: |\n    <?php $CONFIG = array ('log_type' => 'syslog');\n---\n";

  it("reads every config file of a ConfigMap mounted as the config directory, in load order", () => {
    const text = configMap + deployment("            - name: php\n              mountPath: /var/www/html/config\n", "        - name: php\n          configMap:\n            name: php\n");
    const app = model({ "/k/app.yaml": text }, "/k/app.yaml").model.apps[0];
    const locking = configPhpOf(app, "memcache.locking");
    assert.equal(locking.setting?.file, "z.config.php");
    assert.equal(configPhpOf(app, "log_type").certainty, "defaulted");
  });

  it("follows items and subPath, and leaves a file from a Secret or a missing ConfigMap unknown", () => {
    const items = configMap + deployment("            - name: php\n              mountPath: /var/www/html/config/cache.config.php\n              subPath: cache.config.php\n", "        - name: php\n          configMap:\n            name: php\n            items:\n              - key: a.config.php\n                path: cache.config.php\n");
    const app = model({ "/i/app.yaml": items }, "/i/app.yaml").model.apps[0];
    const locking = configPhpOf(app, "memcache.locking");
    assert.equal(locking.setting?.value.kind === "string" && locking.setting.value.value, "\\OC\\Memcache\\APCu");
    assert.equal(locking.setting?.file, "cache.config.php");
    const secret = deployment("            - name: php\n              mountPath: /var/www/html/config/cache.config.php\n              subPath: cache.config.php\n", "        - name: php\n          secret:\n            secretName: php\n");
    assert.equal(configPhpOf(model({ "/s/app.yaml": secret }, "/s/app.yaml").model.apps[0], "memcache.locking").certainty, "unknown");
    const missing = deployment("            - name: php\n              mountPath: /var/www/html/config/cache.config.php\n              subPath: cache.config.php\n", "        - name: php\n          configMap:\n            name: elsewhere\n");
    assert.equal(configPhpOf(model({ "/n/app.yaml": missing }, "/n/app.yaml").model.apps[0], "memcache.locking").certainty, "unknown");
    const claim = deployment("            - name: data\n              mountPath: /var/www/html/config\n", "        - name: data\n          persistentVolumeClaim:\n            claimName: config\n");
    assert.equal(model({ "/c/app.yaml": claim }, "/c/app.yaml").model.apps[0].configPhp, undefined);
  });
});
