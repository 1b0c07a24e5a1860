/**
 * What `docker compose` reads besides the default `compose.yaml` + `compose.override.yaml`:
 * `-f` file sets (from the options or `COMPOSE_FILE` in `.env`), `--env-file`, anchors and merge
 * keys per file, and `${VAR}` in keys (never interpolated). Each case asserts the merged service,
 * which project a file is linted in, and where the facts are.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine, buildModel } from "../../../server/src/engine/lint";
import type { LintOptions } from "../../../server/src/engine/lint-api";
import type { ClusterModel } from "../../../server/src/engine/model/cluster-model";
import { loadProject } from "../../../server/src/engine/project/load-project";
import type { Project } from "../../../server/src/engine/project/project";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function load(files: Record<string, string>, entry: string, options: LintOptions = {}): { model: ClusterModel; project: Project; text: (loc: { path: string; span: { start: number; end: number } } | undefined) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const spec = engine.discover(entry, ws, options);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, options);
  return { model: buildModel(project), project, text: (loc) => (loc ? map.get(loc.path)!.slice(loc.span.start, loc.span.end) : "") };
}

const service = (m: ClusterModel, name: string) => {
  const found = m.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} among ${m.services.map((s) => s.name).join(", ")}`);
  return found;
};

const base = "services:\n  app:\n    image: nextcloud:${TAG:-31-apache}\n    environment:\n      REDIS_HOST: redis\n    volumes:\n      - ./config:/var/www/html/config\n";
const prod = "services:\n  app:\n    deploy:\n      replicas: ${REPLICAS:-1}\n    environment:\n      REDIS_HOST: redis-prod\n";
const override = "services:\n  app:\n    environment:\n      REDIS_HOST: from-override\n";

describe("Compose file sets (-f)", () => {
  const files = {
    "/p/compose.yaml": base,
    "/p/compose.override.yaml": override,
    "/p/deploy/compose.prod.yaml": prod,
    "/p/.env": "REPLICAS=3\n",
  };
  const options: LintOptions = { composeFileSets: [["/p/compose.yaml", "/p/deploy/compose.prod.yaml"]] };

  it("merges the set in order, without compose.override.yaml, from any file of the set", () => {
    for (const entry of ["/p/compose.yaml", "/p/deploy/compose.prod.yaml", "/p/.env"]) {
      const { model, project } = load(files, entry, options);
      assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/deploy/compose.prod.yaml"], entry);
      const app = service(model, "app");
      assert.equal(app.env.get("REDIS_HOST")?.value, "redis-prod");
      assert.equal(app.replicas.value, 3);
      assert.equal(app.replicas.location?.path, "/p/deploy/compose.prod.yaml");
      // Paths of a later file resolve against the first file's folder, the project directory.
      assert.equal(project.composeDirs?.has("/p/deploy/compose.prod.yaml"), false);
    }
  });

  it("links the override a set leaves out to the set, which does not read it", () => {
    const engine = new Engine();
    const spec = engine.discover("/p/compose.override.yaml", new MapWorkspace(new Map(Object.entries(files))), options);
    assert.deepEqual(spec, { kind: "compose", entry: "/p/compose.yaml", files: ["/p/compose.yaml", "/p/deploy/compose.prod.yaml"] });
  });

  it("without a set, the same files are the default project", () => {
    const { project, model } = load(files, "/p/compose.yaml");
    assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/compose.override.yaml"]);
    assert.equal(service(model, "app").env.get("REDIS_HOST")?.value, "from-override");
  });

  it("a file of a set that is not there is reported, and what it changes is unknown", () => {
    const { project, model } = load(files, "/p/compose.yaml", { composeFileSets: [["/p/compose.yaml", "/p/compose.missing.yaml"]] });
    assert.deepEqual(project.refusedInputs.map((r) => [r.role, r.name, r.reason, r.location.path]), [["override", "compose.missing.yaml", "is not in the workspace", "/p/compose.yaml"]]);
    assert.ok(service(model, "app").opaqueEnvSources?.length);
  });

  it("a file listed in a set is a Compose file whatever its name", () => {
    const { project } = load({ "/p/compose.yaml": base, "/p/prod-settings.yml": prod }, "/p/prod-settings.yml", { composeFileSets: [["/p/compose.yaml", "/p/prod-settings.yml"]] });
    assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/prod-settings.yml"]);
  });
});

describe("COMPOSE_FILE in .env", () => {
  it("names the set, split at COMPOSE_PATH_SEPARATOR or ':', relative to the .env's folder", () => {
    const files = {
      "/p/compose.yaml": base,
      "/p/compose.override.yaml": override,
      "/p/deploy/compose.prod.yaml": prod,
      "/p/.env": "PROD=deploy/compose.prod.yaml\nCOMPOSE_FILE=compose.yaml:${PROD}\nREPLICAS=2\n",
    };
    for (const entry of ["/p/compose.yaml", "/p/deploy/compose.prod.yaml", "/p/.env", "/p/compose.override.yaml"]) {
      const { project, model } = load(files, entry);
      assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/deploy/compose.prod.yaml"], entry);
      assert.equal(service(model, "app").replicas.value, 2);
    }
    const separated = { ...files, "/p/.env": "COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=compose.yaml;compose.override.yaml;deploy/compose.prod.yaml\n" };
    const { project } = load(separated, "/p/compose.yaml");
    assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/compose.override.yaml", "/p/deploy/compose.prod.yaml"]);
  });

  it("the .env that sets COMPOSE_FILE fills ${VAR}, also when the first file is in another folder", () => {
    // compose-go reads the working directory's .env before it knows the files (cli/options.go: WithEnvFiles, then WithConfigFileEnv).
    const files = {
      "/p/.env": "COMPOSE_FILE=deploy/compose.yaml:deploy/compose.prod.yaml\nREPLICAS=4\n",
      "/p/deploy/.env": "REPLICAS=1\n",
      "/p/deploy/compose.yaml": base,
      "/p/deploy/compose.prod.yaml": prod,
    };
    const { project, model } = load(files, "/p/deploy/compose.prod.yaml");
    assert.equal(project.entry, "/p/deploy/compose.yaml");
    assert.equal(project.dotenv?.path, "/p/.env");
    assert.equal(service(model, "app").replicas.value, 4);
  });

  it("a set in the options wins over COMPOSE_FILE, and an unknown COMPOSE_FILE leaves the default", () => {
    const files = { "/p/compose.yaml": base, "/p/compose.override.yaml": override, "/p/compose.prod.yaml": prod, "/p/.env": "COMPOSE_FILE=compose.yaml:compose.prod.yaml\n" };
    const { project } = load(files, "/p/compose.yaml", { composeFileSets: [["/p/compose.yaml", "/p/compose.override.yaml"]] });
    assert.deepEqual(project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/compose.override.yaml"]);
    const unknown = load({ ...files, "/p/.env": "COMPOSE_FILE=${FILES}\n" }, "/p/compose.yaml");
    assert.deepEqual(unknown.project.composeFiles.map((f) => f.path), ["/p/compose.yaml", "/p/compose.override.yaml"]);
  });
});

describe("--env-file", () => {
  const files = {
    "/p/compose.yaml": "services:\n  app:\n    image: nextcloud:${TAG}\n    deploy:\n      replicas: ${REPLICAS}\n    environment:\n      HOST: ${HOST:-none}\n",
    "/p/.env": "TAG=from-dotenv\nREPLICAS=9\n",
    "/p/env/common.env": "TAG=31-apache\nREPLICAS=2\nDOMAIN=cloud.example\n",
    "/p/env/prod.env": "REPLICAS=4\nHOST=app.${DOMAIN}\n",
  };

  it("reads the files in order, a later value wins and reads the earlier ones, and .env is not read", () => {
    const { model, project, text } = load(files, "/p/compose.yaml", { composeEnvFiles: ["/p/env/common.env", "/p/env/prod.env"] });
    const app = service(model, "app");
    assert.equal(app.image?.value, "nextcloud:31-apache");
    assert.equal(app.replicas.value, 4);
    assert.equal(app.env.get("HOST")?.value, "app.cloud.example");
    assert.equal(project.variables.get("REPLICAS")?.location.path, "/p/env/prod.env");
    assert.equal(project.dotenv?.path, "/p/env/prod.env");
    assert.ok(!project.files.includes("/p/.env"));
    // Both files fill ${VAR}: neither is an env_file that Compose never interpolates.
    assert.deepEqual(model.envFiles?.map((e) => [e.path, e.interpolationSource]), [["/p/env/common.env", true], ["/p/env/prod.env", true]]);
    assert.equal(text(app.replicas.related[0]?.location), "REPLICAS");
  });

  it("a variable none of them defines is reported as missing from them, not from .env", () => {
    const map = new Map(Object.entries({ ...files, "/p/compose.yaml": `${files["/p/compose.yaml"]}      MISSING: \${NOT_SET}\n` }));
    const result = new Engine().lintPaths(["/p/compose.yaml"], new MapWorkspace(map), { composeEnvFiles: ["/p/env/common.env", "/p/env/prod.env"] });
    const messages = result.findings.filter((f) => f.ruleId === "compose/undefined-variable").map((f) => f.message);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^NOT_SET is not defined in common\.env or prod\.env and has no default/);
  });

  it("an env file that is not there makes every variable unknown", () => {
    const { model, project } = load(files, "/p/compose.yaml", { composeEnvFiles: ["/p/env/common.env", "/p/env/missing.env"] });
    assert.deepEqual(project.refusedInputs.map((r) => [r.role, r.name, r.reason]), [["dotenv", "env/missing.env", "is not in the workspace"]]);
    assert.equal(project.variables.size, 0);
    assert.equal(project.dotenv, undefined);
    // `${REPLICAS}` and `${TAG}` have no value here: no replica count or image tag is assumed.
    assert.equal(service(model, "app").replicas.location, undefined);
    assert.equal(project.interpolationValue("TAG"), undefined);
  });

  it("an --env-file is linted with the Compose project of its folder", () => {
    const ws = new MapWorkspace(new Map(Object.entries({ "/p/compose.yaml": files["/p/compose.yaml"], "/p/prod.env": "TAG=1\n" })));
    assert.deepEqual(new Engine().discover("/p/prod.env", ws, { composeEnvFiles: ["/p/prod.env"] }), { kind: "compose", entry: "/p/compose.yaml" });
    assert.deepEqual(new Engine().discover("/p/prod.env", ws), { kind: "env", entry: "/p/prod.env" });
  });
});

describe("anchors and merge keys", () => {
  it("an x- anchor merges (<<) in the file that defines it, also in an override", () => {
    const files = {
      "/p/compose.yaml": "x-app: &app\n  image: nextcloud:31-apache\n  environment: &env\n    REDIS_HOST: redis\nservices:\n  app:\n    <<: *app\n  cron:\n    <<: *app\n    entrypoint: /cron.sh\n",
      "/p/compose.override.yaml": "x-scaled: &scaled\n  deploy:\n    replicas: 3\nservices:\n  app:\n    <<: *scaled\n    environment:\n      PHP_MEMORY_LIMIT: 1G\n",
    };
    const { model } = load(files, "/p/compose.yaml");
    const app = service(model, "app");
    assert.equal(app.image?.value, "nextcloud:31-apache");
    assert.equal(app.replicas.value, 3);
    assert.deepEqual([...app.env.keys()].sort(), ["PHP_MEMORY_LIMIT", "REDIS_HOST"]);
    assert.equal(service(model, "cron").image?.value, "nextcloud:31-apache");
    assert.equal(model.services.some((s) => s.name.startsWith("x-")), false);
  });

  it("an alias to an anchor of another file is a YAML error in that file: Compose loads each file on its own", () => {
    // compose-go parses every file separately (loader/loader.go), so `*app` names no anchor there;
    // docker-compose 1.29 says "found undefined alias" (test/e2e/compose-differential.test.ts).
    const files = {
      "/p/compose.yaml": "x-app: &app\n  image: nextcloud:31-apache\nservices:\n  app:\n    <<: *app\n",
      "/p/compose.override.yaml": "services:\n  worker:\n    <<: *app\n    entrypoint: /cron.sh\n",
    };
    const { project, model } = load(files, "/p/compose.yaml");
    const problems = project.parseProblems.filter((p) => p.location.path === "/p/compose.override.yaml");
    assert.equal(problems.length > 0, true);
    assert.equal(problems[0].severity, "error");
    assert.match(problems[0].message, /^The alias \*app names no anchor/);
    assert.equal(files["/p/compose.override.yaml"].slice(problems[0].location.span.start, problems[0].location.span.end), "*app");
    assert.equal(service(model, "app").image?.value, "nextcloud:31-apache");
    // The worker gets nothing from the other file's anchor.
    assert.equal(model.services.find((s) => s.name === "worker")?.image, undefined);
  });

  it("the same across include: an included file cannot use its includer's anchors, nor the includer the included file's", () => {
    const files = {
      "/p/compose.yaml": "include:\n  - db/compose.yaml\nx-app: &app\n  image: nextcloud:31-apache\nservices:\n  app:\n    <<: *db\n",
      "/p/db/compose.yaml": "x-db: &db\n  image: mariadb:11.4\nservices:\n  db:\n    <<: *app\n",
    };
    const { project } = load(files, "/p/compose.yaml");
    const problems = project.parseProblems.map((p) => [p.location.path, files[p.location.path as keyof typeof files].slice(p.location.span.start, p.location.span.end)]);
    assert.deepEqual(problems.sort(), [["/p/compose.yaml", "*db"], ["/p/db/compose.yaml", "*app"]]);
  });
});

describe("${VAR} in keys", () => {
  // compose-go interpolates values only: a map's keys are copied as written
  // (https://github.com/compose-spec/compose-go/blob/main/interpolation/interpolation.go, recursiveInterpolate).
  const files = {
    "/p/compose.yaml": "services:\n  ${NAME}:\n    image: nextcloud:31-apache\n    environment:\n      ${KEY}: x\n      REDIS_HOST: ${HOST}\n    volumes:\n      - ${VOL}:/var/www/html\nvolumes:\n  ${VOL}: {}\n",
    "/p/.env": "NAME=app\nKEY=REDIS_HOST\nHOST=redis\nVOL=html\n",
  };

  it("keeps keys as written and interpolates the values", () => {
    const { model, project } = load(files, "/p/compose.yaml");
    const app = service(model, "${NAME}");
    assert.deepEqual([...app.env.keys()].sort(), ["${KEY}", "REDIS_HOST"]);
    assert.equal(app.env.get("REDIS_HOST")?.value, "redis");
    // The volume item is a value (interpolated) and names `html`, which the top-level key `${VOL}` does not define.
    assert.equal(app.mounts[0].source, "html");
    assert.equal(app.mounts[0].volume, undefined);
    // Only values are interpolation sites.
    assert.deepEqual(project.interpolations.map((i) => i.reference.name).sort(), ["HOST", "VOL"]);
  });
});

describe("Swarm semantics (docker stack deploy)", () => {
  const stack = (constraints: string[], extra = "") =>
    `services:\n  app:\n    image: nextcloud:31-apache\n${extra}    volumes:\n      - html:/var/www/html\n    deploy:\n      replicas: 3\n      placement:\n        constraints:\n${constraints.map((c) => `          - ${c}\n`).join("")}volumes:\n  html: {}\n`;

  it("node.hostname == X pins every task to one node: the replicas share its local volume", () => {
    const { model, text } = load({ "/p/docker-stack.yml": stack(["node.role == worker", '"node.hostname == ${NODE:-nc-1}"']) }, "/p/docker-stack.yml", { assumeCluster: true });
    const app = service(model, "app");
    assert.equal(app.placement?.node, "nc-1");
    assert.equal(app.placement?.unknown, false);
    assert.equal(text(app.placement?.workloadLocation), "app");
    assert.equal(app.spreadAcrossNodes, false);
    assert.equal(app.mounts[0].backingKind, "local");
  });

  it("an override's constraints add to the base's; role, labels, != and unknown values leave the nodes open", () => {
    const files = { "/p/compose.yaml": stack(["node.role == worker"]), "/p/compose.override.yaml": "services:\n  app:\n    deploy:\n      placement:\n        constraints: [node.id == 4w3k9]\n" };
    const pinned = service(load(files, "/p/compose.yaml").model, "app");
    assert.equal(pinned.placement?.node, "4w3k9");
    assert.equal(pinned.spreadAcrossNodes, false);
    for (const constraints of [["node.labels.storage == true"], ["node.hostname != nc-2"], ["node.hostname == ${NODE}"], ["node.hostname == a", "node.hostname == b"]]) {
      const app = service(load({ "/p/docker-stack.yml": stack(constraints) }, "/p/docker-stack.yml").model, "app");
      assert.equal(app.placement?.node, undefined, constraints.join(", "));
      assert.equal(app.placement?.unknown, true, constraints.join(", "));
      assert.equal(app.spreadAcrossNodes, true, constraints.join(", "));
    }
  });

  it("depends_on, restart, container_name and build, which docker stack deploy ignores, change nothing in the model", () => {
    // The Compose file v3 reference lists them as "ignored when deploying a stack in swarm mode" (https://docs.docker.com/reference/compose-file/legacy-versions/).
    const plain = load({ "/p/docker-stack.yml": stack(["node.role == worker"]) }, "/p/docker-stack.yml").model;
    const extra = "    build: .\n    container_name: nextcloud\n    restart: always\n    depends_on:\n      - db\n";
    const ignored = load({ "/p/docker-stack.yml": stack(["node.role == worker"], extra) }, "/p/docker-stack.yml").model;
    const view = (m: ClusterModel) => m.services.map((s) => ({ name: s.name, image: s.image?.value, replicas: s.replicas.value, spread: s.spreadAcrossNodes, mounts: s.mounts.map((x) => [x.target, x.backingKind]) }));
    assert.deepEqual(view(ignored), view(plain));
  });
});

describe("file sets and env files: bad input", () => {
  it("a set file, COMPOSE_FILE entry or --env-file outside the workspace is not read, and says so", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { FsWorkspace } = await import("../../../server/src/cli/fs-workspace");
    const { WorkspaceBoundary } = await import("../../../server/src/node/workspace-boundary");
    const top = mkdtempSync(join(tmpdir(), "file-sets-"));
    try {
      mkdirSync(join(top, "repo"));
      writeFileSync(join(top, "outside.yaml"), "services:\n  app:\n    environment:\n      SECRET: leaked\n");
      writeFileSync(join(top, "outside.env"), "APP_REPLICAS=7\n");
      writeFileSync(join(top, "repo", "compose.yaml"), "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: ${APP_REPLICAS:-2}\n");
      writeFileSync(join(top, "repo", ".env"), "COMPOSE_FILE=compose.yaml:../outside.yaml\r\nAPP_REPLICAS=3\r\n");
      const repo = join(top, "repo");
      const engine = new Engine();
      const ws = new FsWorkspace(new WorkspaceBoundary([repo]));
      const check = (options: LintOptions) => {
        const spec = engine.discover(join(repo, "compose.yaml"), ws, options);
        assert.ok(spec);
        const project = loadProject(spec, ws, engine.cache, options);
        assert.ok(!project.files.some((f) => f.startsWith(join(top, "outside"))), project.files.join(", "));
        return { project, app: service(buildModel(project), "app") };
      };
      // COMPOSE_FILE in a CRLF .env: the outside file is refused, its changes unknown.
      const viaVariable = check({});
      assert.deepEqual(viaVariable.project.refusedInputs.map((r) => [r.role, r.name]), [["override", join(top, "outside.yaml")]]);
      assert.match(viaVariable.project.refusedInputs[0].reason, /outside/);
      assert.equal(viaVariable.app.env.get("SECRET"), undefined);
      assert.equal(viaVariable.app.replicas.value, 3);
      // --env-file outside: not read, so no variable is known (not even the .env's, which it replaces).
      const viaEnvFile = check({ composeEnvFiles: [join(top, "outside.env")] });
      assert.deepEqual(viaEnvFile.project.refusedInputs.map((r) => r.role), ["dotenv"]);
      assert.equal(viaEnvFile.project.variables.size, 0);
      assert.equal(viaEnvFile.app.replicas.location, undefined);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it("broken YAML in a file of the set is a parse problem of that file; the rest of the set still merges", () => {
    const files = { "/p/compose.yaml": base, "/p/compose.prod.yaml": "services:\n  app:\n    deploy: [replicas: 3\n" };
    const { project, model } = load(files, "/p/compose.prod.yaml", { composeFileSets: [["/p/compose.yaml", "/p/compose.prod.yaml"]] });
    assert.ok(project.parseProblems.some((p) => p.location.path === "/p/compose.prod.yaml" && p.severity === "error"));
    assert.equal(service(model, "app").image?.value, "nextcloud:31-apache");
  });

  it("a set that lists a file twice, or a COMPOSE_FILE of separators only, does not loop or crash", () => {
    const twice = load({ "/p/compose.yaml": base }, "/p/compose.yaml", { composeFileSets: [["/p/compose.yaml", "/p/compose.yaml"]] });
    assert.equal(service(twice.model, "app").image?.value, "nextcloud:31-apache");
    const empty = load({ "/p/compose.yaml": base, "/p/.env": "COMPOSE_FILE=:::\n" }, "/p/compose.yaml");
    assert.deepEqual(empty.project.composeFiles.map((f) => f.path), ["/p/compose.yaml"]);
    // Thousands of names: the first 32 are the set, each read once.
    const many = Array.from({ length: 5000 }, (_, i) => `missing-${i}.yaml`).join(":");
    const huge = load({ "/p/compose.yaml": base, "/p/.env": `COMPOSE_FILE=compose.yaml:compose.yaml:${many}\n` }, "/p/compose.yaml");
    assert.deepEqual(huge.project.composeFiles.map((f) => f.path), ["/p/compose.yaml"]);
    assert.equal(huge.project.refusedInputs.length, 31);
  });
});

describe("two sets with the same first file", () => {
  it("each is linted: a finding the prod set makes is reported though compose.yaml is in the dev set too", () => {
    const files = {
      "/p/compose.yaml": base,
      "/p/compose.dev.yaml": "services:\n  app:\n    environment:\n      PHP_MEMORY_LIMIT: 1G\n",
      "/p/compose.prod.yaml": "services:\n  app:\n    deploy:\n      replicas: 3\n",
    };
    const options: LintOptions = { composeFileSets: [["/p/compose.yaml", "/p/compose.dev.yaml"], ["/p/compose.yaml", "/p/compose.prod.yaml"]] };
    const result = new Engine().lintPaths(Object.keys(files), new MapWorkspace(new Map(Object.entries(files))), options);
    assert.deepEqual(result.projects.map((p) => p.files.filter((f) => f.endsWith(".yaml"))), [["/p/compose.yaml", "/p/compose.dev.yaml"], ["/p/compose.yaml", "/p/compose.prod.yaml"]]);
    // The webroot and config are not shared: only the prod set scales the app to 3.
    const html = result.findings.filter((f) => f.ruleId === "storage/html-not-shared");
    assert.deepEqual(html.map((f) => [f.location.path, files["/p/compose.yaml"].slice(f.location.span.start, f.location.span.end)]), [["/p/compose.yaml", "app"], ["/p/compose.yaml", "./config:/var/www/html/config"]]);
    const devOnly = new Engine().lintPaths(Object.keys(files), new MapWorkspace(new Map(Object.entries(files))), { composeFileSets: [options.composeFileSets![0]] });
    assert.deepEqual(devOnly.findings.filter((f) => f.ruleId === "storage/html-not-shared" && f.location.path === "/p/compose.yaml"), []);
  });
});
