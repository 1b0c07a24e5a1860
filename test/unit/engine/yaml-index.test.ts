/** Key lookups in big maps go through an index: it must answer exactly as the linear scan did. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entryOf, get, parseYaml, visitNodes, type YMap } from "../../../server/src/engine/documents/yaml-tree";

describe("entryOf on maps with many keys", () => {
  const keys = Array.from({ length: 40 }, (_, i) => `svc${i}`);
  const text = `services:\n${keys.map((k, i) => `  ${k}:\n    image: img${i}\n`).join("")}  svc7:\n    image: again\n`;
  const file = parseYaml("/p/compose.yaml", text);
  const services = get(file.roots[0], "services") as YMap;

  it("finds every key, and the last of a duplicate key", () => {
    for (const [i, key] of keys.entries()) {
      if (key === "svc7") continue;
      assert.equal(get(services, key, "image")?.kind === "scalar" && (get(services, key, "image") as { text: string }).text, `img${i}`);
    }
    const svc7 = entryOf(services, "svc7")!;
    assert.equal(svc7, services.entries[services.entries.length - 1]);
    assert.equal(entryOf(services, "missing"), undefined);
    assert.equal(entryOf(services, "__proto__"), undefined);
  });

  it("sees entries added to a map after its first lookup", () => {
    const map: YMap = { kind: "map", entries: [...services.entries], flow: false, path: "/p", span: { start: 0, end: 0 } };
    assert.equal(entryOf(map, "late"), undefined);
    const late = { ...services.entries[0], key: "late" };
    map.entries.push(late);
    assert.equal(entryOf(map, "late"), late);
  });
});

describe("visitNodes", () => {
  it("passes key paths to a visitor that takes them", () => {
    const file = parseYaml("/p/values.yaml", "a:\n  b:\n    - c: 1\n");
    const paths: string[] = [];
    visitNodes(file.roots[0], (node, keyPath) => {
      if (node.kind === "scalar") paths.push(keyPath.join("."));
    });
    assert.deepEqual(paths, ["a.b.c"]);
    let count = 0;
    visitNodes(file.roots[0], () => count++);
    assert.equal(count, 5);
  });
});
