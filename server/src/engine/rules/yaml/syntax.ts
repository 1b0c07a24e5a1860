import { defineRule } from "../rule";

/** The one place YAML parse problems become findings; the engine itself never reports them. */
export const yamlSyntax = defineRule({
  meta: {
    id: "yaml/syntax",
    severity: "error",
    formats: ["C", "H", "K"],
    priority: "P1",
    clusterOnly: false,
    title: "YAML the parser cannot read",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Reports every YAML parse error (and parser warning) of a Compose file, its override, a Helm values file, its `Chart.yaml` or a Kubernetes manifest, at the exact place the parser stopped. A document whose aliases expand to so many values that go-yaml (which Compose, Helm and kubectl use) refuses it as \"excessive aliasing\" is reported at its first alias, without expanding anything. Jinja (`{{ var }}`, `{% if %}`, `{# #}`) and Go-template (`{{ .Values.x }}`, `{{- range }}`, `{{ end }}`) expressions in a `.j2`/`.tpl` file, or anywhere in a YAML file, are not errors: each is read as a value of its own length that the linter does not know (a tag alone on its line as a comment, both branches of an `if` kept), so only a real error of the YAML around them is reported. A file nested deeper than 256 levels (`[[[[…`, `- - - -…`) is not read at all and reported once, as a warning.",
      whyItMatters:
        "Docker Compose, Swarm and Helm refuse a file they cannot parse, so nothing of it is deployed. The linter keeps reading what it can, so the other rules still see the readable part; their findings may be incomplete until the syntax is fixed.",
      example: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "     ports: [\"8080:80\"]", ""].join("\n"),
      },
      useInstead: {
        "compose.yaml": ["services:", "  app:", "    image: nextcloud:31-apache", "    environment:", "      - REDIS_HOST=redis", "    ports: [\"8080:80\"]", ""].join("\n"),
      },
      fixSafety: "No quick fix: only the author knows what the broken line was meant to say.",
      sources: ["https://yaml.org/spec/1.2.2/"],
    },
  },
  check({ project, report }) {
    for (const problem of project.parseProblems) {
      if (problem.fileKind !== "yaml") continue;
      report({
        message: problem.limit ? problem.message : `YAML ${problem.severity === "error" ? "syntax error" : "warning"}: ${problem.message}`,
        location: problem.location,
        severity: problem.severity,
      });
    }
  },
});
