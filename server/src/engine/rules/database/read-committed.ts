import { asScalar, entryOf } from "../../documents/yaml-tree";
import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { DatabaseModel, ServiceModel } from "../../model/cluster-model";
import { helmTruthy } from "../../model/helm-adapter";
import type { Project } from "../../project/project";
import type { Location } from "../../text/span";
import { clusterRelated, withRelated } from "../helpers";
import { defineRule, type RuleContext } from "../rule";
import { clientsOf } from "./database-clients";

const isolationFlag = "--transaction-isolation=READ-COMMITTED";
const readCommittedPattern = /transaction[-_]isolation\s*[=\s]\s*["']?READ[-_ ]COMMITTED/i;
const anyIsolation = /--transaction[-_]isolation[=\s]+["']?([A-Za-z_-]+)/i;
/** A mounted option file is read by the server; its content is not visible to the linter. */
const optionDirs = ["/etc/mysql/conf.d", "/etc/mysql/mariadb.conf.d"];

/** The official images pass a command that starts with `-` to mysqld (FACTS §5.6: the examples do exactly that). */
function takesServerFlags(service: ServiceModel): boolean {
  return /^(mariadb|mysql|percona|percona\/percona-server)$/.test(service.imageName ?? "");
}

function mountsOptionFile(service: ServiceModel): boolean {
  return service.mounts.some((m) => optionDirs.some((dir) => m.target === dir || m.target.startsWith(`${dir}/`)));
}

/**
 * Adds the flag: a new `command:` when there is none (safe, what the official examples do), or
 * appended to an existing command that is only server flags (unsafe: the author's command).
 */
function isolationFix(project: Project, fix: FixBuilder, service: ServiceModel): Fix | undefined {
  if (!takesServerFlags(service)) return undefined;
  const title = `Run ${service.name} with ${isolationFlag}`;
  if (!service.command) return fix.addServiceKey(service, [`command: ${isolationFlag}`], title, "safe");
  const node = entryOf(fix.serviceBody(service), "command")?.value;
  if (!node || node.span.start !== service.command.location?.span.start) return undefined;
  const firstWord = service.command.value.trim().split(/\s+/)[0] ?? "";
  if (!/^(-|mysqld$|mariadbd$)/.test(firstWord)) return undefined;
  // Another isolation level already given: rewrite that one flag rather than add a second.
  const scalars = node.kind === "scalar" ? [node] : node.kind === "seq" ? node.items.filter((i) => i.kind === "scalar") : [];
  for (const scalar of scalars) {
    if (scalar.kind !== "scalar" || scalar.quote === "block") continue;
    const match = /--transaction[-_]isolation=[A-Za-z_-]+/i.exec(scalar.text);
    const opening = scalar.quote === "plain" ? 0 : 1;
    const written = (project.textOf(scalar.path) ?? "").slice(scalar.span.start + opening, scalar.span.end - opening);
    if (!match || written !== scalar.text) continue;
    const start = scalar.span.start + opening + match.index;
    return fix.make(title, "unsafe", [{ path: scalar.path, span: { start, end: start + match[0].length }, newText: isolationFlag }]);
  }
  if (node.kind === "scalar") {
    if (node.quote === "block") return undefined;
    const end = node.quote === "plain" ? node.span.end : node.span.end - 1;
    return fix.make(title, "unsafe", [{ path: node.path, span: { start: end, end }, newText: ` ${isolationFlag}` }]);
  }
  if (node.kind !== "seq" || node.items.length === 0) return undefined;
  const last = node.items[node.items.length - 1];
  if (node.flow) {
    const quoted = asScalar(last)?.quote === "double" ? `"${isolationFlag}"` : isolationFlag;
    return fix.make(title, "unsafe", [{ path: node.path, span: { start: last.span.end, end: last.span.end }, newText: `, ${quoted}` }]);
  }
  // Items start after "- ": the dash sits two columns to the left.
  const indent = " ".repeat(Math.max(0, fix.columnOf(node.path, node.items[0].span.start) - 2));
  const edit = fix.insertLinesAfter(node.path, last.span.end, [`- ${isolationFlag}`], indent);
  return edit ? fix.make(title, "unsafe", [edit]) : undefined;
}

/** Where to point: the flag that sets another level, else the `command` key of a block list, else the command. */
function commandLocation(fix: FixBuilder, service: ServiceModel): Location {
  const command = service.command;
  if (!command?.location) return service.nameLocation;
  const entry = entryOf(fix.serviceBody(service), "command");
  const node = entry?.value;
  if (!entry || !node || node.span.start !== command.location.span.start || node.kind !== "seq") return command.location;
  const flag = node.items.find((item) => item.kind === "scalar" && anyIsolation.test(item.text));
  if (flag) return { path: flag.path, span: flag.span };
  return node.flow ? command.location : { path: node.path, span: entry.keySpan };
}

function checkHelm({ model, report }: RuleContext): void {
  const helm = model.helm!;
  if (helm.chart !== "nextcloud") return;
  const enabled = helm.get("mariadb.enabled");
  if (!helmTruthy(enabled?.value) || !enabled?.location) return;
  const configuration = helm.get("mariadb.primary.configuration")?.value;
  const flags = helm.get("mariadb.primary.extraFlags")?.value;
  if ([configuration, flags].some((v) => typeof v === "string" && readCommittedPattern.test(v))) return;
  report({
    message: "The MariaDB subchart (mariadb.enabled) is not configured for READ-COMMITTED transaction isolation, which Nextcloud requires to avoid data loss under parallel syncs; the chart does not set it. Add transaction_isolation = READ-COMMITTED to mariadb.primary.configuration or --transaction-isolation=READ-COMMITTED to mariadb.primary.extraFlags.",
    location: enabled.location,
    related: withRelated(clusterRelated(model)),
    severity: model.cluster.inCluster ? "error" : "warning",
  });
}

function describeCommand(database: DatabaseModel): string {
  const other = anyIsolation.exec(database.service.command?.value ?? "");
  return other ? `runs with --transaction-isolation=${other[1]}` : "runs without --transaction-isolation=READ-COMMITTED";
}

export const readCommitted = defineRule({
  meta: {
    id: "database/read-committed",
    severity: "warning",
    formats: ["C", "H"],
    priority: "P1",
    clusterOnly: false,
    title: "MariaDB/MySQL without READ-COMMITTED isolation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a MariaDB or MySQL service that a Nextcloud or ownCloud service uses (through `MYSQL_HOST` or `OWNCLOUD_DB_HOST`) when its `command` does not pass `--transaction-isolation=READ-COMMITTED` and no option file is mounted into `/etc/mysql/conf.d` or `/etc/mysql/mariadb.conf.d`; and the Nextcloud chart's MariaDB subchart when neither `mariadb.primary.configuration` nor `mariadb.primary.extraFlags` sets the isolation. A warning, an error in cluster context.",
      whyItMatters:
        "Both products require InnoDB with transaction isolation READ-COMMITTED, which exists to avoid data loss under many parallel sync operations (FACTS §5.6); the server uses it only when configured to. The official Nextcloud Compose examples pass `--transaction-isolation=READ-COMMITTED` to `mariadb` for this reason, and the Nextcloud chart does not configure it for its MariaDB subchart (FACTS §5.6, §3.1 mariadb). Several nodes multiply the concurrent transactions, hence an error in a cluster.",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31-apache",
          "    environment:",
          "      - MYSQL_HOST=db",
          "  db:",
          "    image: mariadb:11.4",
          "    command: --transaction-isolation=READ-COMMITTED",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Mixed, so listed as unsafe. Safe when the service has no `command:`: the fix adds `command: --transaction-isolation=READ-COMMITTED`, exactly what the official examples do, to the official `mariadb`/`mysql`/`percona` images, whose entrypoint passes such flags to the server. It takes effect when the database container is recreated; both products require this level. Appending the flag to an existing command of server flags is offered as unsafe, since the command is yours. Other images (e.g. Bitnami) and the Helm subchart get no automatic fix: their option keys are not verified here.",
      sources: ["FACTS §5.6", "FACTS §3.1 mariadb", "RULE_IDEAS R04"],
    },
  },
  check(context) {
    const { model, project, fix, report } = context;
    if (model.helm) {
      checkHelm(context);
      return;
    }
    for (const database of model.databases) {
      if (database.engine === "postgres") continue;
      const clients = clientsOf(model, database);
      if (clients.length === 0) continue;
      if (readCommittedPattern.test(database.service.command?.value ?? "") || mountsOptionFile(database.service)) continue;
      const client = clients[0];
      report({
        message: `${database.service.name} ${describeCommand(database)}, but ${client.name} (${client.product === "nextcloud" ? "Nextcloud" : "ownCloud"}) requires READ-COMMITTED isolation to avoid data loss under parallel syncs.`,
        location: commandLocation(fix, database.service),
        related: withRelated(
          clients.map((c) => {
            const host = c.env.get("MYSQL_HOST") ?? c.env.get("OWNCLOUD_DB_HOST");
            return { location: host?.location ?? c.nameLocation, message: `${c.name} uses ${database.service.name}` };
          }),
          model.cluster.inCluster ? clusterRelated(model) : [],
        ),
        severity: model.cluster.inCluster ? "error" : "warning",
        fixes: [isolationFix(project, fix, database.service)],
      });
    }
  },
});
