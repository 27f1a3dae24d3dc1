// Which of the model's noise sources spread base_d0_i2's lockstep at concurrency 4 (max_batch_size 64,
// delay 0, two instances; perf_analyzer's tool model, the built-in BERT-Base profile, closed loop): each
// source alone, then all of them. The live p99 there is 2.18–2.23 ms on three quiet starts (p50 2.05).
// Run after `npm run build`:  node scripts/lockstep-noise.mjs
import { forTool } from "../dist/compute/load-generator.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";

const noSd = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v !== null && typeof v === "object" && "sd" in v ? { ...v, sd: 0 } : v]));
const SOURCES = [
  "compute spread (input, output; infer without jitter)",
  "request overheads' spread",
  "perf_analyzer's network spread",
  "execution jitter",
  "slow stretches",
  "front-end stalls",
  "perf_analyzer's loaded wait",
];
/** The built-in profile with only the named sources of noise left on. */
function withOnly(keep) {
  let p = loadProfile("h100-bert-base-seq128-fp16");
  const on = (i) => keep.includes(SOURCES[i]);
  if (!on(0)) p = { ...p, compute: p.compute.map(noSd) };
  if (!on(1)) p = { ...p, requestOverheads: p.requestOverheads.map(noSd) };
  if (!on(2)) p = { ...p, loadGenerators: p.loadGenerators.map((g) => ({ ...g, networkSdUs: 0 })) };
  if (!on(3)) p = { ...p, executionJitter: undefined };
  if (!on(4)) p = { ...p, slowStretches: undefined };
  if (!on(5)) p = { ...p, frontEndStalls: undefined };
  if (!on(6)) p = { ...p, loadGenerators: p.loadGenerators.map((g) => ({ ...g, loadedNetworkUs: 0 })) };
  return p;
}
const config = makeServerConfig({ maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 0 }, instanceGroups: [{ count: 2 }] });
const run = (keep) =>
  simulateAs(forTool(withOnly(keep), "perf_analyzer"), {
    config,
    workload: { kind: "concurrency", concurrency: 4, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: 30_000 },
  }).latencyUs;
console.log("noise on                                               p50 ms  p99 ms");
for (const keep of [[], ...SOURCES.map((k) => [k]), SOURCES]) {
  const l = run(keep);
  const label = keep.length === 0 ? "none" : keep.length > 1 ? "all" : keep[0];
  console.log(`${label.padEnd(54)} ${(l.p50 / 1000).toFixed(2).padStart(6)}  ${(l.p99 / 1000).toFixed(2).padStart(6)}`);
}
