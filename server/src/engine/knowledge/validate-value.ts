import type { CatalogEntry } from "./catalog-schema";
import { suggestName } from "./suggest-name";

export interface ValueProblem {
  /** Full sentence for the finding; never contains the value of a secret. */
  message: string;
  /** What would be accepted, e.g. "one of sqlite, mysql, pgsql". */
  expected: string;
}

const looseBooleans = new Set(["true", "false", "1", "0", "yes", "no", "on", "off"]);
const offWords = new Set(["false", "0", "no", "off"]);

/**
 * Checks a value against its catalog entry (`config/invalid-value`). Values that contain `${` are
 * resolved elsewhere and empty values mean "default" to the entrypoints, so neither is checked.
 */
export function validateValue(entry: CatalogEntry, value: string): ValueProblem | undefined {
  if (value.trim() === "" || value.includes("${")) return undefined;
  const problem = (expected: string, hint = ""): ValueProblem => ({
    message: entry.secret
      ? `The value of ${entry.name} is not valid: expected ${expected}${hint}`
      : `"${value}" is not a valid ${entry.name}: expected ${expected}${hint}`,
    expected,
  });
  switch (entry.type) {
    case "integer": {
      const expected = integerExpectation(entry);
      if (!/^-?\d+$/.test(value)) return problem(expected);
      const number = Number(value);
      if ((entry.minimum !== undefined && number < entry.minimum) || (entry.maximum !== undefined && number > entry.maximum)) {
        return problem(expected);
      }
      return undefined;
    }
    case "enum": {
      const allowed = entry.enumValues ?? [];
      if (allowed.includes(value)) return undefined;
      return problem(`one of ${allowed.join(", ")}`, didYouMean(value, allowed, entry.secret));
    }
    case "list": {
      const allowed = entry.enumValues;
      if (allowed === undefined) return undefined;
      const items = splitList(value, entry.listSeparator);
      const wrong = items.find((item) => !allowed.includes(item));
      if (wrong === undefined) return undefined;
      return problem(`items from ${allowed.join(", ")}`, didYouMean(wrong, allowed, entry.secret));
    }
    case "boolean":
      return validateBoolean(entry, value, problem);
    case "path":
      return value.startsWith("/") ? undefined : problem("an absolute path");
    case "url":
      return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value) ? undefined : problem("a URL such as https://cloud.example.com");
    case "size":
      return /^(-1|\d+(\.\d+)?([kmgtpe]i?)?b?)$/i.test(value) ? undefined : problem("a size such as 512M or 8Gi");
    case "duration":
      return /^\d+(\.\d+)?$/.test(value) ? undefined : problem("a number of seconds");
    case "string":
    case "any":
      return undefined;
  }
}

function validateBoolean(
  entry: CatalogEntry,
  value: string,
  problem: (expected: string, hint?: string) => ValueProblem,
): ValueProblem | undefined {
  switch (entry.booleanForm) {
    // The entrypoints compare the literal words, so `True` or `1` do not mean true.
    case "true-false":
      return value === "true" || value === "false" ? undefined : problem("true or false (lower case)");
    case "0-1":
      return value === "0" || value === "1" ? undefined : problem("0 or 1");
    case "any-set": {
      // Chart values arrive here as text, so a quoted "false" and a YAML false look the same;
      // helm/owncloud-string-boolean judges those from the YAML node instead.
      if (!entry.surface.endsWith("-image") || !offWords.has(value.toLowerCase())) return undefined;
      const expected = "any value to turn it on; leave the variable out to turn it off";
      return {
        message: `${entry.name} is on whenever it is set, even to "${value}": leave it out to turn it off`,
        expected,
      };
    }
    case undefined:
      return looseBooleans.has(value.toLowerCase()) ? undefined : problem("true or false");
  }
}

function integerExpectation(entry: CatalogEntry): string {
  if (entry.minimum !== undefined && entry.maximum !== undefined) return `an integer from ${entry.minimum} to ${entry.maximum}`;
  if (entry.minimum !== undefined) return `an integer of at least ${entry.minimum}`;
  if (entry.maximum !== undefined) return `an integer of at most ${entry.maximum}`;
  return "an integer";
}

function splitList(value: string, separator: CatalogEntry["listSeparator"]): string[] {
  const parts = separator === "comma" ? value.split(",") : separator === "space" ? value.split(/\s+/) : [value];
  // Separator mistakes are config/list-separator's business; here only the items count.
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

function didYouMean(value: string, allowed: readonly string[], secret: boolean | undefined): string {
  if (secret) return "";
  const suggestion = suggestName(value, allowed);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}
