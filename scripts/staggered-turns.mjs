// The model's side of calibration/server/exec_concurrency.py: for a dynamic-batching configuration (no queue delay)
// under perf_analyzer's load on a profile, per level the request-weighted mean execution duration, the mean per
// request count, how many executions per count, how many other executions were running at each start, and how many
// other executions ran whole inside each one (overtaken, by request count). perf_analyzer is simulated as validate
// simulates it (its whole tool model). Defaults: phase TR's base_m32d0_i4 (32, four instances) at 3566 and 4981/s
// Poisson from 128 threads, on TR's profile. docs/VALIDATION.md, "What limits the model", known mismatches.
// Run after `npm run build`:
//   node scripts/staggered-turns.mjs [profile] [--max-batch-size N] [--instances K] [--levels r3566,r4981,c16]
// (a level rN is Poisson at N/s, cN closed loop with N clients).
import { forTool } from "../dist/compute/load-generator.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { makeServerConfig } from "../dist/server/config.js";
import { simulateAs } from "../dist/server/simulation.js";

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  if (v === undefined) throw new Error(`${name} needs a value`);
  return v;
};
const maxBatchSize = Number(flag("--max-batch-size", "32"));
const instances = Number(flag("--instances", "4"));
const levels = flag("--levels", "r3566,r4981").split(",");
const prof = loadProfile(args[0] ?? "calibration/profiles/h100-bert-base-seq128-fp16-traffic.json");
const tool = forTool(prof, "perf_analyzer");
const config = makeServerConfig({ maxBatchSize, dynamicBatching: { maxQueueDelayUs: 0 }, instanceGroups: [{ count: instances }] });
const workloadOf = (level) => {
  const n = Number(level.slice(1));
  if (!(n > 0) || (level[0] !== "r" && level[0] !== "c")) throw new Error(`level ${level}: expected rN (N/s, Poisson) or cN (N clients)`);
  const common = { batchSize: 1, priority: 0, timeoutUs: 0 };
  return level[0] === "c" ? { kind: "concurrency", concurrency: n, ...common } : { kind: "rate", requestsPerS: n, distribution: "poisson", cv: 1, senders: 128, ...common };
};
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const upTo8 = (o, f) => Object.fromEntries(Object.entries(o).filter(([n]) => Number(n) <= 8).map(([n, v]) => [n, f(v)]));
for (const level of levels) {
  const execs = new Map();
  simulateAs(tool, {
    config,
    workload: workloadOf(level),
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: 30000 },
    observer: {
      onRequestDone: (e) => {
        if (!e.ok) return;
        const k = e.execStartUs + ":" + e.execEndUs;
        execs.set(k, (execs.get(k) ?? 0) + 1);
      },
    },
  });
  const list = [...execs.entries()].map(([k, n]) => { const [s, e] = k.split(":").map(Number); return { s, e, n }; }).sort((a, b) => a.s - b.s);
  const by = {};
  const inside = {};
  const conc = {};
  let wsum = 0;
  let wn = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    (by[x.n] ??= []).push(x.e - x.s);
    wsum += (x.e - x.s) * x.n;
    wn += x.n;
    let running = 0;
    for (let j = Math.max(0, i - 50); j < i; j++) if (list[j].e > x.s) running++;
    conc[running] = (conc[running] ?? 0) + 1;
    let whole = 0;
    for (let j = i + 1; j < list.length && list[j].s < x.e; j++) if (list[j].e <= x.e) whole++;
    (inside[x.n] ??= []).push(whole);
  }
  const line = (o) => JSON.stringify(o).replace(/"/g, "");
  console.log(`${level} req-weighted dur ${(wsum / wn).toFixed(0)} by n ${line(upTo8(by, (v) => Math.round(mean(v))))} counts ${line(upTo8(by, (v) => v.length))}`,
    `others at start ${line(conc)} overtaken by n ${line(upTo8(inside, (v) => Number(mean(v).toFixed(2))))}`);
}
