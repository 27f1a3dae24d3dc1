// How much a prediction moves when every execution takes 5 % longer or shorter: the one-start BERT-Base
// profile, base_d0_i1 (max_batch_size 32, delay 0, one instance), perf_analyzer's tool model as validate simulates it
// (since session 42; before, its response gap only), open loop.
// Run after `npm run build`:  node scripts/sensitivity.mjs
import { readFileSync } from "node:fs";
import { forTool } from "../dist/compute/load-generator.js";
import { Profile } from "../dist/compute/profile.js";
import { fromTritonConfigJson } from "../dist/server/pbtxt.js";
import { simulateAs } from "../dist/server/simulation.js";

const base = Profile.parse(JSON.parse(readFileSync(new URL("../calibration/profiles/h100-bert-base-seq128-fp16-onestart.json", import.meta.url))));
const run = JSON.parse(readFileSync(new URL("../calibration/live/pa-base-d0-i1-rate-v.json", import.meta.url)));
const config = fromTritonConfigJson(run.modelConfig, "base_d0_i1", 1);
const scaled = (k) => ({
  ...base,
  compute: base.compute.map((c) => ({
    ...c,
    computeInputUs: { ...c.computeInputUs, mean: c.computeInputUs.mean * k },
    computeInferUs: { ...c.computeInferUs, mean: c.computeInferUs.mean * k },
    computeOutputUs: { ...c.computeOutputUs, mean: c.computeOutputUs.mean * k },
  })),
});
console.log("rate/s  exec×  p50 ms  p99 ms");
for (const rate of [1896, 3793, 5373]) {
  for (const k of [0.95, 1, 1.05]) {
    const tool = forTool(scaled(k), "perf_analyzer");
    const r = simulateAs(tool, {
      config,
      workload: { kind: "rate", requestsPerS: rate, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "1",
      measurement: { kind: "requests", warmupRequests: 2000, requests: 40_000 },
    });
    console.log(`${String(rate).padStart(6)}  ${k.toFixed(2)}  ${(r.latencyUs.p50 / 1000).toFixed(2).padStart(6)}  ${(r.latencyUs.p99 / 1000).toFixed(2).padStart(6)}`);
  }
}
