// The model's side of phase HW's execution-log reading (session 50, docs/VALIDATION.md item 41): base_prio_i1
// (max_batch_size 8, 500 µs, two priority levels: no prefetch) on a profile as perf_analyzer drives it (64 senders in
// open loop, seed 1, 20 000 requests after a 2000-request warm-up), and for each level the mean requests per execution,
// the median infer span (the model's nearest to the stub's execute(): session 48 found the stub's 13–25 % longer at 4
// to 16 requests on the H100, phase HW's within 3 % up to four), that median by request count, and the gap from one
// infer span's end to the next one's start (p10 and median).
// Run after `npm run build`:
//   node scripts/no-prefetch-gaps.mjs PROFILE LEVEL...   (LEVEL: conc:N or rate:R)
import { makeServerConfig } from "../dist/server/config.js";
import { inferSpans } from "./lib/poisson-executions.mjs";

const [profile, ...levels] = process.argv.slice(2);
if (levels.length === 0) {
  console.error("usage: node scripts/no-prefetch-gaps.mjs PROFILE LEVEL...   (LEVEL: conc:N or rate:R)");
  process.exit(2);
}
const config = makeServerConfig({ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 500, priorityLevels: 2, defaultPriorityLevel: 2 } });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const level of levels) {
  const [mode, x] = level.split(":");
  const workload =
    mode === "rate"
      ? { kind: "rate", requestsPerS: Number(x), distribution: "poisson", cv: 1, senders: 64, batchSize: 1, priority: 0, timeoutUs: 0 }
      : { kind: "concurrency", concurrency: Number(x), batchSize: 1, priority: 0, timeoutUs: 0 };
  const spans = inferSpans(profile, config, workload, { kind: "requests", warmupRequests: 2000, requests: 20000 });
  const s = spans.slice(Math.floor(spans.length / 10));
  const gaps = s.slice(1).map((b, i) => b.startUs - s[i].endUs).sort((a, b) => a - b);
  const byCount = new Map();
  for (const e of s) {
    if (!byCount.has(e.batchSize)) byCount.set(e.batchSize, []);
    byCount.get(e.batchSize).push(e.endUs - e.startUs);
  }
  const common = [...byCount].filter(([, v]) => v.length >= s.length / 20).sort(([a], [b]) => a - b);
  console.log(
    `${level}: ${s.length} executions, ${(s.reduce((a, e) => a + e.batchSize, 0) / s.length).toFixed(2)} requests each,`,
    `infer span ${Math.round(median(s.map((e) => e.endUs - e.startUs)))} µs (${common.map(([k, v]) => `${k}: ${Math.round(median(v))}`).join(", ")}),`,
    `gap p10 / p50 ${Math.round(gaps[Math.floor(gaps.length / 10)])} / ${Math.round(gaps[gaps.length >> 1])} µs`,
  );
}
