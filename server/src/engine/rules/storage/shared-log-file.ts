import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { AppRole, ClusterModel, MountModel } from "../../model/cluster-model";
import { appPaths, configPhpOf, settingOf } from "../../model/queries";
import { clusterRelated, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { describeNetworkMount, networkStorageOf } from "./network-backing";

const nextcloudLogging = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/logging_configuration.html";
const owncloudEnvironment = "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md";

/** Storage every node mounts: a network file system, or a ReadWriteMany claim. */
function sharedStorage(mount: MountModel): string | undefined {
  const network = networkStorageOf(mount);
  if (network) return network.description;
  if (mount.backingKind !== "rwx-claim") return undefined;
  return mount.volume?.rendered ? `${mount.volume.rendered.label}, a ReadWriteMany claim` : describeNetworkMount(mount);
}

/**
 * What a fix that puts an ownCloud app's files on shared storage also writes so every node does
 * not log into one file there: OWNCLOUD_LOG_FILE (chart: owncloud.log.file) set to /dev/stdout
 * while it is left at the image default. Undefined when nothing needs writing.
 */
export function logOffSharedStorage(model: ClusterModel, app: AppRole, fix: FixBuilder, title: string): { fix: Fix | undefined; what: string } | undefined {
  if (app.product === "nextcloud") return nextcloudLogOff(app, fix, title);
  const setting = settingOf(app, "OWNCLOUD_LOG_FILE");
  if (setting.certainty === "unknown" || setting.setting?.templated || setting.value?.trim()) return undefined;
  return { fix: fix.setEnvs(app, [["OWNCLOUD_LOG_FILE", "/dev/stdout"]], title, "unsafe"), what: `${model.chartValues ? "owncloud.log.file" : "OWNCLOUD_LOG_FILE"} to /dev/stdout` };
}

/**
 * Nextcloud reads its log settings from config.php only: the fix adds a config file that logs
 * through PHP's error log (the container's output), where the format lets a fix write one (the
 * Nextcloud chart's `nextcloud.configs`). Only while no config file sets `log_type`, `logfile`
 * or `datadirectory`.
 */
function nextcloudLogOff(app: AppRole, fix: FixBuilder, title: string): { fix: Fix | undefined; what: string } | undefined {
  if (["log_type", "logfile", "datadirectory"].some((key) => { const fact = configPhpOf(app, key); return fact.certainty === "unknown" || fact.setting !== undefined; })) return undefined;
  return { fix: fix.addConfigFile("logging.config.php", [["log_type", "errorlog"]], title, "unsafe"), what: "'log_type' => 'errorlog' in a new logging.config.php" };
}

export const sharedLogFile = defineRule({
  meta: {
    id: "storage/shared-log-file",
    severity: "info",
    formats: ["C", "H"],
    priority: "P2",
    clusterOnly: true,
    title: "Every node writes one log file on shared storage",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Notes a scaled-out app whose log file lies on storage every node mounts (NFS, CIFS/SMB, GlusterFS, a ReadWriteMany claim): Nextcloud's default `nextcloud.log` in its data directory, and ownCloud's `OWNCLOUD_LOG_FILE` (chart: `owncloud.log.file`), by default `owncloud.log` in the files directory. For Nextcloud it reads `log_type`, `logfile` and `datadirectory` from the config files the deployment writes (`nextcloud.configs` snippets): a `logfile` on shared storage is noted at its line, `log_type` other than `file` or a log file elsewhere keeps it silent, and any config file it cannot read through keeps it silent too. Other config files are not visible, so the note says so.",
      whyItMatters:
        "Nextcloud writes its log to `nextcloud.log` in the data directory unless `log_type` or `logfile` say otherwise (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/logging_configuration.html); the ownCloud image's default is `${OWNCLOUD_VOLUME_FILES}/owncloud.log` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). On shared storage every node appends to and rotates the same file over the network: lines interleave, rotation by one node cuts off the others, and each write costs a round trip to the file server. Logging to the container's output keeps one stream per node that the platform collects.",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    volumes:",
          "      - files:/mnt/data/files",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4.1,hard"',
          '      device: ":/export/owncloud/files"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    deploy:",
          "      replicas: 3",
          "    environment:",
          "      OWNCLOUD_LOG_FILE: /dev/stdout",
          "    volumes:",
          "      - files:/mnt/data/files",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,nfsvers=4.1,hard"',
          '      device: ":/export/owncloud/files"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix. ownCloud: set `OWNCLOUD_LOG_FILE` to a path outside the share, such as `/dev/stdout`, or a local volume. Nextcloud: add a config file (or the chart's `nextcloud.configs`) with `'log_type' => 'errorlog'`, or `'logfile' => '/dev/stdout'`, or a local path.",
      sources: [nextcloudLogging, owncloudEnvironment, "https://github.com/owncloud-docker/base/tree/master/v22.04/overlay/etc/entrypoint.d"],
    },
  },
  check({ model, report }) {
    const seen = new Set<object>();
    for (const app of model.apps) {
      if (app.role !== "web") continue;
      const { files } = appPaths(app);
      if (app.product === "owncloud") {
        const setting = settingOf(app, "OWNCLOUD_LOG_FILE");
        if (setting.certainty === "unknown" || setting.setting?.templated) continue;
        // The image logs to the files volume when the variable is empty (entrypoint.d/70-logging.sh).
        const logFile = setting.value?.trim() || `${files}/owncloud.log`;
        const mount = logFile.startsWith("/dev/") ? undefined : coveringMount(app, logFile);
        const shared = mount && sharedStorage(mount);
        if (!mount || !shared || seen.has(mount.volume ?? mount)) continue;
        seen.add(mount.volume ?? mount);
        const set = setting.certainty === "known" && setting.value?.trim() && setting.setting;
        report({
          message: `${app.name} logs to ${logFile}${set ? "" : " (the image default)"}, on ${shared}: every node appends to and rotates this one file. Set ${set ? setting.label : model.chartValues ? "owncloud.log.file" : "OWNCLOUD_LOG_FILE"} to /dev/stdout or a local path (${owncloudEnvironment}).`,
          location: set ? set.location : mount.location,
          related: withRelated(set ? { location: mount.location, message: `${app.name} mounts ${mount.target} here` } : undefined, clusterRelated(model, app)),
        });
        continue;
      }
      // Config files of the deployment (a `nextcloud.configs` snippet) may log elsewhere.
      const logType = configPhpOf(app, "log_type");
      const logFileKey = configPhpOf(app, "logfile");
      const dataDirectory = configPhpOf(app, "datadirectory");
      if ([logType, logFileKey, dataDirectory].some((fact) => fact.certainty === "unknown")) continue;
      const type = logType.setting?.value;
      // Only `file` (the default) writes the log file; errorlog, syslog and systemd do not (${nextcloudLogging}).
      if (type && !(type.kind === "string" && type.value.trim() === "file")) continue;
      const configured = logFileKey.setting;
      const written = configured?.value.kind === "string" && configured.value.value.trim() !== "" ? configured.value.value.trim() : undefined;
      // A relative path is resolved against the PHP process' working directory, which the files do not show.
      if (configured && (!written || !written.startsWith("/"))) continue;
      const directory = dataDirectory.setting?.value;
      if (directory && directory.kind !== "string") continue;
      const logFile = written ?? `${directory ? directory.value.trim().replace(/\/+$/, "") : files}/nextcloud.log`;
      const mount = logFile.startsWith("/dev/") ? undefined : coveringMount(app, logFile);
      const shared = mount && sharedStorage(mount);
      if (!mount || !shared || seen.has(mount.volume ?? mount)) continue;
      seen.add(mount.volume ?? mount);
      if (configured) {
        report({
          message: `${configured.label} sets logfile to ${logFile}, on ${shared}: every node appends to and rotates this one file. Set \`'logfile'\` to a path on each node's own storage or \`'log_type' => 'errorlog'\` (${nextcloudLogging}).`,
          location: configured.location,
          related: withRelated({ location: mount.location, message: `${app.name} mounts ${mount.target} here` }, clusterRelated(model, app)),
        });
        continue;
      }
      report({
        message: `${app.name} keeps its data directory on ${shared}, where Nextcloud writes nextcloud.log by default: unless a config file sets \`log_type\` or \`logfile\`, every node appends to and rotates this one file. Set \`'log_type' => 'errorlog'\` or \`'logfile' => '/dev/stdout'\` (${nextcloudLogging}).`,
        location: mount.location,
        related: clusterRelated(model, app),
      });
    }
  },
});
