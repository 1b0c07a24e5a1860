import type { Severity } from "../findings";
import type { Format, Priority } from "./rule";

/** One row of the rule catalog (RULES.md, the design's table of rule ids). */
export interface CatalogEntry {
  id: string;
  /**
   * The declared (default) severity. RULES.md sometimes gives a range — "warning (error in
   * cluster)", "error/warning" —: the declared one is its first word, and the rule passes the
   * other per finding.
   */
  severity: Severity;
  formats: Format[];
  priority: Priority;
  /** The severity column as RULES.md writes it, where it says more than one word. */
  ruleMdSeverity?: string;
  /** Formats the rule covers beyond RULES.md's row, and why: RULES.md gains them at its next edit. */
  beyondRulesMd?: { formats: Format[]; reason: string };
}

/**
 * The rule catalog of RULES.md (design/RULES.md, the public contract of ids, severities and
 * formats), copied as data so the tests can hold every registered rule to it without reading
 * a file outside the repository. Change a row only together with RULES.md.
 */
export const catalogContract: readonly CatalogEntry[] = [
  { id: "sessions/files-in-cluster", severity: "error", formats: ["C", "H", "K", "E"], priority: "P1" },
  { id: "sessions/redis-handler-without-path", severity: "error", formats: ["C", "H", "E"], priority: "P1" },
  {
    id: "sessions/redis-password-unsafe-chars",
    severity: "warning",
    formats: ["C", "E", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a literal REDIS_HOST_PASSWORD in a Kubernetes env: value reaches the same session path" },
  },
  { id: "locking/no-shared-redis", severity: "error", formats: ["C", "H", "K", "E"], priority: "P1" },
  { id: "locking/redis-per-node", severity: "error", formats: ["C", "H", "K"], priority: "P1" },
  {
    id: "locking/non-redis-backend",
    severity: "warning",
    formats: ["C", "H", "K", "E"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 9: a config.php snippet mounted from a ConfigMap sets memcache.locking just as a chart's config snippet" },
  },
  { id: "locking/redis-failover-distribute", severity: "warning", formats: ["C", "H", "E"], priority: "P2" },
  {
    id: "locking/redis-topology-unsupported",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: REDIS_HOST in a Kubernetes env: value takes the same single host" },
  },
  {
    id: "locking/redis-eviction",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a Redis container's args in Kubernetes manifests set the same eviction policy" },
  },
  { id: "redis/exposed-without-auth", severity: "error", formats: ["C", "K"], priority: "P1" },
  {
    id: "redis/password-mismatch",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a Redis Deployment's --requirepass and the app's REDIS_HOST_PASSWORD in Kubernetes manifests disagree the same way" },
  },
  { id: "storage/sqlite-in-cluster", severity: "error", formats: ["C", "H", "K", "E"], priority: "P1" },
  { id: "storage/database-on-network-fs", severity: "error", formats: ["C", "H", "K"], priority: "P1" },
  { id: "storage/file-sync-of-live-data", severity: "error", formats: ["C", "K"], priority: "P1" },
  { id: "storage/html-not-shared", severity: "error", formats: ["C", "K"], priority: "P1" },
  { id: "storage/no-persistence-in-cluster", severity: "error", formats: ["H"], priority: "P1" },
  { id: "storage/rwo-in-cluster", severity: "error", formats: ["H", "K"], priority: "P1" },
  { id: "storage/nfs-nolock", severity: "error", formats: ["C", "K"], priority: "P2", beyondRulesMd: { formats: ["K"], reason: "a PersistentVolume's or StorageClass's mountOptions show the same NFS options" } },
  { id: "storage/nfs-soft-mount", severity: "warning", formats: ["C", "K"], priority: "P2", beyondRulesMd: { formats: ["K"], reason: "a PersistentVolume's or StorageClass's mountOptions show the same NFS options" } },
  { id: "storage/cifs-ownership", severity: "warning", formats: ["C"], priority: "P2" },
  { id: "storage/mount-under-webroot", severity: "warning", formats: ["C", "K"], priority: "P2" },
  { id: "storage/objectstore-conflict", severity: "error", formats: ["C", "H", "E"], priority: "P2" },
  {
    id: "storage/objectstore-late-enable",
    severity: "info",
    formats: ["C", "H", "K", "E"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 9: a config.php snippet mounted from a ConfigMap sets objectstore just as a chart's config snippet" },
  },
  { id: "storage/shared-log-file", severity: "info", formats: ["C", "H"], priority: "P2" },
  { id: "storage/shared-mutable-config", severity: "warning", formats: ["C", "K"], priority: "P1" },
  {
    id: "database/read-committed",
    severity: "warning",
    formats: ["C", "H", "K"],
    priority: "P1",
    ruleMdSeverity: "warning (error in cluster)",
    beyondRulesMd: { formats: ["K"], reason: "issue 7: MariaDB/MySQL workloads in Kubernetes manifests (args, option files from ConfigMaps) were missed" },
  },
  {
    id: "database/binlog-format",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: MariaDB/MySQL workloads in Kubernetes manifests take the format from args and option files from ConfigMaps, as for the isolation" },
  },
  { id: "database/replicas-share-datadir", severity: "error", formats: ["C", "K"], priority: "P1" },
  {
    id: "database/galera-multi-writer",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a Kubernetes Service in front of a Galera StatefulSet balances writes over its pods just as a scaled Compose service does" },
  },
  { id: "database/helm-sqlite-shadows-db", severity: "error", formats: ["H"], priority: "P1" },
  { id: "database/helm-external-type", severity: "error", formats: ["H"], priority: "P2" },
  { id: "database/subchart-without-persistence", severity: "error", formats: ["H"], priority: "P2" },
  { id: "database/version-support", severity: "warning", formats: ["C", "H"], priority: "P3" },
  { id: "cron/multiple-runners", severity: "warning", formats: ["C", "H", "K", "E"], priority: "P1", ruleMdSeverity: "warning (error for OC)" },
  { id: "cron/none", severity: "warning", formats: ["C", "H"], priority: "P2" },
  {
    id: "cron/volume-parity",
    severity: "error",
    formats: ["C", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a CronJob that runs cron.php in Kubernetes manifests must mount the claims of the app's Deployment just as a Compose cron service" },
  },
  { id: "cron/non-root", severity: "error", formats: ["C", "H"], priority: "P2" },
  { id: "cron/cronjob-without-persistence", severity: "error", formats: ["H"], priority: "P2" },
  { id: "upgrade/uncoordinated", severity: "warning", formats: ["C", "H", "K"], priority: "P1" },
  { id: "upgrade/version-skew", severity: "error", formats: ["C", "H", "K"], priority: "P1" },
  { id: "upgrade/floating-tag-in-cluster", severity: "warning", formats: ["C", "H", "K"], priority: "P2" },
  { id: "upgrade/major-skip", severity: "error", formats: ["C", "H"], priority: "P3" },
  { id: "permissions/chown-on-shared-storage", severity: "warning", formats: ["C", "H", "E"], priority: "P1" },
  { id: "permissions/uid-mismatch", severity: "warning", formats: ["C", "H", "K"], priority: "P2" },
  {
    id: "config/env-parity",
    severity: "error",
    formats: ["C", "K"],
    priority: "P2",
    ruleMdSeverity: "error/warning",
    beyondRulesMd: { formats: ["K"], reason: "issue 7: Deployments, StatefulSets and CronJobs of one installation in Kubernetes manifests were not compared" },
  },
  {
    id: "config/list-separator",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a Kubernetes container's env sets the same list variables" },
  },
  {
    id: "config/set-and-file-both",
    severity: "error",
    formats: ["C", "E", "K", "H"],
    priority: "P2",
    beyondRulesMd: { formats: ["K", "H"], reason: "issue 8: a Kubernetes container's env, and the Nextcloud chart's nextcloud.extraEnv, can set both forms too" },
  },
  { id: "config/unknown-variable", severity: "warning", formats: ["C", "H", "E"], priority: "P1" },
  { id: "config/invalid-value", severity: "error", formats: ["C", "H", "E"], priority: "P1" },
  {
    id: "config/remoteip-vs-trusted-proxies",
    severity: "warning",
    formats: ["C", "E", "K", "H"],
    priority: "P2",
    beyondRulesMd: { formats: ["K", "H"], reason: "issue 8: a Kubernetes container's env, and the Nextcloud chart's nextcloud.extraEnv, set TRUSTED_PROXIES too" },
  },
  { id: "config/cli-url-behind-proxy", severity: "warning", formats: ["C", "H"], priority: "P2" },
  {
    id: "config/custom-command-without-update",
    severity: "warning",
    formats: ["C", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a Kubernetes container's args replace the image's command the same way" },
  },
  {
    id: "config/init-htaccess",
    severity: "info",
    formats: ["C", "K"],
    priority: "P2",
    beyondRulesMd: { formats: ["K"], reason: "issue 8: a replicated Kubernetes workload of the Apache image lacks it the same way" },
  },
  { id: "config/install-time-only", severity: "info", formats: ["C", "H"], priority: "P3" },
  { id: "helm/owncloud-string-boolean", severity: "warning", formats: ["H"], priority: "P2" },
  { id: "helm/owncloud-volume-root", severity: "error", formats: ["H"], priority: "P2" },
  { id: "helm/unquoted-redis-password", severity: "error", formats: ["H"], priority: "P2" },
  { id: "security/plaintext-secret", severity: "warning", formats: ["C", "H", "E"], priority: "P1" },
  { id: "security/default-credentials", severity: "warning", formats: ["C", "H", "E"], priority: "P2" },
  { id: "compose/undefined-variable", severity: "warning", formats: ["C"], priority: "P1", ruleMdSeverity: "warning (error for `${X:?}`)" },
  { id: "compose/env-file-not-interpolated", severity: "info", formats: ["C"], priority: "P2" },
  { id: "env/syntax", severity: "error", formats: ["E"], priority: "P1" },
  { id: "env/duplicate-key", severity: "warning", formats: ["E"], priority: "P1" },
];

/**
 * RULES.md's `env/*` row: dotenv-linter parity checks, each its own `env/<check>` id, on a
 * `.env` on its own, P2; the row gives no severity.
 */
export const envFamilyContract = { idPattern: /^env\/[a-z][a-z0-9-]*$/, formats: ["E"] as Format[], priority: "P2" as Priority };

/**
 * Rules the engine has that RULES.md does not list: most report on the linter's own input (a
 * YAML file it cannot parse, an ignore comment that silences nothing, a referenced file or
 * Secret it cannot see), not on a deployment; the rest are additions RULES.md gains at its next edit.
 * Held to these values until RULES.md lists them; any other id missing from RULES.md fails.
 */
export const engineRulesContract: readonly CatalogEntry[] = [
  { id: "yaml/syntax", severity: "error", formats: ["C", "H", "K"], priority: "P1" },
  { id: "lint/unused-ignore", severity: "info", formats: ["C", "H", "E", "K"], priority: "P1" },
  // An addition beyond RULES.md: says which settings are unknown because their source is not in the workspace.
  { id: "project/unseen-input", severity: "info", formats: ["C", "K"], priority: "P1" },
  // An addition beyond RULES.md: a secret's file path given where the image takes the secret itself (real swarm stacks).
  { id: "config/secret-path-as-value", severity: "warning", formats: ["C", "K"], priority: "P2" },
  // An addition beyond RULES.md: a file of the deployment that was not read (binary, over the size limit, unreadable).
  { id: "lint/skipped-file", severity: "info", formats: ["C", "H", "E", "K"], priority: "P1" },
];

/**
 * The ids RULES.md's `env/*` row stands for (dotenv-linter's checks, read with Compose's env-file
 * rules), each with the severity it declares: RULES.md gives the row no severity, so these hold
 * the family to the values its docs pages state. Each also matches envFamilyContract.
 */
export const envFamilyRules: readonly CatalogEntry[] = [
  { id: "env/incorrect-delimiter", severity: "info", formats: ["E"], priority: "P2" },
  { id: "env/key-without-value", severity: "info", formats: ["E"], priority: "P2" },
  { id: "env/leading-character", severity: "info", formats: ["E"], priority: "P2" },
  { id: "env/lowercase-key", severity: "hint", formats: ["E"], priority: "P2" },
  { id: "env/quote-character", severity: "info", formats: ["E"], priority: "P2" },
  { id: "env/space-character", severity: "hint", formats: ["E"], priority: "P2" },
  { id: "env/substitution-key", severity: "warning", formats: ["E"], priority: "P2" },
  { id: "env/trailing-whitespace", severity: "hint", formats: ["E"], priority: "P2" },
  { id: "env/ending-blank-line", severity: "hint", formats: ["E"], priority: "P2" },
  { id: "env/extra-blank-lines", severity: "hint", formats: ["E"], priority: "P2" },
  // Off by default (RULES.md: "key order off by default").
  { id: "env/unordered-keys", severity: "hint", formats: ["E"], priority: "P2" },
];
