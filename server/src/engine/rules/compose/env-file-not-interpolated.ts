import type { RelatedLocation } from "../../findings";
import type { ClusterModel, VariableUse } from "../../model/cluster-model";
import type { Location } from "../../text/span";
import { basename, dirname, joinPath, normalizePath } from "../../workspace";
import { defineRule } from "../rule";
import { envFileHomes, unsetVariableUses } from "./unset-variables";

const MAX_OTHER_USES = 5;
const interpolationDocs = "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/";
const envFileDocs = "https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/#use-the-env_file-attribute";

/** `stack.env.example` → `stack.env`: the env file an example documents. */
const EXAMPLE_SUFFIX = /[._-](?:example|sample|dist|template|tmpl|defaults?)$/i;

/**
 * Where each name is set for the containers only: an env_file the workspace holds, or — for an
 * env_file it lacks (gitignored) — the example beside it (`stack.env.example` for `stack.env`).
 */
function containerOnlyHomes(model: ClusterModel): Map<string, { file: string; entry: Location }> {
  const homes = new Map<string, { file: string; entry: Location }>();
  for (const [name, home] of envFileHomes(model)) homes.set(name, { file: basename(home.path), entry: home.entry });
  const envFiles = new Set((model.envFiles ?? []).filter((env) => !env.interpolationSource).map((env) => normalizePath(env.path)));
  const missing = new Map<string, string>();
  for (const service of model.services) {
    for (const source of service.unseenSources ?? []) {
      if (source.kind !== "env_file" || source.refusal) continue;
      const path = normalizePath(joinPath(dirname(source.location.path), source.name));
      if (basename(path) !== ".env") missing.set(path, source.name);
    }
  }
  for (const [name, at] of model.exampleVariables ?? []) {
    const documents = normalizePath(joinPath(dirname(at.path), basename(at.path).replace(EXAMPLE_SUFFIX, "")));
    const envFile = missing.get(documents);
    if (envFile !== undefined) {
      if (!homes.has(name)) homes.set(name, { file: `${basename(envFile)} (from ${basename(at.path)})`, entry: at });
    } else if (!envFiles.has(documents)) {
      // An example of .env (or of the shell's variables) documents it: the operator supplies it there.
      homes.delete(name);
    }
  }
  return homes;
}

/** The use is the value of an environment entry of the same name (`X=${X}`), which overrides the env_file's X. */
function overridesEnvFile(model: ClusterModel, name: string, use: VariableUse): boolean {
  return model.services.some((service) => {
    const setting = service.env.get(name);
    const at = setting?.location;
    return setting?.origin === "environment" && at !== undefined && at.path === use.location.path && at.span.start <= use.location.span.start && use.location.span.end <= at.span.end;
  });
}

export const composeEnvFileNotInterpolated = defineRule({
  meta: {
    id: "compose/env-file-not-interpolated",
    severity: "info",
    formats: ["C"],
    priority: "P2",
    clusterOnly: false,
    title: "Variable set only in an env_file but used in ${}",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags `${X}` (or `$X`) in a Compose file when `X` has no value from the project's `.env` and no default, and an `env_file:` of the project sets `X` — or, for an env_file the workspace does not hold, its example beside it does (`stack.env.example` for `env_file: stack.env`). Once per variable, at its first use. Where a `.env` is read and lacks `X`, compose/undefined-variable reports the same `${X}` as a warning (or an error for `${X:?}`) and names the env_file there, so this rule stays silent: it covers the projects without `.env`, Swarm stack files, and variables an example documents.",
      whyItMatters:
        `Compose fills \`\${X}\` from the shell and the project's \`.env\` only; an \`env_file:\` passes its lines into the container and is never used for interpolation (${interpolationDocs}, ${envFileDocs}). So \`POSTGRES_PASSWORD=\${POSTGRES_PASSWORD}\` next to \`env_file: db.env\` becomes empty unless the deploying shell exports the variable, and because \`environment:\` wins over \`env_file:\`, the empty value replaces the one the env_file gave the container. The variable may still come from the shell or tool that deploys (a script that exports it, a CI job), which the files do not show: hence info.`,
      example: {
        "compose.yaml": ["services:", "  db:", "    image: postgres:17", "    env_file:", "      - db.env", "    environment:", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}", ""].join("\n"),
        "db.env": ["POSTGRES_PASSWORD=change-this", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  db:", "    image: postgres:17", "    env_file:", "      - db.env", ""].join("\n"),
        "db.env": ["POSTGRES_PASSWORD=change-this", ""].join("\n"),
      },
      fixSafety:
        "No automatic fix: either drop the `X=${X}` entry so the env_file's value reaches the container, or move `X` into `.env` when other parts of the Compose file need it; which one depends on what else reads the variable.",
      sources: [interpolationDocs, envFileDocs, "https://github.com/docker/docs/issues/20735"],
    },
  },
  check({ model, report }) {
    const homes = containerOnlyHomes(model);
    if (homes.size === 0) return;
    // Where a .env is read and lacks the name, compose/undefined-variable reports it (and names the env_file).
    const reported = unsetVariableUses(model);
    const trapped = new Map<string, VariableUse[]>();
    for (const use of model.interpolations ?? []) {
      if (use.resolved || use.whenUnset === "fallback" || reported.has(use.name) || !homes.has(use.name)) continue;
      const uses = trapped.get(use.name);
      if (uses) uses.push(use);
      else trapped.set(use.name, [use]);
    }
    for (const [name, uses] of trapped) {
      const home = homes.get(name)!;
      const use = uses.find((u) => u.whenUnset === "error") ?? uses[0];
      const rest = uses.filter((u) => u !== use);
      const related: RelatedLocation[] = [
        { location: home.entry, message: `${name} is set here, for the containers only` },
        ...rest.slice(0, MAX_OTHER_USES).map((u) => ({ location: u.location, message: `${name} is also used here` })),
      ];
      const empty = use.whenUnset === "error" ? "Compose refuses to start without it" : "it is empty without them";
      // `docker stack deploy` reads no .env: the deploying shell is the only source there.
      const stack = (model.stackFiles ?? []).includes(use.location.path);
      const from = stack ? "the shell that runs docker stack deploy (which reads no .env)" : ".env or the deploying shell";
      const remedy = stack ? `export ${name} in that shell` : `put ${name} in .env`;
      const override = uses.some((u) => overridesEnvFile(model, name, u))
        ? ` Its environment entry also replaces the value ${home.file.split(" ")[0]} gives the container: drop the entry, or ${remedy}.`
        : ` To use it here, ${remedy}.`;
      report({
        message: `${name} is set in ${home.file}, an env_file, but Compose never fills \${${name}} from an env_file: it comes from ${from}, and ${empty}.${override}`,
        location: use.location,
        related,
      });
    }
  },
});
