/**
 * Names of the project's internal documents, which users do not have: no user-facing text may
 * name them. `INTERNAL_DOCUMENTS` is checked against every shipped file (comments included);
 * the CLI's output is also checked for the design notes' file names, which code comments may cite.
 */
export const INTERNAL_DOCUMENTS = /FACTS(?: §|\.md)|RULE_IDEAS|\bseed 0\d\d\b|shared\/(?:design|domain|seeds|anchors)\//;

export const INTERNAL_IN_OUTPUT = new RegExp(`${INTERNAL_DOCUMENTS.source}|\\b(?:ARCHITECTURE|STYLE|RULES|HELPER-BRIEF)(?:\\.md\\b|:)|\\bshared\\/`);
