import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildModel, Engine } from "../../../server/src/engine/lint";
import { loadProject } from "../../../server/src/engine/project/load-project";
import { hoverFactsOf } from "../../../server/src/engine/services/hover-facts";
import { MapWorkspace } from "../../../server/src/engine/workspace";

function variableFacts(files: Record<string, string>, entry: string) {
  const ws = new MapWorkspace(new Map(Object.entries(files)));
  const engine = new Engine();
  const project = loadProject(engine.discover(entry, ws)!, ws, engine.cache, {});
  return hoverFactsOf(project, buildModel(project)).variables.map(({ name, value, setAt }) => ({ name, value, setAt }));
}

describe("hover facts of ${VAR}", () => {
  const service = "services:\n  app:\n    image: nextcloud:31\n    deploy:\n      replicas: ${N}\n";
  it("a Compose file's variable shows the .env value and line", () => {
    assert.deepEqual(variableFacts({ "/p/compose.yaml": service, "/p/.env": "X=1\nN=3\n" }, "/p/compose.yaml"), [{ name: "N", value: "3", setAt: ".env:2" }]);
  });

  it("a stack file's variable shows none: docker stack deploy reads no .env", () => {
    assert.deepEqual(variableFacts({ "/p/nextcloud.stack.yml": service, "/p/.env": "N=3\n" }, "/p/nextcloud.stack.yml"), [{ name: "N", value: undefined, setAt: undefined }]);
  });
});
