/**
 * Jinja and Go-template expressions are read as unknown values with every position unchanged:
 * the masked text keeps the original's length and line breaks, line-level tags read as
 * comments, inline expressions as one scalar each, and the parsed scalars give back the text
 * the author wrote. Pathological openers neither hang nor crash.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import { parseEnvFile } from "../../../server/src/engine/documents/env-file";
import { fileKindOf } from "../../../server/src/engine/documents/file-kind";
import { maskTemplates } from "../../../server/src/engine/documents/template-mask";
import { reparseYaml } from "../../../server/src/engine/documents/yaml-incremental";
import { asMap, asScalar, asSeq, get, parseYaml, type YNode } from "../../../server/src/engine/documents/yaml-tree";
import { Engine } from "../../../server/src/engine/lint";
import { MapWorkspace } from "../../../server/src/engine/workspace";

const ansibleCompose = [
  "{# templates/docker-compose.yml.j2 #}",
  "services:",
  "  app:",
  '    image: "nextcloud:{{ nextcloud_version }}"',
  "    environment:",
  "      MYSQL_HOST: {{ db_host }}",
  "      OVERWRITECLIURL: https://{{ domain }}/{{ path }}",
  "{% if nextcloud_redis %}",
  "      REDIS_HOST: redis",
  "{% else %}",
  '      REDIS_HOST: "{{ external_redis }}"',
  "{% endif %}",
  "      {{ extra_key }}: 1",
  "    ports: [\"{{ http_port }}:80\", '443:443']",
  "    deploy:",
  "      replicas: 3",
  "",
].join("\n");

function scalarAt(root: YNode | undefined, ...keys: string[]) {
  const node = asScalar(get(root, ...keys));
  assert.ok(node, keys.join("."));
  return node;
}

describe("template mask", () => {
  it("keeps the length and the line breaks, and turns tag lines into comments", () => {
    const mask = maskTemplates(ansibleCompose);
    assert.ok(mask);
    assert.equal(mask.masked.length, ansibleCompose.length);
    assert.deepEqual(
      mask.masked.split("\n").map((l) => l.length),
      ansibleCompose.split("\n").map((l) => l.length),
    );
    const lines = mask.masked.split("\n");
    assert.match(lines[0], /^# +$/);
    assert.match(lines[7], /^# +$/);
    assert.match(lines[11], /^# +$/);
    assert.equal(mask.inline.length, 7);
    for (const span of mask.inline) assert.match(ansibleCompose.slice(span.start, span.end), /^\{\{.*\}\}$/);
    assert.equal(maskTemplates("services:\n  app:\n    image: nextcloud\n"), undefined);
  });

  it("reads a Jinja compose file without a problem, flags templated scalars and gives back their text", () => {
    const file = parseYaml("/p/docker-compose.yml.j2", ansibleCompose);
    assert.deepEqual(file.problems, []);
    const app = get(file.roots[0], "services", "app");
    const image = scalarAt(app, "image");
    assert.equal(image.text, "nextcloud:{{ nextcloud_version }}");
    assert.equal(image.templated, true);
    assert.equal(ansibleCompose.slice(image.span.start, image.span.end), '"nextcloud:{{ nextcloud_version }}"');
    const url = scalarAt(app, "environment", "OVERWRITECLIURL");
    assert.equal(url.text, "https://{{ domain }}/{{ path }}");
    assert.equal(url.value, "https://{{ domain }}/{{ path }}");
    // Both branches stay; the later duplicate wins as in any YAML map, without an error.
    assert.equal(scalarAt(app, "environment", "REDIS_HOST").text, "{{ external_redis }}");
    const keyEntry = asMap(get(app, "environment"))!.entries.find((e) => e.templated);
    assert.equal(keyEntry?.key, "{{ extra_key }}");
    const ports = asSeq(get(app, "ports"))!;
    assert.equal(asScalar(ports.items[0])!.templated, true);
    assert.equal(asScalar(ports.items[1])!.templated, undefined);
    const replicas = scalarAt(app, "deploy", "replicas");
    assert.equal(replicas.value, 3);
    assert.equal(replicas.templated, undefined);
    assert.equal(ansibleCompose.slice(replicas.span.start, replicas.span.end), "3");
  });

  it("keeps the structure of Go templates: range, with, if/else and line-level output", () => {
    const text = [
      "nextcloud:",
      "  host: {{ .Values.domain }}",
      "  {{- if .Values.smtp }}",
      "  mail:",
      "    enabled: true",
      "  {{- end }}",
      "  extraEnv:",
      "  {{- range $k, $v := .Values.env }}",
      "    - name: {{ $k }}",
      "      value: {{ $v | quote }}",
      "  {{- end }}",
      "  configs:",
      "    {{- toYaml .Values.configs | nindent 4 }}",
      "persistence:",
      "  enabled: true",
      "  {{ include \"extra.persistence\" . | nindent 2 }}",
      "replicaCount: 2",
      "",
    ].join("\n");
    const file = parseYaml("/p/values.yaml.tpl", text);
    assert.deepEqual(file.problems, []);
    const root = file.roots[0];
    assert.equal(asScalar(get(root, "nextcloud", "mail", "enabled"))?.value, true);
    assert.equal(asSeq(get(root, "nextcloud", "extraEnv"))?.items.length, 1);
    // Content a line-level output renders is unknown, not absent.
    assert.equal(get(root, "nextcloud", "configs")?.templated, true);
    assert.equal(get(root, "persistence")?.templated, true);
    assert.equal(get(root, "nextcloud")?.templated, undefined);
    assert.equal(asScalar(get(root, "replicaCount"))?.value, 2);
  });

  it("keeps expressions in quoted strings, keys and flows valid YAML", () => {
    const text = [
      'a: "{{ "quoted" }} and {{ x }}"',
      "b: '{{ it''s }}'",
      "{{ key }}: value",
      "c: [{{ one }}, {{ two }}]",
      "d: { e: {{ three }} }",
      "f: {{ {'nested': {'dict': 1}}['nested'] }}",
      "g: {{ first }}{{ second }}",
      "",
    ].join("\n");
    const file = parseYaml("/p/x.yml.j2", text);
    assert.deepEqual(file.problems, []);
    const root = file.roots[0];
    assert.equal(asScalar(get(root, "a"))?.text, '{{ "quoted" }} and {{ x }}');
    assert.equal(asMap(root)!.entries[2].key, "{{ key }}");
    assert.equal(asSeq(get(root, "c"))?.items.length, 2);
    assert.equal(asScalar(get(root, "d", "e"))?.text, "{{ three }}");
    assert.equal(asScalar(get(root, "f"))?.text, "{{ {'nested': {'dict': 1}}['nested'] }}");
    assert.equal(asScalar(get(root, "g"))?.text, "{{ first }}{{ second }}");
  });

  it("reads multi-line tags and expressions", () => {
    const text = ["a: 1", "{% if x and", "      y %}", "b: {{ lookup('env',", "  'HOME') }}", "{% endif %}", "c: 3", ""].join("\n");
    const file = parseYaml("/p/x.yml.j2", text);
    assert.deepEqual(file.problems, []);
    assert.equal(asScalar(get(file.roots[0], "b"))?.text, "{{ lookup('env',\n  'HOME') }}");
    const c = asScalar(get(file.roots[0], "c"))!;
    assert.equal(text.slice(c.span.start, c.span.end), "3");
  });

  it("reads a Go raw string that spans lines, as chart templates escape Prometheus' own templates", () => {
    const text = [
      "annotations:",
      "  {{`",
      '  summary: "Nextcloud in {{ $labels.namespace }} is not reachable"',
      "  `}}",
      "labels:",
      "  severity: critical",
      "",
    ].join("\n");
    const file = parseYaml("/p/prometheus-rules.yaml", text);
    assert.deepEqual(file.problems, []);
    assert.equal(get(file.roots[0], "annotations")?.templated, true);
    assert.equal(asScalar(get(file.roots[0], "labels", "severity"))?.text, "critical");
  });

  it("reports a real syntax error of a templated file where it is", () => {
    const text = ["services:", "  app:", '    image: "{{ image }}"', "{% if x %}", "    restart: always", "{% endif %}", "   ports: []", ""].join("\n");
    const file = parseYaml("/p/docker-compose.yml.j2", text);
    assert.equal(file.problems.length, 1);
    assert.equal(file.problems[0].span.start, text.indexOf("   ports"));
  });

  it("reads Compose's own Go templates ({{.Node.Hostname}}) in a plain file as unknown values", () => {
    const text = 'services:\n  app:\n    image: nextcloud\n    hostname: "{{.Node.Hostname}}-{{.Task.Slot}}"\n';
    const file = parseYaml("/p/compose.yaml", text);
    assert.deepEqual(file.problems, []);
    const hostname = scalarAt(file.roots[0], "services", "app", "hostname");
    assert.equal(hostname.text, "{{.Node.Hostname}}-{{.Task.Slot}}");
    assert.equal(hostname.templated, true);
  });

  it("reads the templates after an opener of another kind that never closes", () => {
    const text = 'colour: "{#fff"\nurl: https://{{ domain }}\n';
    const file = parseYaml("/p/x.yml", text);
    assert.deepEqual(file.problems, []);
    assert.equal(asScalar(get(file.roots[0], "colour"))?.templated, undefined);
    assert.equal(asScalar(get(file.roots[0], "url"))?.templated, true);
  });

  it("names template files by what they render to", () => {
    assert.equal(fileKindOf("/p/docker-compose.yml.j2"), "compose");
    assert.equal(fileKindOf("/p/docker-compose.yaml.tpl"), "compose");
    assert.equal(fileKindOf("/p/values.yaml.gotmpl"), "helm-values");
    assert.equal(fileKindOf("/p/nextcloud.env.j2"), "env");
    assert.equal(fileKindOf("/p/.env.jinja"), "env");
  });
});

describe("templated env files", () => {
  const text = [
    "# {{ ansible_managed }}",
    "OVERWRITECLIURL=https://{{ domain }}",
    'NEXTCLOUD_TRUSTED_DOMAINS="{{ domains | join(\' \') }}"',
    "{% if redis %}",
    "REDIS_HOST={{ redis_host }}",
    "{% endif %}",
    "{{ extra_key }}=1",
    "{{ extra_lines }}",
    "MYSQL_HOST=db",
    "",
  ].join("\r\n");

  it("keeps the written values, flags the templated ones, and leaves out template keys without a problem", () => {
    const env = parseEnvFile("/p/nextcloud.env.j2", text);
    assert.deepEqual(env.problems, []);
    assert.deepEqual(
      env.entries.map((e) => [e.key, e.rawValue, e.templated === true]),
      [
        ["OVERWRITECLIURL", "https://{{ domain }}", true],
        ["NEXTCLOUD_TRUSTED_DOMAINS", "{{ domains | join(' ') }}", true],
        ["REDIS_HOST", "{{ redis_host }}", true],
        ["MYSQL_HOST", "db", false],
      ],
    );
    const mysql = env.entries[3];
    assert.equal(text.slice(mysql.valueSpan.start, mysql.valueSpan.end), "db");
    assert.equal(mysql.line, 8);
    // The key that is a template and the line-level output may set any variable.
    assert.deepEqual(
      env.unknownEntries?.map((s) => text.slice(s.start, s.end)),
      ["{{ extra_key }}=1", "{{ extra_lines }}"],
    );
    assert.deepEqual(
      env.comments.map((c) => c.text),
      ["# {{ ansible_managed }}"],
    );
  });

  it("makes a lone templated .env's settings unknown, so no cluster rule reads them", () => {
    const path = "/p/nextcloud.env.j2";
    const result = new Engine().lintPaths([path], new MapWorkspace(new Map([[path, text]])), { assumeCluster: true });
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
  });
});

describe("templated text and the incremental re-parse", () => {
  it("falls back to the full parse when a text holds templates, so both agree", () => {
    const path = "/p/docker-compose.yml.j2";
    const cache = new DocumentCache();
    let text = ansibleCompose;
    cache.yamlFile(path, text);
    const edits: [string, string][] = [
      ["replicas: 3", "replicas: 4"],
      ["REDIS_HOST: redis", "REDIS_HOST: {{ redis }}"],
      ["{% endif %}", "{% endif -%}"],
      ["{{ extra_key }}: 1", "{{ extra_key }}: 2"],
    ];
    for (const [from, to] of edits) {
      const previous = cache.yamlFile(path, text);
      text = text.replace(from, to);
      assert.equal(reparseYaml(previous, text), undefined);
      assert.deepStrictEqual(cache.yamlFile(path, text), parseYaml(path, text));
    }
    // Typing the first `{{` into a plain file also falls back.
    const plain = "services:\n  app:\n    image: a\n  db:\n    image: b\n";
    const typed = plain.replace("image: a", "image: {{ a }}");
    assert.equal(reparseYaml(parseYaml(path, plain), typed), undefined);
  });
});

describe("pathological template input", () => {
  const cases: [string, string][] = [
    ["100k openers without a closer", "a: " + "{{".repeat(100_000) + "\n"],
    ["100k closed expressions on one line", "a: " + "{{ x }}".repeat(100_000) + "\n"],
    ["100k tag lines", "a:\n" + "{% if x %}\n  b: 1\n{% endif %}\n".repeat(25_000)],
    ["deeply nested braces", "a: {{ " + "{".repeat(50_000) + "}".repeat(50_000) + " }}\n"],
    ["unclosed tag and comment", "a: {% if\n".repeat(20_000) + "b: {# never closed\n".repeat(20_000)],
    ["100k line-level outputs", "a:\n" + "  {{ toYaml . | nindent 2 }}\n".repeat(50_000)],
    ["an env file of openers", "A={{\n".repeat(50_000) + "B={{ x }}\n".repeat(50_000)],
  ];
  for (const [name, text] of cases) {
    it(`reads ${name} in linear time`, () => {
      const started = Date.now();
      const yaml = parseYaml("/p/x.yml.j2", text);
      const env = parseEnvFile("/p/x.env.j2", text);
      const elapsed = Date.now() - started;
      assert.ok(yaml.text === text && env.text === text);
      // A quadratic pass over 100k expressions takes minutes; a linear one well under this.
      assert.ok(elapsed < 8000, `${elapsed} ms`);
    });
  }
});
