import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

/** `root`, `0`, with or without a group. */
function isRoot(user: string): boolean {
  return /^(0|root)(:.*)?$/.test(user.trim());
}

/** The image's crond: `/cron.sh` runs `busybox crond`, which must run as root (https://github.com/nextcloud/docker/blob/master/docker-cron.sh). */
const crondScript = /(^|[\s"'[,])\/cron\.sh\b/;

export const nonRoot = defineRule({
  meta: {
    id: "cron/non-root",
    severity: "error",
    formats: ["C", "H"],
    priority: "P2",
    clusterOnly: false,
    title: "Nextcloud cron container forced to a non-root user",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a Nextcloud cron service that runs the image's `/cron.sh` (busybox crond) under a non-root `user:`, and the Nextcloud chart's cron sidecar (`cronjob.type: sidecar`) when `cronjob.sidecar.securityContext` or, failing that, `nextcloud.podSecurityContext` sets `runAsUser` to a non-zero id or `runAsNonRoot: true`. A CronJob that runs `php cron.php` itself may run as any user and is not flagged.",
      whyItMatters:
        "`/cron.sh` starts `busybox crond` for the image's `www-data` crontab: the image's examples note that \"this container must run as root or cron.php will not run\" (https://github.com/nextcloud/docker/blob/master/.examples/README.md, https://github.com/nextcloud/docker/issues/1899), and the chart's values say \"crond requires root\" for the sidecar (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml). As another user cron.php does not run and background jobs stop; with `runAsNonRoot` and no user id, Kubernetes refuses to start the container at all (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    user: www-data",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "  cron:",
          "    image: nextcloud:31-apache",
          "    entrypoint: /cron.sh",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Compose: the fix removes the service's `user:` line, so crond runs as root and runs cron.php as `www-data` as the image intends (safe). Chart: the fix switches to `cronjob.type: cronjob`, a Kubernetes CronJob that runs `php cron.php` and may keep your non-root user (unsafe: it needs `persistence.enabled`, is offered only then, and with a ReadWriteOnce volume its pod must run on the app's node).",
      sources: [
        "https://github.com/nextcloud/docker/blob/master/.examples/README.md",
        "https://github.com/nextcloud/docker/issues/1899",
        "https://github.com/nextcloud/docker/blob/master/docker-cron.sh",
        "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
      ],
    },
  },
  check({ model, fix, report }) {
    const webRunsAsOwnUser = model.apps.some((a) => a.product === "nextcloud" && a.role === "web" && a.user !== undefined && !isRoot(a.user.value));
    for (const cron of model.apps.filter((a) => a.product === "nextcloud" && a.role === "cron")) {
      const user = cron.user;
      if (!user || certaintyOf(user) === "unknown" || user.value.trim() === "" || user.value.includes("${") || isRoot(user.value)) continue;
      const runner = cron.cronRunner;
      const sidecar = runner?.scope === "per-instance";
      const command = `${cron.entrypoint?.value ?? ""} ${cron.command?.value ?? ""}`;
      // The chart's sidecar runs /cron.sh unless the values give it another command.
      if (sidecar ? cron.command !== undefined && (certaintyOf(cron.command) === "unknown" || !crondScript.test(command)) : !crondScript.test(command)) continue;
      const label = user.label ?? "user";
      const as = user.value === "runAsNonRoot" ? `${label} is true` : `${label} is ${user.value}`;
      const consequence = user.value === "runAsNonRoot" ? "the image runs crond as root, so Kubernetes refuses to start the container" : "cron.php does not run";
      report({
        message: `${cron.name} runs Nextcloud's /cron.sh, but ${as}: crond needs root and ${consequence}. ${sidecar ? `Use ${runner!.setting.label}: ${runner!.single}, which runs cron.php without crond, or drop the non-root user for the sidecar.` : "Remove the user so crond runs as root (it runs cron.php as www-data)."}`,
        location: user.location ?? cron.nameLocation,
        related: [{ location: cron.nameLocation, message: `${cron.name} runs background jobs` }],
        // Where the web containers run as a user of their own, cron.php as www-data would write files they cannot change: no safe removal then.
        fixes: [sidecar ? fix.setFact(runner!.setting, runner!.single, `Run background jobs from a CronJob (${runner!.setting.label}: ${runner!.single})`, "unsafe") : webRunsAsOwnUser ? undefined : fix.removeServiceKey(cron, "user", user, `Remove user: from ${cron.name}`, "safe")],
      });
    }
  },
});
