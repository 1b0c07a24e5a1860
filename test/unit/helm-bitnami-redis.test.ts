/**
 * The Bitnami Redis subchart of the Nextcloud chart: its password switch and whether its master
 * Service leaves the cluster (https://github.com/bitnami/charts/blob/main/bitnami/redis/values.yaml,
 * templates/master/service.yaml) reach the model's Redis facts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DocumentCache } from "../../server/src/engine/documents/document-cache";
import { buildHelmModel } from "../../server/src/engine/model/helm-adapter";
import { discoverProject, loadProject } from "../../server/src/engine/project/load-project";
import { MapWorkspace } from "../../server/src/engine/workspace";

const PATH = "/h/values.yaml";

function redisOf(lines: string[]) {
  const text = ["nextcloud:", "  host: cloud.example.com", "redis:", "  enabled: true", ...lines, ""].join("\n");
  const ws = new MapWorkspace(new Map([[PATH, text]]));
  const cache = new DocumentCache();
  const model = buildHelmModel(loadProject(discoverProject(PATH, ws, cache)!, ws, cache, {}))!;
  const redis = model.redis[0];
  const line = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : text.slice(0, offset).split("\n").length);
  return { auth: redis.auth, port: redis.port, ports: redis.service.ports.map((p) => ({ target: p.target, published: p.published, line: line(p.location.span.start), exposedBy: p.exposedBy })), authLine: line(redis.auth?.location?.span.start) };
}

describe("the Bitnami Redis subchart", () => {
  it("asks for a password by default (auth.enabled), listens on 6379 and stays inside the cluster", () => {
    const r = redisOf([]);
    assert.deepEqual([r.auth?.value, r.auth?.certainty, r.port, r.ports], [true, "defaulted", "6379", []]);
  });

  it("auth.enabled: false is known, at its line; a NodePort master Service leaves the cluster on its node port", () => {
    const r = redisOf(["  auth:", "    enabled: false", "  master:", "    containerPorts:", "      redis: 6380", "    service:", "      type: NodePort", "      nodePorts:", "        redis: 30379"]);
    assert.deepEqual([r.auth?.value, r.auth?.certainty, r.authLine, r.port], [false, "known", 6, "6380"]);
    assert.deepEqual(r.ports, [{ target: "6380", published: "30379", line: 11, exposedBy: "its master Service of type NodePort (redis.master.service.type)" }]);
  });

  it("a LoadBalancer limited by loadBalancerSourceRanges, Sentinel, a ClusterIP or a templated type is not published", () => {
    const lb = ["  master:", "    service:", "      type: LoadBalancer"];
    assert.equal(redisOf(lb).ports.length, 1);
    assert.deepEqual(redisOf([...lb, "      loadBalancerSourceRanges: [10.0.0.0/8]"]).ports, []);
    assert.deepEqual(redisOf(["  sentinel:", "    enabled: true", ...lb]).ports, []);
    assert.deepEqual(redisOf(["  master:", "    service:", "      type: ClusterIP"]).ports, []);
    assert.deepEqual(redisOf(["  master:", "    service:", "      type: {{ .Values.redisServiceType }}"]).ports, []);
  });
});
