import { asMap, asSeq, entryLocationOf, entryOf, get, textOf, type YMap } from "../documents/yaml-tree";
import type { PortModel } from "./cluster-model";

/** A Kubernetes Service of the folder: the pods it selects and the ports it opens. */
interface K8sService {
  name: string;
  type: string;
  selector: Map<string, string>;
  doc: YMap;
}

/** Types that open a port outside the cluster network: on every node, or at a load balancer. */
const PUBLISHING_TYPES = new Set(["NodePort", "LoadBalancer"]);

/**
 * The Services of one folder of manifests. A Service name is the host name other pods use
 * (`REDIS_HOST: redis`), so a workload is known by the names of the Services that select it;
 * a NodePort or LoadBalancer Service, like a container's hostPort, publishes its port.
 */
export class K8sServices {
  private readonly services: K8sService[] = [];

  constructor(docs: YMap[]) {
    for (const doc of docs) {
      if (textOf(get(doc, "kind")) !== "Service") continue;
      const name = textOf(get(doc, "metadata", "name"));
      if (!name) continue;
      const selector = new Map<string, string>();
      for (const entry of asMap(get(doc, "spec", "selector"))?.entries ?? []) selector.set(entry.key, textOf(entry.value) ?? "");
      this.services.push({ name, type: textOf(get(doc, "spec", "type")) ?? "ClusterIP", selector, doc });
    }
  }

  /** The Services whose (non-empty) selector matches the pod's labels. */
  private selecting(podLabels: YMap | undefined): K8sService[] {
    const labels = new Map<string, string>();
    for (const entry of podLabels?.entries ?? []) labels.set(entry.key, textOf(entry.value) ?? "");
    return this.services.filter((s) => s.selector.size > 0 && [...s.selector].every(([k, v]) => labels.get(k) === v));
  }

  /** Names of the Services that select the pod. */
  hostnames(podLabels: YMap | undefined): string[] {
    return this.selecting(podLabels).map((s) => s.name);
  }

  /**
   * What a container publishes: `hostPort` items (on the node's interfaces, or `hostIP`), and
   * the ports of NodePort/LoadBalancer Services that select its pod and target one of its ports
   * (a numeric targetPort, or the name of one of its container ports).
   */
  publishedPorts(container: YMap, podLabels: YMap | undefined): PortModel[] {
    const out: PortModel[] = [];
    const named = new Map<string, string>();
    for (const item of asSeq(entryOf(container, "ports")?.value)?.items ?? []) {
      const port = asMap(item);
      const target = textOf(get(port, "containerPort"));
      if (!port || !target) continue;
      const portName = textOf(get(port, "name"));
      if (portName) named.set(portName, target);
      const hostPort = entryOf(port, "hostPort");
      const published = textOf(hostPort?.value);
      if (!hostPort || !published) continue;
      out.push({ published, target, hostIp: textOf(get(port, "hostIP")), location: entryLocationOf(port.path, hostPort), exposedBy: "a hostPort" });
    }
    for (const service of this.selecting(podLabels)) {
      if (!PUBLISHING_TYPES.has(service.type)) continue;
      const typeEntry = entryOf(asMap(get(service.doc, "spec")), "type")!;
      for (const item of asSeq(get(service.doc, "spec", "ports"))?.items ?? []) {
        const port = asMap(item);
        const servicePort = textOf(get(port, "port"));
        if (!port || !servicePort) continue;
        const targetPort = textOf(get(port, "targetPort")) ?? servicePort;
        const target = /^\d+$/.test(targetPort) ? targetPort : named.get(targetPort);
        if (!target) continue;
        const nodePort = textOf(get(port, "nodePort"));
        out.push({
          published: service.type === "NodePort" ? (nodePort ?? "a node port") : servicePort,
          target,
          location: entryLocationOf(service.doc.path, typeEntry),
          exposedBy: `Service ${service.name} of type ${service.type}`,
        });
      }
    }
    return out;
  }
}

