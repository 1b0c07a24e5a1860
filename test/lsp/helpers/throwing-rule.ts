/**
 * Preloaded (`--import`) into a language server run from source by server-keeps-serving.test.ts:
 * makes one real rule throw on every run, so the test sees what a buggy rule does to the server.
 * Nothing of it is in the production bundle.
 */
import { allRules } from "../../../server/src/engine/rules/registry";

export const THROWING_RULE = "storage/html-not-shared";
const rule = allRules.find((r) => r.meta.id === THROWING_RULE)!;
(rule as { check: unknown }).check = () => {
  throw new Error("injected failure");
};
