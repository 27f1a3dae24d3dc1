// Phase ND's traced calibration-only levels (and phase EW's), shared by scripts/network-drift-check.mjs and
// scripts/loaded-wait-shape.mjs: which run is which level, the traced levels' executions, the same level simulated
// as perf_analyzer measures it, and the figures compared (return-lag spread, request-weighted batch-size mix).
// Requests whose compute start and end lie within 2 µs of each other's are one execution (the reduced trace is in
// whole µs; src/calibrate/trace-executions.ts groups them the same way). Run after `npm run build`.
import { join } from "node:path";
import { makeServerConfig } from "../../dist/server/config.js";
import { simulateAs } from "../../dist/server/simulation.js";
import { levelRequests, readManifest, readReducedTrace } from "./reduced-trace.mjs";

export const CHECKS = {
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
export function lagSpread(executions, arrivals) {
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

export function mix(sizes, max) {
  const w = new Array(max + 1).fill(0);
  let n = 0;
  for (const s of sizes) {
    w[s] += s;
    n += s;
  }
  return w.map((x) => x / n);
}
export const tv = (p, q) => 0.5 * p.reduce((s, x, i) => s + Math.abs(x - (q[i] ?? 0)), 0);

/** The level `check` simulated as `tool` (a forTool model) measures it: its batch sizes and return lags. */
export function simulatedLevel(tool, check, seed = "1") {
  const execs = new Map();
  const sizes = [];
  const arrivals = [];
  simulateAs(tool, {
    config: makeServerConfig(check.config),
    workload: { kind: "concurrency", concurrency: check.concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    hostEpisodes: true, // a measured level, simulated as validate does (the front end held during the profile's host episodes)
    seed,
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

/** DIR's traced levels that are CHECKS (manifest.csv, requests.csv.xz): run, check, the level's requests, its
 *  executions (each its requests' send ends) and their sizes. */
export function measuredLevels(dir) {
  const manifest = readManifest(dir);
  const trace = readReducedTrace(join(dir, "requests.csv.xz"));
  const out = [];
  for (const [run, model, , level, , a, b, rc] of manifest) {
    const check = CHECKS[run];
    if (check === undefined || rc !== "0" || model !== check.model || Number(level) !== check.concurrency) continue;
    const rows = levelRequests(trace, model, a, b);
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
    out.push({ run, check, rows, execs, sizes });
  }
  return out;
}
