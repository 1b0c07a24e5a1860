/**
 * The benchmark inputs: Compose stacks from ../shared/bench/gen-compose.mjs, the nextcloud/helm
 * chart's values.yaml from ../shared/corpus, and a generated Kubernetes manifest set. Every input
 * is deterministic and carries its edit plan and hover positions, so all servers get the same work.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export { findSharedDir, repoRoot } from "../../test/helpers/shared-dir";

export interface Position {
  line: number;
  character: number;
}

export interface Edit {
  range: { start: Position; end: Position };
  text: string;
}

export interface BenchInput {
  id: string;
  title: string;
  /** Files written into the workspace folder: relative name → text. */
  files: Record<string, string>;
  /** The file that is opened, edited and hovered. */
  main: string;
  kind: "compose" | "helm" | "k8s";
  lines: number;
  /** Realistic value edits, applied in order, each a new document version. */
  edits: Edit[];
  /** Positions on keys for hover requests. */
  hovers: Position[];
  /** An edit that breaks the YAML syntax (every server should report it). */
  syntaxError: Edit;
  /** An edit that breaks the Compose schema but not the syntax (compose inputs only). */
  schemaError?: Edit;
}

/**
 * ../shared beside the repository root. In a git worktree (e.g. /work/wt/bench) that folder is
 * usually beside the main checkout instead, so the main checkout's sibling is tried next.
 * SCALEOUT_SHARED_DIR overrides both.
 */

/** A value edit target: the line matching `line` (searched from `after`), the value after the `key:` / `KEY=`. */
interface Target {
  line: number;
  start: number;
  original: string;
  alternative: string;
}

function lineIndex(lines: string[], test: (l: string) => boolean, from = 0): number {
  for (let i = from; i < lines.length; i++) if (test(lines[i])) return i;
  throw new Error(`benchmark input: no line matches ${test.toString()} after line ${from}`);
}

function valueTarget(lines: string[], line: number, alternative: (original: string) => string): Target {
  const text = lines[line];
  const colon = text.search(/:\s|=/);
  let start = colon + 1;
  while (text[start] === " ") start++;
  const original = text.slice(start);
  return { line, start, original, alternative: alternative(original) };
}

/** Alternates between two targets; each target toggles between its original and alternative value. */
function editPlan(targets: Target[], count: number): Edit[] {
  const current = targets.map((t) => t.original);
  const edits: Edit[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % targets.length;
    const t = targets[k];
    const next = current[k] === t.original ? t.alternative : t.original;
    edits.push({ range: { start: { line: t.line, character: t.start }, end: { line: t.line, character: t.start + current[k].length } }, text: next });
    current[k] = next;
  }
  return edits;
}

function keyPosition(lines: string[], line: number): Position {
  const text = lines[line];
  const indent = text.length - text.trimStart().length;
  const dash = text.trimStart().startsWith("- ") ? 2 : 0;
  return { line, character: indent + dash + 1 };
}

/** The value part of a line replaced by an unclosed flow sequence: a YAML syntax error. */
function syntaxErrorAt(lines: string[], line: number): Edit {
  const t = valueTarget(lines, line, () => "");
  return { range: { start: { line, character: t.start }, end: { line, character: lines[line].length } }, text: "[unclosed, {" };
}

export function composeInput(sharedDir: string, n: number, edits: number): BenchInput {
  const text = execFileSync(process.execPath, [join(sharedDir, "bench", "gen-compose.mjs"), String(n)], { encoding: "utf8" });
  const lines = text.split("\n");
  // An ownCloud stack in the middle of the file (even index = ownCloud with a map environment).
  const k = Math.floor(n / 2) - (Math.floor(n / 2) % 2);
  const app = lineIndex(lines, (l) => l === `  app${k}:`);
  const replicas = valueTarget(lines, lineIndex(lines, (l) => l.startsWith("      replicas: "), app), (v) => String(Number(v) + 1));
  const domain = valueTarget(lines, lineIndex(lines, (l) => l.startsWith("      OWNCLOUD_DOMAIN: "), app), (v) => v.replace(".example.com", "b.example.com"));
  const hovers: Position[] = [];
  for (const i of [0, Math.floor(n / 3), k, n - 1]) {
    const at = lineIndex(lines, (l) => l === `  app${i}:`);
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => l.startsWith("    image:"), at)));
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => l.startsWith("      replicas:"), at)));
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => /^ {6}(- )?(OWNCLOUD|MYSQL)_/.test(l), at)));
  }
  const restart = lineIndex(lines, (l) => l === "    restart: always", app);
  return {
    id: `compose-${n}`,
    title: `Compose stack, N=${n} (gen-compose.mjs ${n})`,
    files: { "docker-compose.yml": text },
    main: "docker-compose.yml",
    kind: "compose",
    lines: lines.length - (text.endsWith("\n") ? 1 : 0),
    edits: editPlan([replicas, domain], edits),
    hovers,
    syntaxError: syntaxErrorAt(lines, replicas.line),
    // `restartx` is no Compose service key: the schema (additionalProperties: false) rejects it.
    schemaError: { range: { start: { line: restart, character: 4 }, end: { line: restart, character: 11 } }, text: "restartx" },
  };
}

export function helmInput(sharedDir: string, edits: number): BenchInput | string {
  const files = join(sharedDir, "corpus", "files");
  const valuesPath = join(files, "nextcloud__helm__charts__nextcloud__values.yaml");
  const chartPath = join(files, "nextcloud__helm__charts__nextcloud__Chart.yaml");
  if (!existsSync(valuesPath) || !existsSync(chartPath)) return `the nextcloud/helm values.yaml or Chart.yaml is missing below ${files}`;
  const text = readFileSync(valuesPath, "utf8");
  const lines = text.split("\n");
  const replicaCount = valueTarget(lines, lineIndex(lines, (l) => l.startsWith("replicaCount: ")), () => "3");
  const nextcloud = lineIndex(lines, (l) => l === "nextcloud:");
  const host = valueTarget(lines, lineIndex(lines, (l) => l.startsWith("  host: "), nextcloud), (v) => v.replace("nextcloud.", "cloud."));
  const hovers = ["image:", "replicaCount:", "ingress:", "nextcloud:", "internalDatabase:", "externalDatabase:", "mariadb:", "redis:", "cronjob:", "persistence:", "hpa:"].map((key) =>
    keyPosition(lines, lineIndex(lines, (l) => l.startsWith(key))),
  );
  hovers.push(keyPosition(lines, host.line));
  return {
    id: "helm-values",
    title: "nextcloud/helm chart values.yaml (with its Chart.yaml)",
    files: { "values.yaml": text, "Chart.yaml": readFileSync(chartPath, "utf8") },
    main: "values.yaml",
    kind: "helm",
    lines: lines.length - (text.endsWith("\n") ? 1 : 0),
    edits: editPlan([replicaCount, host], edits),
    hovers,
    syntaxError: syntaxErrorAt(lines, replicaCount.line),
  };
}

/** A deterministic multi-document manifest set of a Nextcloud installation (~1,000 lines). */
export function k8sManifests(): string {
  const docs: string[] = [];
  const shared = (name: string, image: string, port: number): string[] => [
    `apiVersion: apps/v1`,
    `kind: Deployment`,
    `metadata:`,
    `  name: ${name}`,
    `  labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: nextcloud }`,
    `spec:`,
    `  replicas: 1`,
    `  selector:`,
    `    matchLabels: { app.kubernetes.io/name: ${name} }`,
    `  template:`,
    `    metadata:`,
    `      labels: { app.kubernetes.io/name: ${name} }`,
    `    spec:`,
    `      containers:`,
    `        - name: ${name}`,
    `          image: ${image}`,
    `          ports:`,
    `            - containerPort: ${port}`,
    `          volumeMounts:`,
    `            - name: data`,
    `              mountPath: ${name === "redis" ? "/data" : "/var/lib/mysql"}`,
    `      volumes:`,
    `        - name: data`,
    `          persistentVolumeClaim:`,
    `            claimName: ${name}-data`,
  ];
  const service = (name: string, port: number): string[] => [
    `apiVersion: v1`,
    `kind: Service`,
    `metadata:`,
    `  name: ${name}`,
    `spec:`,
    `  selector: { app.kubernetes.io/name: ${name} }`,
    `  ports:`,
    `    - name: tcp`,
    `      port: ${port}`,
    `      targetPort: ${port}`,
  ];
  const pvc = (name: string, mode: string, size: string): string[] => [
    `apiVersion: v1`,
    `kind: PersistentVolumeClaim`,
    `metadata:`,
    `  name: ${name}`,
    `spec:`,
    `  accessModes: [${mode}]`,
    `  storageClassName: ${mode === "ReadWriteMany" ? "nfs-client" : "local-path"}`,
    `  resources:`,
    `    requests:`,
    `      storage: ${size}`,
  ];
  docs.push(shared("db", "mariadb:10.11", 3306).join("\n"), service("db", 3306).join("\n"), pvc("db-data", "ReadWriteOnce", "20Gi").join("\n"));
  docs.push(shared("redis", "redis:7", 6379).join("\n"), service("redis", 6379).join("\n"), pvc("redis-data", "ReadWriteOnce", "1Gi").join("\n"));
  for (let i = 0; docs.join("\n---\n").split("\n").length < 1000; i++) {
    const name = `nextcloud-${i}`;
    docs.push(
      [
        `apiVersion: apps/v1`,
        `kind: Deployment`,
        `metadata:`,
        `  name: ${name}`,
        `  labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: nextcloud }`,
        `spec:`,
        `  replicas: ${2 + (i % 3)}`,
        `  selector:`,
        `    matchLabels: { app.kubernetes.io/name: ${name} }`,
        `  template:`,
        `    metadata:`,
        `      labels: { app.kubernetes.io/name: ${name} }`,
        `    spec:`,
        `      containers:`,
        `        - name: nextcloud`,
        `          image: nextcloud:30-apache`,
        `          ports:`,
        `            - containerPort: 80`,
        `          env:`,
        `            - name: MYSQL_HOST`,
        `              value: db`,
        `            - name: MYSQL_DATABASE`,
        `              value: nextcloud${i}`,
        `            - name: MYSQL_USER`,
        `              value: nextcloud`,
        `            - name: MYSQL_PASSWORD`,
        `              valueFrom:`,
        `                secretKeyRef: { name: nextcloud-db, key: password }`,
        `            - name: REDIS_HOST`,
        `              value: redis`,
        `            - name: NEXTCLOUD_TRUSTED_DOMAINS`,
        `              value: cloud${i}.example.com`,
        `            - name: PHP_MEMORY_LIMIT`,
        `              value: 1G`,
        `          resources:`,
        `            requests: { cpu: 500m, memory: 512Mi }`,
        `            limits: { cpu: "2", memory: 2Gi }`,
        `          readinessProbe:`,
        `            httpGet: { path: /status.php, port: 80 }`,
        `            periodSeconds: 10`,
        `          volumeMounts:`,
        `            - name: html`,
        `              mountPath: /var/www/html`,
        `            - name: data`,
        `              mountPath: /var/www/html/data`,
        `      volumes:`,
        `        - name: html`,
        `          persistentVolumeClaim:`,
        `            claimName: ${name}-html`,
        `        - name: data`,
        `          persistentVolumeClaim:`,
        `            claimName: ${name}-data`,
      ].join("\n"),
      service(name, 80).join("\n"),
      pvc(`${name}-html`, "ReadWriteMany", "5Gi").join("\n"),
      pvc(`${name}-data`, "ReadWriteMany", "500Gi").join("\n"),
    );
  }
  return `${docs.join("\n---\n")}\n`;
}

export function k8sInput(edits: number): BenchInput {
  const text = k8sManifests();
  const lines = text.split("\n");
  const deployments = lines.flatMap((l, i) => (l.startsWith("  name: nextcloud-") && lines[i - 2] === "kind: Deployment" ? [i] : []));
  const middle = deployments[deployments.length >> 1];
  const replicas = valueTarget(lines, lineIndex(lines, (l) => l.startsWith("  replicas: "), middle), (v) => String(Number(v) + 1));
  const domains = lineIndex(lines, (l) => l.endsWith("name: NEXTCLOUD_TRUSTED_DOMAINS"), middle);
  const domain = valueTarget(lines, domains + 1, (v) => v.replace(".example.com", "b.example.com"));
  const hovers: Position[] = [];
  for (const at of [deployments[0], middle, deployments[deployments.length - 1]]) {
    hovers.push(keyPosition(lines, at - 2)); // kind
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => l.startsWith("  replicas:"), at)));
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => l.startsWith("          image:"), at)));
    hovers.push(keyPosition(lines, lineIndex(lines, (l) => l.startsWith("          env:"), at)));
  }
  return {
    id: "k8s-manifests",
    title: "Kubernetes manifests (generated Nextcloud Deployments/Services/PVCs)",
    files: { "nextcloud.yaml": text },
    main: "nextcloud.yaml",
    kind: "k8s",
    lines: lines.length - 1,
    edits: editPlan([replicas, domain], edits),
    hovers,
    syntaxError: syntaxErrorAt(lines, replicas.line),
  };
}
