import type { AppRole, Product, ServiceModel } from "../../model/cluster-model";
import { productProfiles } from "../../knowledge/product-profiles";
import { certaintyOf, settingOf } from "../../model/queries";
import { clusterRelated, isTrue, withRelated } from "../helpers";
import { defineRule } from "../rule";

/** A service that may run cron.php for the apps from outside them: a scheduler image (Ofelia, a cron image) or a command that names cron.php. */
function isOtherScheduler(service: ServiceModel): boolean {
  const image = service.image?.value ?? "";
  const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  return /ofelia|cron|scheduler/i.test(image) || /cron\.php|occ\s+system:cron|\/cron\.sh|\/usr\/bin\/cronjob/.test(command);
}

/** Whether the app starts its own cron daemon (ownCloud's OWNCLOUD_CROND_ENABLED, default on); undefined when the files cannot tell. */
function startsCrond(app: AppRole): boolean | undefined {
  const daemon = productProfiles[app.product].cronDaemon;
  if (!daemon) return false;
  const setting = settingOf(app, daemon.variable, daemon.defaultOn ? "true" : "false");
  if (setting.certainty === "unknown") return undefined;
  const value = setting.value?.trim() ?? "";
  return value === "" ? daemon.defaultOn : isTrue(value);
}

export const none = defineRule({
  meta: {
    id: "cron/none",
    severity: "warning",
    formats: ["C", "H"],
    priority: "P2",
    clusterOnly: true,
    title: "No background-job runner in a cluster",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "In cluster context, flags an installation that nothing runs background jobs for. Nextcloud: no cron service (`/cron.sh`) in the Compose files, or the chart's `cronjob.enabled` false — its default. ownCloud: every app container sets `OWNCLOUD_CROND_ENABLED=false` and no dedicated cron service exists, or the chart's `owncloud.crondEnabled` is empty. A service that may schedule jobs from outside (Ofelia, a cron image, a command that runs `cron.php`) keeps it silent.",
      whyItMatters:
        "Nextcloud falls back to AJAX mode, one job per page visit, and documents system cron as the recommended mode: with AJAX or Webcron, jobs such as file scans, share expiry, notifications and cleanup fall behind on an instance with many users (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/background_jobs_configuration.html). ownCloud's image sets the background mode to cron at every start (`OWNCLOUD_BACKGROUND_MODE`, default `cron`) and relies on its cron daemon or a dedicated cron node to run it (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md): with the daemon off everywhere, background jobs never run.",
      example: {
        "values.yaml": ["replicaCount: 3", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", "redis:", "  enabled: true", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 3", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", "redis:", "  enabled: true", "cronjob:", "  enabled: true", "  type: cronjob", ""].join("\n"),
      },
      fixSafety:
        "Helm: the fix sets `cronjob.enabled: true` with `cronjob.type: cronjob` (one Kubernetes CronJob, concurrencyPolicy Forbid) for Nextcloud, `owncloud.crondEnabled: \"true\"` for ownCloud. Unsafe: it adds a workload that mounts the app's volume — with a ReadWriteOnce claim its pod must land on the app's node. It is offered only when the chart's persistence is on, since the CronJob otherwise sees an empty volume. Compose files get no automatic fix: add one cron service with the app's image, volumes and environment (`entrypoint: /cron.sh` for Nextcloud; `OWNCLOUD_CROND_ENABLED=true` on one unscaled service for ownCloud).",
      sources: [
        "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/background_jobs_configuration.html",
        "https://github.com/nextcloud/docker/blob/master/.examples/README.md",
        "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml",
        "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md",
        "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud",
      ],
    },
  },
  check({ model, fix, report }) {
    if (!model.cluster.inCluster || model.standalone) return;
    if (model.services.some((s) => !model.apps.includes(s as AppRole) && isOtherScheduler(s))) return;
    const products = new Set<Product>(model.apps.map((a) => a.product));
    for (const product of products) {
      const apps = model.apps.filter((a) => a.product === product);
      if (apps.some((a) => a.role === "cron")) continue;
      const crond = apps.map(startsCrond);
      if (crond.some((c) => c !== false)) continue;
      const web = apps.find((a) => a.role === "web");
      if (!web) continue;
      const name = productProfiles[product].displayName;
      const cronSwitch = web.cronSwitch;
      if (cronSwitch) {
        if (certaintyOf(cronSwitch.enabled) === "unknown") continue;
        const enabled = cronSwitch.enabled;
        const state = certaintyOf(enabled) === "defaulted" ? `is off (${enabled.defaultSource ?? "the default"})` : "is off";
        const persistent = web.persistence?.enabled.value === true;
        const values = cronSwitch.on.flatMap((o) => (o.fact.edit?.kind === "chart-value" ? [{ path: o.fact.edit.path, value: o.value }] : []));
        const written = cronSwitch.on.map((o) => `${o.fact.label}: ${o.value}`).join(", ");
        report({
          message: `${enabled.label} ${state}: nothing runs ${name}'s background jobs. ${backgroundNote(product)} Set ${written}.`,
          location: enabled.location ?? web.nameLocation,
          related: withRelated(clusterRelated(model, web)),
          fixes: [persistent && values.length === cronSwitch.on.length ? fix.setValues(values, `Run background jobs from one CronJob (${written})`, "unsafe") : undefined],
        });
        continue;
      }
      report({
        message: `No service runs ${name}'s background jobs: ${cronAdvice(product, web)} ${backgroundNote(product)}`,
        location: web.nameLocation,
        related: withRelated(
          product === "owncloud" ? apps.map((a) => ({ location: a.env.get(productProfiles[product].cronDaemon!.variable)?.location ?? a.nameLocation, message: `${a.name} does not start a cron daemon` })) : undefined,
          clusterRelated(model, web),
        ),
      });
    }
  },
});

function backgroundNote(product: Product): string {
  return product === "nextcloud"
    ? "Nextcloud then runs one job per page visit (AJAX), which falls behind with many users; system cron is the recommended mode."
    : "The image sets the background mode to cron, so with no cron daemon anywhere the jobs never run.";
}

function cronAdvice(product: Product, web: AppRole): string {
  if (product === "nextcloud") return `add one service with the image, volumes and environment of ${web.name} and \`entrypoint: /cron.sh\` (unless a crontab outside these files runs cron.php).`;
  const variable = productProfiles[product].cronDaemon!.variable;
  return `every ${productProfiles[product].displayName} container sets ${variable}=false; run one unscaled service with ${variable}=true (unless a crontab outside these files runs occ system:cron).`;
}
