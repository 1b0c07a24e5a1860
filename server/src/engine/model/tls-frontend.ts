import type { Location } from "../text/span";
import type { EnvSetting, TlsFrontend } from "./cluster-model";

/** A container label as resolved: `traefik.http.routers.app.tls=true`. */
export interface ServiceLabel {
  key: string;
  value: string;
  location: Location;
}

/**
 * The TLS-terminating proxy a Compose service's labels or variables name:
 * - Traefik: a router with `tls=true` or a `tls.certresolver` (https://doc.traefik.io/traefik/routing/providers/docker/),
 *   its host from the router's `Host(...)` rule;
 * - caddy-docker-proxy: a `caddy` label naming a site without `http://` (Caddy serves HTTPS for
 *   a site address with a domain name: https://caddyserver.com/docs/automatic-https,
 *   https://github.com/lucaslorentz/caddy-docker-proxy);
 * - nginx-proxy's ACME companion: `LETSENCRYPT_HOST` (https://github.com/nginx-proxy/acme-companion).
 */
export function tlsFrontendOf(labels: ServiceLabel[], env: Map<string, EnvSetting>): TlsFrontend | undefined {
  for (const label of labels) {
    const router = /^traefik\.http\.routers\.([^.]+)\.tls(?:\.certresolver)?$/.exec(label.key);
    if (router && (label.key.endsWith(".certresolver") ? label.value.trim() !== "" : label.value.trim().toLowerCase() === "true")) {
      const rule = labels.find((l) => l.key === `traefik.http.routers.${router[1]}.rule`);
      return { by: `The Traefik router ${router[1]}`, location: label.location, host: rule ? /Host\(\s*[`"']([^`"']+)[`"']/.exec(rule.value)?.[1] : undefined };
    }
  }
  for (const label of labels) {
    if (!/^caddy(_\d+)?$/.test(label.key)) continue;
    const site = label.value.trim().split(/[\s,]+/)[0] ?? "";
    const host = /^(?:https:\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?$/i.exec(site)?.[1];
    if (host && !/^\d+(\.\d+)*$/.test(host)) return { by: "The caddy label", location: label.location, host };
  }
  const letsencrypt = env.get("LETSENCRYPT_HOST");
  if (letsencrypt && !letsencrypt.passthrough && !letsencrypt.opaque && !letsencrypt.templated && letsencrypt.value.trim() !== "" && !letsencrypt.value.includes("$")) {
    return { by: "LETSENCRYPT_HOST (nginx-proxy)", location: letsencrypt.location, host: letsencrypt.value.split(",")[0].trim() };
  }
  return undefined;
}
