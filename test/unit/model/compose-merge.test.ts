/**
 * What Compose merges before anything runs: `include:` (own project directory and `.env`),
 * `extends:` (same file and other files, chained), `!reset` / `!override`, and `profiles` with
 * `COMPOSE_PROFILES` from `.env`. Each case asserts the merged service and where its facts are.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry = "/p/compose.yaml"): { model: ClusterModel; text: (loc: { path: string; span: { start: number; end: number } } | undefined) => string; entry: string; problems: string[] } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, {});
  return {
    model: buildModel(project),
    text: (loc) => (loc ? map.get(loc.path)!.slice(loc.span.start, loc.span.end) : ""),
    entry: spec.entry,
    problems: project.parseProblems.map((p) => `${p.location.path}: ${p.message}`),
  };
}

const service = (m: ClusterModel, name: string) => {
  const found = m.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} among ${m.services.map((s) => s.name).join(", ")}`);
  return found;
};

describe("Compose include:", () => {
  const files = {
    "/p/compose.yaml": "include:\n  - nextcloud/compose.yaml\nservices:\n  redis:\n    image: redis:7.4\n",
    "/p/nextcloud/compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: ${REPLICAS}\n    env_file: app.env\n",
    "/p/nextcloud/.env": "REPLICAS=3\n",
    "/p/nextcloud/app.env": "REDIS_HOST=redis\n",
  };

  it("imports the included services, with env_file paths relative to the included file and its own .env", () => {
    const { model, text } = load(files);
    assert.deepEqual(model.services.map((s) => s.name).sort(), ["app", "redis"]);
    const app = service(model, "app");
    assert.equal(app.replicas.value, 3);
    assert.equal(app.replicas.related[0].location.path, "/p/nextcloud/.env");
    const redisHost = app.env.get("REDIS_HOST")!;
    assert.equal(redisHost.value, "redis");
    assert.equal(redisHost.location.path, "/p/nextcloud/app.env");
    assert.equal(text(redisHost.location), "REDIS_HOST=redis");
  });

  it("the project's .env wins over the included file's own", () => {
    const { model } = load({ ...files, "/p/.env": "REPLICAS=5\n" });
    assert.equal(service(model, "app").replicas.value, 5);
  });

  it("an included file is linted with the project that includes it, not on its own", () => {
    assert.equal(load(files, "/p/nextcloud/compose.yaml").entry, "/p/compose.yaml");
  });

  it("a long-form item takes project_directory and env_file relative to the including file", () => {
    const { model } = load({
      "/p/compose.yaml": "include:\n  - path: ../shared/nc.yaml\n    project_directory: .\n    env_file: config/nc.env\nservices: {}\n",
      "/shared/nc.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: ${N}\n    env_file: app.env\n",
      "/p/config/nc.env": "N=2\n",
      "/p/app.env": "REDIS_HOST=cache\n",
    });
    const app = service(model, "app");
    assert.equal(app.replicas.value, 2);
    assert.equal(app.env.get("REDIS_HOST")?.location.path, "/p/app.env");
  });

  it("a missing included file is said, not guessed", () => {
    const { model } = load({ "/p/compose.yaml": "include:\n  - gone.yaml\nservices:\n  redis:\n    image: redis:7.4\n" });
    assert.deepEqual(
      model.refusedInputs?.map((r) => [r.role, r.name, r.reason]),
      [["include", "gone.yaml", "is not in the workspace"]],
    );
  });
});

describe("Compose extends:", () => {
  it("starts from the base in another file (its paths relative to it), then the same-file chain", () => {
    const { model, text } = load({
      "/p/compose.yaml": [
        "services:",
        "  app:",
        "    extends:",
        "      file: common/services.yml",
        "      service: nc-base",
        "    deploy:",
        "      replicas: 3",
        "  cron:",
        "    extends: app",
        "    entrypoint: /cron.sh",
        "    deploy:",
        "      replicas: 1",
        "",
      ].join("\n"),
      "/p/common/services.yml": "services:\n  nc-base:\n    image: nextcloud:31-apache\n    env_file: nc.env\n    volumes:\n      - html:/var/www/html\n",
      "/p/common/nc.env": "REDIS_HOST=redis\n",
    });
    const app = service(model, "app");
    assert.equal(app.image?.value, "nextcloud:31-apache");
    assert.equal(app.image?.location?.path, "/p/common/services.yml");
    assert.equal(app.replicas.value, 3);
    assert.equal(app.env.get("REDIS_HOST")?.location.path, "/p/common/nc.env");
    assert.deepEqual(app.mounts.map((mount) => [mount.target, text(mount.location)]), [["/var/www/html", "html:/var/www/html"]]);
    const cron = service(model, "cron");
    assert.equal(cron.image?.value, "nextcloud:31-apache");
    assert.equal(cron.entrypoint?.value, "/cron.sh");
    assert.equal(cron.replicas.value, 1);
    assert.equal(cron.env.get("REDIS_HOST")?.value, "redis");
  });

  it("a base the files do not show leaves the service unjudged (no image) and says why", () => {
    const { model } = load({
      "/p/compose.yaml": "services:\n  app:\n    extends:\n      file: missing.yml\n      service: web\n    image: nextcloud:31-apache\n    deploy:\n      replicas: 3\n",
    });
    assert.equal(service(model, "app").image, undefined);
    assert.equal(model.apps.length, 0);
    assert.deepEqual(model.refusedInputs?.map((r) => [r.role, r.name]), [["extends", "missing.yml"]]);
  });

  it("a cycle ends instead of looping", () => {
    const { model } = load({ "/p/compose.yaml": "services:\n  a:\n    extends: b\n    image: nextcloud:31-apache\n  b:\n    extends: a\n" });
    assert.equal(service(model, "a").image, undefined);
  });
});

describe("Compose !reset and !override", () => {
  const base = "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: 3\n    environment:\n      REDIS_HOST: redis\n      PHP_MEMORY_LIMIT: 1G\n";

  it("!reset drops what the base set; the tags are no YAML problem", () => {
    const { model, problems } = load({ "/p/compose.yaml": base, "/p/compose.override.yaml": "services:\n  app:\n    environment: !reset {}\n" });
    assert.deepEqual([...service(model, "app").env.keys()], []);
    assert.deepEqual(problems, []);
  });

  it("!override replaces instead of merging", () => {
    const { model } = load({ "/p/compose.yaml": base, "/p/compose.override.yaml": "services:\n  app:\n    environment: !override\n      PHP_MEMORY_LIMIT: 2G\n    deploy: !override\n      replicas: 1\n" });
    const app = service(model, "app");
    assert.deepEqual([...app.env.entries()].map(([k, v]) => [k, v.value]), [["PHP_MEMORY_LIMIT", "2G"]]);
    assert.equal(app.replicas.value, 1);
  });

  it("without a tag the override merges, as before", () => {
    const { model } = load({ "/p/compose.yaml": base, "/p/compose.override.yaml": "services:\n  app:\n    environment:\n      PHP_MEMORY_LIMIT: 2G\n" });
    assert.deepEqual([...service(model, "app").env.entries()].map(([k, v]) => [k, v.value]).sort(), [["PHP_MEMORY_LIMIT", "2G"], ["REDIS_HOST", "redis"]]);
  });
});

describe("Compose profiles", () => {
  const stack = "services:\n  app:\n    image: nextcloud:31-apache\n  cron:\n    image: nextcloud:31-apache\n    entrypoint: /cron.sh\n    profiles: [cron]\n  debug:\n    image: busybox\n    profiles: [\"debug\", \"tools\"]\n";

  it("COMPOSE_PROFILES in .env decides which profiled services start", () => {
    assert.deepEqual(load({ "/p/compose.yaml": stack, "/p/.env": "COMPOSE_PROFILES=cron\n" }).model.services.map((s) => s.name), ["app", "cron"]);
    assert.deepEqual(load({ "/p/compose.yaml": stack, "/p/.env": "COMPOSE_PROFILES=tools, cron\n" }).model.services.map((s) => s.name), ["app", "cron", "debug"]);
    assert.deepEqual(load({ "/p/compose.yaml": stack, "/p/.env": "COMPOSE_PROFILES=\n" }).model.services.map((s) => s.name), ["app"]);
  });

  it("with COMPOSE_PROFILES unknown (the shell's), every service counts", () => {
    assert.deepEqual(load({ "/p/compose.yaml": stack }).model.services.map((s) => s.name), ["app", "cron", "debug"]);
  });
});
