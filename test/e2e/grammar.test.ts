// The TextMate grammars the extension contributes, tokenized by VS Code's own engine
// (vscode-textmate + vscode-oniguruma, taken from the installed code-server package).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { before, test } from "node:test";
import { missingTools, repoRoot, tools } from "./support/paths";

interface Token {
  text: string;
  scopes: string[];
}
// the parts of vscode-textmate and vscode-oniguruma used here (their types are not installed)
interface Grammar {
  tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}
interface TextMate {
  INITIAL: unknown;
  Registry: new (options: {
    onigLib: Promise<{ createOnigScanner(patterns: string[]): unknown; createOnigString(text: string): unknown }>;
    loadGrammar(scopeName: string): Promise<unknown>;
    getInjections(scopeName: string): string[] | undefined;
  }) => { loadGrammar(scopeName: string): Promise<Grammar | null> };
  parseRawGrammar(content: string, filePath: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}
type Tokenize = (scope: string, lines: string[]) => Token[][];

const grammarFiles: Record<string, string> = {
  "source.dotenv": "syntaxes/dotenv.tmLanguage.json",
  "scaleout-ignore.injection": "syntaxes/scaleout-ignore.injection.json",
};
let tokenize: Tokenize;

before(async () => {
  assert.equal(missingTools("vscodeNodeModules"), undefined);
  const load = createRequire(path.join(tools.vscodeNodeModules, "noop.js"));
  const textmate = load("vscode-textmate") as TextMate;
  const oniguruma = load("vscode-oniguruma") as Oniguruma;
  const wasm = readFileSync(path.join(tools.vscodeNodeModules, "vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  // VS Code's built-in YAML grammars (source.yaml includes the versioned ones)
  const yamlExtension = path.join(tools.vscodeNodeModules, "../extensions/yaml");
  const yamlGrammars = new Map<string, string>(
    (JSON.parse(readFileSync(path.join(yamlExtension, "package.json"), "utf8")) as { contributes: { grammars: { scopeName: string; path: string }[] } })
      .contributes.grammars.map((g) => [g.scopeName, path.join(yamlExtension, g.path)]),
  );
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = grammarFiles[scopeName] ? path.join(repoRoot, grammarFiles[scopeName]!) : yamlGrammars.get(scopeName);
      if (!file) return null;
      return textmate.parseRawGrammar(readFileSync(file, "utf8"), file);
    },
    // as VS Code does for the manifest's `injectTo`
    getInjections: (scopeName: string) => (scopeName === "source.yaml" || scopeName === "source.dotenv" ? ["scaleout-ignore.injection"] : undefined),
  });
  const grammars = new Map<string, Grammar | null>();
  for (const scope of ["source.dotenv", "source.yaml"]) grammars.set(scope, await registry.loadGrammar(scope));
  tokenize = (scope, lines) => {
    const grammar = grammars.get(scope);
    assert.ok(grammar, `grammar ${scope}`);
    let state = textmate.INITIAL;
    return lines.map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
});

/** The innermost scopes of the token whose text is `text`. */
function scopesOf(tokens: Token[], text: string): string[] {
  const token = tokens.find((t) => t.text === text);
  assert.ok(token, `a token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

test("dotenv: keys, export, values, quotes, interpolation and comments as Compose reads them", () => {
  const [comment, exported, double, single, unquoted, hashInValue, empty] = tokenize("source.dotenv", [
    "# database",
    "export DB_HOST=db",
    'DB_PASSWORD="p\\"w${SUFFIX:-x}$$"  # inline',
    "LITERAL='${NOT_EXPANDED}'",
    "URL=http://$HOST/path # after whitespace",
    "COLOR=#fff",
    "EMPTY=",
  ]);
  assert.ok(scopesOf(comment!, " database").includes("comment.line.number-sign.dotenv"));
  assert.ok(scopesOf(exported!, "export").includes("storage.modifier.export.dotenv"));
  assert.ok(scopesOf(exported!, "DB_HOST").includes("variable.other.env.dotenv"));
  assert.ok(scopesOf(exported!, "=").includes("keyword.operator.assignment.dotenv"));
  assert.ok(scopesOf(double!, '\\"').includes("constant.character.escape.dotenv"));
  assert.ok(scopesOf(double!, "SUFFIX").includes("variable.other.interpolated.dotenv"));
  assert.ok(scopesOf(double!, ":-").includes("keyword.operator.interpolation.dotenv"));
  assert.ok(scopesOf(double!, "$$").includes("constant.character.escape.dollar.dotenv"));
  assert.ok(scopesOf(double!, " inline").includes("comment.line.number-sign.dotenv"));
  assert.ok(!scopesOf(single!, "${NOT_EXPANDED}").some((s) => s.startsWith("variable.")), "single quotes are literal");
  assert.ok(scopesOf(single!, "${NOT_EXPANDED}").includes("string.quoted.single.dotenv"));
  assert.ok(scopesOf(unquoted!, "HOST").includes("variable.other.interpolated.dotenv"));
  assert.ok(scopesOf(unquoted!, " after whitespace").includes("comment.line.number-sign.dotenv"));
  assert.ok(scopesOf(hashInValue!, "#fff").includes("string.unquoted.dotenv"), "# inside a value is not a comment");
  assert.ok(scopesOf(empty!, "EMPTY").includes("variable.other.env.dotenv"));
});

test("ignore comments are highlighted in YAML and .env, and nothing else is", () => {
  const [yamlIgnore, yamlFileIgnore, yamlPlain, yamlBlock, yamlBlockText] = tokenize("source.yaml", [
    "  # scaleout-ignore sessions/files-in-cluster,cron/multiple-runners -- sticky sessions at the proxy",
    "# scaleout-ignore-file storage/rwo-in-cluster",
    "# an ordinary comment about scaleout-ignore",
    "script: |",
    "  # scaleout-ignore sessions/files-in-cluster",
  ]);
  assert.ok(scopesOf(yamlIgnore!, "scaleout-ignore").includes("keyword.control.directive.scaleout-ignore"));
  assert.ok(scopesOf(yamlIgnore!, "sessions/files-in-cluster").includes("variable.other.constant.rule-id.scaleout"));
  assert.ok(scopesOf(yamlIgnore!, "cron/multiple-runners").includes("variable.other.constant.rule-id.scaleout"));
  assert.ok(scopesOf(yamlIgnore!, "--").includes("punctuation.separator.reason.scaleout"));
  assert.ok(scopesOf(yamlIgnore!, " sticky sessions at the proxy").includes("comment.line.number-sign.scaleout-ignore"));
  assert.ok(scopesOf(yamlFileIgnore!, "scaleout-ignore-file").includes("keyword.control.directive.scaleout-ignore"));
  assert.ok(!yamlPlain!.some((t) => t.scopes.some((s) => s.includes("scaleout"))), "an ordinary comment stays ordinary");
  assert.ok(yamlBlock!.length > 0);
  assert.ok(!yamlBlockText!.some((t) => t.scopes.some((s) => s.includes("scaleout"))), "text in a block scalar is not a comment");

  const [envIgnore, envValue] = tokenize("source.dotenv", ["# scaleout-ignore config/env-parity -- cron reads it elsewhere", "A=1"]);
  assert.ok(scopesOf(envIgnore!, "scaleout-ignore").includes("keyword.control.directive.scaleout-ignore"));
  assert.ok(scopesOf(envIgnore!, "config/env-parity").includes("variable.other.constant.rule-id.scaleout"));
  assert.ok(scopesOf(envValue!, "A").includes("variable.other.env.dotenv"));
});
