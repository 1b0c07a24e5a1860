/** Which files the VS Code client sends to the server: templated deployment files too, by name. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deploymentFilePatterns, documentSelector, relatedFilesGlob, templatedDeploymentFilePatterns } from "../../client/src/document-selector";
import { globToRegExp } from "../../server/src/cli/glob";

const matchesAny = (patterns: readonly string[], path: string): boolean => patterns.some((p) => globToRegExp(p).test(path));

describe("document selector", () => {
  it("sends Ansible and Go templates of deployment files, whatever language the editor gives them", () => {
    for (const path of ["roles/nextcloud/templates/docker-compose.yml.j2", "deploy/compose.yaml.tpl", "stacks/cloud.stack.yml.jinja2", "chart/values.yaml.gotmpl", "roles/nc/templates/nextcloud.env.j2", "roles/nc/templates/.env.j2"]) {
      assert.ok(matchesAny(templatedDeploymentFilePatterns, path), path);
    }
    const selector = documentSelector([]);
    for (const pattern of templatedDeploymentFilePatterns) {
      assert.ok(selector.some((filter) => "pattern" in filter && filter.pattern === pattern && !("language" in filter)), pattern);
    }
  });

  it("leaves other templates alone: a chart's templates/ and non-deployment files", () => {
    for (const path of ["chart/templates/deployment.yaml", "chart/templates/_helpers.tpl", "roles/nc/templates/nginx.conf.j2", "roles/nc/templates/config.php.j2"]) {
      assert.ok(!matchesAny(templatedDeploymentFilePatterns, path), path);
      assert.ok(!matchesAny(deploymentFilePatterns, path), path);
    }
  });

  it("watches the files a project reads though they are not deployment files: .env, overrides, Dockerfiles", () => {
    const watched = globToRegExp(relatedFilesGlob);
    for (const path of ["site/.env", "site/db.env", "site/compose.override.yaml", ".scaleout.yaml", "app/Dockerfile", "docker/Dockerfile.prod", "docker/nextcloud.Dockerfile", "docker/app.dockerfile"]) assert.ok(watched.test(path), path);
    for (const path of ["app/entrypoint.sh", "README.md", "app/config.php"]) assert.ok(!watched.test(path), path);
  });
});
