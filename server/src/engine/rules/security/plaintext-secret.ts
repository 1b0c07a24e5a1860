import { catalog } from "../../knowledge/catalog";
import { chartProfileOf } from "../../knowledge/chart-profiles";
import { isSecretFilePath } from "../../knowledge/secret-file-variables";
import type { Fix } from "../../findings";
import type { ChartKind, ConfiguredKey } from "../../model/cluster-model";
import { dotenvOf, refersElsewhere, walkConfiguredKeys } from "../../model/queries";
import { basename } from "../../workspace";
import { defineRule, type ReportInput } from "../rule";

/** A scalar that is a literal secret: text that is not empty, not a flag, not filled in later. */
function isLiteralSecret(key: ConfiguredKey | undefined): boolean {
  const value = key?.scalar;
  if (!value || value.plain === null || typeof value.plain === "boolean") return false;
  return value.text.trim() !== "" && !key!.refersElsewhere && !namesASecret(value.text);
}

// Words that make an upper-case identifier the name of a variable or of a key in a Secret.
const namingWords = new Set(["SECRET", "SECRETS", "KEY", "PASSWORD", "PASS", "PASSWD", "TOKEN", "ACCESS", "CREDENTIALS", "CREDENTIAL", "ID", "USER", "USERNAME", "AUTH", "APIKEY"]);

/**
 * `secretAccessKey: OBJECTSTORE_SECRET` names the variable or Secret key that holds the value. Only
 * letter-only upper-case words joined by `_`, one of them a naming word: `S3CR3T_PASS` and `CHANGE_ME`
 * stay secrets.
 */
function namesASecret(text: string): boolean {
  const trimmed = text.trim();
  if (encrypted(trimmed)) return true;
  // The path of a mounted Docker or Kubernetes secret is where the secret is, not the secret
  // (https://docs.docker.com/engine/swarm/secrets/).
  if (isSecretFilePath(trimmed)) return true;
  if (!/^[A-Z]+(?:_[A-Z]+)+$/.test(trimmed)) return false;
  return trimmed.split("_").some((word) => namingWords.has(word));
}

/**
 * A value encrypted in the file: SOPS writes `ENC[AES256_GCM,data:…,type:str]` in YAML, JSON and
 * dotenv files (https://github.com/getsops/sops#encrypting-using-age), Ansible Vault
 * `$ANSIBLE_VAULT;1.1;AES256…` (https://docs.ansible.com/ansible/latest/vault_guide/vault_using_encrypted_content.html).
 * Committing these is what they are for.
 */
function encrypted(text: string): boolean {
  return /^ENC\[[A-Z0-9_]+,data:/.test(text) || text.startsWith("$ANSIBLE_VAULT;");
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
        "Flags passwords, keys and tokens written as literals where they end up in version control and in cluster metadata: secret-named variables in a Compose `environment:` block, `password=` in a volume's `driver_opts.o`, and secret values in a Helm values file (ownCloud chart `owncloud.db.password`, `adminPassword`, `redis.password`, `objectstore.secret`, `mail.smtp.password`, `secret`; Nextcloud chart `nextcloud.password`, `externalDatabase.password`, `redis.auth.password`, object store keys, `extraEnv` entries). `${VAR}` references and templates are not flagged. Env files (`.env`, `env_file:` files, a lone `db.env`) are where such values belong while they stay out of the repository: they are flagged only when git tracks them — the repository's index (`.git/index`, read without running git) lists them — and not for example files (`.env.example`, `env.dist`) or values encrypted in the file (SOPS `ENC[…]`, Ansible Vault). Switches about a password (`ALLOW_EMPTY_PASSWORD=yes`, `MARIADB_RANDOM_ROOT_PASSWORD=1`), values that name the variable or Secret key holding the secret (`OBJECTSTORE_SECRET`, an upper-case name with a word such as SECRET, KEY or PASSWORD), paths of mounted secrets (`/run/secrets/db_password`), values in a chart section switched off by its `enabled: false` (written or the chart's default), and values the chart does not render while its existing Secret is used (the Nextcloud chart's `nextcloud.password`, `nextcloud.mail.smtp.*` under `nextcloud.existingSecret.enabled: true`, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/secrets.yaml) are not flagged either. A chart's own default (such as `changeme`) is left to `security/default-credentials`.",
      whyItMatters:
        "A Compose file or values file is shared, reviewed and committed; a literal in it is readable by everyone with access to the repository, its history and every CI log that prints the rendered stack. Volume options are also likely kept in clear text in Docker's volume metadata (an inference, https://docs.docker.com/engine/storage/volumes/), and the ownCloud chart copies its passwords into the ConfigMap `owncloud-env-config` instead of a Secret (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).",
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
      sources: ["https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud", "https://docs.docker.com/engine/storage/volumes/"],
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
    const dotenv = dotenvOf(model);

    walkConfiguredKeys(model, (key) => (key.surface.kind === "chart-value" ? checkChartValue(key, key.surface.chart) : checkVariable(key)));

    // An env file is where secrets belong only while it stays out of the repository: one git
    // tracks travels with every clone and push, its history included.
    for (const env of model.envFiles ?? []) {
      if (env.trackedByGit !== true || env.example || env.templated) continue;
      for (const entry of env.entries) {
        const value = entry.value;
        if (!value || entry.templated || value.text.trim() === "" || !catalog.isSecretName(entry.key)) continue;
        if (refersElsewhere(value.text) || namesASecret(value.text)) continue;
        const name = basename(env.path);
        once({
          message: `${name} is tracked by git and sets ${entry.key} as a literal: everyone with a clone of the repository has it, history included. Untrack the file (git rm --cached ${name}), list it in .gitignore and change the secret.`,
          location: value.location,
        });
      }
    }

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
      if (m && m[2].trim() !== "" && !refersElsewhere(m[2])) {
        once({ message: `Volume ${volume.name} has its ${m[1]}= written in driver_opts.o: it is stored in clear text in this file and likely in Docker's volume metadata too.`, location: options.location });
      }
    }

    function checkChartValue(key: ConfiguredKey, chart: ChartKind): boolean | void {
      // Pointers to secrets (`existingSecret`, Kubernetes `valueFrom.secretKeyRef.key`) are not secrets.
      if (/(^|\.)(existingSecret|valueFrom|secretKeyRef|configMapKeyRef|secretRef)/i.test(key.name)) return false;
      // A section the values switch off (`externalDatabase.enabled: false`, `mariadb.enabled: false`) renders nothing from it.
      if (key.switchedOff) return false;
      const where = chartProfileOf(chart)?.secretAdvice ?? "keep it in a Kubernetes Secret instead";
      if (key.items) {
        // Kubernetes-style env lists (`extraEnv`, sidecar `env`): `- name: X` / `value: literal`.
        for (const item of key.items) {
          const name = item.find((k) => k.key === "name")?.scalar;
          const literal = item.find((k) => k.key === "value");
          if (!name || !literal?.scalar || !catalog.isSecretName(name.text)) continue;
          if (!isLiteralSecret(literal)) continue;
          once({ message: `${key.name} sets ${name.text} to a literal secret in the values file: ${where}.`, location: literal.scalar.location });
        }
        return;
      }
      if (!key.scalar || !catalog.isSecretName(key.name)) return;
      if (!isLiteralSecret(key)) return;
      // The chart's own placeholder (e.g. `changeme`) is security/default-credentials' finding.
      if (catalog.lookupValue(chart, key.name)?.default === key.scalar.text) return;
      once({ message: `${key.name} is a literal secret in the values file: ${where}.`, location: key.scalar.location });
    }

    // `.env` and `env_file:` lines are where such values belong: only deployment files are judged.
    function checkVariable(key: ConfiguredKey): void {
      const setting = key.setting;
      if (!setting || key.file !== "deployment" || setting.passthrough || !setting.valueLocation) return;
      if (!catalog.isSecretName(setting.name)) return;
      const written = key.written;
      if (written === undefined || written.trim() === "" || key.refersElsewhere || namesASecret(written)) return;
      const valueAt = setting.valueLocation;
      once({
        message: `${setting.name} of service ${key.service!.name} is written as a literal in ${basename(setting.location.path)}: everyone who can read the file or its history has it. Reference it as \${${setting.name}} and keep the value in an uncommitted .env.`,
        location: valueAt,
        fixes: [
          dotenv ? keepingValues(fix.defineVariable(setting.name, setting.value, `Move the ${setting.name} value to ${basename(dotenv.path)} and reference it as \${${setting.name}}`, "suggestion", [
                { path: valueAt.path, span: valueAt.span, newText: `\${${setting.name}}` },
              ])) : undefined,
        ],
      });
    }
  },
});

/** The reference reads the value it replaces, so every service that shares the anchor keeps its value. */
function keepingValues(fix: Fix | undefined): Fix | undefined {
  return fix && { ...fix, keepsValues: true };
}
