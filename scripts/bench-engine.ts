/**
 * Engine speed: a ~150-line scaled-out compose file (plus .env) re-linted after each simulated
 * keystroke, as the language server does. Prints p50/p95/max per lint and the heap used.
 * Run: node --import tsx scripts/bench-engine.ts [iterations]
 */
import { Engine } from "../server/src/engine/lint";
import { MapWorkspace } from "../server/src/engine/workspace";

const iterations = Number(process.argv[2] ?? 300);
const lines: string[] = ["services:"];
for (let i = 0; i < 9; i++) {
  lines.push(
    `  app${i}:`,
    "    image: owncloud/server:10.16.4",
    "    deploy:",
    "      replicas: ${APP_REPLICAS}",
    "    environment:",
    "      - OWNCLOUD_DB_TYPE=mysql",
    "      - OWNCLOUD_DB_HOST=db",
    `      - OWNCLOUD_DB_PASSWORD=\${DB_PASSWORD}`,
    "      - OWNCLOUD_REDIS_ENABLED=true",
    "      - OWNCLOUD_REDIS_HOST=redis",
    "      - OWNCLOUD_DOMAIN=cloud.example.com",
    "    volumes:",
    "      - data:/mnt/data",
    "",
  );
}
lines.push("  db:", "    image: mariadb:11.4", "    volumes:", "      - db:/var/lib/mysql", "  redis:", "    image: redis:7", "volumes:", "  data:", "    driver_opts:", "      type: nfs", '      o: "addr=10.0.0.10,nfsvers=4,hard"', '      device: ":/export"', "  db:");
const base = `${lines.join("\n")}\n`;
const files = new Map<string, string>([
  ["/bench/compose.yaml", base],
  ["/bench/.env", "APP_REPLICAS=3\nDB_PASSWORD=${VAULT_DB:-}\n"],
]);
const ws = new MapWorkspace(files);
const engine = new Engine();
const times: number[] = [];
const warmup = Math.min(50, Math.floor(iterations / 5));
let findings = 0;
for (let i = 0; i < iterations; i++) {
  // Each iteration is a new document version: one more character typed into a comment.
  files.set("/bench/compose.yaml", `${base}# ${"x".repeat(i % 40)}\n`);
  const t0 = performance.now();
  const result = engine.lintPaths(["/bench/compose.yaml"], ws, {});
  // The first runs pay for JIT compilation, which a long-running server pays once.
  if (i >= warmup) times.push(performance.now() - t0);
  findings = result.findings.length;
}
times.sort((a, b) => a - b);
const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
console.log(`lines: ${base.split("\n").length}, iterations: ${iterations} (${warmup} warm-up), findings: ${findings}`);
console.log(`lint after a keystroke: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB`);
