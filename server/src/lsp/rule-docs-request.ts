import { ResponseError, ErrorCodes } from "vscode-languageserver";
import { ruleById } from "../engine/rules/registry";
import { ruleDocsMarkdown } from "../engine/services/rule-docs";

/** `scaleout/ruleDocs`: the VS Code client shows a rule's documentation offline from this answer. */
export const RULE_DOCS_REQUEST = "scaleout/ruleDocs";

export interface RuleDocsParams {
  ruleId: string;
}

export interface RuleDocsResult {
  ruleId: string;
  title: string;
  markdown: string;
}

export function ruleDocsResult(params: unknown, docsBaseUrl: string | undefined): RuleDocsResult {
  const ruleId = params !== null && typeof params === "object" ? (params as Partial<RuleDocsParams>).ruleId : undefined;
  if (typeof ruleId !== "string") throw new ResponseError(ErrorCodes.InvalidParams, "scaleout/ruleDocs needs { ruleId: string }");
  const rule = ruleById(ruleId);
  if (!rule) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown rule id "${ruleId}"`);
  return { ruleId, title: rule.meta.title, markdown: ruleDocsMarkdown(rule.meta, { form: "panel", docsBaseUrl }) };
}
