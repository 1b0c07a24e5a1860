import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function model(files: Record<string, string>, entry: string, assumeCluster = false): { model: ClusterModel; text: (path: string, span: { start: number; end: number }) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, { assumeCluster });
  return { model: buildModel(project), text: (path, span) => map.get(path)!.slice(span.start, span.end) };
}

describe("compose adapter", () => {
  it("merges the override, takes replicas from .env and keeps both places as provenance", () => {
    const { model: m, text } = model(
      {
        "/p/compose.yaml": "services:\n  app:\n    image: nextcloud:31\n    deploy:\n      replicas: ${N}\n    environment:\n      REDIS_HOST: redis\n",
        "/p/compose.override.yaml": "services:\n  app:\n    environment:\n      - REDIS_HOST=cache\n",
        "/p/.env": "N=3\n",
      },
      "/p/compose.yaml",
    );
    const app = m.apps[0];
    assert.equal(app.product, "nextcloud");
    assert.equal(app.role, "web");
    assert.equal(app.replicas.value, 3);
    assert.equal(text(app.replicas.location!.path, app.replicas.location!.span), "${N}");
    assert.equal(app.replicas.related[0].location.path, "/p/.env");
    assert.equal(text("/p/.env", app.replicas.related[0].location.span), "N");
    const redis = app.env.get("REDIS_HOST")!;
    assert.equal(redis.value, "cache");
    assert.equal(redis.location.path, "/p/compose.override.yaml");
    assert.equal(text(redis.location.path, redis.location.span), "REDIS_HOST=cache");
    assert.equal(text(redis.valueLocation!.path, redis.valueLocation!.span), "cache");
    assert.equal(m.cluster.inCluster, true);
  });

  it("lets environment: win over env_file and keeps env_file values with their line", () => {
    const { model: m, text } = model(
      {
        "/p/docker-compose.yml": "services:\n  oc:\n    image: owncloud/server:10.16.4\n    env_file: [oc.env]\n    environment:\n      - OWNCLOUD_DB_TYPE=mysql\n",
        "/p/oc.env": "OWNCLOUD_DB_TYPE=sqlite\nOWNCLOUD_SKIP_CHOWN='true'\n",
      },
      "/p/docker-compose.yml",
    );
    const oc = m.apps[0];
    assert.equal(oc.env.get("OWNCLOUD_DB_TYPE")!.value, "mysql");
    const chown = oc.env.get("OWNCLOUD_SKIP_CHOWN")!;
    assert.equal(chown.value, "true");
    assert.equal(chown.origin, "env_file");
    assert.equal(text("/p/oc.env", chown.valueLocation!.span), "true");
  });

  it("classifies volumes by backing kind and maps database data dirs", () => {
    const { model: m } = model(
      {
        "/p/compose.yaml": [
          "services:",
          "  db:",
          "    image: docker.io/library/postgres:17",
          "    volumes: [pg:/var/lib/postgresql/data]",
          "  app:",
          "    image: nextcloud:31-fpm",
          "    volumes:",
          "      - html:/var/www/html",
          "      - ./local:/srv",
          "      - type: tmpfs",
          "        target: /tmp",
          "volumes:",
          "  pg:",
          "    driver_opts: {type: cifs, o: 'username=u,password=p,uid=33', device: //nas/pg}",
          "  html:",
          "    driver: local",
          "    driver_opts:",
          "      type: nfs4",
          "      o: addr=10.0.0.1,hard",
          "      device: :/export",
          "",
        ].join("\n"),
      },
      "/p/compose.yaml",
    );
    assert.equal(m.databases[0].engine, "postgres");
    assert.deepEqual(m.databases[0].dataMounts.map((d) => d.backingKind), ["cifs"]);
    assert.deepEqual(m.apps[0].mounts.map((x) => `${x.target}:${x.backingKind}`), ["/var/www/html:nfs", "/srv:bind", "/tmp:tmpfs"]);
    assert.deepEqual(m.volumes.get("pg")!.mountOptions.map((o) => o.name), ["username", "password", "uid"]);
    assert.equal(m.cluster.inCluster, false);
  });

  it("treats two web services of one product on shared storage as a cluster, and a cron container as cron", () => {
    const { model: m } = model(
      {
        "/p/compose.yaml": "services:\n  web1:\n    image: nextcloud:31\n    volumes: [nc:/var/www/html]\n  web2:\n    image: nextcloud:31\n    volumes: [nc:/var/www/html]\n  cron:\n    image: nextcloud:31\n    entrypoint: /cron.sh\n    volumes: [nc:/var/www/html]\nvolumes:\n  nc:\n",
      },
      "/p/compose.yaml",
    );
    assert.deepEqual(m.apps.map((a) => `${a.name}:${a.role}`), ["web1:web", "web2:web", "cron:cron"]);
    assert.equal(m.cluster.inCluster, true);
    assert.equal(m.cluster.reasons.length, 2);
  });

  it("does not take all-in-one or rebuilt images for the official ones", () => {
    const { model: m } = model({ "/p/compose.yaml": "services:\n  a:\n    image: nextcloud/all-in-one:latest\n  b:\n    image: lscr.io/linuxserver/nextcloud\n  c:\n    image: owncloud/ocis:7\n" }, "/p/compose.yaml");
    assert.deepEqual(m.apps, []);
  });

  it("places Docker secrets at /run/secrets/<target>, an absolute target as written, an override's entry over the base's", () => {
    const { model: m, text } = model(
      {
        "/p/compose.yaml": "services:\n  db:\n    image: mariadb:11.4\n    secrets:\n      - db_root\n      - source: db_user\n        target: user_pw\n      - source: db_app\n        target: /etc/mysql/app_pw\n",
        "/p/compose.override.yaml": "services:\n  db:\n    secrets:\n      - source: db_root_v2\n        target: db_root\n",
      },
      "/p/compose.yaml",
    );
    const secrets = m.services[0].secretFiles!.map((s) => ({ name: s.name, target: s.target, at: text(s.location.path, s.location.span) }));
    assert.deepEqual(secrets, [
      { name: "db_root_v2", target: "/run/secrets/db_root", at: "db_root_v2" },
      { name: "db_user", target: "/run/secrets/user_pw", at: "db_user" },
      { name: "db_app", target: "/etc/mysql/app_pw", at: "db_app" },
    ]);
  });

  it("counts global mode as a cluster", () => {
    const { model: m } = model({ "/p/stack.stack.yml": "services:\n  oc:\n    image: owncloud/server\n    deploy:\n      mode: global\n" }, "/p/stack.stack.yml");
    assert.equal(m.apps[0].replicas.value, "global");
    assert.equal(m.cluster.inCluster, true);
  });
});

describe("helm adapter", () => {
  it("applies the nextcloud chart defaults and the user's values", () => {
    const { model: m, text } = model({ "/c/values.yaml": "replicaCount: 3\nmariadb:\n  enabled: true\npersistence:\n  enabled: true\n" }, "/c/values.yaml");
    assert.equal(m.helm!.chart, "nextcloud");
    const internal = m.helm!.get("internalDatabase.enabled")!;
    assert.equal(internal.value, true);
    assert.equal(internal.isDefault, true);
    assert.equal(m.helm!.get("persistence.accessMode")!.value, "ReadWriteOnce");
    const web = m.apps[0];
    assert.equal(web.replicas.value, 3);
    assert.equal(text("/c/values.yaml", web.replicas.location!.span), "replicaCount");
    assert.ok(web.env.has("SQLITE_DATABASE"), "internalDatabase wins over mariadb (FACTS §3.1)");
    assert.deepEqual(web.mounts.map((x) => x.backingKind), ["rwo-claim"]);
    assert.equal(m.cluster.inCluster, true);
  });

  it("appends nextcloud.extraEnv after the rendered variables, for web and cron alike", () => {
    const values = [
      "replicaCount: 2",
      "redis:",
      "  enabled: true",
      "cronjob:",
      "  enabled: true",
      "nextcloud:",
      "  extraEnv:",
      "    - name: REDIS_HOST",
      "      value: redis-ha.cache.svc",
      "    - name: SMTP_PASSWORD",
      "      valueFrom:",
      "        secretKeyRef: {name: smtp, key: password}",
      "    - name: OVERWRITEHOST",
      "      value: '{{ .Values.host }}'",
      "    - value: no-name",
      "",
    ].join("\n");
    const { model: m, text } = model({ "/c/values.yaml": values }, "/c/values.yaml");
    for (const app of m.apps) {
      // The kubelet keeps the last entry of a name: the extra one over the chart's `<release>-redis-master`.
      const host = app.env.get("REDIS_HOST")!;
      assert.equal(host.value, "redis-ha.cache.svc");
      assert.equal(host.chartExtraEnv, true);
      assert.equal(text("/c/values.yaml", host.location.span), "REDIS_HOST");
      assert.equal(text("/c/values.yaml", host.valueLocation!.span), "redis-ha.cache.svc");
      assert.equal(app.env.get("SMTP_PASSWORD")!.opaque, true);
      assert.equal(app.env.get("OVERWRITEHOST")!.templated, true);
    }
    assert.equal(m.apps.length, 2);
  });

  it("reads the hpa as a cluster and the sidecar cron as one runner per pod", () => {
    const { model: m } = model({ "/c/values.yaml": "hpa:\n  enabled: true\n  maxPods: 5\ncronjob:\n  enabled: true\n" }, "/c/values.yaml");
    assert.equal(m.apps[0].replicas.value, 5);
    assert.equal(m.apps[1].role, "cron");
    assert.equal(m.apps[1].replicas.value, 5);
  });

  it("reads the owncloud chart's list access mode and string flags", () => {
    const { model: m } = model({ "/c/values.yaml": "replicas: 2\nowncloud:\n  crondEnabled: \"false\"\npersistence:\n  owncloud:\n    accessMode: [ReadWriteMany]\n" }, "/c/values.yaml");
    assert.equal(m.helm!.chart, "owncloud");
    assert.deepEqual(m.apps[0].mounts.map((x) => x.backingKind), ["rwx-claim"]);
    // Go templates treat the string "false" as true: the CronJob is still rendered (FACTS §4.1).
    assert.deepEqual(m.apps.map((a) => a.role), ["web", "cron"]);
  });
});

describe("k8s adapter", () => {
  it("resolves claims to their access mode and NFS classes, and env from Secrets as set", () => {
    const { model: m } = model(
      {
        "/k/pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: html\nspec:\n  accessModes: [ReadWriteOnce]\n",
        "/k/deploy.yaml": [
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata:",
          "  name: nc",
          "spec:",
          "  replicas: 2",
          "  template:",
          "    spec:",
          "      volumes:",
          "        - name: html",
          "          persistentVolumeClaim:",
          "            claimName: html",
          "      containers:",
          "        - name: app",
          "          image: nextcloud:31-apache",
          "          env:",
          "            - name: REDIS_HOST",
          "              valueFrom:",
          "                secretKeyRef: {name: s, key: host}",
          "          volumeMounts:",
          "            - name: html",
          "              mountPath: /var/www/html",
          "",
        ].join("\n"),
      },
      "/k/deploy.yaml",
    );
    const app = m.apps[0];
    assert.equal(app.name, "nc/app");
    assert.equal(app.replicas.value, 2);
    assert.equal(app.env.get("REDIS_HOST")!.opaque, true);
    assert.deepEqual(app.mounts.map((x) => `${x.target}:${x.backingKind}`), ["/var/www/html:rwo-claim"]);
    assert.equal(m.cluster.inCluster, true);
  });
});

describe("project discovery", () => {
  it("reads any YAML beside the nextcloud chart's Chart.yaml as a values layer", () => {
    const { model: m } = model({ "/chart/Chart.yaml": "apiVersion: v2\nname: nextcloud\nversion: 9.2.4\n", "/chart/prod.yaml": "replicaCount: 2\n" }, "/chart/prod.yaml");
    assert.equal(m.helm?.chart, "nextcloud");
    assert.equal(m.apps[0].replicas.value, 2);
  });

  it("leaves YAML beside another chart alone", () => {
    const ws = new MapWorkspace(new Map([["/other/Chart.yaml", "apiVersion: v2\nname: wordpress\n"], ["/other/prod.yaml", "replicaCount: 2\n"]]));
    assert.equal(new Engine().discover("/other/prod.yaml", ws), undefined);
  });
});

describe("helm adapter: Bitnami database subchart architecture", () => {
  const values = (extra: string[]) => ["internalDatabase:", "  enabled: false", ...extra, ""].join("\n");

  it("standalone (the default): the app and the database use <release>-mariadb", () => {
    const { model: m } = model({ "/c/values.yaml": values(["mariadb:", "  enabled: true"]) }, "/c/values.yaml");
    assert.equal(m.apps[0].env.get("MYSQL_HOST")!.value, "<release>-mariadb");
    assert.deepEqual(m.databases[0].service.hostnames, ["<release>-mariadb"]);
  });

  it("replication: the app and the database use the primary's Service", () => {
    const { model: m } = model({ "/c/values.yaml": values(["mariadb:", "  enabled: true", "  architecture: replication"]) }, "/c/values.yaml");
    assert.equal(m.apps[0].env.get("MYSQL_HOST")!.value, "<release>-mariadb-primary");
    assert.deepEqual(m.databases[0].service.hostnames, ["<release>-mariadb-primary"]);
  });

  it("replication of PostgreSQL with a renamed primary lists both names, the written one first", () => {
    const { model: m } = model({ "/c/values.yaml": values(["postgresql:", "  enabled: true", "  architecture: replication", "  primary:", "    name: main"]) }, "/c/values.yaml");
    assert.equal(m.apps[0].env.get("POSTGRES_HOST")!.value, "<release>-postgresql-primary");
    assert.deepEqual(m.databases[0].service.hostnames, ["<release>-postgresql-main", "<release>-postgresql-primary"]);
  });

  it("a templated architecture leaves the host unknown and both Service names possible", () => {
    const { model: m } = model({ "/c/values.yaml": values(["mariadb:", "  enabled: true", "  architecture: '{{ .Values.arch }}'"]) }, "/c/values.yaml");
    assert.equal(m.apps[0].env.get("MYSQL_HOST")!.opaque, true);
    assert.deepEqual(m.databases[0].service.hostnames, ["<release>-mariadb", "<release>-mariadb-primary"]);
  });

  it("a templated architecture of a disabled subchart does not hide the external host", () => {
    const { model: m } = model({ "/c/values.yaml": values(["mariadb:", "  enabled: false", "  architecture: '{{ .Values.arch }}'", "externalDatabase:", "  enabled: true", "  type: mysql", "  host: db.example.com"]) }, "/c/values.yaml");
    assert.equal(m.apps[0].env.get("MYSQL_HOST")!.value, "db.example.com");
  });
});

describe("helm adapter: an unwritten subchart architecture", () => {
  it("keeps <release>-mariadb for a chart line whose default the catalog cannot show", () => {
    const { model: m } = model(
      {
        "/c/Chart.yaml": ["apiVersion: v2", "name: nextcloud", "version: 2.6.3", ""].join("\n"),
        "/c/values.yaml": ["internalDatabase:", "  enabled: false", "mariadb:", "  enabled: true", ""].join("\n"),
      },
      "/c/values.yaml",
    );
    assert.equal(m.apps[0].env.get("MYSQL_HOST")!.value, "<release>-mariadb");
    assert.deepEqual(m.databases[0].service.hostnames, ["<release>-mariadb"]);
  });
});
