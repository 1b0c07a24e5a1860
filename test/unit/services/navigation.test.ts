/** Document links and go-to-definition targets, as the engine computes them from a project's files. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseYaml } from "../../../server/src/engine/documents/yaml-tree";
import { Engine } from "../../../server/src/engine/lint";
import { chartDependencyLinks, existingFileIn, type NavigationFacts } from "../../../server/src/engine/services/navigation";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function navigationOf(files: Record<string, string>, entry = "/w/compose.yaml", options = {}): NavigationFacts {
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, "a project");
  return engine.lintProject(spec, ws, options).navigation!;
}

/** The span of the n-th occurrence of `needle` (after `after`, when given) in `text`. */
function spanOf(text: string, needle: string, after = ""): { start: number; end: number } {
  const from = after === "" ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `${after} in the text`);
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} in the text`);
  return { start, end: start + needle.length };
}

const compose = [
  "include:",
  "  - db.yaml",
  "  - path: ./cache/redis.yaml",
  "    env_file: cache/redis.env",
  "  - missing.yaml",
  "services:",
  "  app:",
  "    image: owncloud/server:10.16.4",
  "    env_file:",
  "      - owncloud.env",
  '      - path: "./extra.env"',
  "        required: false",
  "      - ${SECRETS_ENV}.env",
  "      - ../outside.env",
  "    depends_on:",
  "      - db",
  "      - redis",
  "      - nowhere",
  "    environment:",
  "      OWNCLOUD_DB_HOST: db:3306",
  "      OWNCLOUD_REDIS_HOST: redis",
  "      OWNCLOUD_DOMAIN: ${DOMAIN}",
  "    deploy:",
  "      replicas: ${APP_REPLICAS:-1}",
  "  cron:",
  "    extends:",
  "      file: common.yaml",
  "      service: base",
  "    depends_on:",
  "      app:",
  "        condition: service_started",
  "    volumes_from:",
  "      - app:ro",
  "      - container:other",
  "    links:",
  "      - db:database",
  "    environment:",
  "      - MYSQL_HOST=db",
  "  worker:",
  "    extends: app",
  "configs:",
  "  php:",
  "    file: ./php.ini",
  "secrets:",
  "  pw:",
  "    file: ./nowhere.txt",
  "",
].join("\n");
const db = "services:\n  db:\n    image: mariadb:10.11\n";
const redis = "services:\n  redis:\n    image: redis:7\n";
const common = "services:\n  base:\n    image: owncloud/server:10.16.4\n";
const env = "DOMAIN=cloud.example.com\nAPP_REPLICAS=3\n";
const files = {
  "/w/compose.yaml": compose,
  "/w/db.yaml": db,
  "/w/cache/redis.yaml": redis,
  "/w/cache/redis.env": "REDIS_PORT=6379\n",
  "/w/owncloud.env": "OWNCLOUD_REDIS_HOST=redis\nOWNCLOUD_DB_HOST=db.example.com\n",
  "/w/extra.env": "X=1\n",
  "/w/common.yaml": common,
  "/w/php.ini": "memory_limit=512M\n",
  "/w/.env": env,
};

describe("navigation: document links", () => {
  const { links } = navigationOf(files);
  const linkAt = (needle: string, after = "") => links.find((l) => l.location.path === "/w/compose.yaml" && l.location.span.start === spanOf(compose, needle, after).start);

  it("links include, env_file (both forms), extends.file and a config file to the files, with exact ranges", () => {
    const expected: [string, string, string][] = [
      ["db.yaml", "", "/w/db.yaml"],
      ["./cache/redis.yaml", "", "/w/cache/redis.yaml"],
      ["cache/redis.env", "", "/w/cache/redis.env"],
      ["owncloud.env", "", "/w/owncloud.env"],
      ["./extra.env", "", "/w/extra.env"],
      ["common.yaml", "", "/w/common.yaml"],
      ["./php.ini", "", "/w/php.ini"],
    ];
    for (const [needle, after, target] of expected) {
      const link = linkAt(needle, after);
      assert.ok(link, `a link on ${needle}: ${JSON.stringify(links)}`);
      assert.deepEqual(link.location.span, spanOf(compose, needle, after), needle);
      assert.equal(link.target, target);
      assert.equal(link.tooltip, `Open ${target.split("/").pop()}`);
    }
    assert.equal(links.length, expected.length, JSON.stringify(links.map((l) => l.target)));
  });

  it("no link to a missing file, a file outside the workspace or a `${…}` name", () => {
    for (const needle of ["missing.yaml", "${SECRETS_ENV}.env", "../outside.env", "./nowhere.txt"]) assert.equal(linkAt(needle), undefined, needle);
  });

  it("a Chart.yaml's file:// dependency links to that chart's Chart.yaml, only when it is there", () => {
    const chartText = [
      "apiVersion: v2",
      "name: umbrella",
      "dependencies:",
      "  - name: nextcloud",
      '    repository: "file://../nextcloud"',
      "  - name: redis",
      "    repository: file://./charts/redis",
      "  - name: gone",
      "    repository: file://../gone",
      "  - name: mariadb",
      "    repository: https://charts.bitnami.com/bitnami",
      "",
    ].join("\n");
    const ws = new MapWorkspace(new Map([["/w/umbrella/Chart.yaml", chartText], ["/w/nextcloud/Chart.yaml", "name: nextcloud\n"], ["/w/umbrella/charts/redis/Chart.yaml", "name: redis\n"]]));
    const chartLinks = chartDependencyLinks(parseYaml("/w/umbrella/Chart.yaml", chartText), existingFileIn(ws));
    assert.deepEqual(chartLinks, [
      { location: { path: "/w/umbrella/Chart.yaml", span: spanOf(chartText, "file://../nextcloud") }, target: "/w/nextcloud/Chart.yaml", tooltip: "Open the chart nextcloud" },
      { location: { path: "/w/umbrella/Chart.yaml", span: spanOf(chartText, "file://./charts/redis") }, target: "/w/umbrella/charts/redis/Chart.yaml", tooltip: "Open the chart redis" },
    ]);
  });

  it("COMPOSE_FILE in the .env links each file of the set it names", () => {
    const env = "TZ=UTC\nCOMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=compose.yaml; deploy/compose.prod.yaml;gone.yaml\n";
    const files = { "/w/.env": env, "/w/compose.yaml": "services:\n  app:\n    image: nextcloud:31\n", "/w/deploy/compose.prod.yaml": "services:\n  app:\n    deploy:\n      replicas: 2\n" };
    const links = navigationOf(files).links.filter((l) => l.location.path === "/w/.env");
    assert.deepEqual(
      links.map((l) => ({ span: l.location.span, target: l.target })),
      [
        { span: spanOf(env, "compose.yaml", "COMPOSE_FILE"), target: "/w/compose.yaml" },
        { span: spanOf(env, "deploy/compose.prod.yaml"), target: "/w/deploy/compose.prod.yaml" },
      ],
    );
  });

  it("a folder is no file: existingFileIn refuses it", () => {
    const exists = existingFileIn(new MapWorkspace(new Map([["/w/a/b.txt", "x"]])));
    assert.equal(exists("/w/a"), false);
    assert.equal(exists("/w/a/b.txt"), true);
    assert.equal(exists("/w/a/c.txt"), false);
  });
});

describe("navigation: go to definition", () => {
  const { definitions } = navigationOf(files);
  const targetOf = (path: string, text: string, needle: string, after = "") => {
    const span = spanOf(text, needle, after);
    return definitions.find((d) => d.location.path === path && d.location.span.start === span.start && d.location.span.end === span.end)?.target;
  };
  /** The service's key: `  name:` at the services level. */
  const key = (path: string, text: string, name: string) => {
    const start = spanOf(text, `  ${name}:`).start + 2;
    return { path, span: { start, end: start + name.length } };
  };

  it("depends_on (list and map), volumes_from, links and host settings lead to the service key in the file that defines it", () => {
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "db", "depends_on"), key("/w/db.yaml", db, "db"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "redis", "      - redis"), key("/w/cache/redis.yaml", redis, "redis"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "app", "      app:\n"), key("/w/compose.yaml", compose, "app"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "app", "volumes_from"), key("/w/compose.yaml", compose, "app"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "db", "links"), key("/w/db.yaml", db, "db"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "db", "OWNCLOUD_DB_HOST: "), key("/w/db.yaml", db, "db"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "redis", "OWNCLOUD_REDIS_HOST: "), key("/w/cache/redis.yaml", redis, "redis"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "db", "MYSQL_HOST="), key("/w/db.yaml", db, "db"));
    const ownEnv = files["/w/owncloud.env"];
    assert.deepEqual(targetOf("/w/owncloud.env", ownEnv, "redis"), key("/w/cache/redis.yaml", redis, "redis"));
  });

  it("extends.service leads to the service in the extended file; `extends: app` to the same file", () => {
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "base"), key("/w/common.yaml", common, "base"));
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "app", "extends: "), key("/w/compose.yaml", compose, "app"));
  });

  it("${VAR} leads to its .env line (the name part only)", () => {
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "DOMAIN", ": ${"), { path: "/w/.env", span: spanOf(env, "DOMAIN") });
    assert.deepEqual(targetOf("/w/compose.yaml", compose, "APP_REPLICAS"), { path: "/w/.env", span: spanOf(env, "APP_REPLICAS") });
  });

  it("no definition for an unknown service, a container, a host outside the project or a stack's ${VAR}", () => {
    assert.equal(targetOf("/w/compose.yaml", compose, "nowhere"), undefined);
    assert.equal(targetOf("/w/compose.yaml", compose, "other", "container:"), undefined);
    assert.equal(definitions.filter((d) => d.location.path === "/w/owncloud.env").length, 1, "db.example.com names no service");
    const stack = navigationOf(files, "/w/compose.yaml", { deploy: "stack" });
    assert.equal(stack.definitions.filter((d) => d.target.path === "/w/.env").length, 0);
    assert.ok(stack.definitions.some((d) => d.target.path === "/w/db.yaml"), "service names still lead to their services");
  });

  it("broken YAML while typing, templates and CRLF: no crash, no link into a template", () => {
    const broken = "services:\n  app:\n    env_file: [owncloud.env\n    depends_on:\n      - db\n  db: {{ .Values.db }}\n";
    assert.doesNotThrow(() => navigationOf({ "/w/compose.yaml": broken, "/w/owncloud.env": "A=1\n" }));
    const templated = "services:\n  app:\n    env_file: \"{{ .Values.envFile }}\"\n    depends_on: [\"{{ .Values.db }}\"]\n";
    const facts = navigationOf({ "/w/compose.yaml": templated });
    assert.deepEqual(facts, { links: [], definitions: [] });
    const crlf = "\uFEFFservices:\r\n  app:\r\n    env_file: owncloud.env\r\n    depends_on:\r\n      - db\r\n  db:\r\n    image: mariadb\r\n";
    const crlfFacts = navigationOf({ "/w/compose.yaml": crlf, "/w/owncloud.env": "A=1\n" });
    assert.deepEqual(crlfFacts.links.map((l) => l.location.span), [spanOf(crlf, "owncloud.env")]);
    assert.deepEqual(crlfFacts.definitions.map((d) => [d.location.span, d.target.span]), [[spanOf(crlf, "db", "- "), { start: spanOf(crlf, "  db:").start + 2, end: spanOf(crlf, "  db:").start + 4 }]]);
  });
});

describe("navigation: Kubernetes references", () => {
  const deployment = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: nextcloud",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: nextcloud:29",
    "          envFrom:",
    "            - configMapRef:",
    "                name: nextcloud-env",
    "          env:",
    "            - name: MYSQL_PASSWORD",
    "              valueFrom:",
    "                secretKeyRef:",
    '                  name: "db-secret"',
    "                  key: password",
    "            - name: OTHER",
    "              valueFrom:",
    "                secretKeyRef:",
    "                  name: elsewhere",
    "                  key: x",
    "      volumes:",
    "        - name: data",
    "          persistentVolumeClaim:",
    "            claimName: nextcloud-data",
    "",
  ].join("\n");
  const objects = [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: nextcloud-env",
    "data:",
    "  REDIS_HOST: redis",
    "---",
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: db-secret",
    "  namespace: other",
    "stringData:",
    "  password: x",
    "---",
    "apiVersion: v1",
    "kind: PersistentVolumeClaim",
    "metadata:",
    "  name: nextcloud-data",
    "spec:",
    "  accessModes: [ReadWriteMany]",
    "",
  ].join("\n");

  it("configMapRef, secretKeyRef and claimName lead to the object's metadata.name in another manifest; a namespace mismatch or an unknown name to nothing", () => {
    const { definitions, links } = navigationOf({ "/k/deployment.yaml": deployment, "/k/objects.yaml": objects }, "/k/deployment.yaml");
    const at = (needle: string) => ({ path: "/k/deployment.yaml", span: spanOf(deployment, needle) });
    const name = (needle: string, after: string) => ({ path: "/k/objects.yaml", span: spanOf(objects, needle, after) });
    assert.deepEqual(links, []);
    assert.deepEqual(definitions, [
      { location: at("nextcloud-env"), target: name("nextcloud-env", "name: ") },
      { location: at("db-secret"), target: name("db-secret", "name: ") },
      { location: at("nextcloud-data"), target: name("nextcloud-data", "kind: PersistentVolumeClaim") },
    ]);
    const sameNamespace = navigationOf({ "/k/deployment.yaml": deployment.replace("  name: nextcloud\n", "  name: nextcloud\n  namespace: cloud\n"), "/k/objects.yaml": objects }, "/k/deployment.yaml");
    assert.deepEqual(sameNamespace.definitions.map((d) => d.target.span), [name("nextcloud-env", "name: ").span, name("nextcloud-data", "kind: PersistentVolumeClaim").span], "the Secret is in namespace other");
  });
});
