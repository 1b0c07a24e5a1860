import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import type { Location } from "../../text/span";
import { defineRule, type ReportInput } from "../rule";
import { COMPOSE_ENV_SYNTAX, COMPOSE_TEMPLATE, DOTENV_LINTER } from "./env-hygiene";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** What may follow the name inside `${…}`: nothing, or a modifier and its argument. */
const BRACED = /^[A-Za-z_][A-Za-z0-9_]*(?::?[-+?][\s\S]*)?$/;

/** The `}` that closes the `${` whose body starts at `from`, counting nested `${…}`; -1 when none. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

interface Problem {
  start: number;
  end: number;
  message: string;
  severity?: ReportInput["severity"];
  /** Replacement of [start, end) that writes what was meant. */
  replacement?: string;
}

/** Malformed `$` references in one value as Compose reads it (no `$` in single quotes). */
function problemsOf(key: string, text: string, doubleQuoted: boolean): Problem[] {
  const problems: Problem[] = [];
  for (let i = 0; i < text.length; i++) {
    if (doubleQuoted && text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] !== "$") continue;
    const next = text[i + 1];
    if (next === "$") {
      i++;
      continue;
    }
    if (next === "{") {
      const close = closingBrace(text, i + 2);
      if (close < 0) {
        problems.push({ start: i, end: text.length, severity: "error", message: `The value of ${key} opens "\${" without a closing "}": Compose stops with "Invalid template" and loads nothing. Close the reference, or write "$$" for a literal "$".` });
        break;
      }
      const body = text.slice(i + 2, close);
      if (!BRACED.test(body)) {
        problems.push({ start: i, end: close + 1, severity: "error", message: `"\${${body}}" in the value of ${key} is not a reference Compose understands: it stops with "Invalid template". Use \${NAME}, \${NAME:-default} or "$$" for a literal "$".` });
      }
      i = close;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1));
    if (name && text[i + 1 + name[0].length] === "}") {
      const end = i + 2 + name[0].length;
      problems.push({ start: i, end, replacement: `\${${name[0]}}`, message: `"$${name[0]}}" in the value of ${key} has a closing "}" but no opening "{": Compose reads $${name[0]} and keeps the "}" as text. Write \${${name[0]}}.` });
      i = end - 1;
    }
  }
  return problems;
}

function replacementFix(fix: FixBuilder, at: Location, problem: Problem): Fix | undefined {
  if (problem.replacement === undefined) return undefined;
  return fix.replace(at, problem.replacement, `Write ${problem.replacement}`, "unsafe");
}

export const envSubstitutionKey = defineRule({
  meta: {
    id: "env/substitution-key",
    severity: "warning",
    formats: ["E"],
    priority: "P2",
    clusterOnly: false,
    title: "Malformed variable reference in an env-file value",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags a `${…}` or `$NAME` in an unquoted or double-quoted value of a `.env` or `env_file:` file that Compose does not read as meant: an error for `${` without its `}` and for braces around something that is not a name with an optional modifier (`${REDIS HOST}`, `${DB_PASS!}`), which make Compose refuse the file; a warning for `$NAME}`, a closing brace without an opening one, where the `}` becomes part of the value. Single-quoted values are literal, and `$$` and `\\$` are literal dollars.",
      whyItMatters:
        `Compose expands \`\${…}\` in env files (${COMPOSE_ENV_SYNTAX}) and stops with "Invalid template" on one it cannot read (${COMPOSE_TEMPLATE}): \`docker compose up\` and \`docker stack deploy\` deploy nothing. A stray \`}\` silently ends up in a host name or password that every node then uses.`,
      example: {
        ".env": ["POSTGRES_HOST=db", "OVERWRITEHOST=$NEXTCLOUD_DOMAIN}", ""].join("\n"),
      },
      useInstead: {
        ".env": ["POSTGRES_HOST=db", "OVERWRITEHOST=${NEXTCLOUD_DOMAIN}", "ADMIN_PASSWORD_HINT='${not-a-reference}'", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: for `$NAME}` the quick fix writes `${NAME}`, which drops the `}` from the value; review that the brace was not meant. A reference Compose cannot read has no quick fix: what it should name is the author's choice.",
      sources: [COMPOSE_ENV_SYNTAX, COMPOSE_TEMPLATE, DOTENV_LINTER],
    },
  },
  check({ model, fix, report }) {
    for (const env of model.envFiles ?? []) {
      for (const entry of env.entries) {
        const value = entry.value;
        if (!value || value.quote === "single" || entry.templated) continue;
        for (const problem of problemsOf(entry.key, value.text, value.quote === "double")) {
          const base = value.location.span.start;
          const at = { path: env.path, span: { start: base + problem.start, end: base + problem.end } };
          report({ message: problem.message, location: at, severity: problem.severity, fixes: [replacementFix(fix, at, problem)] });
        }
      }
    }
  },
});
