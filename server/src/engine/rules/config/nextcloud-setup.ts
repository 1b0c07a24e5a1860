import type { AppRole } from "../../model/cluster-model";
import { certaintyOf, settingOf } from "../../model/queries";

/**
 * Whether the Nextcloud image's entrypoint runs its setup (Redis session, install, upgrade,
 * `file_env`) in this container. The image is `ENTRYPOINT ["/entrypoint.sh"]` with
 * `CMD ["apache2-foreground"]` or `["php-fpm"]`; the script sets up only when its first argument
 * starts with `apache`, is `php-fpm`, or `NEXTCLOUD_UPDATE` is 1
 * (https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh,
 * https://github.com/nextcloud/docker/blob/master/Dockerfile-debian.template).
 *
 * runs: it sets up; custom: a command of its own skips it (NEXTCLOUD_UPDATE unset or 0);
 * unknown: an entrypoint of its own (what it calls is not shown), a cron container, or a command
 * or NEXTCLOUD_UPDATE the files do not show.
 */
export type SetupVerdict = "runs" | "custom" | "unknown";

export function nextcloudSetup(app: AppRole): SetupVerdict {
  if (app.product !== "nextcloud" || app.role !== "web") return "unknown";
  if (app.entrypoint || app.replacesEntrypoint) return "unknown";
  if (!app.command) return "runs";
  if (certaintyOf(app.command) === "unknown" || app.command.value.includes("$")) return "unknown";
  const first = commandWord(app.command.value);
  if (first === undefined) return "unknown";
  if (first.startsWith("apache") || first === "php-fpm") return "runs";
  const update = settingOf(app, "NEXTCLOUD_UPDATE", "0");
  if (update.certainty === "unknown") return "unknown";
  // `[ "${NEXTCLOUD_UPDATE:-0}" -eq 1 ]`: an integer comparison.
  return /^\s*0*1\s*$/.test(update.value ?? "") ? "runs" : "custom";
}

/** The command's first word (the entrypoint's `$1`). */
export function commandWord(command: string): string | undefined {
  const word = command.trim().split(/\s+/)[0];
  return word === undefined || word === "" ? undefined : word.replace(/^["']|["']$/g, "");
}
