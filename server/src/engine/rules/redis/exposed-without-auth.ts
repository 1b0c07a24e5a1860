import { certaintyOf } from "../../model/queries";
import { defineRule } from "../rule";

const ALL_INTERFACES = new Set(["", "0.0.0.0", "::", "[::]"]);

export const exposedWithoutAuth = defineRule({
  meta: {
    id: "redis/exposed-without-auth",
    severity: "error",
    formats: ["C", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "Redis port published without a password",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a Redis service (`redis`, `bitnami/redis`, `valkey`, …) that publishes its port (6379, or the one given with `--port`) on all host interfaces — `\"6379:6379\"`, `\"0.0.0.0:6379:6379\"`, a bare `\"6379\"`, or a long-form port without `host_ip` — while its command sets no `--requirepass`, `--aclfile` or configuration file; for the Bitnami `bitnami/redis` and `bitnami/valkey` images, while `ALLOW_EMPTY_PASSWORD=yes` is set and no `REDIS_PASSWORD` (`VALKEY_PASSWORD`) is given: without that switch those images refuse to start with no password, and with a password they set `requirepass` from it (https://github.com/bitnami/containers/blob/main/bitnami/redis/README.md). On Kubernetes: a container `hostPort` for that port (without `hostIP: 127.0.0.1`), or a `NodePort` or `LoadBalancer` Service that selects the Redis pods and targets that port.",
      whyItMatters:
        "Redis is built for trusted networks. Its protected mode would refuse remote clients without a password, but the official Docker image turns protected mode off, so a published port is open to anyone who can reach the host (https://redis.io/docs/latest/operate/oss_and_stack/management/security/). In a Nextcloud/ownCloud cluster this Redis holds the sessions and file locks: anyone can read sessions, drop locks or run commands on the server.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    ports:", '      - "6379:6379"', ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    ports:", '      - "127.0.0.1:6379:6379"', ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the first quick fix binds the published port to 127.0.0.1, so only the host itself reaches it; apps on the Compose network still reach Redis by its service name, but clients on other hosts that used the published port no longer do. The second (a suggestion) removes the port publication altogether. Kubernetes findings have no quick fix: make the Service `ClusterIP` (the apps use its name inside the cluster) or drop the `hostPort`. Setting a password (`--requirepass` plus `REDIS_HOST_PASSWORD` / `OWNCLOUD_REDIS_PASSWORD` on every app) is the other way out and is left to you.",
      sources: ["https://redis.io/docs/latest/operate/oss_and_stack/management/security/", "https://redis.io/docs/latest/develop/reference/errors/common/denied/", "https://github.com/bitnami/containers/blob/main/bitnami/redis/7.4/debian-12/rootfs/opt/bitnami/scripts/libredis.sh"],
    },
  },
  check({ model, fix, report }) {
    for (const redis of model.redis) {
      const service = redis.service;
      // Only a Redis known to ask for no password: a configuration file may set one.
      if (!redis.auth || redis.auth.value || certaintyOf(redis.auth) === "unknown") continue;
      const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
      const redisPort = redis.port ?? "6379";
      // Redis' security notes (https://redis.io/docs/latest/operate/oss_and_stack/management/security/) speak for the official image only; other images get the general warning.
      // A located "no" comes from a variable that asks for no password (Bitnami's ALLOW_EMPTY_PASSWORD).
      const allowedEmpty = redis.auth.location && redis.auth.label ? redis.auth : undefined;
      const reason = /--protected-mode(?:\s+|=)no\b/.test(command)
        ? "--protected-mode no lets every client in"
        : allowedEmpty
          ? `${allowedEmpty.label} makes the image start it without a password and with protected mode off`
          : service.imageName === "redis"
            ? "the official image turns protected mode off"
            : "Redis is built for trusted networks only";
      const noPassword = allowedEmpty
        ? [{ location: allowedEmpty.location!, message: `${allowedEmpty.label} asks for no password` }]
        : service.command?.location
          ? [{ location: service.command.location, message: "the command sets no --requirepass" }]
          : [];
      for (const port of service.ports) {
        if (!ALL_INTERFACES.has((port.hostIp ?? "").trim()) || !coversPort(port.target, redisPort)) continue;
        if (port.exposedBy) {
          // Kubernetes: a hostPort opens the port on the node, a NodePort Service on every node, a LoadBalancer to whoever reaches it.
          report({
            message: `${service.name} publishes Redis port ${redisPort} through ${port.exposedBy}${/^\d+$/.test(port.published ?? "") ? ` on port ${port.published}` : ""} and sets no password; ${reason}, so anyone who reaches it from outside the cluster can read sessions, drop file locks and run commands. Other pods reach Redis through a ClusterIP Service.`,
            location: port.location,
            related: [...noPassword, ...(port.exposedBy === "a hostPort" ? [] : [{ location: service.nameLocation, message: `the Service sends its traffic to ${service.name}` }])],
          });
          continue;
        }
        const published = port.published ? `host port ${port.published}` : "a random host port";
        report({
          message: `${service.name} publishes Redis port ${redisPort} on every interface of the host (${published}) and sets no password; ${reason}, so anyone who reaches the host can read sessions, drop file locks and run commands.`,
          location: port.focus ?? port.location,
          related: noPassword,
          fixes: [
            fix.setFact(port.hostIpSetting, "127.0.0.1", "Publish Redis on 127.0.0.1 only", "unsafe"),
            port.removal ? fix.deleteLines(port.removal, `Stop publishing the Redis port of ${service.name} (apps reach it over the Compose network)`, "suggestion") : undefined,
          ],
        });
      }
    }
  },
});

/** `6379`, or a range `6379-6380` that contains it. */
function coversPort(target: string, port: string): boolean {
  const m = /^(\d+)(?:-(\d+))?$/.exec(target.trim());
  if (!m) return false;
  const low = Number(m[1]);
  const high = m[2] ? Number(m[2]) : low;
  const n = Number(port);
  return n >= low && n <= high;
}
