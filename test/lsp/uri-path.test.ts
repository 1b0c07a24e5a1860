import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { joinPath } from "../../server/src/engine/workspace";
import { fsPathOf, pathToUri, uriToPath } from "../../server/src/lsp/uri-path";

describe("file URIs ↔ engine paths", () => {
  it("decodes percent-encoding, including UTF-8 and reserved characters", () => {
    assert.equal(uriToPath("file:///home/ops/my%20stack/compose.yaml"), "/home/ops/my stack/compose.yaml");
    assert.equal(uriToPath("file:///srv/%F0%9F%9A%80/a%23b%3Fc%25d/.env"), "/srv/🚀/a#b?c%d/.env");
    assert.equal(uriToPath("file://localhost/etc/compose.yaml"), "/etc/compose.yaml");
  });

  it("keeps malformed escapes as written instead of throwing", () => {
    assert.equal(uriToPath("file:///tmp/100%zz/%E2%28/compose.yaml"), "/tmp/100%zz/%E2(/compose.yaml");
  });

  it("reads Windows drive letters in every spelling clients send, lower-casing the drive", () => {
    for (const uri of ["file:///C:/Deploy/compose.yaml", "file:///c%3A/Deploy/compose.yaml", "file:///C%3a/Deploy/compose.yaml", "file:///C|/Deploy/compose.yaml"]) {
      assert.equal(uriToPath(uri), "/c:/Deploy/compose.yaml", uri);
    }
    assert.equal(fsPathOf("/c:/Deploy/compose.yaml"), "c:/Deploy/compose.yaml");
    assert.equal(fsPathOf("/srv/compose.yaml"), "/srv/compose.yaml");
    // The engine's path helpers keep the form, so a neighbour's path maps back to a real file.
    assert.equal(joinPath("/c:/Deploy", ".env"), "/c:/Deploy/.env");
  });

  it("has no path for other schemes or remote hosts", () => {
    assert.equal(uriToPath("untitled:Untitled-1"), undefined);
    assert.equal(uriToPath("vscode-remote://ssh-remote+box/srv/compose.yaml"), undefined);
    assert.equal(uriToPath("file://fileserver/share/compose.yaml"), undefined);
  });

  it("encodes paths like VS Code and Node do, and round-trips", () => {
    assert.equal(pathToUri("/c:/Deploy/my stack/compose.yaml"), "file:///c%3A/Deploy/my%20stack/compose.yaml");
    assert.equal(pathToUri("C:\\Deploy\\compose.yaml"), "file:///c%3A/Deploy/compose.yaml");
    for (const path of ["/home/ops/my stack/compose.yaml", "/srv/🚀/a#b?c%d/.env", "/srv/[x]/(y)/it's/~z/compose.override.yaml"]) {
      assert.equal(uriToPath(pathToUri(path)), path);
    }
    for (const path of ["/home/ops/my stack/compose.yaml", "/srv/🚀/a#b?c%d/.env"]) {
      assert.equal(pathToUri(path), pathToFileURL(path).href, path);
    }
  });
});
