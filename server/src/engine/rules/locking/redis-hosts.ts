import type { ClusterModel, ServiceModel } from "../../model/cluster-model";
import { sharedRedisName } from "../helpers";

/**
 * True when `host` reaches the service: its Compose name, or on Kubernetes the name of a
 * Service that selects its pods, also written as `name.namespace.svc…`.
 */
export function reachesService(service: ServiceModel, host: string): boolean {
  if (host === service.name) return true;
  const names = service.hostnames ?? [];
  return names.includes(host) || (/\.svc(\.|$)/.test(host) && names.includes(host.split(".")[0]));
}

/**
 * The shared Redis and the host name the apps should write for it: the Compose service name,
 * or the Kubernetes Service that selects it; none when no Service makes a Kubernetes Redis reachable.
 */
export function sharedRedisHost(model: ClusterModel): { service: ServiceModel; host: string } | undefined {
  const name = sharedRedisName(model);
  const service = model.redis.find((r) => r.service.name === name)?.service;
  if (!service) return undefined;
  if (model.format !== "k8s") return { service, host: service.name };
  return service.hostnames?.[0] !== undefined ? { service, host: service.hostnames[0] } : undefined;
}
