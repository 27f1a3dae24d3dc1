// Which of the model's noise sources spread base_d0_i2's lockstep at concurrency 4 (max_batch_size 64,
// delay 0, two instances; perf_analyzer's tool model, the built-in BERT-Base profile, closed loop): each
// source alone, then all of them. The live p99 there is 2.18–2.23 ms on three quiet starts (p50 2.05).
// Run after `npm run build`:  node scripts/lockstep-noise.mjs
import { forTool } from "../dist/compute/load-generator.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
import { SOURCES, withOnly } from "./noise-sources.mjs";

const config = makeServerConfig({ maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 0 }, instanceGroups: [{ count: 2 }] });
const run = (keep) =>
  simulateAs(forTool(withOnly("h100-bert-base-seq128-fp16", keep), "perf_analyzer"), {
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
