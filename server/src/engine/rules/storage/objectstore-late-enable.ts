import type { AppRole } from "../../model/cluster-model";
import { installationPeers } from "../../model/installation";
import { configPhpOf, settingOf, type SettingFact } from "../../model/queries";
import { settingOrService } from "../helpers";
import { defineRule } from "../rule";
import { objectStoreSwitchOn } from "./objectstore-conflict";

const nextcloudPrimary = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/primary_storage.html";
const owncloudPrimary = "https://doc.owncloud.com/server/latest/admin_manual/configuration/files/external_storage/s3_compatible_object_storage_as_primary.html";

export const objectstoreLateEnable = defineRule({
  meta: {
    id: "storage/objectstore-late-enable",
    severity: "info",
    formats: ["C", "H", "K", "E"],
    priority: "P2",
    clusterOnly: false,
    title: "Object storage is chosen once, before the first install",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Notes where an app is given object storage as primary storage, so that whoever deploys knows it only works on a fresh installation: Nextcloud's `OBJECTSTORE_S3_BUCKET` or `OBJECTSTORE_SWIFT_URL` set to a value (nextcloud/helm: `nextcloud.objectStore.s3.enabled` or `.swift.enabled` with a `bucket` or `url`), ownCloud's `OWNCLOUD_OBJECTSTORE_ENABLED=true` (ownCloud chart: `owncloud.objectstore.enabled`), and an `objectstore` or `objectstore_multibucket` array that a config file of the deployment sets (a `nextcloud.configs` snippet, `owncloud.configExtra`, a ConfigMap key mounted into the config directory). A value from a Secret or an unset variable is unknown and not reported.",
      whyItMatters:
        "With object storage as primary storage the database holds every file's name and place and the bucket only holds contents by id; Nextcloud's documentation warns that \"configuring a primary object store on an existing Nextcloud instance will make all existing files on the instance inaccessible\" and that it needs exclusive access to the bucket (https://docs.nextcloud.com/server/latest/admin_manual/configuration_files/primary_storage.html). ownCloud's S3 primary storage is likewise set up on a new installation (https://doc.owncloud.com/server/latest/admin_manual/configuration/files/external_storage/s3_compatible_object_storage_as_primary.html). Turning it on for an instance that already has files, or sharing the bucket with anything else, loses access to data.",
      example: {
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
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - data:/var/www/html/data",
          "volumes:",
          "  data: {}",
          "",
        ].join("\n"),
      },
      fixSafety:
        "No fix: nothing is wrong in the file. Configure object storage before the first start of a new installation, give it a bucket of its own, and never add or remove it on an installation that already has files (a migration needs a dedicated tool and a maintenance window). Silence this note for the project once you know (`rules: {storage/objectstore-late-enable: off}` in .scaleout.yaml).",
      sources: [nextcloudPrimary, owncloudPrimary, "https://github.com/nextcloud/docker/blob/master/.config/s3.config.php", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md"],
    },
  },
  check({ model, report }) {
    const seen = new Set<string>();
    // One note per installation: the cron container that shares the web app's object store (as
    // config/env-parity wants) is the same instance, not a second one to warn about.
    const noted: AppRole[] = [];
    const webFirst = [...model.apps].sort((a, b) => Number(a.role !== "web") - Number(b.role !== "web"));
    for (const app of webFirst) {
      const switches: { fact: SettingFact; store: string }[] =
        app.product === "nextcloud"
          ? [
              { fact: settingOf(app, "OBJECTSTORE_S3_BUCKET"), store: "S3" },
              { fact: settingOf(app, "OBJECTSTORE_SWIFT_URL"), store: "Swift" },
            ]
          : [{ fact: settingOf(app, "OWNCLOUD_OBJECTSTORE_ENABLED"), store: "S3" }];
      let reported = false;
      for (const { fact, store } of switches) {
        const on = app.product === "nextcloud" ? objectStoreSwitchOn(fact) : fact.certainty === "known" && !fact.setting?.templated && fact.value?.trim() === "true";
        if (!on) continue;
        if (installationPeers(model, app, fact.name).some((peer) => noted.includes(peer))) {
          reported = true;
          continue;
        }
        noted.push(app);
        const location = settingOrService(app, fact.setting);
        const key = `${location.path}|${location.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        reported = true;
        const docs = app.product === "nextcloud" ? nextcloudPrimary : owncloudPrimary;
        report({
          message: `${app.name} stores files in ${store} object storage (${fact.label}): set this only for a new installation with a bucket of its own; enabling it on an instance that already has files makes them inaccessible (${docs}).`,
          location,
        });
      }
      // A config file of the deployment that sets the primary object store itself (`objectstore`, `objectstore_multibucket`).
      if (reported) continue;
      for (const name of ["objectstore", "objectstore_multibucket"]) {
        const configured = configPhpOf(app, name);
        const setting = configured.setting;
        if (configured.certainty !== "known" || setting?.value.kind !== "array") continue;
        const key = `${setting.location.path}|${setting.location.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({
          message: `${app.name} stores files in object storage (${setting.label} sets ${name}): set this only for a new installation with a bucket of its own; enabling it on an instance that already has files makes them inaccessible (${app.product === "nextcloud" ? nextcloudPrimary : owncloudPrimary}).`,
          location: setting.keyLocation,
        });
      }
    }
  },
});
