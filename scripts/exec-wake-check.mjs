// Phase EW's check (session 41): does Triton's batcher wake when an execution returns and grow the payload that
// waits for the instance? Triton's payload calls its callback twice (core src/rate_limiter.cc, DequeuePayload, and
// src/payload.cc, Payload::Execute after the instance's Schedule returns), and the callback wakes the batcher thread;
// if it looked before the instance thread takes the payload, the requests that queued behind the formed payload would
// join it. On one-instance calibration-only models with a queue delay, every request traced by Triton:
//  - a "late" request reached the queue after the next execution's payload had surely formed (more than the delay
//    plus 100 µs after that execution's oldest request) and before that execution started. It joined that execution
//    or was left for a later one; the share that joined, binned by its arrival less the previous execution's end
//    (COMPUTE_END), says whether and when the batcher looked: all would join up to the look and none after it; with
//    no look at the execution's end few join (arrivals below the next preferred size do not wake the batcher).
//  - the request-weighted batch-size mix and the mean batch.
// The model's side runs the same level with the profile (it has no look at the execution's end: the traces said there
// is none to model; the scratch build that had one is described in calibration/device/runs/2026-11-28-h200-exec-wake/).
// Run after `npm run build`:
//   node scripts/exec-wake-check.mjs DIR [PROFILE]   (DIR holds requests.csv.xz and manifest.csv; "-": the model alone)
import { join } from "node:path";
import { loadProfile } from "../dist/cli/profiles.js";
import { forTool } from "../dist/compute/load-generator.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";
import { lateRequests } from "./lib/late-requests.mjs";
import { levelRequests, oneInstanceExecutions, readManifest, readReducedTrace } from "./lib/reduced-trace.mjs";

const [dir, profileName = "h200-bert-base-seq128-fp16-hf"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node scripts/exec-wake-check.mjs DIR [PROFILE]");
  process.exit(2);
}
const one = (delayUs) => ({ maxBatchSize: 64, dynamicBatching: { maxQueueDelayUs: delayUs }, instanceGroups: [{ count: 1 }] });
const CHECKS = {
  "ew-c4": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "concurrency", concurrency: 4 } },
  "ew-c8": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "concurrency", concurrency: 8 } },
  "ew-c16": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "concurrency", concurrency: 16 } },
  "ew-d1000-c8": { model: "base_cal_d1000_i1", delayUs: 1000, load: { kind: "concurrency", concurrency: 8 } },
  "ew-r1870": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "rate", rate: 1870 } },
  "ew-r3430": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "rate", rate: 3430 } },
  "ew-r4990": { model: "base_cal_d200_i1", delayUs: 200, load: { kind: "rate", rate: 4990 } },
};
const BIN_US = 25;
const BINS = [-200, 150]; // arrival less the previous execution's end

/** Executions (one instance) as { start, end, members: [queue arrival µs] }, sorted by start: the share of the late
 *  requests that joined, by bin of their arrival less the previous execution's end. */
function lateShares(execs, delayUs) {
  const joined = new Map();
  const left = new Map();
  let n = 0;
  for (let k = 1; k < execs.length; k++) {
    if (execs[k].members.length >= 64) continue;
    const prevEnd = execs[k - 1].end;
    for (const { q, in: inE } of lateRequests(execs, k, delayUs)) {
      const rel = q - prevEnd;
      if (rel < BINS[0] || rel >= BINS[1]) continue;
      const b = Math.floor(rel / BIN_US) * BIN_US;
      const counts = inE ? joined : left;
      counts.set(b, (counts.get(b) ?? 0) + 1);
      n++;
    }
  }
  const rows = [];
  for (let b = BINS[0]; b < BINS[1]; b += BIN_US) {
    const J = joined.get(b) ?? 0;
    const L = left.get(b) ?? 0;
    rows.push({ b, n: J + L, share: J + L > 0 ? J / (J + L) : null });
  }
  return { n, rows };
}

function mix(execs) {
  const sizes = execs.map((e) => e.members.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const w = new Map();
  for (const s of sizes) w.set(s, (w.get(s) ?? 0) + s);
  const text = [...w.entries()].sort((a, b) => a[0] - b[0]).filter(([, x]) => x / total >= 0.01).map(([s, x]) => `${s}: ${((100 * x) / total).toFixed(0)} %`).join(", ");
  return { mean: total / sizes.length, text };
}

function simulated(check) {
  const tool = forTool(loadProfile(profileName), "perf_analyzer");
  const byStart = new Map();
  const workload = check.load.kind === "concurrency" ? { kind: "concurrency", concurrency: check.load.concurrency, batchSize: 1, priority: 0, timeoutUs: 0 } : { kind: "rate", requestsPerS: check.load.rate, distribution: "poisson", cv: 1, senders: 64, batchSize: 1, priority: 0, timeoutUs: 0 };
  simulateAs(tool, {
    config: makeServerConfig(one(check.delayUs)),
    workload,
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: 30_000 },
    observer: {
      onRequestDone: (e) => {
        if (!e.ok) return;
        if (!byStart.has(e.execStartUs)) byStart.set(e.execStartUs, { start: e.execStartUs, end: e.execEndUs, members: [] });
        byStart.get(e.execStartUs).members.push(e.batcherStartUs);
      },
    },
  });
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function report(label, execs, delayUs) {
  const m = mix(execs);
  const s = lateShares(execs, delayUs);
  const curve = s.rows.filter((r) => r.n >= 10).map((r) => `${r.b}:${(100 * r.share).toFixed(0)}%(${r.n})`).join(" ");
  console.log(`  ${label.padEnd(20)} mean batch ${m.mean.toFixed(2)} (${m.text}); late requests ${s.n}, share joining by arrival less the previous end (µs): ${curve}`);
}

const sides = (check) => [["model", simulated(check)]];
if (dir === "-") {
  for (const [run, check] of Object.entries(CHECKS)) {
    console.log(`${run} (${check.model}, ${JSON.stringify(check.load)}), profile ${profileName}`);
    for (const [label, execs] of sides(check)) report(label, execs, check.delayUs);
  }
  process.exit(0);
}
const manifest = readManifest(dir);
const trace = readReducedTrace(join(dir, "requests.csv.xz"));
for (const [run, model, mode, level, , a, b, rc] of manifest) {
  const check = CHECKS[run];
  if (check === undefined || rc !== "0" || model !== check.model) continue;
  if (check.load.kind === "concurrency" ? Number(level) !== check.load.concurrency : Math.abs(Number(level) - check.load.rate) > 1) continue;
  const rows = levelRequests(trace, model, a, b);
  console.log(`${run} (${model}, ${mode} ${level}; ${rows.length} traced requests), profile ${profileName}`);
  report("measured", oneInstanceExecutions(rows), check.delayUs);
  for (const [label, execs] of sides(check)) report(label, execs, check.delayUs);
}
