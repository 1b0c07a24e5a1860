import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import { entryOf, visitNodes, type YEntry, type YMap, type YNode, type YSeq } from "../../documents/yaml-tree";
import type { PortModel, ServiceModel } from "../../model/cluster-model";
import { parseImage } from "../../model/images";
import type { Project } from "../../project/project";
import type { Span } from "../../text/span";
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
        "Flags a Redis service (`redis`, `bitnami/redis`, `valkey`, …) that publishes its port (6379, or the one given with `--port`) on all host interfaces — `\"6379:6379\"`, `\"0.0.0.0:6379:6379\"`, a bare `\"6379\"`, or a long-form port without `host_ip` — while its command sets no `--requirepass`, `--aclfile` or configuration file. On Kubernetes: a container `hostPort` for that port (without `hostIP: 127.0.0.1`), or a `NodePort` or `LoadBalancer` Service that selects the Redis pods and targets that port.",
      whyItMatters:
        "Redis is built for trusted networks. Its protected mode would refuse remote clients without a password, but the official Docker image turns protected mode off, so a published port is open to anyone who can reach the host (FACTS §7, S33). In a Nextcloud/ownCloud cluster this Redis holds the sessions and file locks: anyone can read sessions, drop locks or run commands on the server.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    ports:", '      - "6379:6379"', ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "  redis:", "    image: redis:7", "    ports:", '      - "127.0.0.1:6379:6379"', ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the first quick fix binds the published port to 127.0.0.1, so only the host itself reaches it; apps on the Compose network still reach Redis by its service name, but clients on other hosts that used the published port no longer do. The second (a suggestion) removes the port publication altogether. Kubernetes findings have no quick fix: make the Service `ClusterIP` (the apps use its name inside the cluster) or drop the `hostPort`. Setting a password (`--requirepass` plus `REDIS_HOST_PASSWORD` / `OWNCLOUD_REDIS_PASSWORD` on every app) is the other way out and is left to you.",
      sources: ["FACTS §7", "FACTS S33 (redis.conf protected-mode; docker-library redis docs)", "https://redis.io/docs/latest/develop/reference/errors/common/denied/"],
    },
  },
  check({ model, project, fix, report }) {
    for (const redis of model.redis) {
      const service = redis.service;
      if (hasAuthentication(service)) continue;
      const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
      const redisPort = /--port(?:\s+|=)(\d+)/.exec(command)?.[1] ?? "6379";
      // FACTS §7 / S33 speak for the official image only; other images get the general warning.
      const reason = /--protected-mode(?:\s+|=)no\b/.test(command)
        ? "--protected-mode no lets every client in"
        : service.image && parseImage(service.image.value).repository === "redis"
          ? "the official image turns protected mode off"
          : "Redis is built for trusted networks only";
      for (const port of service.ports) {
        if (!ALL_INTERFACES.has((port.hostIp ?? "").trim()) || !coversPort(port.target, redisPort)) continue;
        // A Kubernetes containerPort is reachable on the host only with a hostPort.
        if (model.format === "k8s" && port.published === undefined) continue;
        const published = port.published ? `host port ${port.published}` : "a random host port";
        if (port.exposedBy) {
          // Kubernetes: a hostPort opens the port on the node, a NodePort Service on every node, a LoadBalancer to whoever reaches it.
          report({
            message: `${service.name} publishes Redis port ${redisPort} through ${port.exposedBy}${/^\d+$/.test(port.published ?? "") ? ` on port ${port.published}` : ""} and sets no password; ${reason}, so anyone who reaches it from outside the cluster can read sessions, drop file locks and run commands. Other pods reach Redis through a ClusterIP Service.`,
            location: port.location,
            related: [
              ...(service.command?.location ? [{ location: service.command.location, message: "the command sets no --requirepass" }] : []),
              ...(port.exposedBy === "a hostPort" ? [] : [{ location: service.nameLocation, message: `the Service sends its traffic to ${service.name}` }]),
            ],
          });
          continue;
        }
        const portMap = findMap(project, port);
        const mapEntry = portMap ? (entryOf(portMap, "published") ?? entryOf(portMap, "target")) : undefined;
        report({
          message: `${service.name} publishes Redis port ${redisPort} on every interface of the host (${published}) and sets no password; ${reason}, so anyone who reaches the host can read sessions, drop file locks and run commands.`,
          location: mapEntry ? { path: port.location.path, span: mapEntry.span } : port.location,
          related: service.command?.location ? [{ location: service.command.location, message: "the command sets no --requirepass" }] : [],
          fixes: [bindToLoopback(project, fix, port), removePort(project, fix, service, port)],
        });
      }
    }
  },
});

/** A password or ACL in the command, or a config file whose content the linter cannot see. */
function hasAuthentication(service: ServiceModel): boolean {
  const command = `${service.entrypoint?.value ?? ""} ${service.command?.value ?? ""}`;
  if (/--requirepass(?:\s+|=)\S/.test(command) || /--aclfile\b/.test(command)) return true;
  // An ACL user given on the command line protects the server unless it is declared without a password.
  if (/--user\s/.test(command) && !/\bnopass\b/.test(command)) return true;
  if (/\.conf\b/.test(command)) return true;
  // Rebuilt images (bitnami and others) take the password from their environment; stay silent rather than guess.
  const repository = service.image ? parseImage(service.image.value).repository : "";
  if (repository !== "redis" && repository !== "valkey/valkey" && [...service.env.values()].some((e) => /PASSWORD/i.test(e.name) && !/^ALLOW_EMPTY_PASSWORD$/i.test(e.name) && e.value !== "")) return true;
  return false;
}

/** `6379`, or a range `6379-6380` that contains it. */
function coversPort(target: string, port: string): boolean {
  const m = /^(\d+)(?:-(\d+))?$/.exec(target.trim());
  if (!m) return false;
  const low = Number(m[1]);
  const high = m[2] ? Number(m[2]) : low;
  const n = Number(port);
  return n >= low && n <= high;
}

function bindToLoopback(project: Project, fix: FixBuilder, port: PortModel): Fix | undefined {
  const { path, span } = port.location;
  const written = project.sourceAt({ path, span });
  const portMap = findMap(project, port);
  if (portMap) {
    const own = portMap.entries.filter((e) => !e.merged);
    const hostIp = entryOf(portMap, "host_ip");
    if (hostIp?.value) return fix.replace({ path, span: hostIp.value.span }, "127.0.0.1", "Publish Redis on 127.0.0.1 only", "unsafe");
    if (own.length === 0 || portMap.flow) return undefined;
    const indent = " ".repeat(fix.columnOf(path, own[0].keySpan.start));
    const edit = fix.insertLinesAfter(path, own[own.length - 1].span.end, ["host_ip: 127.0.0.1"], indent);
    return edit ? fix.make("Publish Redis on 127.0.0.1 only", "unsafe", [edit]) : undefined;
  }
  const quote = /^["']/.test(written) ? written[0] : "";
  const inner = quote ? written.slice(1, -1) : written;
  if (inner.includes("$") || inner.includes("\n")) return undefined;
  const withoutIp = port.hostIp !== undefined ? inner.slice(inner.indexOf(port.hostIp) + port.hostIp.length + (inner.startsWith("[") ? 1 : 0) + 1) : inner;
  // A bare container port gets `127.0.0.1::port`: still a random host port, now on loopback only.
  const bound = port.published === undefined && !withoutIp.includes(":") ? `127.0.0.1::${withoutIp}` : `127.0.0.1:${withoutIp}`;
  return fix.replace(port.location, `${quote}${bound}${quote}`, "Publish Redis on 127.0.0.1 only", "unsafe");
}

function removePort(project: Project, fix: FixBuilder, service: ServiceModel, port: PortModel): Fix | undefined {
  const title = `Stop publishing the Redis port of ${service.name} (apps reach it over the Compose network)`;
  const owner = findPortsEntry(project, port);
  if (!owner || owner.ports.flow) return undefined;
  // The last item goes with its `ports:` key: an empty `ports:` is null, not a list.
  if (owner.ports.items.length === 1) return fix.deleteLines({ path: owner.ports.path, span: { start: owner.entry.keySpan.start, end: owner.entry.span.end } }, title, "suggestion");
  return fix.deleteLines(port.location, title, "suggestion");
}

/** The long-form port mapping behind a PortModel, if it is one. */
function findMap(project: Project, port: PortModel): YMap | undefined {
  let found: YMap | undefined;
  forEachNodeOf(project, port.location.path, (node) => {
    if (!found && node.kind === "map" && sameSpan(node.span, port.location.span)) found = node;
  });
  return found;
}

/** The `ports:` entry and sequence that hold this port, in the file that writes it. */
function findPortsEntry(project: Project, port: PortModel): { entry: YEntry; ports: YSeq } | undefined {
  let found: { entry: YEntry; ports: YSeq } | undefined;
  forEachNodeOf(project, port.location.path, (node) => {
    if (found || node.kind !== "map") return;
    const entry = node.entries.find((e) => e.key === "ports" && !e.merged);
    const ports = entry?.value;
    if (entry && ports?.kind === "seq" && ports.items.some((item) => sameSpan(item.span, port.location.span))) found = { entry, ports };
  });
  return found;
}

function forEachNodeOf(project: Project, path: string, visit: (node: YNode) => void): void {
  for (const file of project.composeFiles) {
    if (file.path !== path) continue;
    for (const root of file.roots) visitNodes(root, visit);
  }
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
