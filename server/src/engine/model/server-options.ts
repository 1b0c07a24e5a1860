import type { Location } from "../text/span";
import type { EditTarget, Fact, ServerOption, ServiceModel } from "./cluster-model";

/** Directories whose option files the official MariaDB/MySQL images read at start (their content is not in the files). */
const optionDirs = ["/etc/mysql/conf.d", "/etc/mysql/mariadb.conf.d"];

/** `--transaction-isolation=X` on a command line, `transaction_isolation = X` in an option file. */
const isolationSetting = /transaction[-_]isolation\s*[=\s]\s*["']?(READ[-_ ](?:UN)?COMMITTED|REPEATABLE[-_ ]READ|[A-Za-z_-]+)/gi;

/** The isolation levels a text sets, as the server names them (`READ-COMMITTED`). */
export function isolationLevelsIn(text: string): string[] {
  return [...text.matchAll(isolationSetting)].map((m) => m[1].toUpperCase().replace(/[_ ]/g, "-"));
}

/** Where the server's options are written: each text with its location, the label a fix uses, and where it writes. */
export interface OptionSources {
  texts: { text: string; location?: Location }[];
  /** Where a finding points when nothing sets the option: the command that lacks it, else the server. */
  anchor: Location;
  label: string;
  edit?: EditTarget;
  /**
   * Whether option files are mounted whose content the files do not show; absent: any mount into
   * the option directories counts as one. Given when the texts already hold the mounted files.
   */
  unreadOptionFiles?: boolean;
}

/**
 * The transaction isolation a MariaDB/MySQL server runs with: READ-COMMITTED or another level when
 * a flag or the configuration sets it; unknown when an option file is mounted that may set it;
 * otherwise the server's default, REPEATABLE-READ.
 */
export function isolationOf(service: ServiceModel, sources: OptionSources): ServerOption {
  const found = sources.texts.flatMap((t) => isolationLevelsIn(t.text).map((level) => ({ level, location: t.location })));
  // Any READ-COMMITTED counts: the linter does not second-guess which of two flags the server takes.
  const unread = sources.unreadOptionFiles ?? mountsOptionFile(service);
  const chosen = found.find((f) => f.level === "READ-COMMITTED") ?? (unread ? undefined : found[0]);
  const base = { related: [], label: sources.label, edit: sources.edit, anchor: sources.anchor };
  if (chosen) return { ...base, value: chosen.level, location: chosen.location ?? sources.anchor, certainty: "known" };
  if (unread) return { ...base, value: "", certainty: "unknown" };
  return { ...base, value: "REPEATABLE-READ", certainty: "defaulted", defaultSource: "the server default" };
}

function mountsOptionFile(service: ServiceModel): boolean {
  return service.mounts.some((m) => optionDirs.some((dir) => m.target === dir || m.target.startsWith(`${dir}/`)));
}

/** The official images pass a command that starts with `-` to the server (https://docs.nextcloud.com/server/latest/admin_manual/configuration_database/linux_database_configuration.html). */
export function takesServerFlags(imageName: string | undefined): boolean {
  return /^(mariadb|mysql|percona|percona\/percona-server)$/.test(imageName ?? "");
}

/** `--binlog-format=X` on a command line, `binlog_format = X` in an option file. */
const binlogSetting = /binlog[-_]format\s*[=\s]\s*["']?(ROW|STATEMENT|MIXED)\b/gi;
/** `--log-bin[=name]` or `log_bin` in an option file switches binary logging on; `--skip-log-bin` / `--disable-log-bin` off. */
const binaryLogOn = /(^|[\s"'])(--)?log[-_]bin(?![-_\w])/m;
const binaryLogOff = /(^|[\s"'])(--)?(skip|disable)[-_]log[-_]bin\b/m;

/**
 * The binary log format a MariaDB/MySQL server runs with: known where a flag or the configuration
 * sets it (the last one wins), unknown behind a mounted option file, else the server default —
 * MIXED for MariaDB (https://mariadb.com/kb/en/binary-log-formats/), ROW for MySQL 8
 * (https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html). `logging` says
 * whether binary logging is on: known where a flag sets it, else MySQL 8's default on and
 * MariaDB's default off (unknown behind an option file).
 */
export function binlogOf(service: ServiceModel, engine: "mariadb" | "mysql", sources: OptionSources): ServerOption & { logging: Fact<boolean> } {
  // A command-line flag wins over the option files (https://mariadb.com/kb/en/configuring-mariadb-with-option-files/); among flags, the last.
  const all = sources.texts.flatMap((t) => [...t.text.matchAll(binlogSetting)].map((m) => ({ format: m[1].toUpperCase(), location: t.location, flag: m.index > 1 && t.text.slice(m.index - 2, m.index) === "--" })));
  const found = [...all.filter((f) => !f.flag), ...all.filter((f) => f.flag)];
  const unread = sources.unreadOptionFiles ?? mountsOptionFile(service);
  const base = { related: [], label: sources.label, edit: sources.edit, anchor: sources.anchor };
  const on = sources.texts.find((t) => binaryLogOn.test(t.text) && !binaryLogOff.test(t.text));
  const off = sources.texts.find((t) => binaryLogOff.test(t.text));
  const logging: Fact<boolean> = on
    ? { value: true, location: on.location ?? sources.anchor, related: [], certainty: "known", label: "--log-bin" }
    : off
      ? { value: false, location: off.location ?? sources.anchor, related: [], certainty: "known", label: "--skip-log-bin" }
      : unread
        ? { value: false, related: [], certainty: "unknown", label: "--log-bin" }
        : { value: engine === "mysql", related: [], certainty: "defaulted", defaultSource: "the server default", label: "--log-bin" };
  const last = found[found.length - 1];
  if (last) return { ...base, value: last.format, location: last.location ?? sources.anchor, certainty: "known", logging };
  if (unread) return { ...base, value: "", certainty: "unknown", logging };
  return { ...base, value: engine === "mysql" ? "ROW" : "MIXED", certainty: "defaulted", defaultSource: "the server default", logging };
}

/** A line that sets the binary log format or switches binary logging on or off. */
export function setsBinaryLog(line: string): boolean {
  return new RegExp(binlogSetting.source, "i").test(line) || binaryLogOn.test(line) || binaryLogOff.test(line);
}
