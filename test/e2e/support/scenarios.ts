// What the end-to-end tests expect from examples/: one finding per file kind that a user sees,
// hovers and fixes in every editor. Keep in step with examples/ and the rules; everything else in
// the e2e tests reads this table.

export interface FixScenario {
  /** Which kind of file the user opens. */
  readonly kind: "compose" | "helm" | "env";
  /** Path below examples/. */
  readonly file: string;
  /** The rule whose diagnostic is hovered and fixed. */
  readonly rule: string;
  readonly severity: "error" | "warning" | "info" | "hint";
  /** 0-based line and character of the diagnostic's start. */
  readonly line: number;
  readonly character: number;
  /** The hover on the diagnostic: its severity and the link to its rule's page, on one line. */
  readonly hover: RegExp;
  /** The title of the quick fix to apply. */
  readonly fixTitle: RegExp;
  /** The file after the fix: every pattern matches it. */
  readonly fixed: readonly RegExp[];
  /** Other rule ids that must be reported for the same file (not hovered or fixed). */
  readonly alsoReported?: readonly string[];
}

export const fixScenarios: readonly FixScenario[] = [
  {
    kind: "compose",
    file: "owncloud-swarm/docker-compose.yml",
    rule: "sessions/files-in-cluster",
    severity: "error",
    line: 3,
    character: 2,
    hover: /error · [^\n]*\[?sessions\/files-in-cluster\]?/,
    fixTitle: /Store sessions in Redis/,
    fixed: [/OWNCLOUD_SESSION_SAVE_HANDLER=redis/, /OWNCLOUD_SESSION_SAVE_PATH=tcp:\/\/redis:6379/],
    alsoReported: ["cron/multiple-runners"],
  },
  {
    kind: "helm",
    file: "nextcloud-helm/values.yaml",
    rule: "database/helm-sqlite-shadows-db",
    severity: "error",
    line: 11,
    character: 2,
    hover: /error · [^\n]*\[?database\/helm-sqlite-shadows-db\]?/,
    fixTitle: /Set internalDatabase\.enabled: false/,
    fixed: [/^internalDatabase:\s*\n\s+enabled: false/m],
    alsoReported: ["storage/sqlite-in-cluster", "storage/rwo-in-cluster"],
  },
];

/** The .env of the swarm example sets APP_REPLICAS twice; the later line wins (Compose reads it that way). */
export const envScenario: FixScenario = {
  kind: "env",
  file: "owncloud-swarm/.env",
  rule: "env/duplicate-key",
  severity: "warning",
  line: 5,
  character: 0,
  hover: /warning · [^\n]*\[?env\/duplicate-key\]?/,
  fixTitle: /Remove the overridden APP_REPLICAS/,
  fixed: [/^(?![\s\S]*APP_REPLICAS=3)[\s\S]*APP_REPLICAS=4/],
};

export function scenarioFor(kind: FixScenario["kind"]): FixScenario {
  const scenario = kind === "env" ? envScenario : fixScenarios.find((s) => s.kind === kind);
  if (!scenario) throw new Error(`no ${kind} scenario in test/e2e/support/scenarios.ts`);
  return scenario;
}

/** A compose file whose diagnostics depend on a value in its .env: editing the .env changes them. */
export const envDependency = {
  compose: "owncloud-swarm/docker-compose.yml",
  env: "owncloud-swarm/.env",
  /** Only reported in cluster context, which APP_REPLICAS in the .env establishes. */
  rule: "sessions/files-in-cluster",
  /** Replaces the line that scales the app out; with it the app runs on one node. */
  from: /^APP_REPLICAS=4$/m,
  to: "APP_REPLICAS=1",
} as const;
