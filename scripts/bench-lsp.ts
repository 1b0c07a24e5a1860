/**
 * How long after a keystroke the diagnostics arrive: spawns the bundled server (dist/server.js,
 * build first), opens a 150-line clustered compose file with its .env, then types into it and
 * measures didChange → publishDiagnostics for that version.
 *
 *   npm run build && node --import tsx scripts/bench-lsp.ts [iterations]
 */
import { performance } from "node:perf_hooks";
import { LspTestClient } from "../test/lsp/helpers/lsp-client";

function composeOf150Lines(): string {
  const lines = [
    "# Clustered ownCloud: three web replicas, one cron runner, shared Redis and MariaDB.",
    "services:",
    "  owncloud:",
    "    image: owncloud/server:10.16.4",
    "    deploy:",
    "      replicas: ${APP_REPLICAS}",
    "    environment:",
    "      - OWNCLOUD_DOMAIN=cloud.example.com",
    "      - OWNCLOUD_DB_TYPE=mysql",
    "      - OWNCLOUD_DB_HOST=db",
    "      - OWNCLOUD_DB_NAME=owncloud",
    "      - OWNCLOUD_DB_USERNAME=owncloud",
    "      - OWNCLOUD_DB_PASSWORD=${DB_PASSWORD}",
    "      - OWNCLOUD_REDIS_ENABLED=true",
    "      - OWNCLOUD_REDIS_HOST=redis",
    "    volumes:",
    "      - files:/mnt/data",
    "  redis:",
    "    image: redis:7",
    "  db:",
    "    image: mariadb:10.11",
    "    command: --transaction-isolation=READ-COMMITTED --binlog-format=ROW",
    "    environment:",
    "      - MYSQL_ROOT_PASSWORD=${DB_ROOT_PASSWORD}",
    "      - MYSQL_DATABASE=owncloud",
    "    volumes:",
    "      - db:/var/lib/mysql",
  ];
  for (let i = 1; lines.length < 143; i++) {
    lines.push(
      `  worker${i}:`,
      "    image: owncloud/server:10.16.4",
      "    environment:",
      "      - OWNCLOUD_DOMAIN=cloud.example.com",
      "      - OWNCLOUD_DB_TYPE=mysql",
      "      - OWNCLOUD_DB_HOST=db",
      "      - OWNCLOUD_REDIS_ENABLED=true",
      "      - OWNCLOUD_REDIS_HOST=redis",
      "      - OWNCLOUD_CROND_ENABLED=false",
      "    volumes:",
      "      - files:/mnt/data",
    );
  }
  lines.push("volumes:", "  files:", "    driver_opts:", "      type: nfs", "      o: addr=10.0.0.5,rw,nfsvers=4", "      device: :/export/owncloud", "  db:", "");
  return lines.slice(0, 150).join("\n") + "\n";
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 200);
  const compose = composeOf150Lines();
  const env = "APP_REPLICAS=3\nDB_PASSWORD=change-me\nDB_ROOT_PASSWORD=change-me-too\n";
  const client = await LspTestClient.start({ files: { "compose.yaml": compose, ".env": env } });
  try {
    let mark = client.mark();
    await client.open("compose.yaml", compose);
    const first = await client.diagnosticsAfter(mark, "compose.yaml");
    console.log(`compose.yaml: ${compose.split("\n").length - 1} lines, ${first.diagnostics.length} diagnostics on open`);
    const line = compose.split("\n").findIndex((l) => l.startsWith("      - OWNCLOUD_DOMAIN="));
    const column = "      - OWNCLOUD_DOMAIN=cloud".length;
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // Alternately type and delete one character, as a user does.
      const typing = i % 2 === 0;
      mark = client.mark();
      const started = performance.now();
      const version = await client.edit(
        "compose.yaml",
        { start: { line, character: column }, end: { line, character: typing ? column : column + 1 } },
        typing ? "x" : "",
      );
      await client.diagnosticsAfter(mark, "compose.yaml", () => client.latest("compose.yaml")?.version === version);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number): string => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
    console.log(`didChange → publishDiagnostics over ${iterations} edits (ms, includes JSON-RPC over stdio both ways):`);
    console.log(`  min ${at(0)}  median ${at(0.5)}  p95 ${at(0.95)}  max ${samples[samples.length - 1].toFixed(2)}`);
  } finally {
    await client.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
