import type { RelatedLocation } from "../../findings";
import type { ClusterModel, RefusedInput, ServiceModel, UnseenSource, VariableUse } from "../../model/cluster-model";
import { readsDotenv } from "../../model/queries";
import { basename } from "../../workspace";
import type { Location } from "../../text/span";
import { defineRule, type ReportInput } from "../rule";

const LISTED_NAMES = 6;

/**
 * `${X}` with no default where no `.env` is read — none beside the Compose file, or a stack file,
 * which `docker stack deploy` deploys without reading `.env` — is set by the shell or tool that
 * deploys. Said once per project, listing the variables; compose/undefined-variable judges the rest.
 */
function reportShellVariables(model: ClusterModel, report: (input: ReportInput) => void): void {
  // A `.env` that exists but was not read (outside the workspace, a FIFO) is reported as such, below.
  const dotenvRefused = model.refusedInputs?.some((input) => input.role === "dotenv") === true;
  const stackFiles = new Set(model.stackFiles ?? []);
  const documented = model.exampleVariables ?? new Map();
  const firstUse = new Map<string, VariableUse>();
  const inDotenv = new Set<string>();
  let stack = false;
  for (const use of model.interpolations ?? []) {
    if (use.whenUnset === "fallback" || documented.has(use.name)) continue;
    const isStack = stackFiles.has(use.location.path);
    if (!isStack && (readsDotenv(model, use.location.path) || use.resolved || dotenvRefused)) continue;
    stack ||= isStack;
    if (isStack && use.definition) inDotenv.add(use.name);
    if (!firstUse.has(use.name)) firstUse.set(use.name, use);
  }
  if (firstUse.size === 0) return;
  const uses = [...firstUse.values()];
  const names = uses.map((u) => u.name);
  const listed = names.length > LISTED_NAMES ? `${names.slice(0, LISTED_NAMES).join(", ")} and ${names.length - LISTED_NAMES} more` : names.join(", ");
  const file = basename(uses[0].location.path);
  const why = stack ? "`docker stack deploy` reads no .env" : `no .env is beside ${file}`;
  const exported = inDotenv.size > 0 ? ` ${[...inDotenv].join(", ")} ${inDotenv.size === 1 ? "is" : "are"} in .env, which counts only if that shell exports it (set -a; . ./.env).` : "";
  report({
    message: `${why}: ${listed} ${names.length === 1 ? "comes" : "come"} from the shell or tool that deploys (a script, Portainer), so ${names.length === 1 ? "its value is" : "their values are"} unknown here.${exported}`,
    location: uses[0].location,
    related: uses.slice(1, 1 + LISTED_NAMES - 1).map((u) => ({ location: u.location, message: `${u.name} is first used here` })),
  });
}

interface Group {
  source: UnseenSource;
  services: string[];
  others: { location: Location; service: string }[];
}

/** What stays unknown when a file of the project is not read. */
const REFUSED_CONSEQUENCE: Record<RefusedInput["role"], string> = {
  dotenv: "the variables it sets are unknown, so no rule assumes a value for them",
  override: "what it changes is unknown, so no rule assumes a default for the environment of any service",
  resource: "the objects it holds are unknown",
  patch: "what it changes is unknown",
  include: "the services it adds are unknown",
  extends: "what the services extending it inherit is unknown, so no rule assumes anything about them",
};

function what(source: UnseenSource): string {
  return source.kind === "env_file" ? source.name : `${source.kind} "${source.name}"`;
}

export const unseenInput = defineRule({
  meta: {
    id: "project/unseen-input",
    severity: "info",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Settings come from a file or secret the workspace does not hold",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Reports, once per project, the variables a Compose file interpolates with no default where no `.env` is read (none beside the file, or a Swarm stack file, which `docker stack deploy` deploys without reading `.env`), and each `env_file:` of a Compose service and each Kubernetes `envFrom` Secret or ConfigMap (and `configMapKeyRef` ConfigMap) that the workspace does not contain, when it feeds a Nextcloud or ownCloud container, its database or its Redis. A file or Secret referenced by several services is reported once, at its first reference, with the others as related locations. A file the linter does not read on purpose is reported whatever service takes it, saying why: an `env_file:`, a `.env`, a `compose.override.yaml` or a kustomize resource or patch that lies outside the workspace (the Git repository, or the linted folder outside one; in the editor, the workspace folders), a link leading outside it, a file in `/proc`, `/sys` or `/dev`, a FIFO, a socket, a device or a file that cannot be read. None of its text is shown.",
      whyItMatters:
        "Such a file or object may set any variable: the database, `REDIS_HOST`, `OWNCLOUD_REDIS_ENABLED`, the password Redis asks for. Reading it as empty would turn a working stack into SQLite and no-Redis errors, so every setting it could hold is unknown and no rule assumes the image's default for it (the cluster rules stay silent about those settings). This finding says what the linter could not see, so a silent rule is not mistaken for a clean bill of health. Compose reads `env_file:` entries relative to the Compose file and skips one marked `required: false` when it is missing (https://docs.docker.com/reference/compose-file/services/#env_file); Kubernetes takes every key of an `envFrom` source as a variable (https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    env_file: nextcloud.env",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "    driver_opts:",
          "      type: nfs",
          "      o: addr=10.0.0.5,rw",
          "      device: :/export/nextcloud",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    env_file: nextcloud.env",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud:",
          "    driver_opts:",
          "      type: nfs",
          "      o: addr=10.0.0.5,rw",
          "      device: :/export/nextcloud",
          "",
        ].join("\n"),
        "nextcloud.env": ["MYSQL_HOST=db", "MYSQL_DATABASE=nextcloud", "MYSQL_USER=nextcloud", "MYSQL_PASSWORD_FILE=/run/secrets/db_password", "REDIS_HOST=redis", ""].join("\n"),
      },
      fixSafety: "None: keep the file out of the repository if it holds secrets; the finding is information. Turn the rule off in `.scaleout.yaml` once you know what the file sets.",
      sources: [
        "https://docs.docker.com/reference/compose-file/services/#env_file",
        "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/",
        "https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables",
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables",
      ],
    },
  },
  check({ model, report }) {
    reportShellVariables(model, report);
    // What decides the cluster findings: the apps, their databases and their Redis. Another
    // service's missing env_file changes nothing this linter says.
    const relevant = new Set<ServiceModel>([...model.apps, ...model.databases.map((d) => d.service), ...model.redis.map((r) => r.service)]);
    const groups = new Map<string, Group>();
    for (const service of model.services) {
      for (const source of service.unseenSources ?? []) {
        // A file deliberately not read is said whatever service takes it: the user should know what was left out.
        if (!relevant.has(service) && source.refusal === undefined) continue;
        const key = `${source.kind}\u0000${source.name}\u0000${source.refusal ?? ""}`;
        const group = groups.get(key);
        if (!group) groups.set(key, { source, services: [service.name], others: [] });
        else {
          if (!group.services.includes(service.name)) group.services.push(service.name);
          group.others.push({ location: source.location, service: service.name });
        }
      }
    }
    for (const { source, services, others } of groups.values()) {
      const related: RelatedLocation[] = others.map((o) => ({ location: o.location, message: `${o.service} also takes settings from ${what(source)}` }));
      report({
        message:
          source.refusal !== undefined
            ? `${what(source)} ${source.refusal}: not read; settings from it are unknown (${services.join(", ")}), so no rule assumes a default for them.`
            : `${what(source)} is not in the workspace: settings from it are unknown (${services.join(", ")}), so no rule assumes a default for them.`,
        location: source.location,
        related,
      });
    }
    for (const input of model.refusedInputs ?? []) {
      report({ message: `${input.name} ${input.reason}: not read; ${REFUSED_CONSEQUENCE[input.role]}.`, location: input.location });
    }
  },
});
