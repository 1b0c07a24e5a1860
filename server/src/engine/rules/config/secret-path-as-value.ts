import type { RelatedLocation } from "../../findings";
import { fileVariableOf, isSecretFilePath, secretFileProfileOf, secretFileProfiles, type SecretFileProfile } from "../../knowledge/secret-file-variables";
import type { ConfiguredKey, EnvSetting, SecretFile, ServiceModel } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

/**
 * The profile of the service's image, when the image is known, the table has it, and the image's
 * entrypoint runs its setup: a replaced entrypoint or another command leaves the variables to
 * whatever runs instead (a backup script may read the path on purpose).
 */
function profileOf(service: ServiceModel): SecretFileProfile | undefined {
  if (!service.image || certaintyOf(service.image) === "unknown" || service.entrypoint) return undefined;
  const profile = secretFileProfileOf(parseImage(service.image.value).repository);
  const firstWord = service.command?.value.trim().split(/\s+/)[0] ?? "";
  if (profile?.setupCommand && firstWord !== "" && !profile.setupCommand.test(firstWord)) return undefined;
  return profile;
}

/** The secret mounted at the path, or undefined; `mounted` is false when the service mounts secrets but none there. */
function secretAt(service: ServiceModel, path: string): { secret?: SecretFile; mounted: boolean } {
  const secrets = service.secretFiles ?? [];
  const secret = secrets.find((s) => s.target === path);
  return { secret, mounted: secret !== undefined || secrets.length === 0 };
}

export const secretPathAsValue = defineRule({
  meta: {
    id: "config/secret-path-as-value",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Secret file path given where the image takes the secret itself",
    fixSafety: "suggestion",
    docs: {
      whatItDoes: `Flags a variable set to the path of a mounted secret (\`/run/secrets/…\`, \`/var/run/secrets/…\`, or the target of one of the service's \`secrets:\`) where the image takes that variable as the value itself and reads the secret from another variable: the \`_FILE\` form of the official ${secretFileProfiles
        .filter((p) => p.form === "suffix")
        .map((p) => `\`${p.image}\``)
        .join(", ")} images (\`MYSQL_PASSWORD_FILE\`), and linuxserver's \`FILE__\` prefix (\`FILE__MYSQL_PASSWORD\`) for \`linuxserver/mariadb\`. Images whose reading of the variable is not known are left alone, and so are services that replace the image's entrypoint or run another command than its server (the image's script then does not read the variables).`,
      whyItMatters:
        "The entrypoints take the variable's text as it is: `MYSQL_ROOT_PASSWORD=/run/secrets/db_root` creates the database with the password `/run/secrets/db_root`, a string anyone who reads the stack file knows, while the real secret is never read. The clients that are given the secret properly then fail to log in. The official images read a secret file through `X_FILE` (https://github.com/docker-library/docs/blob/master/mariadb/content.md#secrets, https://github.com/nextcloud/docker/blob/master/README.md#docker-secrets); linuxserver images through `FILE__X` (https://github.com/linuxserver/docker-mariadb/blob/master/README.md#environment-variables-from-files-docker-secrets). Docker mounts a service's secrets at `/run/secrets/<name>` (https://docs.docker.com/engine/swarm/secrets/).",
      example: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: mariadb:11.4",
          "    environment:",
          "      - MYSQL_ROOT_PASSWORD=/run/secrets/db_root_password",
          "    secrets:",
          "      - db_root_password",
          "secrets:",
          "  db_root_password:",
          "    external: true",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: mariadb:11.4",
          "    environment:",
          "      - MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db_root_password",
          "    secrets:",
          "      - db_root_password",
          "secrets:",
          "  db_root_password:",
          "    external: true",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Suggestion, in Compose files, when the path is where one of the service's secrets is mounted (or the service lists no secrets): the quick fix renames the variable to its file form and keeps the path. The database images use these variables only when they initialise an empty data directory, so a database that already exists keeps the path as its password: change the password in the database too (`ALTER USER`, `\\password`), or the clients that now send the real secret are refused. When the path is not where a secret of the service is mounted, there is no fix: only the author knows which secret was meant.",
      sources: [...new Set(["https://docs.docker.com/engine/swarm/secrets/", "https://docs.docker.com/reference/compose-file/services/#secrets", ...secretFileProfiles.flatMap((p) => p.sources)])],
    },
  },
  check({ model, fix, report }) {
    const keys = new Map<EnvSetting, ConfiguredKey>();
    for (const key of model.configuredKeys ?? []) if (key.setting) keys.set(key.setting, key);

    for (const service of model.services) {
      const profile = profileOf(service);
      if (!profile) continue;
      for (const setting of service.env.values()) {
        const what = profile.variables[setting.name];
        if (what === undefined || setting.passthrough || setting.opaque || setting.templated || setting.isDefault) continue;
        const path = setting.value.trim();
        const { secret, mounted } = secretAt(service, path);
        if (!isSecretFilePath(path) && !secret) continue;
        const fileVariable = fileVariableOf(profile, setting.name);
        const key = keys.get(setting);
        const related: RelatedLocation[] = [...setting.related];
        if (secret) related.push({ location: secret.location, message: `secret ${secret.name} is mounted at ${secret.target}` });
        const elsewhere = (service.secretFiles ?? []).map((s) => `${s.name} is at ${s.target}`).join(", ");
        const use = mounted ? `Use ${fileVariable}=${path}.` : `Use ${fileVariable} with the path of the secret meant: no secret of service ${service.name} is mounted there (${elsewhere}).`;
        // Renaming next to an existing file form would set both, which the entrypoints refuse.
        const canRename = key !== undefined && mounted && !service.env.has(fileVariable);
        report({
          message: `${setting.name} is set to the path of a secret: ${profile.image} takes ${setting.name} as ${what} itself, so ${what} becomes '${path}'. ${use}`,
          location: key?.keyLocation ?? setting.valueLocation ?? setting.location,
          related,
          fixes: [canRename ? fix.replace(key.keyLocation, fileVariable, `Rename ${setting.name} to ${fileVariable}`, "suggestion") : undefined],
        });
      }
    }
  },
});
