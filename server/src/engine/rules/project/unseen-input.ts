import type { RelatedLocation } from "../../findings";
import type { ServiceModel, UnseenSource } from "../../model/cluster-model";
import type { Location } from "../../text/span";
import { defineRule } from "../rule";

interface Group {
  source: UnseenSource;
  services: string[];
  others: { location: Location; service: string }[];
}

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
        "Reports, once per project, each `env_file:` of a Compose service and each Kubernetes `envFrom` Secret or ConfigMap (and `configMapKeyRef` ConfigMap) that the workspace does not contain, when it feeds a Nextcloud or ownCloud container, its database or its Redis. A file or Secret referenced by several services is reported once, at its first reference, with the others as related locations.",
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
        "https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables",
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables",
      ],
    },
  },
  check({ model, report }) {
    // What decides the cluster findings: the apps, their databases and their Redis. Another
    // service's missing env_file changes nothing this linter says.
    const relevant = new Set<ServiceModel>([...model.apps, ...model.databases.map((d) => d.service), ...model.redis.map((r) => r.service)]);
    const groups = new Map<string, Group>();
    for (const service of model.services) {
      if (!relevant.has(service)) continue;
      for (const source of service.unseenSources ?? []) {
        const key = `${source.kind}\u0000${source.name}`;
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
        message: `${what(source)} is not in the workspace: settings from it are unknown (${services.join(", ")}), so no rule assumes a default for them.`,
        location: source.location,
        related,
      });
    }
  },
});
