/** What the CLI masks before printing: values of secret keys in every kind of file, and their reappearance. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import { maskValue, secretSpansOfLine, SecretRedactor } from "../../../server/src/engine/services/redact";
import { LineIndex } from "../../../server/src/engine/text/line-index";

/** The whole text with every line masked, as excerpts would show it. */
function masked(path: string, text: string): string {
  const redactor = new SecretRedactor(new DocumentCache());
  const index = new LineIndex(text);
  const out: string[] = [];
  for (let line = 0; line < index.lineCount; line++) out.push(redactor.maskLine(path, text, index.lineStart(line), index.lineEnd(line)).text);
  return out.join("\n");
}

describe("secret masking", () => {
  it("shows the path of a mounted secret given as a secret's value: it says where the secret is, not what it is", () => {
    const text = ["services:", "  db:", "    environment:", "      - MYSQL_PASSWORD=/run/secrets/db_password", '      MYSQL_ROOT_PASSWORD: "/var/run/secrets/db/root"', "      POSTGRES_PASSWORD: file:/run/secrets/pg"].join("\n");
    assert.equal(
      masked("/p/compose.yaml", text),
      ["services:", "  db:", "    environment:", "      - MYSQL_PASSWORD=/run/secrets/db_password", '      MYSQL_ROOT_PASSWORD: "/var/run/secrets/db/root"', "      POSTGRES_PASSWORD: ••••••"].join("\n"),
    );
    assert.equal(maskValue("/run/secrets/db_password", true), "/run/secrets/db_password");
    assert.equal(maskValue("hunter2", true), "••••••");
  });

  it("masks .env values of secret names, quoted or not, and keeps references, paths and other values", () => {
    const text = [
      "MYSQL_PASSWORD=hunter2",
      "export REDIS_HOST_PASSWORD='single quoted' # comment",
      'NEXTCLOUD_ADMIN_PASSWORD="with # hash"',
      "OBJECTSTORE_S3_KEY=AKIAEXAMPLE",
      "MYSQL_PASSWORD_FILE=/run/secrets/db",
      "POSTGRES_PASSWORD=${DB_PASS}",
      "DB_PASS=${UNSET:-fallback-secret}",
      "MYSQL_USER=nextcloud",
      "EMPTY_PASSWORD=",
    ].join("\n");
    assert.equal(
      masked("/p/.env", text),
      [
        "MYSQL_PASSWORD=••••••",
        "export REDIS_HOST_PASSWORD=•••••• # comment",
        "NEXTCLOUD_ADMIN_PASSWORD=••••••",
        "OBJECTSTORE_S3_KEY=••••••",
        "MYSQL_PASSWORD_FILE=/run/secrets/db",
        "POSTGRES_PASSWORD=${DB_PASS}",
        "DB_PASS=••••••",
        "MYSQL_USER=nextcloud",
        "EMPTY_PASSWORD=",
      ].join("\n"),
    );
  });

  it("masks YAML values of secret keys (plain, quoted, block), list-style env items and CIFS options", () => {
    const text = [
      "services:",
      "  app:",
      "    environment:",
      "      - MYSQL_PASSWORD=hunter2",
      '      - "REDIS_HOST_PASSWORD=quoted item"',
      "      MYSQL_USER: nextcloud",
      "  db:",
      "    environment:",
      "      MARIADB_ROOT_PASSWORD: 's3cr3t'",
      "      TOKEN: |",
      "        line-one-secret",
      "        line-two-secret",
      "volumes:",
      "  data:",
      "    driver_opts:",
      '      o: "addr=10.0.0.1,username=nc,password=cifs,pass,vers=3.0"',
      "",
    ].join("\r\n");
    assert.equal(
      masked("/p/compose.yaml", text),
      [
        "services:",
        "  app:",
        "    environment:",
        "      - MYSQL_PASSWORD=••••••",
        '      - "REDIS_HOST_PASSWORD=••••••"',
        "      MYSQL_USER: nextcloud",
        "  db:",
        "    environment:",
        "      MARIADB_ROOT_PASSWORD: ••••••",
        "      TOKEN: ••••••",
        "        ••••••",
        "        ••••••",
        "volumes:",
        "  data:",
        "    driver_opts:",
        '      o: "addr=10.0.0.1,username=nc,password=••••••,vers=3.0"',
        "",
      ].join("\n"),
    );
  });

  it("masks Helm values by the catalog's verdict on the dotted path, and broken YAML line by line", () => {
    assert.equal(
      masked("/p/values.yaml", "nextcloud:\n  password: changeme\n  existingSecret:\n    passwordKey: nextcloud-password\nmariadb:\n  auth:\n    rootPassword: rootpw\n"),
      "nextcloud:\n  password: ••••••\n  existingSecret:\n    passwordKey: nextcloud-password\nmariadb:\n  auth:\n    rootPassword: ••••••\n",
    );
    assert.equal(masked("/p/compose.yaml", "services: [\n  password: oops-secret\n"), "services: [\n  password: ••••••\n");
  });

  it("maps columns of the original line to the masked line", () => {
    const redactor = new SecretRedactor(new DocumentCache());
    const text = "      - MYSQL_PASSWORD=hunter2 # note";
    const line = redactor.maskLine("/p/compose.yaml", text, 0, text.length);
    assert.equal(line.text, "      - MYSQL_PASSWORD=•••••• # note");
    assert.equal(line.columnOf(8), 8, "before the mask");
    assert.equal(line.columnOf(23), 23, "start of the mask");
    assert.equal(line.columnOf(26), 23, "inside the secret: the mask's start");
    assert.equal(line.columnOf(30), 29, "end of the secret: end of the mask");
    assert.equal(line.columnOf(31), 30, "after: shifted by the length difference");
  });

  it("redacts learned secret values wherever they reappear, but not short common values", () => {
    const redactor = new SecretRedactor(new DocumentCache());
    redactor.learn([["/p/.env", "MYSQL_PASSWORD=hunter2\nREDIS_HOST_PASSWORD=no\n"]]);
    assert.equal(redactor.redact("the password hunter2 is weak; no problem"), "the password •••••• is weak; no problem");
    assert.equal(redactor.containsSecret("\n      - MYSQL_PASSWORD=hunter2"), true);
    assert.equal(redactor.containsSecret("REDIS_HOST=redis"), false);
  });

  it("does not redact a value that also appears outside a secret (a service name, part of a flag)", () => {
    const redactor = new SecretRedactor(new DocumentCache());
    redactor.learn([
      ["/p/.env", "OWNCLOUD_DB_PASSWORD=owncloud\nREDIS_PASSWORD=pass\nMYSQL_PASSWORD=only-here\n"],
      ["/p/compose.yaml", "services:\n  owncloud:\n    image: owncloud/server:10.16.4\n  redis:\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n"],
    ]);
    assert.equal(redactor.redact("owncloud runs without --requirepass; only-here leaked"), "owncloud runs without --requirepass; •••••• leaked");
  });

  it("finds no secret in lines without one", () => {
    for (const line of ["image: nextcloud:31", "      - REDIS_HOST=redis", "passwordKey: db-password", "# just a comment", "password:", "password: *anchor"]) {
      assert.deepEqual(secretSpansOfLine(line), [], line);
    }
  });
});

describe("one masker for CLI output and hovers", () => {
  it("masks a URL's password and phpredis' auth parameter on any line (the hover did, the CLI did not)", () => {
    assert.equal(masked("/p/.env", "OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379?weight=1&auth=s3cret-pw\nNC_URL=redis://:pw-in-url@redis:6379/0\n"),
      "OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379?weight=1&auth=••••••\nNC_URL=redis://:••••••@redis:6379/0\n");
    assert.equal(masked("/p/compose.yaml", 'x:\n  url: "mysql://nc:db-secret@db/nextcloud"\n'), 'x:\n  url: "mysql://nc:••••••@db/nextcloud"\n');
    assert.deepEqual(secretSpansOfLine("see https://example.org/a:b and http://host:8080/"), []);
  });

  it("learns URL passwords, so messages that quote them are masked too", () => {
    const redactor = new SecretRedactor(new DocumentCache());
    redactor.learn([["/p/.env", "REDIS_URL=redis://:pw-in-url@redis:6379\n"]]);
    assert.equal(redactor.redact("cannot reach redis://:pw-in-url@redis:6379"), "cannot reach redis://:••••••@redis:6379");
  });

  it("maskValue: a secret key's value whole, otherwise the secrets inside it", () => {
    assert.equal(maskValue("hunter2", true), "••••••");
    assert.equal(maskValue("", true), "");
    assert.equal(maskValue("redis", false), "redis");
    // The hover used to stop at the first comma and show `,pass` — the rest of the password.
    assert.equal(maskValue("addr=10.0.0.1,username=nc,password=cifs,pass,vers=3.0", false), "addr=10.0.0.1,username=nc,password=••••••,vers=3.0");
    assert.equal(maskValue("redis://:pw@redis:6379", false), "redis://:••••••@redis:6379");
    assert.equal(maskValue("tcp://redis:6379?auth=pw", false), "tcp://redis:6379?auth=••••••");
    // References to secrets are not secrets: the catalog's verdict, the same as in CLI excerpts.
    assert.equal(maskValue("password_file=/run/secrets/cifs", false), "password_file=/run/secrets/cifs");
  });
});

describe("secrets that passed the filter before", () => {
  it("masks redis-server's --requirepass/--masterauth and redis-cli's -a on a command line and in flow and block arrays", () => {
    const text = [
      "services:",
      "  redis:",
      "    command: redis-server --appendonly yes --requirepass 'r3d!s pw' --port 6379",
      "  replica:",
      '    command: ["redis-server", "--masterauth", "m4ster-pw", "--requirepass=eq-form-pw"]',
      "    healthcheck:",
      '      test: ["CMD", "redis-cli", "-a", "cli-pw", "ping"]',
      "  block:",
      "    command:",
      "      - redis-server",
      "      - --requirepass",
      "      - block-item-pw",
      "  referenced:",
      '    command: redis-server --requirepass "$REDIS_PASSWORD"',
      "  other:",
      "    command: tar -a archive.tgz",
      "",
    ].join("\n");
    assert.equal(
      masked("/p/compose.yaml", text),
      [
        "services:",
        "  redis:",
        "    command: redis-server --appendonly yes --requirepass •••••• --port 6379",
        "  replica:",
        '    command: ["redis-server", "--masterauth", ••••••, "--requirepass=••••••"]',
        "    healthcheck:",
        '      test: ["CMD", "redis-cli", "-a", ••••••, "ping"]',
        "  block:",
        "    command:",
        "      - redis-server",
        "      - --requirepass",
        "      - ••••••",
        "  referenced:",
        '    command: redis-server --requirepass "$REDIS_PASSWORD"',
        "  other:",
        "    command: tar -a archive.tgz",
        "",
      ].join("\n"),
    );
    assert.equal(maskValue("redis-server --requirepass hunter22", false), "redis-server --requirepass ••••••");
  });

  it("masks the value of a Kubernetes-style env item whose name is a secret (extraEnv, container env)", () => {
    const text = ["env:", "  - name: MYSQL_PASSWORD", "    value: k8s-literal", "  - name: MYSQL_HOST", "    value: db", "  - name: REDIS_PASSWORD", '    value: "$(FROM_SECRET)"', ""].join("\n");
    assert.equal(masked("/p/deploy.yaml", text), ["env:", "  - name: MYSQL_PASSWORD", "    value: ••••••", "  - name: MYSQL_HOST", "    value: db", "  - name: REDIS_PASSWORD", '    value: "$(FROM_SECRET)"', ""].join("\n"));
  });

  it("masks ${X:-default} defaults of secret-named X under any key, and names like REDIS_PW and *_KEY", () => {
    const text = ["EXTRA_ARGS=--db ${BACKUP_PASSWORD:-fallback-pw} --host ${DB_HOST:-db}", "REDIS_PW=short-pw", "CONSUMER_KEY=ck-value", "CONSUMER_KEY_FILE=/run/secrets/ck", "SORT_ORDER=desc", ""].join("\n");
    assert.equal(masked("/p/.env", text), ["EXTRA_ARGS=--db ${BACKUP_PASSWORD:-••••••} --host ${DB_HOST:-db}", "REDIS_PW=••••••", "CONSUMER_KEY=••••••", "CONSUMER_KEY_FILE=/run/secrets/ck", "SORT_ORDER=desc", ""].join("\n"));
  });

  it("learns the forms a secret is printed in: unescaped $$, defaults, an unterminated quote's value", () => {
    const redactor = new SecretRedactor(new DocumentCache());
    redactor.learn([
      ["/p/compose.yaml", 'services:\n  app:\n    environment:\n      SMTP_PASSWORD: "pa$$w0rd-x"\n      MYSQL_PASSWORD: ${DB_PASSWORD:-default-pw}\n'],
      ["/p/.env", 'COMPOSE_PROJECT_NAME=cloud\nBROKEN_PASSWORD="no-closing-quote\n'],
    ]);
    assert.equal(redactor.redact("value pa$w0rd-x, default default-pw, broken no-closing-quote"), "value ••••••, default ••••••, broken ••••••");
  });

  it("tells a fix that copies a secret from one that moves it", () => {
    const compose = "services:\n  app:\n    environment:\n      MYSQL_PASSWORD: hunter22\n";
    const redactor = new SecretRedactor(new DocumentCache());
    redactor.learn([["/p/compose.yaml", compose]]);
    const at = compose.indexOf("hunter22");
    const textOf = (path: string): string | undefined => (path === "/p/compose.yaml" ? compose : "");
    const copy = [{ path: "/p/compose.yaml", span: { start: compose.length, end: compose.length }, newText: "      - MYSQL_PASSWORD=hunter22\n" }];
    const move = [
      { path: "/p/compose.yaml", span: { start: at, end: at + 8 }, newText: "${MYSQL_PASSWORD}" },
      { path: "/p/.env", span: { start: 0, end: 0 }, newText: "MYSQL_PASSWORD=hunter22\n" },
    ];
    assert.equal(redactor.spreadsSecret(copy, textOf), true);
    assert.equal(redactor.spreadsSecret(move, textOf), false);
    assert.equal(redactor.spreadsSecret([{ path: "/p/compose.yaml", span: { start: 0, end: 0 }, newText: "# nothing secret\n" }], textOf), false);
  });
});
