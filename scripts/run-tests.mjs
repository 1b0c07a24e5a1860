#!/usr/bin/env node
// Node 20's test runner takes no glob patterns, so this collects the *.test.ts files below the
// given folders and hands them to `node --import tsx --test`. Exits with the runner's code.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith("--"));

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // Rule fixtures are deployments, not tests.
      if (name === "invalid" || name === "valid" || name === "fixed" || name === "node_modules") continue;
      out.push(...collect(path));
    } else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error(`no test files below ${roots.join(", ")}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...passThrough, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
