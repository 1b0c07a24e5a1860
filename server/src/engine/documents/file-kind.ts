import type { FileKind } from "../lint-api";
import { basename } from "../workspace";
import { TEMPLATE_EXTENSION } from "./template-mask";

const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$|\.stack\.ya?ml$/i;
const VALUES_NAME = /^values([\w.-]*)\.ya?ml$/i;
const ENV_NAME = /^\.env(\..+)?$|\.env$/i;

/** Decides by name first, then by content, what a file is. Undefined: not ours. */
export function fileKindOf(path: string, text?: string): FileKind | undefined {
  // Jinja/Go-templated deployment files (`docker-compose.yml.j2`) are read as what they render to.
  const name = basename(path).replace(TEMPLATE_EXTENSION, "");
  if (/^chart\.ya?ml$/i.test(name)) return "chart";
  if (ENV_NAME.test(name)) return "env";
  if (COMPOSE_NAME.test(name)) return "compose";
  if (VALUES_NAME.test(name)) return "helm-values";
  // A kustomization (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/) builds manifests, often without apiVersion/kind.
  if (/^(kustomization\.ya?ml|Kustomization)$/.test(name)) return "k8s";
  if (!/\.ya?ml$/i.test(name) || text === undefined) return undefined;
  if (name !== basename(path) && !/^\s*services\s*:/m.test(text)) return undefined;
  return kindByContent(text);
}

/** Top-level keys only, read with a cheap line scan so that non-deployment YAML costs nothing. */
export function kindByContent(text: string): FileKind | undefined {
  const head = text.length > 400_000 ? text.slice(0, 400_000) : text;
  const topKeys = new Set<string>();
  for (const m of head.matchAll(/^([A-Za-z_][\w.-]*)\s*:/gm)) topKeys.add(m[1]);
  if (topKeys.has("services") && !topKeys.has("apiVersion")) return "compose";
  if (topKeys.has("apiVersion") && topKeys.has("kind")) return "k8s";
  if (/^\s*(apiVersion|kind)\s*:/m.test(head) && /^kind:\s*\w+/m.test(head)) return "k8s";
  // Keys only the nextcloud/helm chart's values have (a layer may hold just one of them).
  const ncValues = ["nextcloud", "internalDatabase", "externalDatabase", "externalRedis", "hpa"].some((k) => topKeys.has(k));
  const ocValues = topKeys.has("owncloud");
  if (ncValues || ocValues) return "helm-values";
  return undefined;
}

export function isOverrideName(name: string): boolean {
  return /\.override\.ya?ml$/i.test(name);
}
