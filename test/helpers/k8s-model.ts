import assert from "node:assert/strict";
import { Engine, buildModel } from "../../server/src/engine/lint";
import type { ClusterModel, ServiceModel } from "../../server/src/engine/model/cluster-model";
import { loadProject } from "../../server/src/engine/project/load-project";
import type { Location } from "../../server/src/engine/text/span";
import { MapWorkspace } from "../../server/src/engine/workspace";

/** The model of the first file's project; `text` reads a location back from the files. */
export function model(files: Record<string, string>): { model: ClusterModel; text: (location: Location | undefined) => string; path: (location: Location | undefined) => string } {
  const map = new Map(Object.entries(files));
  const ws = new MapWorkspace(map);
  const engine = new Engine();
  const entry = Object.keys(files)[0];
  const spec = engine.discover(entry, ws);
  assert.ok(spec, `no project for ${entry}`);
  const project = loadProject(spec, ws, engine.cache, {});
  return {
    model: buildModel(project),
    text: (location) => (location ? map.get(location.path)!.slice(location.span.start, location.span.end) : "<none>"),
    path: (location) => location?.path ?? "<none>",
  };
}

/** The model's service of that name (fails the test when there is none). */
export function service(m: ClusterModel, name: string): ServiceModel {
  const found = m.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} in ${m.services.map((s) => s.name).join(", ")}`);
  return found;
}
