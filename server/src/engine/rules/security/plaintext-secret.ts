import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import { catalog } from "../../knowledge/catalog";
import type { EnvSetting, ServiceModel } from "../../model/cluster-model";
import { hasInterpolation } from "../../project/interpolate";
import type { Project } from "../../project/project";
import { LineIndex } from "../../text/line-index";
import type { Location } from "../../text/span";
import { basename } from "../../workspace";
import { writtenValue } from "../config/setting-text";
import { walkValues } from "../config/values-entries";
import { defineRule, type ReportInput } from "../rule";

/** A value Helm, Flux or a template fills in later is a reference, not a secret. */
function isReference(text: string): boolean {
  return hasInterpolation(text) || text.includes("{{");
}

/** How a value must be written in `.env` to be read back unchanged; undefined when no form is safe. */
function dotenvValue(value: string): string | undefined {
  if (/^[^\s'"#\\$`]*$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return undefined;
}

/** Replaces the literal with `${NAME}` and moves the value to the project's `.env`. */
function moveToDotenv(project: Project, fix: FixBuilder, setting: EnvSetting, valueAt: Location): Fix | undefined {
  const env = project.dotenv;
  const value = dotenvValue(setting.value);
  if (!env || value === undefined || project.variables.has(setting.name) || env.entries.some((e) => e.key === setting.name)) return undefined;
  const eol = new LineIndex(env.text).eol;
  // A file without a final line break keeps that style, so several fixes append cleanly.
  const line = env.text.length > 0 && !/[\r\n]$/.test(env.text) ? `${eol}${setting.name}=${value}` : `${setting.name}=${value}${eol}`;
  return fix.make(`Move the ${setting.name} value to ${basename(env.path)} and reference it as \${${setting.name}}`, "suggestion", [
    { path: valueAt.path, span: valueAt.span, newText: `\${${setting.name}}` },
    { path: env.path, span: { start: env.text.length, end: env.text.length }, newText: line },
  ]);
}

const passwordOption = /^(password|pass)$/;

export const plaintextSecret = defineRule({
  meta: {
    id: "security/plaintext-secret",
    severity: "warning",
    formats: ["C", "H", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "Password or token written as a literal in a committed file",
    fixSafety: "suggestion",
    docs: {
      whatItDoes:
        "Flags passwords, keys and tokens written as literals where they end up in version control and in cluster metadata: secret-named variables in a Compose `environment:` block, `password=` in a volume's `driver_opts.o`, and secret values in a Helm values file (ownCloud chart `owncloud.db.password`, `adminPassword`, `redis.password`, `objectstore.secret`, `mail.smtp.password`, `secret`; Nextcloud chart `nextcloud.password`, `externalDatabase.password`, `redis.auth.password`, object store keys, `extraEnv` entries). `${VAR}` references and templates are not flagged, and neither are `.env` files: they are where such values belong. A chart's own default (such as `changeme`) is left to `security/default-credentials`.",
      whyItMatters:
        "A Compose file or values file is shared, reviewed and committed; a literal in it is readable by everyone with access to the repository, its history and every CI log that prints the rendered stack. Volume options are also likely kept in clear text in Docker's volume metadata (an inference, FACTS §6.6), and the ownCloud chart copies its passwords into the ConfigMap `owncloud-env-config` instead of a Secret (FACTS §4.1).",
      example: {
        "compose.yaml": ["services:", "  db:", "    image: mariadb:11.4", "    environment:", "      MYSQL_PASSWORD: Sup3rS3cret", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  db:", "    image: mariadb:11.4", "    environment:", "      MYSQL_PASSWORD: ${MYSQL_PASSWORD}", ""].join("\n"),
        ".env": ["COMPOSE_PROJECT_NAME=cloud", "MYSQL_PASSWORD=Sup3rS3cret", ""].join("\n"),
      },
      fixSafety:
        "Suggestion, for Compose `environment:` values only: the quick fix replaces the literal with `${NAME}` and appends `NAME=<value>` to the project's `.env` (offered when a `.env` exists and does not define `NAME`). Make sure `.env` is not committed. Helm values and volume options have no automatic fix: use `existingSecret` (Nextcloud chart), a post-renderer or `credentials=` files on the hosts.",
      sources: ["FACTS §4.1 (owncloud-env-config ConfigMap)", "FACTS §6.6", "RULE_IDEAS R29, R54"],
    },
  },
  check({ model, project, fix, report }) {
    const reported = new Set<string>();
    const once = (input: ReportInput): void => {
      const key = `${input.location.path}|${input.location.span.start}`;
      if (reported.has(key)) return;
      reported.add(key);
      report(input);
    };

    if (model.format === "compose") {
      for (const service of model.services) checkEnvironment(service);
      for (const volume of model.volumes.values()) {
        const options = volume.options;
        if (!options?.location) continue;
        const literal = volume.mountOptions.filter((o) => passwordOption.test(o.name) && o.value && o.location);
        for (const option of literal) {
          once({
            message: `Volume ${volume.name} has its ${option.name}= written in driver_opts.o: it is stored in clear text in this file and likely in Docker's volume metadata too.`,
            location: option.location!,
          });
        }
        if (literal.length > 0) continue;
        // `o:` with `${…}` elsewhere: judge the password option by its written text.
        const written = project.sourceAt(options.location);
        const m = /(?:^|[,"'])\s*(password|pass)=([^,"']*)/.exec(written);
        if (m && m[2].trim() !== "" && !isReference(m[2])) {
          once({ message: `Volume ${volume.name} has its ${m[1]}= written in driver_opts.o: it is stored in clear text in this file and likely in Docker's volume metadata too.`, location: options.location });
        }
      }
    }

    if (model.format === "helm" && model.helm) {
      const chart = model.helm.chart;
      const where =
        chart === "owncloud"
          ? "the ownCloud chart renders it into the ConfigMap owncloud-env-config in clear text; inject it from a Secret instead"
          : "keep it in a Kubernetes Secret (the chart's existingSecret options) instead";
      walkValues(project.helmValues?.root, ({ path, entry }) => {
        // Pointers to secrets (`existingSecret`, Kubernetes `valueFrom.secretKeyRef.key`) are not secrets.
        if (/(^|\.)(existingSecret|valueFrom|secretKeyRef|configMapKeyRef|secretRef)/i.test(path)) return false;
        const value = entry.value;
        if (value?.kind === "seq") {
          // Kubernetes-style env lists (`extraEnv`, sidecar `env`): `- name: X` / `value: literal`.
          for (const item of value.items) {
            if (item.kind !== "map") continue;
            const name = item.entries.find((e) => e.key === "name")?.value;
            const literal = item.entries.find((e) => e.key === "value")?.value;
            if (name?.kind !== "scalar" || literal?.kind !== "scalar" || !catalog.isSecretName(name.text)) continue;
            if (!isLiteralSecret(literal.value, literal.text)) continue;
            once({ message: `${path} sets ${name.text} to a literal secret in the values file: ${where}.`, location: { path: literal.path, span: literal.span } });
          }
          return;
        }
        if (value?.kind !== "scalar" || !catalog.isSecretName(path)) return;
        if (!isLiteralSecret(value.value, value.text)) return;
        // The chart's own placeholder (e.g. `changeme`) is security/default-credentials' finding.
        if (catalog.lookupValue(chart, path)?.default === value.text) return;
        once({ message: `${path} is a literal secret in the values file: ${where}.`, location: { path: value.path, span: value.span } });
      });
    }

    function isLiteralSecret(value: unknown, text: string): boolean {
      if (value === null || typeof value === "boolean") return false;
      return text.trim() !== "" && !isReference(text);
    }

    function checkEnvironment(service: ServiceModel): void {
      for (const setting of service.env.values()) {
        if (setting.origin !== "environment" || setting.passthrough || !setting.valueLocation) continue;
        if (!catalog.isSecretName(setting.name)) continue;
        const written = writtenValue(project, setting);
        if (written === undefined || written.trim() === "" || isReference(written)) continue;
        once({
          message: `${setting.name} of service ${service.name} is written as a literal in ${basename(setting.location.path)}: everyone who can read the file or its history has it. Reference it as \${${setting.name}} and keep the value in an uncommitted .env.`,
          location: setting.valueLocation,
          fixes: [moveToDotenv(project, fix, setting, setting.valueLocation)],
        });
      }
    }
  },
});
