import { settingOf } from "../../model/queries";
import { clusterRelated, webApps } from "../helpers";
import { defineRule } from "../rule";
import { apacheVariant } from "./apache-variant";
import { nextcloudSetup } from "./nextcloud-setup";

const README = "https://github.com/nextcloud/docker/blob/master/README.md";
const ENTRYPOINT = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const PULL_REQUEST = "https://github.com/nextcloud/docker/pull/1761";

export const initHtaccess = defineRule({
  meta: {
    id: "config/init-htaccess",
    severity: "info",
    formats: ["C", "K"],
    priority: "P2",
    clusterOnly: true,
    title: "Nextcloud on several Apache nodes without NEXTCLOUD_INIT_HTACCESS",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Notes, in cluster context, a Nextcloud container running the image's Apache with its normal setup (not a cron container, not a command of its own) that does not set `NEXTCLOUD_INIT_HTACCESS`. PHP-FPM containers (behind nginx, which reads no `.htaccess`) and containers whose image the files do not show are left alone.",
      whyItMatters: `With \`NEXTCLOUD_INIT_HTACCESS\` set, the entrypoint runs \`occ maintenance:update:htaccess\` after its setup on an installed instance (${ENTRYPOINT}). The README: "You might want to make sure the htaccess is up to date after each container update. Especially on multiple swarm nodes as any discrepancy will make your server unusable." (${README}). (The variable came with ${PULL_REQUEST}: "run occ maintenance:update:htaccess after initialisation".)`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      REDIS_HOST: redis",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      REDIS_HOST: redis",
          '      NEXTCLOUD_INIT_HTACCESS: "true"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Safe: the quick fix sets `NEXTCLOUD_INIT_HTACCESS=true`; the entrypoint then runs `occ maintenance:update:htaccess` at each start of an installed instance, the step the README recommends after each container update.",
      sources: [README, ENTRYPOINT, PULL_REQUEST],
    },
  },
  check({ model, fix, report }) {
    if (!model.cluster.inCluster) return;
    for (const app of webApps(model)) {
      if (app.product !== "nextcloud" || apacheVariant(app) !== "apache" || nextcloudSetup(app) !== "runs") continue;
      // A chart renders the environment from its values; extra variables it takes are not modelled.
      if ([...app.env.values()].some((s) => s.origin === "values" || s.origin === "derived")) continue;
      const htaccess = settingOf(app, "NEXTCLOUD_INIT_HTACCESS");
      // `[ -n "${NEXTCLOUD_INIT_HTACCESS+x}" ]`: set at all, even empty, turns it on.
      if (htaccess.certainty !== "defaulted" || htaccess.setting) continue;
      report({
        message: `${app.name} runs Nextcloud with Apache on several nodes without NEXTCLOUD_INIT_HTACCESS: after an update the entrypoint does not regenerate .htaccess, and the image's README warns that on several swarm nodes "any discrepancy will make your server unusable". Set NEXTCLOUD_INIT_HTACCESS=true.`,
        location: app.nameLocation,
        related: clusterRelated(model, app),
        fixes: [fix.setEnv(app, "NEXTCLOUD_INIT_HTACCESS", "true", `Set NEXTCLOUD_INIT_HTACCESS=true on ${app.name}`, "safe")],
      });
    }
  },
});
