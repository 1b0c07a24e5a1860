import { webApps } from "../helpers";
import { defineRule } from "../rule";
import { isPathWithin } from "./mount-coverage";

const entrypoint = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const upgradeExclude = "https://github.com/nextcloud/docker/blob/master/upgrade.exclude";
const webroot = "/var/www/html";
/** What the entrypoint's `rsync --delete` leaves alone (upgrade.exclude): the directories a mount may hold. */
const keptDirectories = ["config", "data", "custom_apps", "themes"];

export const mountUnderWebroot = defineRule({
  meta: {
    id: "storage/mount-under-webroot",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "Mount inside the Nextcloud webroot that upgrades overwrite",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Nextcloud web service (official image) that mounts something below `/var/www/html` other than `config`, `data`, `custom_apps` and `themes` (and what lies below them): an extra directory such as `/var/www/html/extra`, a single file such as `/var/www/html/.user.ini`, and `/var/www/html/apps` in particular. Mounting `/var/www/html` itself, and mounts outside it, are fine.",
      whyItMatters:
        "On the first start and on every upgrade the image's entrypoint copies the new version into the webroot with `rsync --delete --exclude-from=/upgrade.exclude` (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh), and that list spares only `config/`, `data/`, `custom_apps/`, `themes/` and `version.php` (https://github.com/nextcloud/docker/blob/master/upgrade.exclude). Everything else under `/var/www/html` is replaced by the image's files or deleted: the contents of a mounted directory are removed, a mounted file cannot be replaced and the copy fails, and a volume at `apps` is overwritten with the bundled apps, so apps installed there disappear and upgrades mix old and new code. The image's README keeps extra apps in `custom_apps` and themes in `themes` (https://github.com/nextcloud/docker/blob/master/README.md).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "      - ./apps:/var/www/html/apps",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - nextcloud:/var/www/html",
          "      - ./apps:/var/www/html/custom_apps",
          "volumes:",
          "  nextcloud: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: where the mounted files belong is yours to decide. Move extra apps to `custom_apps`, a theme to `themes/<name>`, configuration to `config/<name>.config.php`, PHP settings to `/usr/local/etc/php/conf.d/`, and other files outside `/var/www/html` (for example `/mnt/extra`); or build an image with its own `/upgrade.exclude`.",
      sources: [entrypoint, upgradeExclude, "https://github.com/nextcloud/docker/blob/master/README.md"],
    },
  },
  check({ model, report }) {
    for (const app of webApps(model)) {
      if (app.product !== "nextcloud") continue;
      for (const mount of app.mounts) {
        const target = mount.target.trim().replace(/\/+$/, "");
        if (target === webroot || !isPathWithin(target, webroot)) continue;
        if (keptDirectories.some((dir) => isPathWithin(target, `${webroot}/${dir}`))) continue;
        const advice = isPathWithin(target, `${webroot}/apps`)
          ? "the bundled apps are copied over it, so apps kept there are lost and old and new code mix; keep extra apps in /var/www/html/custom_apps"
          : "the copy deletes or replaces what is mounted there and fails on a mount it cannot remove; mount it outside /var/www/html, or under config, data, custom_apps or themes";
        report({
          message: `${app.name} mounts ${target} inside the webroot, which the entrypoint refreshes with \`rsync --delete\` on install and every upgrade, sparing only config, data, custom_apps and themes (${upgradeExclude}): ${advice}.`,
          location: mount.location,
        });
      }
    }
  },
});
