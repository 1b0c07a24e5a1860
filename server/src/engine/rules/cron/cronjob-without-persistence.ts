import { certaintyOf } from "../../model/queries";
import { combineFixes, withRelated } from "../helpers";
import { defineRule } from "../rule";

export const cronjobWithoutPersistence = defineRule({
  meta: {
    id: "cron/cronjob-without-persistence",
    severity: "error",
    formats: ["H"],
    priority: "P2",
    clusterOnly: false,
    title: "Helm CronJob with persistence disabled",
    fixSafety: "unsafe",
    docs: {
      whatItDoes: "Flags Nextcloud chart values that run background jobs as a Kubernetes CronJob (`cronjob.enabled: true`, `cronjob.type: cronjob`) while `persistence.enabled` is false — the chart's default.",
      whyItMatters:
        "Without persistence the chart gives the CronJob's pod its own `emptyDir` as `/var/www/html` (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/cronjob.yaml): `php cron.php` finds no installation there — not the app pods' code, `config.php` or data — so background jobs never run for the real instance. The chart notes that the CronJob \"requires `persistence.enabled=true`\" (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml).",
      example: {
        "values.yaml": ["cronjob:", "  enabled: true", "  type: cronjob", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["persistence:", "  enabled: true", "  accessMode: ReadWriteMany", "cronjob:", "  enabled: true", "  type: cronjob", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets `persistence.enabled: true` with a `ReadWriteMany` access mode, so that the CronJob's pod can mount the app's volume on any node (with ReadWriteOnce it must be scheduled beside the app pod, see `cronjob.cronjob.affinity`). The cluster needs a storage class that provides ReadWriteMany volumes, and the app starts from an empty volume: what its pods kept in `emptyDir` is not carried over.",
      sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/cronjob.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml"],
    },
  },
  check({ model, fix, report }) {
    for (const cron of model.apps.filter((a) => a.role === "cron" && a.cronRunner?.scope === "single")) {
      const web = model.apps.find((a) => a.role === "web" && a.product === cron.product && a.persistence);
      const persistence = web?.persistence;
      const enabled = persistence?.enabled;
      if (!web || !persistence || !enabled || enabled.value || certaintyOf(enabled) === "unknown") continue;
      const setting = cron.cronRunner!.setting;
      const modes = persistence.claims[0]?.accessModes;
      const title = "Enable persistence with a ReadWriteMany volume";
      const whole = persistence.wholeBlock;
      const enable = fix.setFact(enabled, "true", title, "unsafe");
      report({
        message: `${setting.label} is ${setting.value}, but ${enabled.label} is ${certaintyOf(enabled) === "defaulted" ? "false (the chart default)" : "false"}: the CronJob's pod gets its own emptyDir as /var/www/html and cron.php never sees the installation. Enable persistence (ReadWriteMany, so the CronJob can mount it on any node).`,
        location: setting.location ?? cron.nameLocation,
        related: withRelated(enabled.location ? { location: enabled.location, message: `${enabled.label} is false` } : undefined),
        fixes: [
          whole
            ? fix.setFact(whole.fact, whole.value, title, "unsafe")
            : modes?.value.includes("ReadWriteMany")
              ? enable
              : combineFixes(title, enable, fix.setFactItem(modes, "ReadWriteMany", /^ReadWriteOnce(Pod)?$/, title, "unsafe")),
        ],
      });
    }
  },
});
