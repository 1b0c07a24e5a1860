import { defineRule } from "../rule";

const templates = "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud/templates";
const goTemplates = "https://pkg.go.dev/text/template#hdr-Actions";

/** Text an author writes to mean "off"; Go templates treat every text but "" as on. */
const MEANS_OFF = /^\s*(false|no|off|0|disabled?)\s*$/i;

export const helmOwncloudStringBoolean = defineRule({
  meta: {
    id: "helm/owncloud-string-boolean",
    severity: "warning",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "ownCloud chart switch written as the string \"false\"",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags ownCloud chart switches that the templates test with `{{ if … }}` or `{{ if not … }}` and that the values file writes as quoted text meaning off: `\"false\"`, `\"no\"`, `\"off\"`, `\"0\"`, `\"disabled\"`. The switches are `owncloud.crondEnabled`, `owncloud.skipChown`, `owncloud.redis.enabled`, `persistence.enabled`, `persistence.owncloud.nfs.enabled`, `autoscaling.enabled`, `ingress.enabled` and `serviceAccount.create`. Unquoted `false` and `\"\"` are off and not flagged.",
      whyItMatters:
        `Go templates treat every non-empty text as true (${goTemplates}), and the ownCloud chart writes its flags as strings (\`crondEnabled: "true"\`, \`skipChown: "true"\`), which invites \`"false"\`: \`crondEnabled: "false"\` still creates the background-job CronJob (\`{{- if .Values.owncloud.crondEnabled -}}\` in cronjob.yaml), \`skipChown: "false"\` still leaves out the chown init container (\`{{- if not .Values.owncloud.skipChown }}\` in deployment.yaml), and \`owncloud.redis.enabled: "false"\` still renders \`OWNCLOUD_REDIS_ENABLED: "true"\` (envconfigmap.yaml) — ${templates}. The deployment then does the opposite of what the file says.`,
      example: {
        "values.yaml": ["owncloud:", "  domain: cloud.example.com", '  crondEnabled: "false"', ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["owncloud:", "  domain: cloud.example.com", '  crondEnabled: ""', ""].join("\n"),
      },
      fixSafety:
        "Safe: the fix writes the value the chart itself uses for on (`\"true\"` or `true`), so the file says what the chart already renders and nothing in the cluster changes. To switch it off instead, write `\"\"` (string flags) or unquoted `false` (boolean ones) — that changes the deployment (the CronJob goes, the chown runs, Redis is off), so decide it yourself.",
      sources: [templates, goTemplates, "https://github.com/owncloud-docker/helm-charts/blob/master/charts/owncloud/values.yaml"],
    },
  },
  check({ model, fix, report }) {
    for (const flag of model.chartSwitches ?? []) {
      const { setting } = flag;
      if (!MEANS_OFF.test(setting.value) || !setting.location || setting.edit?.kind !== "text") continue;
      report({
        message: `${setting.label} is the string "${setting.value.trim()}", which Go templates treat as true: the chart ${flag.whenOn}. For ${flag.offMeans}, write ${flag.offText}; to keep what it does now, write ${flag.onText}.`,
        location: setting.edit.location,
        related: [{ location: setting.location, message: `tested with {{ if }} by ${flag.source}` }],
        fixes: [fix.replace(setting.edit.location, flag.onText, `Write ${setting.label}: ${flag.onText} (what the chart renders now)`, "safe")],
      });
    }
  },
});
