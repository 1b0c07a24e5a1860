// The engine's merged and interpolated view of a Compose project against a real implementation:
// Debian's docker-compose 1.29.2 (installed by scripts/install-e2e.sh), whose `config` merges and
// interpolates offline. For a generated set of projects covering the forms v1 supports
// (interpolation with every modifier and variable state, `$$`, `.env`, `env_file` lists,
// override files, `extends` in the same and in another file, chained), each service's image,
// replica count, environment and volume targets must equal what `docker-compose config` prints.
//
// Where v1 and the current Compose specification differ, the engine follows the specification,
// and these forms are left out of the comparison on purpose:
//   - `include:` and the `!reset` / `!override` tags: v1 rejects them (they came with Compose v2).
//   - `${V:+alt}` and `${V+alt}`: v1 says "Invalid interpolation format"; the specification has them
//     (test/unit/engine/interpolate.test.ts covers them).
//   - `.env` quoting: v1 keeps a value's quotes in some cases the specification strips; the
//     generated `.env` files use unquoted values only.
//   - `profiles` filtering: v1's `config` prints every service whatever the active profiles.
//   - a `${VAR}` in a stack file: `docker stack deploy` reads no `.env`, which `config` cannot show.
//   - several `--env-file`s: v1 takes one; Compose v2 reads them in order, a later value winning
//     (test/unit/model/compose-file-sets.test.ts covers them).
//
// The same comparison covers `-f` file sets (the engine given the set as `--file` gives it),
// `COMPOSE_FILE` (and `COMPOSE_PATH_SEPARATOR`) in `.env` with no `-f`, one `--env-file` (the
// `.env` then unread), anchors and merge keys of `x-` fields in the base and in an override, and
// `${VAR}` in keys, which neither v1 nor compose-go interpolates. An alias to an anchor of another
// file is refused by both (each file is parsed on its own); the last test checks that.
import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import yaml from "js-yaml";
import { Engine, buildModel } from "../../server/src/engine/lint";
import type { LintOptions } from "../../server/src/engine/lint-api";
import { loadProject } from "../../server/src/engine/project/load-project";
import { FsWorkspace } from "../../server/src/cli/fs-workspace";
import { WorkspaceBoundary } from "../../server/src/node/workspace-boundary";

interface View {
  image?: string;
  replicas?: number;
  environment: Record<string, string>;
  volumes: string[];
}

type Files = Record<string, string>;

const work = mkdtempSync(path.join(tmpdir(), "compose-diff-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Every interpolation form, read under one state of the variable V (and W, always set). */
function interpolationProject(state: "unset" | "empty" | "set"): Files {
  const forms: Record<string, string> = {
    PLAIN: "${V}",
    BARE: "$V",
    COLON_DEFAULT: "${V:-fallback}",
    DASH_DEFAULT: "${V-fallback}",
    ESCAPED: "$${V}",
    ESCAPED_BARE: "cost $$5",
    MIXED: "a-${W}-b-${V:-x}-c",
    NESTED_TEXT: "${W}${W}",
  };
  const env = ["W=w1", ...(state === "set" ? ["V=value"] : state === "empty" ? ["V="] : [])].join("\n");
  const lines = ["services:", "  app:", "    image: nextcloud:${TAG:-31-apache}", "    environment:"];
  for (const [key, value] of Object.entries(forms)) lines.push(`      ${key}: "${value}"`);
  return { "compose.yaml": `${lines.join("\n")}\n`, ".env": `${env}\nTAG=30.0.1-fpm\n` };
}

interface Case {
  files: Files;
  /** The `-f` files docker-compose is given; `[]`: none, so it reads `COMPOSE_FILE` or the default names from the folder. */
  compose: string[];
  /** The engine is given `compose` as a file set, as `--file` gives it (else it finds the files itself). */
  fileSet?: boolean;
  /** `--env-file`, relative to the project. */
  envFile?: string;
}

const projects: Record<string, Case> = {
  "interpolation-unset": { files: interpolationProject("unset"), compose: ["compose.yaml"] },
  "interpolation-empty": { files: interpolationProject("empty"), compose: ["compose.yaml"] },
  "interpolation-set": { files: interpolationProject("set"), compose: ["compose.yaml"] },
  "env-file-list-and-environment": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    env_file:\n      - base.env\n      - local.env\n    environment:\n      - REDIS_HOST=redis-from-environment\n      - ONLY_HERE=1\n",
      "base.env": "REDIS_HOST=from-base\nMYSQL_HOST=db\nSHARED=base\n",
      "local.env": "SHARED=local\n# a comment\n\nTRUSTED_PROXIES=10.0.0.1 10.0.0.2\n",
    },
    compose: ["compose.yaml"],
  },
  "override-merge": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    deploy:\n      replicas: 2\n    environment:\n      REDIS_HOST: redis\n      PHP_MEMORY_LIMIT: 512M\n    volumes:\n      - html:/var/www/html\n      - ./config:/var/www/html/config\n  redis:\n    image: redis:7.4\nvolumes:\n  html: {}\n",
      "compose.override.yaml": "services:\n  app:\n    image: nextcloud:31.0.5-apache\n    deploy:\n      replicas: ${REPLICAS}\n    environment:\n      - PHP_MEMORY_LIMIT=1G\n    volumes:\n      - other:/var/www/html\nvolumes:\n  other: {}\n",
      ".env": "REPLICAS=4\n",
    },
    compose: ["compose.yaml", "compose.override.yaml"],
  },
  "extends-chain": {
    files: {
      "compose.yaml": "services:\n  app:\n    extends:\n      file: common/base.yml\n      service: nc\n    deploy:\n      replicas: 3\n    environment:\n      ROLE: web\n  cron:\n    extends: app\n    entrypoint: /cron.sh\n    environment:\n      ROLE: cron\n    deploy:\n      replicas: 1\nvolumes:\n  html: {}\n",
      "common/base.yml": "services:\n  nc:\n    image: nextcloud:${NC_TAG}\n    env_file: nc.env\n    environment:\n      ROLE: base\n      BASE_ONLY: \"yes\"\n    volumes:\n      - html:/var/www/html\n",
      "common/nc.env": "REDIS_HOST=redis\n",
      ".env": "NC_TAG=31-apache\n",
    },
    compose: ["compose.yaml"],
  },
  "replicas-and-scale": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: owncloud/server:10.16.4\n    deploy:\n      replicas: ${N:-3}\n  worker:\n    image: owncloud/server:10.16.4\n    scale: 2\n",
    },
    compose: ["compose.yaml"],
  },
  "file-set": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    environment:\n      REDIS_HOST: redis\n      KEEP: base\n    volumes:\n      - html:/var/www/html\n  redis:\n    image: redis:7.4\nvolumes:\n  html: {}\n",
      "compose.override.yaml": "services:\n  app:\n    environment:\n      REDIS_HOST: not-read-with-f\n",
      "deploy/compose.prod.yaml": "services:\n  app:\n    image: nextcloud:${PROD_TAG}\n    deploy:\n      replicas: 3\n    environment:\n      - REDIS_HOST=redis-prod\n    volumes:\n      - ./data:/var/www/html/data\n  cron:\n    image: nextcloud:31-apache\n    entrypoint: /cron.sh\n",
      "deploy/compose.local.yaml": "services:\n  app:\n    deploy:\n      replicas: 5\n",
      ".env": "PROD_TAG=31.0.5-apache\n",
    },
    compose: ["compose.yaml", "deploy/compose.prod.yaml", "deploy/compose.local.yaml"],
    fileSet: true,
  },
  "compose-file-variable": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: owncloud/server:10.16.4\n    environment:\n      OWNCLOUD_REDIS_HOST: redis\n",
      "compose.override.yaml": "services:\n  app:\n    environment:\n      OWNCLOUD_REDIS_HOST: not-read\n",
      "ops/scale.yml": "services:\n  app:\n    deploy:\n      replicas: ${N}\n    environment:\n      OWNCLOUD_DOMAIN: cloud.example\n",
      ".env": "COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=compose.yaml,ops/scale.yml\nN=2\n",
    },
    compose: [],
  },
  "env-file-replaces-dotenv": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: nextcloud:${TAG:-31-apache}\n    deploy:\n      replicas: ${REPLICAS:-1}\n    environment:\n      ONLY_IN_DOTENV: \"${DOTENV_ONLY:-unset}\"\n      FROM_FILE: ${HOST}\n",
      ".env": "TAG=from-dotenv\nREPLICAS=9\nDOTENV_ONLY=yes\n",
      "env/prod.env": "TAG=31.0.5-fpm\nREPLICAS=4\nHOST=nc.example\n",
    },
    compose: ["compose.yaml"],
    envFile: "env/prod.env",
  },
  "anchors-and-merge-keys": {
    files: {
      "compose.yaml": "x-nextcloud: &nextcloud\n  image: nextcloud:31-apache\n  environment: &env\n    REDIS_HOST: redis\n    MYSQL_HOST: db\n  volumes:\n    - html:/var/www/html\nservices:\n  app:\n    <<: *nextcloud\n    deploy:\n      replicas: 2\n  cron:\n    <<: *nextcloud\n    entrypoint: /cron.sh\n    environment:\n      <<: *env\n      ROLE: cron\nvolumes:\n  html: {}\n",
      "compose.override.yaml": "x-scaled: &scaled\n  deploy:\n    replicas: 4\nservices:\n  app:\n    <<: *scaled\n    environment:\n      PHP_MEMORY_LIMIT: 1G\n",
    },
    compose: ["compose.yaml", "compose.override.yaml"],
  },
  "variables-in-keys": {
    files: {
      "compose.yaml": "services:\n  app:\n    image: nextcloud:31-apache\n    environment:\n      ${NAME}: x\n      PLAIN_${NAME}: \"y\"\n      VALUE: ${NAME}\n",
      ".env": "NAME=REDIS_HOST\n",
    },
    compose: ["compose.yaml"],
  },
};

/** The override's environment over the base's, each written as a map or as a list. */
for (const base of ["map", "list"] as const) {
  for (const over of ["map", "list"] as const) {
    const env = (style: "map" | "list", pairs: [string, string][]) =>
      pairs.map(([k, v]) => (style === "map" ? `      ${k}: "${v}"` : `      - "${k}=${v}"`)).join("\n");
    projects[`environment-${base}-under-${over}`] = {
      files: {
        "compose.yaml": `services:\n  app:\n    image: owncloud/server:10.16.4\n    environment:\n${env(base, [["OWNCLOUD_REDIS_HOST", "redis"], ["OWNCLOUD_DOMAIN", "a.example"], ["KEEP", "base"]])}\n`,
        "compose.override.yaml": `services:\n  app:\n    environment:\n${env(over, [["OWNCLOUD_DOMAIN", "b.example"], ["ADDED", "x y"]])}\n`,
      },
      compose: ["compose.yaml", "compose.override.yaml"],
    };
  }
}

function write(dir: string, files: Files): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/** What docker-compose 1.29 does with `args` in `dir`, with no shell variable leaking in. */
function dockerCompose(dir: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync("docker-compose", args, { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
}

/** What docker-compose 1.29 merges. */
function composeView(dir: string, { compose, envFile }: Case): Record<string, View> {
  const args = [
    ...(compose.length > 0 ? ["--project-directory", dir, ...compose.flatMap((f) => ["-f", path.join(dir, f)])] : []),
    ...(envFile ? ["--env-file", path.join(dir, envFile)] : []),
    "config",
  ];
  const result = dockerCompose(dir, args);
  assert.equal(result.status, 0, `docker-compose config failed in ${dir}:\n${result.stderr}`);
  const doc = yaml.load(result.stdout) as { services: Record<string, { image?: string; deploy?: { replicas?: number }; scale?: number; environment?: Record<string, string | number | null>; volumes?: (string | { target: string })[] }> };
  const views: Record<string, View> = {};
  for (const [name, service] of Object.entries(doc.services)) {
    const environment: Record<string, string> = {};
    // `config` writes a Compose file, so a literal `$` comes out escaped as `$$`.
    for (const [key, value] of Object.entries(service.environment ?? {})) environment[key.replace(/\$\$/g, "$")] = String(value ?? "").replace(/\$\$/g, "$");
    views[name] = {
      image: service.image,
      replicas: service.deploy?.replicas ?? service.scale,
      environment,
      volumes: (service.volumes ?? []).map((v) => (typeof v === "string" ? v.split(":")[1] : v.target)).sort(),
    };
  }
  return views;
}

/** The engine's model of the same project, in the same terms. */
function engineView(dir: string, { compose, fileSet, envFile }: Case): Record<string, View> {
  const engine = new Engine();
  const ws = new FsWorkspace(new WorkspaceBoundary([dir]));
  const options: LintOptions = {
    ...(fileSet ? { composeFileSets: [compose.map((f) => path.join(dir, f))] } : {}),
    ...(envFile ? { composeEnvFiles: [path.join(dir, envFile)] } : {}),
  };
  // From the last file of the set: any file of it finds the whole set.
  const spec = engine.discover(path.join(dir, fileSet ? compose[compose.length - 1] : "compose.yaml"), ws, options);
  assert.ok(spec, `no project in ${dir}`);
  const model = buildModel(loadProject(spec, ws, engine.cache, options));
  const views: Record<string, View> = {};
  for (const service of model.services) {
    const environment: Record<string, string> = {};
    for (const [key, setting] of service.env) environment[key] = setting.value;
    views[service.name] = {
      image: service.image?.value,
      replicas: service.replicas.location && typeof service.replicas.value === "number" ? service.replicas.value : undefined,
      environment,
      volumes: service.mounts.map((m) => m.target).sort(),
    };
  }
  return views;
}

for (const [name, project] of Object.entries(projects)) {
  test(`the engine merges ${name} as docker-compose config does`, () => {
    const dir = path.join(work, name);
    write(dir, project.files);
    assert.deepEqual(engineView(dir, project), composeView(dir, project));
  });
}

test("an alias to an anchor of another file: docker-compose refuses it, the engine reports it in that file", () => {
  const dir = path.join(work, "alias-across-files");
  const files = {
    "compose.yaml": "x-nextcloud: &nextcloud\n  image: nextcloud:31-apache\nservices:\n  app:\n    <<: *nextcloud\n",
    "compose.override.yaml": "services:\n  cron:\n    <<: *nextcloud\n    entrypoint: /cron.sh\n",
  };
  write(dir, files);
  const result = dockerCompose(dir, ["--project-directory", dir, "-f", path.join(dir, "compose.yaml"), "-f", path.join(dir, "compose.override.yaml"), "config"]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /found undefined alias 'nextcloud'/);
  const engine = new Engine();
  const ws = new FsWorkspace(new WorkspaceBoundary([dir]));
  const spec = engine.discover(path.join(dir, "compose.yaml"), ws);
  assert.ok(spec);
  const problems = loadProject(spec, ws, engine.cache, {}).parseProblems.map((p) => [path.basename(p.location.path), p.severity, files["compose.override.yaml"].slice(p.location.span.start, p.location.span.end)]);
  assert.deepEqual(problems, [["compose.override.yaml", "error", "*nextcloud"]]);
});
