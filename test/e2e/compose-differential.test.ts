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
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import yaml from "js-yaml";
import { Engine, buildModel } from "../../server/src/engine/lint";
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

const projects: Record<string, { files: Files; compose: string[] }> = {
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

/** What docker-compose 1.29 merges, with no shell variable leaking in. */
function composeView(dir: string, compose: string[]): Record<string, View> {
  const args = ["--project-directory", dir, ...compose.flatMap((f) => ["-f", path.join(dir, f)]), "config"];
  const result = spawnSync("docker-compose", args, { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  assert.equal(result.status, 0, `docker-compose config failed in ${dir}:\n${result.stderr}`);
  const doc = yaml.load(result.stdout) as { services: Record<string, { image?: string; deploy?: { replicas?: number }; scale?: number; environment?: Record<string, string | number | null>; volumes?: (string | { target: string })[] }> };
  const views: Record<string, View> = {};
  for (const [name, service] of Object.entries(doc.services)) {
    const environment: Record<string, string> = {};
    // `config` writes a Compose file, so a literal `$` comes out escaped as `$$`.
    for (const [key, value] of Object.entries(service.environment ?? {})) environment[key] = String(value ?? "").replace(/\$\$/g, "$");
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
function engineView(dir: string): Record<string, View> {
  const engine = new Engine();
  const ws = new FsWorkspace(new WorkspaceBoundary([dir]));
  const spec = engine.discover(path.join(dir, "compose.yaml"), ws);
  assert.ok(spec, `no project in ${dir}`);
  const model = buildModel(loadProject(spec, ws, engine.cache, {}));
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

for (const [name, { files, compose }] of Object.entries(projects)) {
  test(`the engine merges ${name} as docker-compose config does`, () => {
    const dir = path.join(work, name);
    write(dir, files);
    assert.deepEqual(engineView(dir), composeView(dir, compose));
  });
}
