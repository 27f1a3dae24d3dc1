// How long Triton's batcher thread takes to act on a wake-up (session 41, phase EW's traces): an arrival that wakes
// the sleeping batcher (it joins a payload that had already formed, so it was taken in by a scan of its own) is
// followed by others; those that reached the queue before the woken batcher scanned it join the same payload, those
// after it wait for a later one (below the next preferred size they do not wake it again). So the share of the later
// late arrivals that joined, by their arrival less the waking one's, falls from 1 to the level's baseline (joins by
// other paths) as the scan time passes: its survival curve. Pooled over the one-instance levels, the baseline (the
// share at 45–100 µs) taken out of each, made non-increasing, and read as quantiles of the scan's delay.
//   node scripts/batcher-notify.mjs [--write PRIOR] DIR...   (each DIR with requests.csv.xz and manifest.csv; runs
//   ew-c4, ew-c8, ew-r1870)
// Prints the survival by 5 µs bin and the quantile table (µs); --write also writes them as a prior
// (servesim.batcher-wake-prior/v1, compose-profile --batcher-wake).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { lateRequests } from "./lib/late-requests.mjs";
import { levelRequests, oneInstanceExecutions, readManifest, readReducedTrace } from "./lib/reduced-trace.mjs";
import { writeArg, writePrior } from "./lib/write-prior.mjs";

const { writeTo, rest: dirs, ok } = writeArg(process.argv.slice(2));
if (dirs.length === 0 || !ok) {
  console.error("usage: node scripts/batcher-notify.mjs [--write PRIOR] DIR...");
  process.exit(2);
}
const RUNS = { "ew-c4": 200, "ew-c8": 200, "ew-r1870": 200 }; // run → the model's queue delay (µs)
const BIN = 5;
const MAX = 100;

function executions(dir, run) {
  const m = readManifest(dir).find((r) => r[0] === run && r[7] === "0");
  if (m === undefined) return null;
  return oneInstanceExecutions(levelRequests(readReducedTrace(join(dir, "requests.csv.xz")), m[1], m[5], m[6]));
}

/** Per bin of (arrival − the waking arrival): [joined, all]. */
function joinCounts(execs, delayUs) {
  const bins = new Map();
  for (let k = 1; k < execs.length; k++) {
    const late = lateRequests(execs, k, delayUs);
    const first = late.findIndex((x) => x.in);
    if (first < 0) continue;
    for (let i = first + 1; i < late.length; i++) {
      const x = late[i].q - late[first].q;
      if (x >= MAX) break;
      const b = Math.floor(x / BIN);
      const c = bins.get(b) ?? [0, 0];
      c[0] += late[i].in ? 1 : 0;
      c[1] += 1;
      bins.set(b, c);
    }
  }
  return bins;
}

const nBins = MAX / BIN;
const pooled = Array.from({ length: nBins }, () => ({ s: 0, w: 0 }));
for (const dir of dirs) {
  if (!existsSync(join(dir, "manifest.csv"))) continue;
  for (const [run, delayUs] of Object.entries(RUNS)) {
    const execs = executions(dir, run);
    if (execs === null) continue;
    const bins = joinCounts(execs, delayUs);
    let bj = 0;
    let bn = 0;
    for (let b = 45 / BIN; b < nBins; b++) {
      const c = bins.get(b);
      if (c) {
        bj += c[0];
        bn += c[1];
      }
    }
    const base = bn > 0 ? bj / bn : 0;
    const row = [];
    for (let b = 0; b < nBins; b++) {
      const c = bins.get(b) ?? [0, 0];
      if (c[1] === 0) continue;
      const s = Math.min(1, Math.max(0, (c[0] / c[1] - base) / (1 - base)));
      pooled[b].s += s * c[1];
      pooled[b].w += c[1];
      row.push(`${b * BIN}:${(100 * s).toFixed(0)}%(${c[1]})`);
    }
    console.log(`${dir} ${run}: baseline ${(100 * base).toFixed(1)} % (${bn} at 45–100 µs); survival ${row.join(" ")}`);
  }
}
// pooled survival at each bin's upper edge, made non-increasing; quantiles by linear interpolation
const edges = [0];
const surv = [1];
let s = 1;
for (let b = 0; b < nBins; b++) {
  if (pooled[b].w === 0) continue;
  s = Math.min(s, pooled[b].s / pooled[b].w);
  if (s < 0.01) s = 0; // under 1 %: none left (a bin's noise, not a tail)
  edges.push((b + 1) * BIN);
  surv.push(s);
}
const quantile = (p) => {
  const target = 1 - p;
  for (let i = 1; i < edges.length; i++) {
    if (surv[i] <= target) {
      const f = surv[i - 1] === surv[i] ? 1 : (surv[i - 1] - target) / (surv[i - 1] - surv[i]);
      return edges[i - 1] + f * (edges[i] - edges[i - 1]);
    }
  }
  return edges[edges.length - 1];
};
const probabilities = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];
const us = probabilities.map((p) => Math.round(10 * quantile(p)) / 10);
console.log(`pooled survival: ${edges.slice(1).map((e, i) => `≤${e}: ${(100 * surv[i + 1]).toFixed(0)}%`).join(" ")}`);
console.log(JSON.stringify({ probabilities, us }));
if (writeTo !== undefined) {
  const last = surv.indexOf(0);
  const prior = {
    schema: "servesim.batcher-wake-prior/v1",
    description: "How long Triton's woken batcher thread takes to scan its queue: quantiles (µs) of the scan's delay after the wake-up, read from the pooled survival (share of later late arrivals still joining the waking one's payload, the level's joins by other paths taken out, by their arrival after it).",
    probabilities,
    us,
    survival: edges.slice(1, last < 0 ? edges.length : last + 1).map((e, i) => ({ us: e, share: Math.round(1000 * surv[i + 1]) / 1000 })),
    measuredFrom: `node scripts/batcher-notify.mjs ${dirs.join(" ")} (one-instance base_cal_d200_i1 on an H200, Triton 2.51; runs ${Object.keys(RUNS).join(", ")})`,
  };
  writePrior(writeTo, prior);
}
