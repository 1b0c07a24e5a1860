import type { AppRole } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import { certaintyOf } from "../../model/queries";
import { commandWord } from "./nextcloud-setup";

/**
 * Whether a Nextcloud container runs the image's Apache with the entrypoint's `$1` starting with
 * `apache` (what the entrypoint's Apache settings need). The tags name the variant: `-fpm` and
 * `-fpm-alpine` tags are PHP-FPM, every other tag (`latest`, `31`, `31.0.2`, `31-apache`) is
 * Apache (https://github.com/nextcloud/docker/blob/master/README.md,
 * https://github.com/nextcloud/docker/blob/master/generate-stackbrew-library.sh).
 *
 * unknown: no image (a lone `.env`), an image the files do not show, or an entrypoint of its own.
 */
export function apacheVariant(app: AppRole): "apache" | "other" | "unknown" {
  if (app.product !== "nextcloud") return "other";
  if (app.entrypoint || app.replacesEntrypoint) return "unknown";
  if (app.command) {
    if (certaintyOf(app.command) === "unknown") return "unknown";
    return commandWord(app.command.value)?.startsWith("apache") ? "apache" : "other";
  }
  if (!app.image && app.imageFlavor) return certaintyOf(app.imageFlavor) === "unknown" ? "unknown" : /^fpm/.test(app.imageFlavor.value) ? "other" : "apache";
  if (!app.image || certaintyOf(app.image) === "unknown" || /\$|\{\{/.test(app.image.value)) return "unknown";
  const tag = parseImage(app.image.value).tag ?? "latest";
  return /(^|-)fpm(-alpine)?$/.test(tag) ? "other" : "apache";
}
