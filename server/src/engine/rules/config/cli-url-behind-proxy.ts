import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { AppRole, TlsFrontend } from "../../model/cluster-model";
import { configPhpOf, settingOf } from "../../model/queries";
import { clusterRelated, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";

const NC_README = "https://github.com/nextcloud/docker/blob/master/README.md#using-the-image-behind-a-reverse-proxy-and-specifying-the-server-host-and-protocol";
const NC_PROXY_CONFIG = "https://github.com/nextcloud/docker/blob/master/.config/reverse-proxy.config.php";
const NC_PROXY_DOCS = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/reverse_proxy_configuration.html";
const NC_CHART = "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl";
const OC_ENVIRONMENT = "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md";
const OC_OTHERS = "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/entrypoint.d/85-others.sh";

export const cliUrlBehindProxy = defineRule({
  meta: {
    id: "config/cli-url-behind-proxy",
    severity: "warning",
    formats: ["C", "H"],
    priority: "P2",
    clusterOnly: true,
    title: "App behind a TLS proxy without its https protocol or CLI URL",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags, in cluster context, a Nextcloud or ownCloud app that a TLS-terminating proxy serves (a Traefik router with `tls=true` or a cert resolver, a caddy-docker-proxy `caddy` site, nginx-proxy's `LETSENCRYPT_HOST`, a chart Ingress with `tls`) when the app is not told that its URLs are https: Nextcloud without `OVERWRITEPROTOCOL=https` and without an https `OVERWRITECLIURL` (in the chart: `phpClientHttpsFix.enabled`), ownCloud without `OWNCLOUD_OVERWRITE_PROTOCOL=https` while its CLI URL (`OWNCLOUD_OVERWRITE_CLI_URL`, by default `OWNCLOUD_PROTOCOL://OWNCLOUD_DOMAIN`) is http. A `*.php` config file mounted into the app, or a config snippet of the chart (`nextcloud.configs`, `owncloud.configExtra`) that sets `overwriteprotocol` or `overwrite.cli.url`, keeps it silent.",
      whyItMatters: `Behind the proxy the app receives plain http. Nextcloud takes the protocol from X-Forwarded-Proto only when the proxy is in \`TRUSTED_PROXIES\`, and background jobs and occ have no request at all: they build links from \`overwrite.cli.url\` (${NC_PROXY_DOCS}). The image sets \`overwriteprotocol\` and \`overwrite.cli.url\` from \`OVERWRITEPROTOCOL\` and \`OVERWRITECLIURL\` (${NC_PROXY_CONFIG}; ${NC_README}); the chart renders \`OVERWRITEPROTOCOL\` only when \`phpClientHttpsFix.enabled\` (${NC_CHART}). ownCloud's CLI URL defaults to \`\${OWNCLOUD_PROTOCOL}://\${OWNCLOUD_DOMAIN}\` with \`OWNCLOUD_PROTOCOL=http\` (${OC_ENVIRONMENT}; ${OC_OTHERS}). Without them links in mails and notifications, redirects and the login flow point at http behind every node of the load balancer.`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    deploy:",
          "      replicas: 2",
          "      labels:",
          "        - traefik.http.routers.nextcloud.rule=Host(`cloud.example.com`)",
          "        - traefik.http.routers.nextcloud.tls.certresolver=letsencrypt",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      OVERWRITEPROTOCOL: https",
          "      OVERWRITECLIURL: https://cloud.example.com",
          "    deploy:",
          "      replicas: 2",
          "      labels:",
          "        - traefik.http.routers.nextcloud.rule=Host(`cloud.example.com`)",
          "        - traefik.http.routers.nextcloud.tls.certresolver=letsencrypt",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix sets `OVERWRITEPROTOCOL=https` and, when the proxy names the host, `OVERWRITECLIURL=https://<host>` (chart: `phpClientHttpsFix.enabled: true`); for ownCloud `OWNCLOUD_PROTOCOL=https` and `OWNCLOUD_OVERWRITE_PROTOCOL=https`. Every URL the app builds then says https: check that every client reaches it through the TLS proxy. A `config.php` of your own that already sets `overwriteprotocol` or `overwrite.cli.url` makes the finding moot.",
      sources: [NC_README, NC_PROXY_CONFIG, NC_PROXY_DOCS, NC_CHART, OC_ENVIRONMENT, OC_OTHERS],
    },
  },
  check({ model, fix, report }) {
    if (!model.cluster.inCluster) return;
    for (const app of webApps(model)) {
      const tls = app.tlsFrontend;
      // A config file of its own may set the overwrite values the variables would (a mounted one, a chart's config snippet).
      if (!tls || app.mounts.some((m) => /\.php$/i.test(m.target)) || ["overwriteprotocol", "overwrite.cli.url"].some((key) => configPhpOf(app, key).certainty !== "defaulted")) continue;
      const finding = app.product === "nextcloud" ? nextcloudFinding(app, tls, fix) : owncloudFinding(app, tls, fix);
      if (!finding) continue;
      report({
        message: finding.message,
        location: tls.location,
        related: withRelated({ location: app.nameLocation, message: `${app.name} is the app behind it` }, clusterRelated(model, app)),
        fixes: [finding.fix],
      });
    }
  },
});

/** The app's environment is rendered by a chart from its values (not written as variables). */
function chartRendered(app: AppRole): boolean {
  return [...app.env.values()].some((s) => s.origin === "values" || s.origin === "derived");
}

/** The owncloud chart's values behind the variables (templates/envconfigmap.yaml). */
const OC_CHART_VALUES: Record<string, string> = { OWNCLOUD_PROTOCOL: "owncloud.protocol", OWNCLOUD_OVERWRITE_PROTOCOL: "owncloud.overwriteProtocol" };

function isHttps(value: string | undefined): boolean {
  return (value ?? "").trim().toLowerCase() === "https";
}

function nextcloudFinding(app: AppRole, tls: TlsFrontend, fix: FixBuilder): { message: string; fix: Fix | undefined } | undefined {
  const protocol = settingOf(app, "OVERWRITEPROTOCOL");
  const cliUrl = settingOf(app, "OVERWRITECLIURL");
  if (protocol.certainty === "unknown" || cliUrl.certainty === "unknown") return undefined;
  if (isHttps(protocol.value) || /^https:\/\//i.test((cliUrl.value ?? "").trim())) return undefined;
  const url = tls.host ? `https://${tls.host}` : undefined;
  const title = `Set OVERWRITEPROTOCOL=https${url ? ` and OVERWRITECLIURL=${url}` : ""} on ${app.name}`;
  const both = url ? fix.setEnvs(app, [["OVERWRITEPROTOCOL", "https"], ["OVERWRITECLIURL", url]], title, "unsafe") : undefined;
  return {
    message: `${tls.by} serves ${app.name} over https, but ${protocol.value || cliUrl.value ? `OVERWRITEPROTOCOL is ${protocol.value ? `"${protocol.value}"` : "unset"} and OVERWRITECLIURL is ${cliUrl.value ? `"${cliUrl.value}"` : "unset"}` : "neither OVERWRITEPROTOCOL nor OVERWRITECLIURL is set"}: Nextcloud receives plain http, so unless it trusts the proxy's X-Forwarded-Proto it builds http links and redirects, and cron and occ build links from overwrite.cli.url. ${
      chartRendered(app)
        ? `Set phpClientHttpsFix.enabled: true (it renders OVERWRITEPROTOCOL=https) and OVERWRITECLIURL=${url ?? "https://<your host>"} in nextcloud.extraEnv`
        : `Set OVERWRITEPROTOCOL=https and OVERWRITECLIURL=${url ?? "https://<your host>"}`
    } (unless a config.php of yours sets them).`,
    fix: both ?? fix.setEnv(app, "OVERWRITEPROTOCOL", "https", chartRendered(app) ? "Set phpClientHttpsFix.enabled: true (OVERWRITEPROTOCOL=https)" : `Set OVERWRITEPROTOCOL=https on ${app.name}`, "unsafe"),
  };
}

function owncloudFinding(app: AppRole, tls: TlsFrontend, fix: FixBuilder): { message: string; fix: Fix | undefined } | undefined {
  const overwrite = settingOf(app, "OWNCLOUD_OVERWRITE_PROTOCOL");
  const cliUrl = settingOf(app, "OWNCLOUD_OVERWRITE_CLI_URL");
  const protocol = settingOf(app, "OWNCLOUD_PROTOCOL", "http");
  if ([overwrite, cliUrl, protocol].some((s) => s.certainty === "unknown")) return undefined;
  if (isHttps(overwrite.value)) return undefined;
  const written = (cliUrl.value ?? "").trim();
  // 85-others.sh: an empty OWNCLOUD_OVERWRITE_CLI_URL becomes ${OWNCLOUD_PROTOCOL}://${OWNCLOUD_DOMAIN}${OWNCLOUD_SUB_URL}; an empty protocol is http.
  const scheme = written !== "" ? /^([a-z]+):\/\//i.exec(written)?.[1]?.toLowerCase() : (protocol.value ?? "").trim().toLowerCase() || "http";
  if (scheme !== "http") return undefined;
  const why = written !== "" ? `OWNCLOUD_OVERWRITE_CLI_URL is "${written}"` : `OWNCLOUD_PROTOCOL is ${protocol.setting ? `"${protocol.value}"` : "unset (default http)"}, so the CLI URL is http`;
  const pairs: [string, string][] = written === "" ? [["OWNCLOUD_PROTOCOL", "https"], ["OWNCLOUD_OVERWRITE_PROTOCOL", "https"]] : [["OWNCLOUD_OVERWRITE_PROTOCOL", "https"]];
  return {
    message: `${tls.by} serves ${app.name} over https, but ${why} and OWNCLOUD_OVERWRITE_PROTOCOL is not https: ownCloud receives plain http, so unless it trusts the proxy's X-Forwarded-Proto it builds http links and redirects, and cron and occ build links from the CLI URL. Set ${chartRendered(app) ? pairs.map(([n]) => `${OC_CHART_VALUES[n]}: https`).join(" and ") : pairs.map(([n, v]) => `${n}=${v}`).join(" and ")}${written !== "" ? " and an https CLI URL" : ""}.`,
    fix: fix.setEnvs(app, pairs, chartRendered(app) ? `Set ${pairs.map(([n]) => `${OC_CHART_VALUES[n]}: https`).join(" and ")}` : `Set ${pairs.map(([n, v]) => `${n}=${v}`).join(" and ")} on ${app.name}`, "unsafe"),
  };
}
