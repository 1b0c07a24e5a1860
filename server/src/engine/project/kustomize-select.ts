/**
 * How Kustomize selects the objects a transform changes: shared by patches, replacements and vars.
 */

/** Objects `namespace:` leaves alone (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris, cluster-scoped kinds). */
export const CLUSTER_SCOPED = new Set(["Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CSIDriver", "VolumeSnapshotClass", "RuntimeClass"]);

/** The kinds `replicas:` applies to (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replicas/). */
export const SCALABLE = new Set(["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"]);

/** Thrown where a transform cannot be applied exactly. */
export class Unappliable extends Error {}

/** Kustomize reads a target's kind, name and namespace as anchored regular expressions. */
export function nameMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === value) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

/** `a=b,c=d` (or `==`); anything else (set-based, `!=`): undefined. */
export function equalitySelector(selector: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of selector.split(",")) {
    const m = /^\s*([A-Za-z0-9._/-]+)\s*==?\s*([A-Za-z0-9._-]*)\s*$/.exec(part);
    if (!m) return undefined;
    out.set(m[1], m[2]);
  }
  return out.size > 0 ? out : undefined;
}

