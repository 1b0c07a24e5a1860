import { composeRules } from "./compose/index";
import { configRules } from "./config/index";
import { cronRules } from "./cron/index";
import { databaseRules } from "./database/index";
import { envRules } from "./env/index";
import { helmRules } from "./helm/index";
import { lintRules } from "./lint/index";
import { lockingRules } from "./locking/index";
import { permissionsRules } from "./permissions/index";
import { projectRules } from "./project/index";
import { redisRules } from "./redis/index";
import type { Rule } from "./rule";
import { securityRules } from "./security/index";
import { sessionsRules } from "./sessions/index";
import { storageRules } from "./storage/index";
import { upgradeRules } from "./upgrade/index";
import { yamlRules } from "./yaml/index";

/** Every rule, in catalog order. The CLI, the docs, hovers and SARIF all read this list. */
export const allRules: readonly Rule[] = [
  ...sessionsRules,
  ...lockingRules,
  ...redisRules,
  ...storageRules,
  ...databaseRules,
  ...cronRules,
  ...upgradeRules,
  ...permissionsRules,
  ...configRules,
  ...helmRules,
  ...securityRules,
  ...composeRules,
  ...envRules,
  ...yamlRules,
  ...projectRules,
  ...lintRules,
];

const byId = new Map(allRules.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/**
 * Where a rule's documentation opens. The default is a URI the VS Code client serves from the
 * bundled rule metadata (offline; the server answers `scaleout/ruleDocs`); other editors and
 * the CLI may point it at a published copy of docs/rules with a base URL.
 */
export function docsUrlOf(id: string, baseUrl?: string): string {
  if (baseUrl) return `${baseUrl.replace(/\/+$/, "")}/${id.replace("/", "-")}.md`;
  return `scaleout-lint:/rules/${id}.md`;
}
