import { settingOf } from "../../model/queries";
import { webApps } from "../helpers";
import { defineRule } from "../rule";
import { apacheVariant } from "./apache-variant";

const README_PROXY = "https://github.com/nextcloud/docker/blob/master/README.md#using-the-image-behind-a-reverse-proxy-and-specifying-the-server-host-and-protocol";
const DOCKERFILE = "https://github.com/nextcloud/docker/blob/master/Dockerfile-debian.template";
const ENTRYPOINT = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const NC_PROXY_DOCS = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/reverse_proxy_configuration.html";

export const remoteipVsTrustedProxies = defineRule({
  meta: {
    id: "config/remoteip-vs-trusted-proxies",
    severity: "warning",
    formats: ["C", "E", "K", "H"],
    priority: "P2",
    clusterOnly: false,
    title: "TRUSTED_PROXIES while Apache still rewrites the client address",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a Nextcloud container running the image's Apache (every tag but the `fpm` ones) that sets `TRUSTED_PROXIES` but not `APACHE_DISABLE_REWRITE_IP` — in Compose, env files, Kubernetes containers and the Nextcloud chart's `nextcloud.extraEnv` (the chart's `image.flavor` names the variant while `image.tag` is empty, https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl). For a lone `.env`, where the image is not shown, the message says it applies to the Apache image.",
      whyItMatters: `The Apache image enables mod_remoteip with \`RemoteIPHeader X-Real-IP\` for peers in 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (${DOCKERFILE}); the entrypoint disables it only when \`APACHE_DISABLE_REWRITE_IP\` is set (${ENTRYPOINT}). While it is on, a proxy that sends X-Real-IP is replaced by the client's address before Nextcloud sees the request, so Nextcloud does not recognise the proxy as one of \`TRUSTED_PROXIES\` and ignores the X-Forwarded-Proto, -Host and -For it sends (${NC_PROXY_DOCS}). The README: to pick up host, protocol and client address from a trusted proxy, disable rewrite IP and add the proxy to \`TRUSTED_PROXIES\` (${README_PROXY}).`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      TRUSTED_PROXIES: 172.18.0.0/16",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      TRUSTED_PROXIES: 172.18.0.0/16",
          '      APACHE_DISABLE_REWRITE_IP: "1"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix sets `APACHE_DISABLE_REWRITE_IP=1` (in Helm values, as a new `nextcloud.extraEnv` item). From then on Nextcloud sees the proxy's address and takes the client's from the forwarded headers only when the proxy's address is in `TRUSTED_PROXIES`: check that it is, or every user appears to come from the proxy (and brute-force throttling hits them all).",
      sources: [README_PROXY, DOCKERFILE, ENTRYPOINT, NC_PROXY_DOCS],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const variant = apacheVariant(app);
      if (variant === "other" || (variant === "unknown" && !model.standalone)) continue;
      const proxies = settingOf(app, "TRUSTED_PROXIES");
      const disable = settingOf(app, "APACHE_DISABLE_REWRITE_IP");
      if (proxies.certainty !== "known" || !proxies.setting || proxies.setting.templated || (proxies.value ?? "").trim() === "") continue;
      // `[ -n "${APACHE_DISABLE_REWRITE_IP+x}" ]`: set at all, even empty, disables it.
      if (disable.certainty !== "defaulted" || disable.setting) continue;
      const prefix = variant === "unknown" ? "With the Apache image (every tag but the fpm ones), " : "";
      report({
        message: `${prefix}${prefix ? "t" : "T"}he image's Apache rewrites the client address from X-Real-IP for proxies on private networks, and APACHE_DISABLE_REWRITE_IP is not set${model.standalone ? "" : ` on ${app.name}`}: Nextcloud then sees the client instead of the proxy, does not match it against TRUSTED_PROXIES and ignores the proxy's X-Forwarded-Proto, -Host and -For. Set APACHE_DISABLE_REWRITE_IP=1, as the image's README says for TRUSTED_PROXIES.`,
        location: proxies.setting.location,
        fixes: [fix.setEnv(app, "APACHE_DISABLE_REWRITE_IP", "1", `Set APACHE_DISABLE_REWRITE_IP=1${model.standalone ? "" : ` on ${app.name}`} (check that TRUSTED_PROXIES lists the proxy)`, "unsafe")],
      });
    }
  },
});
