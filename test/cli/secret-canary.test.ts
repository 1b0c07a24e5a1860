/**
 * The canary: one secret, in a different form in every place a deployment keeps secrets, must
 * appear in no output of any channel — CLI text/json/sarif/github, `fix --dry-run`, `fix`,
 * `explain`, every masked excerpt line, and the language server over real streams (diagnostics,
 * related information, hovers at every secret, code action titles and edits, log messages).
 *
 * A new output channel is one entry in `channels`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Command, Diagnostic, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { SecretRedactor } from "../../server/src/engine/services/redact";
import { LineIndex } from "../../server/src/engine/text/line-index";
import { LspTestClient } from "../lsp/helpers/lsp-client";
import { runCli, tempProject } from "./cli-harness";

/** What must never be printed. Both ends of every planted value carry it, so a half-masked value is caught too. */
const MARK = "7f3a";
const canary = (place: string): string => `Canary${MARK}-${place}-${MARK}`;

const files: Record<string, string> = {
  "compose.yaml": [
    "services:",
    "  app:",
    "    image: nextcloud:31-apache",
    "    deploy:",
    "      replicas: 3",
    "    env_file:",
    "      - nextcloud.env",
    "    volumes:",
    "      - nextcloud:/var/www/html",
    "      - cifs-data:/var/www/html/data",
    "    environment:",
    "      MYSQL_HOST: db",
    `      MYSQL_PASSWORD: ${canary("compose-map")}`,
    "      REDIS_HOST: redis",
    `      REDIS_HOST_PASSWORD: ${canary("redis-host-password")}`,
    `      POSTGRES_PASSWORD: \${DB_PASSWORD:-${canary("interpolation-default")}}`,
    `      SMTP_PASSWORD: "${canary("dollar$$escaped")}"`,
    "      SMTP_NAME: mailer",
    `      REDIS_PW: ${canary("redis-pw")}`,
    "  cron:",
    "    image: nextcloud:31-apache",
    "    entrypoint: /cron.sh",
    "    volumes:",
    "      - nextcloud:/var/www/html",
    "    environment:",
    "      - MYSQL_HOST=db",
    `      - MYSQL_PASSWORD=${canary("compose-list")}`,
    `      - DB_PASS=${canary("db-pass")}`,
    `      - ADMIN_PWD=${canary("admin-pwd")}`,
    `      - APP_SECRET=${canary("app-secret")}`,
    `      - API_TOKEN=${canary("api-token")}`,
    `      - SIGNING_KEY=${canary("signing-key")}`,
    "      - SIGNING_KEY_FILE=/run/secrets/signing_key",
    `      - EXTRA_ARGS=--db-pass-from-env \${BACKUP_PASSWORD:-${canary("default-under-plain-key")}}`,
    "  db:",
    "    image: mariadb:11.4",
    "    environment:",
    `      MARIADB_ROOT_PASSWORD: ${canary("mariadb-root")}`,
    "  redis:",
    "    image: redis:7",
    `    command: redis-server --appendonly yes --requirepass ${canary("requirepass-string")}`,
    "    ports:",
    '      - "6379:6379"',
    "    healthcheck:",
    `      test: ["CMD", "redis-cli", "-a", "${canary("redis-cli-healthcheck")}", "ping"]`,
    "volumes:",
    "  nextcloud:",
    "  cifs-data:",
    "    driver_opts:",
    "      type: cifs",
    `      o: "addr=fs.example,username=nc,password=${canary("cifs-password")},uid=33"`,
    "      device: //fs.example/nextcloud",
    "  nfs-data:",
    "    driver_opts:",
    "      type: nfs",
    `      o: addr=10.0.0.5,pass=${canary("pass-option")},nfsvers=4`,
    '      device: ":/export/nc"',
    "",
  ].join("\n"),
  // A half-typed last line: env/syntax reports the unterminated quote.
  ".env": ["COMPOSE_PROJECT_NAME=cloud", `DB_PASSWORD=${canary("dotenv")}`, `UNTERMINATED_PASSWORD="${canary("unterminated-quote")}`, ""].join("\n"),
  "nextcloud.env": [`NEXTCLOUD_ADMIN_PASSWORD=${canary("env-file")}`, ""].join("\n"),
  "owncloud/compose.yaml": [
    "services:",
    "  owncloud:",
    "    image: owncloud/server:10.16.4",
    "    deploy:",
    "      replicas: 2",
    "    environment:",
    `      - OWNCLOUD_DB_PASSWORD=${canary("owncloud-db")}`,
    "      - OWNCLOUD_REDIS_ENABLED=true",
    "      - OWNCLOUD_REDIS_HOST=redis",
    "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis",
    `      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379?weight=1&auth=${canary("session-auth")}`,
    `      - CACHE_URL=redis://:${canary("url-password")}@redis:6379/0`,
    "  redis:",
    "    image: redis:7",
    `    command: ["redis-server", "--requirepass", "${canary("requirepass-flow-array")}"]`,
    '    ports: ["6379:6379"]',
    "  redis-replica:",
    "    image: redis:7",
    "    command:",
    "      - redis-server",
    "      - --masterauth",
    `      - ${canary("masterauth-block-array")}`,
    "      - --requirepass",
    `      - ${canary("requirepass-block-array")}`,
    "",
  ].join("\n"),
  "helm-nextcloud/values.yaml": [
    "replicaCount: 3",
    "nextcloud:",
    "  host: cloud.example.com",
    `  password: ${canary("helm-nextcloud-password")}`,
    "  extraEnv:",
    "    - name: OBJECTSTORE_S3_SECRET",
    `      value: ${canary("helm-extraenv")}`,
    "externalDatabase:",
    "  enabled: true",
    `  password: ${canary("helm-external-db")}`,
    "redis:",
    "  enabled: true",
    "  auth:",
    `    password: ${canary("helm-redis")}`,
    "",
  ].join("\n"),
  "helm-owncloud/values.yaml": [
    "replicas: 2",
    "owncloud:",
    "  domain: cloud.example.com",
    `  adminPassword: ${canary("helm-owncloud-admin")}`,
    `  secret: ${canary("helm-owncloud-secret")}`,
    "  db:",
    "    type: mysql",
    `    password: ${canary("helm-owncloud-db")}`,
    "",
  ].join("\n"),
  "k8s/nextcloud.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: nextcloud",
    "spec:",
    "  replicas: 2",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: nextcloud",
    "          image: nextcloud:31-apache",
    "          env:",
    "            - name: MYSQL_PASSWORD",
    `              value: ${canary("k8s-env-literal")}`,
    "            - name: REDIS_HOST",
    "              value: redis",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: redis",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: redis",
    "          image: redis:7",
    `          args: ["--requirepass", "${canary("k8s-requirepass")}"]`,
    "",
  ].join("\n"),
};

/** Every planted value: file, 0-based line and column range of the value as written. */
interface Plant {
  file: string;
  line: number;
  start: number;
  end: number;
  written: string;
}

const plants: Plant[] = Object.entries(files).flatMap(([file, text]) =>
  text.split("\n").flatMap((lineText, line) => [...lineText.matchAll(new RegExp(`Canary${MARK}-[^\\s"',\\]}@&]*?-${MARK}`, "g"))].map((m) => ({ file, line, start: m.index, end: m.index + m[0].length, written: m[0] }))),
);

interface Output {
  /** What produced it: `check --format json`, `hover compose.yaml:13:23`, … */
  where: string;
  text: string;
}

/** A channel turns the canary project (a folder on disk) into everything it prints. */
type Channel = (dir: string) => Output[] | Promise<Output[]>;

function cli(...args: string[]): Channel {
  return (dir) => {
    const stdinFile = args.includes("--stdin") ? args[args.indexOf("--stdin-filename") + 1] : undefined;
    const { stdout, stderr } = runCli(args, dir, {}, stdinFile === undefined ? undefined : files[stdinFile]);
    return [{ where: `${args.join(" ")} (stdout)`, text: stdout }, { where: `${args.join(" ")} (stderr)`, text: stderr }];
  };
}

/** `fix` writes: what it prints, and no file may afterwards hold a planted value more often than before (a fix must not copy a secret). */
function fixWriting(...extra: string[]): Channel {
  return (dir) => {
    const copy = tempProject(Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(join(dir, name), "utf8")])));
    try {
      const outputs = cli("fix", "--no-color", ...extra, ".")(copy.dir) as Output[];
      for (const plant of plants) {
        // Compose reads `$$` as `$`: a copy may hold either form.
        const forms = [...new Set([plant.written, plant.written.replace(/\$\$/g, "$")])];
        const count = (text: string): number => forms.reduce((n, form) => n + text.split(form).length - 1, 0);
        const before = Object.values(files).reduce((n, text) => n + count(text), 0);
        const now = Object.keys(files).reduce((n, name) => n + count(copy.read(name)), 0);
        assert.ok(now <= before, `fix ${extra.join(" ")} copied ${plant.written} (${before} → ${now} occurrences)`);
      }
      return outputs;
    } finally {
      copy.cleanup();
    }
  };
}

/** `explain` of every rule that reports on the canary project. */
const explainFired: Channel = (dir) => {
  const report = JSON.parse(runCli(["check", "--format", "json", "--assume-cluster", "."], dir).stdout) as { findings: { ruleId: string }[] };
  const ids = [...new Set(report.findings.map((f) => f.ruleId))];
  assert.ok(ids.length > 5, `expected findings on the canary project, got ${ids.join(", ")}`);
  return ids.flatMap((id) => cli("explain", "--no-color", id)(dir) as Output[]);
};

/** Every line of every file as an excerpt would show it (text output, SARIF snippets, diffs). */
const everyExcerpt: Channel = () => {
  const redactor = new SecretRedactor(new DocumentCache());
  const paths = Object.keys(files).map((name): [string, string] => [`/canary/${name}`, files[name]]);
  redactor.learn(paths);
  return paths.flatMap(([path, text]) => {
    const index = new LineIndex(text);
    return Array.from({ length: index.lineCount }, (_, line) => ({ where: `excerpt ${path}:${line + 1}`, text: redactor.maskLine(path, text, index.lineStart(line), index.lineEnd(line)).text }));
  });
};

const channels: Record<string, Channel> = {
  "check text": cli("check", "--no-color", "."),
  "check text, cluster assumed": cli("check", "--no-color", "--assume-cluster", "."),
  "check json": cli("check", "--format", "json", "--assume-cluster", "."),
  "check sarif": cli("check", "--format", "sarif", "--assume-cluster", "."),
  "check github": cli("check", "--format", "github", "--assume-cluster", "."),
  "check --stdin": cli("check", "--no-color", "--stdin", "--stdin-filename", "compose.yaml"),
  "fix --dry-run": cli("fix", "--dry-run", "--no-color", "."),
  "fix --dry-run --unsafe": cli("fix", "--dry-run", "--unsafe", "--no-color", "--assume-cluster", "."),
  "fix (writing)": fixWriting(),
  "fix --unsafe (writing)": fixWriting("--unsafe", "--assume-cluster"),
  explain: explainFired,
  "every excerpt line": everyExcerpt,
  "language server": languageServer,
};

describe("secret canary", () => {
  let project: ReturnType<typeof tempProject>;
  before(() => {
    project = tempProject(files);
  });
  after(() => project.cleanup());

  it("plants the canary in every place a secret is kept", () => {
    assert.equal(plants.length, 35, plants.map((p) => p.written).join("\n"));
    assert.equal(new Set(plants.map((p) => p.written)).size, plants.length, "each place has its own canary");
  });

  for (const [name, channel] of Object.entries(channels)) {
    it(`${name}: prints no planted secret`, async () => {
      const outputs = await channel(project.dir);
      assert.ok(outputs.some((o) => o.text.trim() !== ""), `${name} printed nothing: the channel is not exercised`);
      const leaks = outputs.flatMap((o) => [...o.text.matchAll(new RegExp(`.{0,40}${MARK}.{0,40}`, "g"))].map((m) => `${o.where}: …${m[0]}…`));
      assert.deepEqual(leaks, [], `${leaks.length} leak(s):\n${leaks.slice(0, 40).join("\n")}`);
    });
  }
});

/**
 * One server session over stdio: every file opened, then every diagnostic (message, related
 * information), a hover at the key and inside the value of every plant, the code actions of
 * every diagnostic (titles, commands, edits) and fix-all, and what the server logged.
 */
async function languageServer(): Promise<Output[]> {
  const client = await LspTestClient.start({ files, documentChanges: true });
  const outputs: Output[] = [];
  try {
    for (const [name, text] of Object.entries(files)) await client.open(name, text);
    for (const name of Object.keys(files)) await client.diagnosticsAfter(0, name, () => true, 10_000);
    // Settled: opening a file re-lints the projects that read it; wait until nothing more is published.
    for (let seen = -1, waited = 0; seen !== client.published.length && waited < 10_000; waited += 300) {
      seen = client.published.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const diagnosticsOf = new Map(Object.keys(files).map((name): [string, Diagnostic[]] => [name, client.latest(name)?.diagnostics ?? []]));
    assert.ok([...diagnosticsOf.values()].flat().length > 20, "the canary project has findings over LSP");
    for (const [name, diagnostics] of diagnosticsOf) {
      outputs.push({ where: `diagnostics ${name}`, text: JSON.stringify(diagnostics) });
      for (const diagnostic of diagnostics) {
        const actions = await client.codeActions(name, diagnostic.range, [diagnostic]);
        outputs.push(...actionOutputs(client, `code actions ${name} ${diagnostic.code}`, actions));
      }
      const fixAll = await client.codeActions(name, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ["source.fixAll.scaleout"]);
      outputs.push(...actionOutputs(client, `fix-all ${name}`, fixAll));
    }
    let hovers = 0;
    for (const plant of plants) {
      const keyColumn = files[plant.file].split("\n")[plant.line].search(/[A-Za-z_-]/);
      for (const character of [keyColumn, plant.start, plant.start + 8, plant.end - 1]) {
        const hover = await client.hover(plant.file, plant.line, character);
        if (hover) hovers++;
        outputs.push({ where: `hover ${plant.file}:${plant.line + 1}:${character + 1}`, text: JSON.stringify(hover?.contents ?? "") });
      }
    }
    assert.ok(hovers >= 30, `only ${hovers} hovers at the planted secrets answered`);
    assert.ok(outputs.some((o) => o.text.includes("<moved>")), "security/plaintext-secret still offers to move a literal into .env");
    outputs.push({ where: "server log", text: client.logs.join("") }, { where: "shown messages", text: client.shownMessages.join("\n") });
    assert.equal(client.alive, true);
  } finally {
    await client.stop();
  }
  return outputs;
}

/**
 * Titles and commands are printed as they are. An edit may carry a planted value only when the
 * same action removes it where it stood (moving a literal into `.env`, as
 * security/plaintext-secret suggests); an edit that copies it is a leak.
 */
function actionOutputs(client: LspTestClient, where: string, actions: (CodeAction | Command)[]): Output[] {
  const outputs: Output[] = [];
  for (const action of actions) {
    const { edit, ...rest } = action as CodeAction;
    outputs.push({ where: `${where}: "${action.title}"`, text: JSON.stringify({ ...rest, diagnostics: undefined }) });
    const edits = editsOf(client, edit);
    const removed = edits.flatMap(({ name, edit: e }) => plants.filter((p) => p.file === name && covers(e.range, p)).map((p) => p.written.replace(/\$\$/g, "$")));
    for (const { name, edit: e } of edits) {
      let newText = e.newText;
      for (const value of removed) newText = newText.split(value).join("<moved>");
      outputs.push({ where: `${where}: "${action.title}" edit of ${name}`, text: newText });
    }
  }
  return outputs;
}

function editsOf(client: LspTestClient, edit: WorkspaceEdit | undefined): { name: string; edit: TextEdit }[] {
  const nameOf = (uri: string): string => Object.keys(files).find((name) => client.uri(name) === uri) ?? uri;
  const changes = (edit?.documentChanges as TextDocumentEdit[] | undefined)?.map((c) => [c.textDocument.uri, c.edits as TextEdit[]] as const) ?? Object.entries(edit?.changes ?? {});
  return changes.flatMap(([uri, edits]) => edits.map((e) => ({ name: nameOf(uri), edit: e })));
}

function covers(range: Range, plant: Plant): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(range.start.line, range.start.character, plant.line, plant.start) && before(plant.line, plant.end, range.end.line, range.end.character);
}
