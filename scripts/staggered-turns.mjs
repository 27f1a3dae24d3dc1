// The model's side of exec_concurrency.py for base_m32d0_i4 (max_batch_size 32, delay 0, four instances) under
// perf_analyzer's Poisson load (128 threads) at 3566 and 4981/s on a profile (default phase TR's): the
// request-weighted mean execution duration, the mean per request count, how many per count, and how many other
// executions were running at each start, perf_analyzer simulated as validate simulates it (its whole tool model since
// session 42; before, its response gap and loaded wait only). docs/VALIDATION.md, "What limits the model", known
// mismatches.
// Run after `npm run build`:  node scripts/staggered-turns.mjs [profile]
import { forTool } from "../dist/compute/load-generator.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
const prof = loadProfile(process.argv[2] ?? "calibration/profiles/h100-bert-base-seq128-fp16-traffic.json");
const tool = forTool(prof, "perf_analyzer");
const config = makeServerConfig({ maxBatchSize: 32, dynamicBatching: { maxQueueDelayUs: 0 }, instanceGroups: [{ count: 4 }] });
for (const rate of [3566, 4981]) {
  const execs = new Map();
  simulateAs(tool, { config, workload: { kind: "rate", requestsPerS: rate, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0, senders: 128 }, seed: "1", measurement: { kind: "requests", warmupRequests: 2000, requests: 30000 },
    observer: { onRequestDone: (e) => { if (!e.ok) return; const k = e.execStartUs + ":" + e.execEndUs; execs.set(k, (execs.get(k) ?? 0) + 1); } } });
  const list = [...execs.entries()].map(([k, n]) => { const [s, e] = k.split(":").map(Number); return { s, e, n }; }).sort((a, b) => a.s - b.s);
  const by = {}; let wsum = 0, wn = 0;
  for (const x of list) { (by[x.n] ??= []).push(x.e - x.s); wsum += (x.e - x.s) * x.n; wn += x.n; }
  const conc = {};
  for (let i = 0; i < list.length; i++) { let c = 0; for (let j = Math.max(0, i - 50); j < i; j++) if (list[j].e > list[i].s) c++; conc[c] = (conc[c] ?? 0) + 1; }
  console.log(rate, "req-weighted dur", (wsum / wn).toFixed(0), "by n", Object.fromEntries(Object.entries(by).filter(([n]) => n <= 6).map(([n, v]) => [n, Math.round(v.reduce((a, b) => a + b, 0) / v.length)])), "counts", Object.fromEntries(Object.entries(by).filter(([n]) => n <= 8).map(([n, v]) => [n, v.length])), "others at start", conc);
}
