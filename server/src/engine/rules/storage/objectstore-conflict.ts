import type { AppRole } from "../../model/cluster-model";
import { settingOf, type SettingFact } from "../../model/queries";
import { settingOrService } from "../helpers";
import { defineRule } from "../rule";

const s3Config = "https://github.com/nextcloud/docker/blob/master/.config/s3.config.php";
const swiftConfig = "https://github.com/nextcloud/docker/blob/master/.config/swift.config.php";
const primaryStorage = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/primary_storage.html";

/** The image's config file applies when `getenv()` of its switch is truthy in PHP: set, not "" and not "0". */
export function objectStoreSwitchOn(fact: SettingFact): boolean {
  if (fact.certainty !== "known" || fact.setting?.templated || fact.setting?.passthrough) return false;
  const value = (fact.value ?? "").trim();
  return value !== "" && value !== "0";
}

export const objectstoreConflict = defineRule({
  meta: {
    id: "storage/objectstore-conflict",
    severity: "error",
    formats: ["C", "H", "E"],
    priority: "P2",
    clusterOnly: false,
    title: "Both S3 and Swift primary storage configured",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a Nextcloud app (official image) given both S3 and Swift as primary storage: `OBJECTSTORE_S3_BUCKET` and `OBJECTSTORE_SWIFT_URL` both set to a value in its environment, an env file or a lone `.env`, or in the nextcloud/helm chart both `nextcloud.objectStore.s3.enabled` and `nextcloud.objectStore.swift.enabled` with a `bucket` and a `url`. A value from a Secret or an unset variable is unknown and not reported.",
      whyItMatters:
        "The image configures primary storage from two files it copies into the config directory: `s3.config.php` when `OBJECTSTORE_S3_BUCKET` is set (https://github.com/nextcloud/docker/blob/master/.config/s3.config.php) and `swift.config.php` when `OBJECTSTORE_SWIFT_URL` is set (https://github.com/nextcloud/docker/blob/master/.config/swift.config.php). Both assign the one `objectstore` setting, so one silently replaces the other and the files go to a store you may not expect; Nextcloud uses exactly one primary object store (https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/primary_storage.html), and switching it later makes existing files unreachable.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    environment:",
          "      OBJECTSTORE_S3_BUCKET: nextcloud",
          "      OBJECTSTORE_S3_HOST: minio",
          "      OBJECTSTORE_SWIFT_URL: https://keystone.example/v3",
          "      OBJECTSTORE_SWIFT_CONTAINER_NAME: nextcloud",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    environment:",
          "      OBJECTSTORE_S3_BUCKET: nextcloud",
          "      OBJECTSTORE_S3_HOST: minio",
          "",
        ].join("\n"),
      },
      fixSafety: "No automatic fix: which store holds your files is yours to decide. Keep the variables (or the chart's `objectStore` block) of the one store the installation was set up with and remove the other.",
      sources: [s3Config, swiftConfig, primaryStorage, "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl"],
    },
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const app of model.apps.filter((a: AppRole) => a.product === "nextcloud")) {
      const s3 = settingOf(app, "OBJECTSTORE_S3_BUCKET");
      const swift = settingOf(app, "OBJECTSTORE_SWIFT_URL");
      if (!objectStoreSwitchOn(s3) || !objectStoreSwitchOn(swift)) continue;
      const location = settingOrService(app, s3.setting);
      const key = `${location.path}|${location.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        message: `${app.name} configures both S3 (${s3.label}) and Swift (${swift.label}) as primary storage: the image's s3.config.php and swift.config.php both set \`objectstore\`, so one silently replaces the other. Keep only the store the installation was set up with (${primaryStorage}).`,
        location,
        related: [{ location: settingOrService(app, swift.setting), message: `Swift primary storage is configured here (${swift.label})` }],
      });
    }
  },
});
