// Which of the model's noise sources make its p99 under perf_analyzer's constant gaps (and Poisson, beside
// it) on phase TR's start: plan's pick (base_m16d500_i2) and base_m64d50_i2 at 3000 and 8000/s, 128 sending
// threads, TR's own profile; no noise, each source alone, then all (p50 / p99 ms, 30 000 requests, seed 1).
// docs/VALIDATION.md, "Traffic beyond Poisson". Run after `npm run build`:
//   node scripts/constant-gaps-noise.mjs [profile]
import { forTool } from "../dist/compute/load-generator.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
const noSd = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v !== null && typeof v === "object" && "sd" in v ? { ...v, sd: 0 } : v]));
const SOURCES = ["compute spread","overheads spread","pa network spread","execution jitter","slow stretches","front-end stalls","pa loaded wait"];
function withOnly(keep, prof) {
  let p = loadProfile(prof);
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
const prof = process.argv[2] ?? "calibration/profiles/h100-bert-base-seq128-fp16-traffic.json";
const cfgs = { m16: makeServerConfig({ maxBatchSize: 16, dynamicBatching: { preferredBatchSizes: [8, 16], maxQueueDelayUs: 500 }, instanceGroups: [{ count: 2 }] }),
  m64: makeServerConfig({ maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 50 }, instanceGroups: [{ count: 2 }] }) };
for (const [cname, config] of Object.entries(cfgs)) for (const rate of [3000, 8000]) for (const dist of ["constant", "poisson"]) {
  const run = (keep) => simulateAs(forTool(withOnly(keep, prof), "perf_analyzer"), { config,
    workload: { kind: "rate", requestsPerS: rate, distribution: dist, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0, senders: 128 },
    seed: "1", measurement: { kind: "requests", warmupRequests: 2000, requests: 30000 } }).latencyUs;
  const row = [[], ...SOURCES.map((k) => [k]), SOURCES].map((keep) => { const l = run(keep); return `${(l.p50/1000).toFixed(2)}/${(l.p99/1000).toFixed(2)}`; });
  console.log(cname, rate, dist.padEnd(8), row.join(" "));
}
console.log("columns: none,", SOURCES.join(", "), ", all");
