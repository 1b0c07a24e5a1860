import type { DocumentFilter } from "vscode-languageclient/node";

/**
 * Every language id editors give these files. VS Code itself opens compose files as
 * `dockercompose`; Red Hat YAML, the Kubernetes extension and the various dotenv extensions use
 * `yaml`, `helm`, `dotenv`, `properties` — and with none of them installed a `.env` is `plaintext`.
 */
export const handledLanguages = ["dockercompose", "yaml", "helm", "dotenv", "properties", "plaintext"] as const;

/** The file names that identify a deployment file whatever language the editor assigned. */
export const deploymentFilePatterns = [
  "**/{compose,docker-compose}*.{yml,yaml}",
  "**/*.stack.{yml,yaml}",
  "**/values*.{yml,yaml}",
  "**/*.env",
  "**/.env",
  "**/.env.*",
] as const;

/**
 * Templates of deployment files (Ansible `docker-compose.yml.j2`, Go `values.yaml.tpl`): the server
 * reads them with each expression as an unknown value. Editors give them a template language (or
 * plaintext), so these match by name whatever the language.
 */
export const templatedDeploymentFilePatterns = [
  "**/{compose,docker-compose}*.{yml,yaml}.{j2,jinja,jinja2,tpl,tmpl,gotmpl}",
  "**/*.stack.{yml,yaml}.{j2,jinja,jinja2,tpl,tmpl,gotmpl}",
  "**/values*.{yml,yaml}.{j2,jinja,jinja2,tpl,tmpl,gotmpl}",
  "**/{.env,*.env}.{j2,jinja,jinja2,tpl,tmpl,gotmpl}",
] as const;

/**
 * Files whose change can alter the findings of an open document or of the linted workspace (a
 * compose file's `.env`, its override, a stack file, a chart's `Chart.yaml`, Kubernetes
 * manifests and kustomizations, which have no fixed names, the project config, the Dockerfiles
 * `build:` names) — watched even when they are not open. A `.gitignore` decides which files the
 * workspace index keeps.
 */
export const relatedFilesGlob = "**/{.env,*.env,.env.*,*.yml,*.yaml,.scaleout.yaml,.gitignore,Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile}";

/**
 * Which documents the server gets. A language id alone would send every `plaintext` buffer, and a
 * pattern alone would miss a compose file opened under another name; so each language is paired
 * with the deployment file names. Any `yaml` document is sent because the server decides by content
 * (a top-level `services:` or a chart's values) and answers nothing for other YAML. Extra patterns
 * from the settings match whatever language the file has: the user asked for them explicitly.
 */
export function documentSelector(extraFilePatterns: readonly string[]): DocumentFilter[] {
  const byLanguageAndName = handledLanguages
    .filter((language) => language !== "yaml")
    .flatMap((language) => deploymentFilePatterns.map((pattern) => ({ scheme: "file", language, pattern })));
  const templated = templatedDeploymentFilePatterns.map((pattern) => ({ scheme: "file", pattern }));
  const extra = extraFilePatterns.map((pattern) => ({ scheme: "file", pattern }));
  return [{ scheme: "file", language: "yaml" }, ...byLanguageAndName, ...templated, ...extra];
}
