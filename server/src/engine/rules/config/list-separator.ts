import type { Fix } from "../../findings";
import type { FixBuilder } from "../../fixes/fix-builder";
import { listChartValuesOf, listVariableOf, type ListVariable } from "../../knowledge/list-values";
import type { EnvSetting, WrittenMap, WrittenNode, WrittenScalar } from "../../model/cluster-model";
import type { Project } from "../../project/project";
import type { Location } from "../../text/span";
import { defineRule } from "../rule";

const NC_PROXY = "https://github.com/nextcloud/docker/blob/master/.config/reverse-proxy.config.php";
const NC_ENTRYPOINT = "https://github.com/nextcloud/docker/blob/master/docker-entrypoint.sh";
const NC_README = "https://github.com/nextcloud/docker/blob/master/README.md";
const OC_CONFIG = "https://github.com/owncloud-docker/base/blob/master/v24.04/overlay/etc/templates/config.php";
const OC_ENVIRONMENT = "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md";

/** What the image makes of a list value: the items it gets wrong and the value written right. */
interface ListProblem {
  bad: string[];
  corrected: string;
}

export const listSeparator = defineRule({
  meta: {
    id: "config/list-separator",
    severity: "error",
    formats: ["C", "H", "E", "K"],
    priority: "P2",
    clusterOnly: false,
    title: "A list variable written with the other image's separator",
    fixSafety: "safe",
    docs: {
      whatItDoes:
        "Flags list variables whose items the image will not split where the author meant: Nextcloud's `NEXTCLOUD_TRUSTED_DOMAINS`, `TRUSTED_PROXIES` and `FORWARDED_FOR_HEADERS` with a comma (Nextcloud splits at spaces); ownCloud's `OWNCLOUD_TRUSTED_DOMAINS` with a space inside an item, and `OWNCLOUD_TRUSTED_PROXIES`, `OWNCLOUD_FORWARDED_FOR_HEADERS`, `OWNCLOUD_CORS_ALLOWED_DOMAINS` and `OWNCLOUD_REDIS_SEEDS` with any space (ownCloud splits at commas and trims only the trusted domains). In the charts it checks the values that render them (`nextcloud.trustedDomains` items, `owncloud.trustedDomains` items, `owncloud.trustedProxies`, `owncloud.forwardedForHeaders`, `owncloud.corsAllowedDomains`, `owncloud.redis.seeds`).",
      whyItMatters:
        `Nextcloud's entrypoint loops over \`\${NEXTCLOUD_TRUSTED_DOMAINS}\` split at white space (${NC_ENTRYPOINT}) and its reverse-proxy config uses \`explode(' ', …)\` (${NC_PROXY}); the README documents \`TRUSTED_PROXIES\` as space-separated (${NC_README}). \`a.example.com,b.example.com\` is then one domain that matches no request, and \`10.0.0.0/8,172.16.0.0/12\` one proxy entry that matches no proxy. ownCloud does the opposite: \`explode(',', …)\`, trimming only the trusted domains (${OC_CONFIG}; ${OC_ENVIRONMENT}), so \`10.0.0.1, 10.0.0.2\` trusts \`" 10.0.0.2"\`, which no address equals. Every node behind the load balancer then rejects the domain or misreads the client address.`,
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      TRUSTED_PROXIES: 10.0.0.0/8,172.16.0.0/12",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:31.0.2-apache",
          "    environment:",
          "      TRUSTED_PROXIES: 10.0.0.0/8 172.16.0.0/12",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Safe: the quick fix rewrites the value with the image's separator (spaces for Nextcloud, commas without spaces for ownCloud), keeping the items and the quotes. Domains, addresses, header names and Redis seeds contain neither separator, so no item changes. A value filled in from `${…}` is not rewritten.",
      sources: [NC_ENTRYPOINT, NC_PROXY, NC_README, OC_CONFIG, OC_ENVIRONMENT, "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/templates/_helpers.tpl", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check({ model, project, fix, report }) {
    const reported = new Set<string>();
    for (const app of model.apps) {
      for (const setting of app.env.values()) {
        if (setting.passthrough || setting.opaque || setting.templated || setting.origin === "derived" || setting.origin === "values") continue;
        const list = listVariableOf(setting.name, app.product);
        const problem = list && problemOf(list, setting.value);
        if (!list || !problem) continue;
        const location = setting.valueLocation ?? setting.location;
        const key = `${location.path}|${location.span.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        report({
          message: messageOf(list, setting.name, setting.value, problem),
          location,
          related: setting.related,
          fixes: [settingFix(project, fix, setting, problem)],
        });
      }
    }
    const values = model.chartValues;
    if (!values) return;
    for (const entry of listChartValuesOf(values.chart)) {
      const node = nodeAt(values.root, entry.path);
      const product = entry.variable.startsWith("OWNCLOUD_") ? "owncloud" : "nextcloud";
      const list = listVariableOf(entry.variable, product);
      if (!list || !node) continue;
      const scalars = entry.form === "joined" ? (node.kind === "list" ? node.items.filter((i): i is WrittenScalar => i.kind === "scalar") : []) : node.kind === "scalar" ? [node] : [];
      for (const scalar of scalars) {
        if (typeof scalar.plain !== "string" || scalar.text.includes("{{")) continue;
        const problem = problemOf(list, scalar.text);
        if (!problem) continue;
        const label = entry.form === "joined" ? `An item of ${entry.path} (joined with ${list.separator === "space" ? "spaces" : "commas"} into ${entry.variable})` : `${entry.path} (rendered as ${entry.variable})`;
        report({
          message: messageOf(list, label, scalar.text, problem),
          location: scalar.location,
          fixes: [scalar.quote === "block" ? undefined : fix.replace(scalar.location, quoted(scalar, problem.corrected), `Write "${problem.corrected}"`, "safe")],
        });
      }
    }
  },
});

/** The items the image splits wrongly, or undefined when it splits the value as meant. */
export function problemOf(list: ListVariable, value: string): ListProblem | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const parts = text.split(/[\s,]+/).filter((p) => p !== "");
  if (list.separator === "space") {
    if (!text.includes(",")) return undefined;
    return { bad: text.split(/\s+/).filter((item) => item.includes(",")), corrected: parts.join(" ") };
  }
  const items = text.split(",").map((item) => (list.trimmed ? item.trim() : item));
  const bad = items.filter((item) => /\s/.test(item));
  return bad.length === 0 ? undefined : { bad, corrected: parts.join(",") };
}

function messageOf(list: ListVariable, label: string, value: string, problem: ListProblem): string {
  const items = problem.bad.map((b) => `"${b}"`).join(", ");
  const one = problem.bad.length === 1;
  const name = label === list.name ? "it" : list.name;
  if (list.separator === "space")
    return `${label} is "${value}", but Nextcloud splits ${name} at spaces, not commas: it reads ${items} as ${one ? "one item" : "items"} with the comma in ${one ? "it" : "them"}. Separate the items with spaces: "${problem.corrected}".`;
  const how = list.trimmed ? "at commas" : "at commas and keeps spaces";
  return `${label} is "${value}", but ownCloud splits ${name} ${how}: it reads ${items} as ${one ? "one item" : "items"} with the space in ${one ? "it" : "them"}. Separate the items with commas only: "${problem.corrected}".`;
}

/** Rewrites the value where it is written, when the text there is the value itself (not `${…}`). */
function settingFix(project: Project, fix: FixBuilder, setting: EnvSetting, problem: ListProblem): Fix | undefined {
  const at: Location | undefined = setting.valueLocation;
  if (!at) return undefined;
  const raw = project.sourceAt(at);
  const quote = raw.length >= 2 && /^["']/.test(raw) && raw.endsWith(raw[0]) ? raw[0] : "";
  const inner = quote ? raw.slice(1, -1) : raw;
  if (inner !== setting.value || inner.includes("$")) return undefined;
  return fix.replace(at, `${quote}${problem.corrected}${quote}`, `Write ${setting.name}=${problem.corrected}`, "safe");
}

function quoted(scalar: WrittenScalar, text: string): string {
  return scalar.quote === "double" ? `"${text}"` : scalar.quote === "single" ? `'${text}'` : text;
}

function nodeAt(root: WrittenMap, path: string): WrittenNode | undefined {
  let node: WrittenNode | undefined = root;
  for (const segment of path.split(".")) {
    if (node?.kind !== "map") return undefined;
    node = node.entries.find((e) => e.key === segment)?.value;
  }
  return node;
}
