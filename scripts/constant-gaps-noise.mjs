// Which of the model's noise sources make its p99 under perf_analyzer's constant gaps (and Poisson, beside
// it) on phase TR's start: plan's pick (base_m16d500_i2) and base_m64d50_i2 at 3000 and 8000/s, 128 sending
// threads, TR's own profile; no noise, each source alone, then all (p50 / p99 ms, 30 000 requests, seed 1).
// docs/VALIDATION.md, "Traffic beyond Poisson". Run after `npm run build`:
//   node scripts/constant-gaps-noise.mjs [profile]
import { forTool } from "../dist/compute/load-generator.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
import { SOURCES, withOnly } from "./noise-sources.mjs";
const prof = process.argv[2] ?? "calibration/profiles/h100-bert-base-seq128-fp16-traffic.json";
const cfgs = { m16: makeServerConfig({ maxBatchSize: 16, dynamicBatching: { preferredBatchSizes: [8, 16], maxQueueDelayUs: 500 }, instanceGroups: [{ count: 2 }] }),
  m64: makeServerConfig({ maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 50 }, instanceGroups: [{ count: 2 }] }) };
for (const [cname, config] of Object.entries(cfgs)) for (const rate of [3000, 8000]) for (const dist of ["constant", "poisson"]) {
  const run = (keep) => simulateAs(forTool(withOnly(prof, keep), "perf_analyzer"), { config,
    workload: { kind: "rate", requestsPerS: rate, distribution: dist, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0, senders: 128 },
    seed: "1", measurement: { kind: "requests", warmupRequests: 2000, requests: 30000 } }).latencyUs;
  const row = [[], ...SOURCES.map((k) => [k]), SOURCES].map((keep) => { const l = run(keep); return `${(l.p50/1000).toFixed(2)}/${(l.p99/1000).toFixed(2)}`; });
  console.log(cname, rate, dist.padEnd(8), row.join(" "));
}
console.log("columns: none,", SOURCES.join(", "), ", all");
