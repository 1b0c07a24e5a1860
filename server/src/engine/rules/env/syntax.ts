import { defineRule } from "../rule";

/** Env-file parse problems (the Compose env-file grammar), reported once each. */
export const envSyntax = defineRule({
  meta: {
    id: "env/syntax",
    severity: "error",
    formats: ["E"],
    priority: "P1",
    clusterOnly: false,
    title: "Line that Compose's env-file parser rejects",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Reports every line of a `.env` or `env_file:` file that Docker Compose's env-file parser rejects or reads differently from how it looks: a space or another character a variable name cannot contain, a quote that is never closed, a separator without a name, and text after a closing quote (Compose reads it as a second variable). Jinja and Go-template expressions (a `.env.j2`) are not errors: a value that holds one is unknown, a line whose name is a template or that is only a template tag is left out. A value that expands to more than 65,536 characters through nested `${…}` references (an interpolation bomb) is cut off there and reported on its line, as a warning.",
      whyItMatters:
        "Compose stops with a parse error on such a line, so `docker compose up` and `docker stack deploy` deploy nothing, and the linter cannot tell which values the other rules should see. An unterminated quote is the usual cause: everything up to the next matching quote, following lines included, would become one value.",
      example: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_TRUSTED_DOMAINS=\"cloud.example.com,localhost", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      useInstead: {
        ".env": ["OWNCLOUD_DOMAIN=cloud.example.com", "OWNCLOUD_TRUSTED_DOMAINS=\"cloud.example.com,localhost\"", "OWNCLOUD_REDIS_ENABLED=true", ""].join("\n"),
      },
      fixSafety: "No quick fix: the author decides whether the line was a typo, a comment or a value that needs quotes.",
      sources: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax"],
    },
  },
  check({ project, report }) {
    for (const problem of project.parseProblems) {
      if (problem.fileKind !== "env") continue;
      if (problem.limit) report({ message: problem.message, location: problem.location, severity: problem.severity });
      else report({ message: `This line is not valid env-file syntax: ${problem.message}.`, location: problem.location });
    }
  },
});
