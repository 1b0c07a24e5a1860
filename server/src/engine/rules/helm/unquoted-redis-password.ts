import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

const helpers = "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl";

export const helmUnquotedRedisPassword = defineRule({
  meta: {
    id: "helm/unquoted-redis-password",
    severity: "error",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "Nextcloud chart renders the Redis password unquoted",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Nextcloud chart `redis.auth.password` that YAML does not read back as the same text once the chart writes it unquoted into the pod's environment: all digits or another number (`123456`, `1e5`, `0x1F`), `true`/`false`/`yes`/`no`/`on`/`off`, `null` or `~`, text starting with `*`, `&`, `!`, `%`, `@`, `#`, a quote or a bracket, or containing `: ` or ` #`. It applies while the chart renders the password itself: `redis.enabled` and `redis.auth.enabled` (the chart default) are on and `redis.auth.existingSecret` with `redis.auth.existingSecretPasswordKey` are not both set.",
      whyItMatters:
        `The chart's environment template writes \`value: {{ .Values.redis.auth.password }}\` without \`quote\`, unlike every other value it renders (${helpers}). A Kubernetes environment value must be a string (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables): a password that reads as a number or boolean makes the install fail, and one with \`: \`, \` #\` or a leading special character breaks the manifest or silently changes the value Nextcloud gets, while the Redis subchart keeps the password as written — a numeric password failing to install is a known consequence of an unquoted template (https://github.com/kubesphere/helm-charts/pull/202).`,
      example: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "redis:", "  enabled: true", "  auth:", '    password: "20240611"', ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["nextcloud:", "  host: cloud.example.com", "redis:", "  enabled: true", "  auth:", "    existingSecret: nextcloud-redis", "    existingSecretPasswordKey: redis-password", ""].join("\n"),
      },
      fixSafety:
        "No automatic fix: quoting it in the values file does not help (the template drops the quotes), and a new password has to reach the Redis subchart too. Use `redis.auth.existingSecret` with `redis.auth.existingSecretPasswordKey`, which the chart reads through `secretKeyRef`, or a password of letters and digits that starts with a letter.",
      sources: [helpers, "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables", "https://github.com/kubesphere/helm-charts/pull/202"],
    },
  },
  check({ model, report }) {
    for (const render of model.unquotedRenders ?? []) {
      const { setting } = render;
      if (!render.rereadAs || !setting.location || certaintyOf(setting) === "unknown") continue;
      report({
        message: `${setting.label} is rendered unquoted as ${render.variable}, where YAML reads it as ${render.rereadAs}, not the password: the Deployment fails or Nextcloud gets another value than Redis. Use ${render.alternative} (a Secret), or a password that starts with a letter and has only letters and digits.`,
        location: setting.location,
      });
    }
  },
});
