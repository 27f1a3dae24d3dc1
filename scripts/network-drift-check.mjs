// Phase ND's checks of perf_analyzer's network drift (docs/VALIDATION.md, step 30): Triton's request traces of
// calibration-only models against the model with the profile's drift and without it (each request's draw its own).
//  - one instance at eight clients (base_cal_dyn; and phase EW's base_cal_d200_i1 at four and eight, session 41): the
//    k-th request to arrive after an execution's first response
//    is taken as the k-th returning client; the spread of those lags within an execution (IQR of each lag less its
//    execution's mean) over their pooled spread. Requests that left together come back closer together than
//    independent draws bring them.
//  - one client per instance on a multi-instance dynamic-batching model: the request-weighted batch-size mix, and
//    its total-variation distance to each model's.
// The levels, their executions and the simulated side are in scripts/lib/drift-levels.mjs. Run after `npm run build`:
//   node scripts/network-drift-check.mjs DIR [PROFILE]   (PROFILE: a built-in profile's name or a profile file)
// DIR holds requests.csv.xz (trace_reduce.py) and manifest.csv ("-": the model's side alone); PROFILE defaults to the
// built-in BERT-Base profile.
import { loadProfile } from "../dist/cli/profiles.js";
import { forTool } from "../dist/compute/load-generator.js";
import { CHECKS, lagSpread, measuredLevels, mix, simulatedLevel, tv } from "./lib/drift-levels.mjs";

const [dir, profileName = "h100-bert-base-seq128-fp16"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node scripts/network-drift-check.mjs DIR [PROFILE]");
  process.exit(2);
}
/** The level simulated with the profile's drift, or with each request's draw its own. */
function simulated(check, drift) {
  const tool = forTool(loadProfile(profileName), "perf_analyzer");
  return simulatedLevel(drift ? tool : { ...tool, networkDrift: undefined }, check);
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
const tool = forTool(loadProfile(profileName), "perf_analyzer");
console.log(`profile ${profileName}: perf_analyzer network drift ${JSON.stringify(tool.networkDrift ?? null)}`);
for (const { run, check, rows, execs, sizes } of measuredLevels(dir)) {
  const max = Math.max(...sizes, check.concurrency);
  const measured = { sizes, lag: lagSpread(execs, rows.map((r) => r.start)) };
  const plain = simulated(check, false);
  const drifting = simulated(check, true);
  const fmtMix = (s) => mix(s, max).map((x, i) => (i === 0 || x === 0 ? null : `${i}: ${(100 * x).toFixed(0)} %`)).filter((x) => x !== null).join(", ");
  console.log(`\n${run} (${check.model}, ${check.concurrency} clients; ${rows.length} traced requests, ${execs.length} executions)`);
  for (const [label, r] of [["measured", measured], ["model, own draws", plain], ["model, drift", drifting]]) {
    const l = r.lag;
    const d = label === "measured" ? "" : `; mix distance to measured ${(100 * tv(mix(measured.sizes, max), mix(r.sizes, max))).toFixed(1)} %`;
    console.log(`  ${label.padEnd(17)} return lags: pooled IQR ${l.pooledIqrUs.toFixed(0)} µs, within an execution ${l.withinIqrUs.toFixed(0)} µs (ratio ${l.ratio.toFixed(2)}; less the execution's mean at 1/5/50/95/99 % ${l.withinTails} µs; an execution's range at 50/90/99 % ${l.ranges} µs); requests in batches of ${fmtMix(r.sizes)}${d}`);
  }
}
