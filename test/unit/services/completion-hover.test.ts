import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../../server/src/engine/documents/document-cache";
import { catalog } from "../../../server/src/engine/knowledge/catalog";
import { completionsAt } from "../../../server/src/engine/services/completion";
import { hoverAt } from "../../../server/src/engine/services/hover";

// Completion and hover read the same catalog entry through the same renderer: for every name the
// completion offers, the hover on that name (with no value and no finding) says the same.
describe("completion and hover agree", () => {
  for (const product of ["owncloud", "nextcloud"] as const) {
    it(`every ${product} image variable`, () => {
      const cache = new DocumentCache();
      const names = catalog.knownVariables(product);
      // A file that shows its product, then an empty line to complete on.
      const head = product === "owncloud" ? "OWNCLOUD_DOMAIN=x\n" : "NEXTCLOUD_ADMIN_USER=x\n";
      const items = completionsAt("/p/app.env", head, head.length, { cache });
      assert.deepEqual(items.map((i) => i.label).sort(), [...names].sort());
      for (const item of items) {
        const text = `${head}${item.label}\n`;
        const hover = hoverAt("/p/app.env", text, head.length + 1, { cache, findings: [] });
        assert.equal(hover?.markdown, item.documentation, item.label);
      }
    });
  }

  it("every nextcloud chart key offered at the top level and one level down", () => {
    const cache = new DocumentCache();
    let compared = 0;
    const top = completionsAt("/p/values.yaml", "nextcloud:\n  host: x\n", "nextcloud:\n  host: x\n".length, { cache });
    for (const parent of top) {
      const base = `nextcloud:\n  host: x\n${parent.label}:\n  `;
      for (const child of completionsAt("/p/values.yaml", base, base.length, { cache })) {
        if (child.documentation === undefined) continue;
        const text = `${base}${child.label}:\n`;
        const hover = hoverAt("/p/values.yaml", text, base.length + 1, { cache, findings: [] });
        // `key:` holds null, which the hover shows as its value: the only line completion cannot know.
        assert.equal(hover?.markdown.replace("- Value here: empty\n", ""), child.documentation, `${parent.label}.${child.label}`);
        compared++;
      }
    }
    assert.ok(compared > 50, `compared ${compared}`);
  });
});
