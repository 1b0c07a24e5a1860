import { settingOf } from "../../model/queries";
import { exclusiveConflicts } from "./set-and-file-both";
import { webApps } from "../helpers";
import { defineRule } from "../rule";
import { commandWord, nextcloudSetup } from "./nextcloud-setup";

const README = "https://github.com/nextcloud/docker/blob/master/README.md";
const ENTRYPOINT = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const SUPERVISORD_EXAMPLE = "https://github.com/nextcloud/docker/tree/master/.examples/dockerfiles/full";

/** Commands that run the web app itself: a process supervisor or a web server started another way. */
const SERVING_COMMAND = /(^|\/)(supervisord|s6-svscan|runsvdir|httpd|php-fpm[\d.]+)$/;

export const customCommandWithoutUpdate = defineRule({
  meta: {
    id: "config/custom-command-without-update",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Nextcloud started with its own command but without NEXTCLOUD_UPDATE=1",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a Nextcloud web container whose command is not the image's `apache2-foreground` or `php-fpm` while `NEXTCLOUD_UPDATE` is not 1, when that command serves the app (supervisord, s6, `httpd`, a versioned `php-fpm`) or no other Nextcloud container of the project runs the image's setup. Cron containers (`/cron.sh`), containers with an entrypoint of their own and helper containers beside a normally started app (a notify_push sidecar, an occ job) are not reported.",
      whyItMatters: `The entrypoint installs or upgrades the code in \`/var/www/html\`, runs \`occ upgrade\` and writes the Redis session settings only when its first argument starts with \`apache\`, is \`php-fpm\`, or \`NEXTCLOUD_UPDATE\` is 1 (${ENTRYPOINT}). The README: "If you intend to use another command to run the image, make sure that you set NEXTCLOUD_UPDATE=1 … Otherwise the installation and update will not work" (${README}); its supervisord example sets it (${SUPERVISORD_EXAMPLE}). Without it a new image version never upgrades the shared code and data, and sessions stay in per-node files.`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-fpm",
          '    command: ["/usr/bin/supervisord", "-c", "/supervisord.conf"]',
          "    environment:",
          "      REDIS_HOST: redis",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-fpm",
          '    command: ["/usr/bin/supervisord", "-c", "/supervisord.conf"]',
          "    environment:",
          "      REDIS_HOST: redis",
          '      NEXTCLOUD_UPDATE: "1"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix sets `NEXTCLOUD_UPDATE=1`, so the entrypoint installs or upgrades at start before running the command, as the README asks. Check that the command does not already run the entrypoint's setup itself, and that only containers meant to upgrade the installation get it.",
      sources: [ENTRYPOINT, README, SUPERVISORD_EXAMPLE],
    },
  },
  check({ model, fix, report }) {
    const apps = webApps(model).filter((app) => app.product === "nextcloud");
    const someoneSetsUp = apps.some((app) => nextcloudSetup(app) === "runs");
    for (const app of apps) {
      if (nextcloudSetup(app) !== "custom" || !app.command?.location) continue;
      // A command that starts the entrypoint itself runs the setup after all.
      if (/entrypoint/.test(app.command.value)) continue;
      const word = commandWord(app.command.value) ?? "";
      if (!SERVING_COMMAND.test(word) && someoneSetsUp) continue;
      const update = settingOf(app, "NEXTCLOUD_UPDATE");
      const redis = (settingOf(app, "REDIS_HOST").value ?? "").trim() !== "";
      const state = update.setting ? `NEXTCLOUD_UPDATE is "${update.value}"` : "NEXTCLOUD_UPDATE is not set";
      report({
        message: `${app.name} runs "${app.command.value}" instead of apache2-foreground or php-fpm, and ${state}: the image's entrypoint then skips its setup, so the code in /var/www/html is never installed or upgraded${redis ? " and the Redis session settings are not written" : ""}. Set NEXTCLOUD_UPDATE=1, as the image's README says for another command.`,
        location: app.command.location,
        related: update.setting ? [{ location: update.setting.location, message: state }] : [],
        // Running the entrypoint would stop at a variable set both plain and as _FILE: fix that first.
        fixes: exclusiveConflicts(app).length > 0 ? [] : [fix.setEnv(app, "NEXTCLOUD_UPDATE", "1", `Set NEXTCLOUD_UPDATE=1 on ${app.name}`, "unsafe")],
      });
    }
  },
});
