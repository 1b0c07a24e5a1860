/**
 * The in-process part of `npm run bench`, run in a fresh Node process (so neither the harness's
 * heap nor its JIT state from the LSP sessions colours it): the bare `yaml` parse of every input
 * and our engine on the N=150 and N=300 stacks. Prints one JSON object on stdout.
 *   node --import tsx scripts/bench/in-process.ts <input ids…>
 */
import { engineTimes, parseTimes, type EngineTimes, type ParseTimes } from "./engine";
import { composeInput, findSharedDir, helmInput, k8sInput, type BenchInput } from "./inputs";

const ids = process.argv.slice(2);
const sharedDir = findSharedDir().dir;
if (!sharedDir) throw new Error("../shared not found");
const inputs: BenchInput[] = [];
for (const id of ids) {
  const compose = /^compose-(\d+)$/.exec(id);
  if (compose) inputs.push(composeInput(sharedDir, Number(compose[1]), Number(compose[1]) >= 300 ? 15 : 20));
  else if (id === "helm-values") {
    const helm = helmInput(sharedDir, 20);
    if (typeof helm !== "string") inputs.push(helm);
  } else if (id === "k8s-manifests") inputs.push(k8sInput(20));
}
const parses: Record<string, ParseTimes> = {};
for (const input of inputs) parses[input.id] = parseTimes(input.files[input.main]);
const engines: Record<string, EngineTimes> = {};
for (const input of inputs) {
  // N=300 lints take seconds each: fewer runs keep the whole benchmark within minutes.
  if (input.id === "compose-150") engines[input.id] = engineTimes(input, 15, 5);
  if (input.id === "compose-300") engines[input.id] = engineTimes(input, 5, 2);
}
process.stdout.write(`${JSON.stringify({ parses, engines })}\n`);
