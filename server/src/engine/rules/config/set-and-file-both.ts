import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { AppRole, ClusterModel, EnvSetting } from "../../model/cluster-model";
import { settingOf, type SettingFact } from "../../model/queries";
import type { Project } from "../../project/project";
import { defineRule } from "../rule";
import { nextcloudSetup } from "./nextcloud-setup";

/**
 * The variables the Nextcloud entrypoint reads with `file_env`, which exits when both `X` and
 * `X_FILE` are non-empty, and when it does so
 * (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh).
 */
const exclusiveVariables: { name: string; when: "redis" | "install" | "install-db" }[] = [
  { name: "REDIS_HOST_PASSWORD", when: "redis" },
  { name: "NEXTCLOUD_ADMIN_USER", when: "install" },
  { name: "NEXTCLOUD_ADMIN_PASSWORD", when: "install" },
  { name: "MYSQL_DATABASE", when: "install-db" },
  { name: "MYSQL_USER", when: "install-db" },
  { name: "MYSQL_PASSWORD", when: "install-db" },
  { name: "POSTGRES_DB", when: "install-db" },
  { name: "POSTGRES_USER", when: "install-db" },
  { name: "POSTGRES_PASSWORD", when: "install-db" },
];

const ENTRYPOINT = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const README_SECRETS = "https://github.com/nextcloud/docker/blob/master/README.md#docker-secrets";

export const setAndFileBoth = defineRule({
  meta: {
    id: "config/set-and-file-both",
    severity: "error",
    formats: ["C", "E", "K", "H"],
    priority: "P2",
    clusterOnly: false,
    title: "A Nextcloud variable set both directly and as a _FILE secret",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags a Nextcloud container that sets both `X` and `X_FILE` for a variable the entrypoint reads with `file_env`: `REDIS_HOST_PASSWORD` (while `REDIS_HOST` is set), `NEXTCLOUD_ADMIN_USER`, `NEXTCLOUD_ADMIN_PASSWORD`, and the database variables `MYSQL_DATABASE`, `MYSQL_USER`, `MYSQL_PASSWORD`, `POSTGRES_DB`, `POSTGRES_USER`, `POSTGRES_PASSWORD` (while an automated install is configured), in Compose, env files, Kubernetes containers and the Nextcloud chart's `nextcloud.extraEnv` (a `valueFrom` entry's value is not in the files and is not judged). Containers whose entrypoint setup does not run (the cron container, a command of their own without `NEXTCLOUD_UPDATE=1`) are not reported.",
      whyItMatters:
        `The entrypoint's \`file_env\` exits with "error: both X and X_FILE are set (but are exclusive)" when both are non-empty (${ENTRYPOINT}). For \`REDIS_HOST_PASSWORD\` that happens at every start of a container with \`REDIS_HOST\`; for the admin and database variables at the first start on an empty volume, so the automated installation never runs. The README documents the \`_FILE\` form as the alternative to the plain variable (${README_SECRETS}).`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      - REDIS_HOST=redis",
          "      - REDIS_HOST_PASSWORD=s3cret",
          "      - REDIS_HOST_PASSWORD_FILE=/run/secrets/redis_password",
          "    secrets:",
          "      - redis_password",
          "secrets:",
          "  redis_password:",
          "    file: ./redis_password.txt",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      - REDIS_HOST=redis",
          "      - REDIS_HOST_PASSWORD_FILE=/run/secrets/redis_password",
          "    secrets:",
          "      - redis_password",
          "secrets:",
          "  redis_password:",
          "    file: ./redis_password.txt",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Safe: the quick fix removes the plain variable and keeps the `_FILE` one, which the README documents as taking its place. It is offered only where the line configures this container alone (not a YAML anchor or an env file other services also read).",
      sources: [ENTRYPOINT, README_SECRETS],
    },
  },
  check({ model, project, fix, report }) {
    for (const app of model.apps) {
      if (nextcloudSetup(app) !== "runs") continue;
      for (const { name, when } of exclusiveVariables) {
        const plain = nonEmpty(settingOf(app, name));
        const file = nonEmpty(settingOf(app, `${name}_FILE`));
        if (!plain || !file || !applies(app, when)) continue;
        report({
          message: `${name} and ${name}_FILE are both set${model.standalone ? "" : ` on ${app.name}`}: the Nextcloud entrypoint exits with "both ${name} and ${name}_FILE are set (but are exclusive)" ${moment(when)}. Remove ${name} and keep the secret file.`,
          location: plain.location,
          related: [{ location: file.location, message: `${name}_FILE is set here` }],
          fixes: [removal(model, project, fix, app, plain)],
        });
      }
    }
  },
});

/** The variables set both plain and as `_FILE` where the entrypoint would read them: it exits on each once it runs. */
export function exclusiveConflicts(app: AppRole): string[] {
  return exclusiveVariables.filter(({ name, when }) => nonEmpty(settingOf(app, name)) && nonEmpty(settingOf(app, `${name}_FILE`)) && applies(app, when)).map(({ name }) => name);
}

function nonEmpty(fact: SettingFact): EnvSetting | undefined {
  return fact.certainty === "known" && fact.setting && !fact.setting.templated && (fact.value ?? "") !== "" ? fact.setting : undefined;
}

/** `file_env` runs for the Redis password when REDIS_HOST is non-empty, for the others at an automated first install. */
function applies(app: AppRole, when: "redis" | "install" | "install-db"): boolean {
  if (when === "redis") return nonEmpty(settingOf(app, "REDIS_HOST")) !== undefined;
  if (when === "install") return true;
  // The database variables are read only when an admin user and password are given (directly or as files).
  return ["NEXTCLOUD_ADMIN_USER", "NEXTCLOUD_ADMIN_PASSWORD"].every((name) => [name, `${name}_FILE`].some((v) => settingOf(app, v).certainty === "known"));
}

function moment(when: "redis" | "install" | "install-db"): string {
  return when === "redis" ? "at every start" : "at the first start on an empty volume, so the automated installation never runs";
}

/** Deletes the plain variable's line when that line configures this container alone. */
function removal(model: ClusterModel, project: Project, fix: FixBuilder, app: AppRole, plain: EnvSetting): Fix | undefined {
  if (plain.origin !== "environment" && plain.origin !== "env_file") return undefined;
  const sameLine = (s: EnvSetting | undefined): boolean => s !== undefined && s.location.path === plain.location.path && s.location.span.start === plain.location.span.start;
  if (model.services.some((s) => s !== app && [...s.env.values()].some(sameLine))) return undefined;
  if (!ownLine(project.textOf(plain.location.path), plain.location.span.start, plain.location.span.end)) return undefined;
  return fix.deleteLines(plain.location, `Remove ${plain.name} (keep ${plain.name}_FILE)`, "safe");
}

/** The entry is alone on its line(s): only indentation or a list dash before it, only a comment after it. */
function ownLine(text: string | undefined, start: number, end: number): boolean {
  if (text === undefined) return false;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", end);
  const before = text.slice(lineStart, start).replace(/^\uFEFF/, "");
  const after = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  return /^\s*(-\s+)?$/.test(before) && /^\s*(#.*)?\r?$/.test(after);
}
