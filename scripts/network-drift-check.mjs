// Phase ND's checks of perf_analyzer's network drift (docs/VALIDATION.md, step 30): Triton's request traces of
// calibration-only models against the model with the profile's drift and without it (each request's draw its own).
//  - one instance at eight clients (base_cal_dyn; and phase EW's base_cal_d200_i1 at four and eight, session 41): the
//    k-th request to arrive after an execution's first response
//    is taken as the k-th returning client; the spread of those lags within an execution (IQR of each lag less its
//    execution's mean) over their pooled spread. Requests that left together come back closer together than
//    independent draws bring them.
//  - one client per instance on a multi-instance dynamic-batching model: the request-weighted batch-size mix, and
//    its total-variation distance to each model's.
// Requests whose compute start and end lie within 2 µs of each other's are one execution (the reduced trace is in
// whole µs; src/calibrate/trace-executions.ts groups them the same way). Run after `npm run build`:
//   node scripts/network-drift-check.mjs DIR [PROFILE]   (PROFILE: a built-in profile's name or a profile file)
// DIR holds requests.csv.xz (trace_reduce.py) and manifest.csv ("-": the model's side alone); PROFILE defaults to the
// built-in BERT-Base profile.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadProfile } from "../dist/cli/profiles.js";
import { forTool } from "../dist/compute/load-generator.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
import { readReducedTrace } from "./lib/reduced-trace.mjs";

const [dir, profileName = "h100-bert-base-seq128-fp16"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node scripts/network-drift-check.mjs DIR [PROFILE]");
  process.exit(2);
}
const CHECKS = {
  "nd-dyn-c8": { model: "base_cal_dyn", config: { maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 0 }, instanceGroups: [{ count: 1 }] }, concurrency: 8 },
  "nd-i4-c4": { model: "base_cal_d400_i4", config: { maxBatchSize: 16, dynamicBatching: { maxQueueDelayUs: 400 }, instanceGroups: [{ count: 4 }] }, concurrency: 4 },
  "nd-i3-c3": { model: "base_cal_d200_i3", config: { maxBatchSize: 16, dynamicBatching: { maxQueueDelayUs: 200 }, instanceGroups: [{ count: 3 }] }, concurrency: 3 },
  "ew-c4": { model: "base_cal_d200_i1", config: { maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 200 }, instanceGroups: [{ count: 1 }] }, concurrency: 4 },
  "ew-c8": { model: "base_cal_d200_i1", config: { maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: 200 }, instanceGroups: [{ count: 1 }] }, concurrency: 8 },
};

const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(p * (s.length - 1))];
};
const iqr = (xs) => quantile(xs, 0.75) - quantile(xs, 0.25);

/** Executions as lists of { arrive, send }, and every arrival, sorted: the lag statistic. */
function lagSpread(executions, arrivals) {
  const starts = [...arrivals].sort((a, b) => a - b);
  const after = (x) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (starts[m] <= x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  const all = [];
  const within = [];
  const ranges = [];
  for (const members of executions) {
    const m = [...members].sort((a, b) => a - b);
    const i = after(m[0]);
    const next = starts.slice(i, i + m.length);
    if (next.length < m.length) continue;
    const lags = next.map((a, k) => a - m[k]);
    if (lags.some((x) => x < 0 || x > 3000)) continue;
    const mean = lags.reduce((s, x) => s + x, 0) / lags.length;
    all.push(...lags);
    if (lags.length >= 2) {
      within.push(...lags.map((x) => x - mean));
      ranges.push(Math.max(...lags) - Math.min(...lags));
    }
  }
  // the tails too (session 40): each lag less its execution's mean at 1/5/50/95/99 %, and an execution's range of lags
  const at = (xs, ps) => ps.map((p) => quantile(xs, p).toFixed(0)).join(" / ");
  return { pooledIqrUs: iqr(all), withinIqrUs: iqr(within), ratio: iqr(within) / iqr(all), withinTails: at(within, [0.01, 0.05, 0.5, 0.95, 0.99]), ranges: at(ranges, [0.5, 0.9, 0.99]) };
}

function mix(sizes, max) {
  const w = new Array(max + 1).fill(0);
  let n = 0;
  for (const s of sizes) {
    w[s] += s;
    n += s;
  }
  return w.map((x) => x / n);
}
const tv = (p, q) => 0.5 * p.reduce((s, x, i) => s + Math.abs(x - (q[i] ?? 0)), 0);

function simulated(check, drift) {
  const tool = forTool(loadProfile(profileName), "perf_analyzer");
  const t = drift ? tool : { ...tool, networkDrift: undefined };
  const execs = new Map();
  const sizes = [];
  const arrivals = [];
  simulateAs(t, {
    config: makeServerConfig(check.config),
    workload: { kind: "concurrency", concurrency: check.concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: 30_000 },
    observer: {
      onExecutionStart: (e) => sizes.push(e.batchSize),
      onRequestDone: (e) => {
        if (!e.ok) return;
        arrivals.push(e.arriveUs);
        const key = `${e.execStartUs}`;
        if (!execs.has(key)) execs.set(key, []);
        execs.get(key).push(e.releaseUs);
      },
    },
  });
  return { sizes, lag: lagSpread([...execs.values()], arrivals) };
}

if (dir === "-") {
  // the model's side alone (what the claims froze before the call)
  for (const [run, check] of Object.entries(CHECKS)) {
    for (const [label, r] of [["own draws", simulated(check, false)], ["drift", simulated(check, true)]]) {
      const max = Math.max(...r.sizes, check.concurrency);
      const m = mix(r.sizes, max).map((x, i) => (i === 0 || x === 0 ? null : `${i}: ${(100 * x).toFixed(0)} %`)).filter((x) => x !== null).join(", ");
      console.log(`${run} model, ${label}: return lags pooled IQR ${r.lag.pooledIqrUs.toFixed(0)} µs, within ${r.lag.withinIqrUs.toFixed(0)} µs (ratio ${r.lag.ratio.toFixed(2)}); batches ${m}`);
    }
  }
  process.exit(0);
}
const manifest = readFileSync(join(dir, "manifest.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","));
const trace = readReducedTrace(join(dir, "requests.csv.xz"));
const tool = forTool(loadProfile(profileName), "perf_analyzer");
console.log(`profile ${profileName}: perf_analyzer network drift ${JSON.stringify(tool.networkDrift ?? null)}`);
for (const [run, model, , level, , a, b, rc] of manifest) {
  const check = CHECKS[run];
  if (check === undefined || rc !== "0" || model !== check.model || Number(level) !== check.concurrency) continue;
  const rows = (trace.get(model) ?? []).filter((r) => r.start * 1000 >= Number(a) && r.start * 1000 <= Number(b));
  // an execution's requests share COMPUTE_START and COMPUTE_END, to the µs rounding of the reduced trace
  const spans = rows.filter((r) => r.computeStart !== null && r.computeEnd !== null && r.sendEnd !== null).sort((x, y) => x.computeStart - y.computeStart || x.computeEnd - y.computeEnd);
  const execs = [];
  const open = [];
  for (const r of spans) {
    const g = open.find((o) => Math.abs(o.start - r.computeStart) <= 2 && Math.abs(o.end - r.computeEnd) <= 2);
    if (g !== undefined) g.sends.push(r.sendEnd);
    else {
      const o = { start: r.computeStart, end: r.computeEnd, sends: [r.sendEnd] };
      open.push(o);
      execs.push(o.sends);
    }
    while (open.length > 0 && open[0].start < r.computeStart - 2) open.shift();
  }
  const sizes = execs.map((e) => e.length);
  const max = Math.max(...sizes, check.concurrency);
  const measured = { sizes, lag: lagSpread(execs, rows.map((r) => r.start)) };
  const plain = simulated(check, false);
  const drifting = simulated(check, true);
  const fmtMix = (s) => mix(s, max).map((x, i) => (i === 0 || x === 0 ? null : `${i}: ${(100 * x).toFixed(0)} %`)).filter((x) => x !== null).join(", ");
  console.log(`\n${run} (${model}, ${check.concurrency} clients; ${rows.length} traced requests, ${execs.length} executions)`);
  for (const [label, r] of [["measured", measured], ["model, own draws", plain], ["model, drift", drifting]]) {
    const l = r.lag;
    const d = label === "measured" ? "" : `; mix distance to measured ${(100 * tv(mix(measured.sizes, max), mix(r.sizes, max))).toFixed(1)} %`;
    console.log(`  ${label.padEnd(17)} return lags: pooled IQR ${l.pooledIqrUs.toFixed(0)} µs, within an execution ${l.withinIqrUs.toFixed(0)} µs (ratio ${l.ratio.toFixed(2)}; less the execution's mean at 1/5/50/95/99 % ${l.withinTails} µs; an execution's range at 50/90/99 % ${l.ranges} µs); requests in batches of ${fmtMix(r.sizes)}${d}`);
  }
}
