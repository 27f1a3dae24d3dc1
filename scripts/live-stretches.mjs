// Slow stretches in a live phase's own execution logs, level by level: compose-profile's stretch rule
// (fitSlowStretches: a running median of duration over its batch size's median above 1.25) applied to each
// manifest level's executions of every instance of its model, beside the profile's slowStretches, which the
// calibration's logs gave; and the same rule on the model's own executions of a configuration under perf_analyzer's
// Poisson load (5 s of requests per rate after a warm-up, seed 1, each instance's infer spans a log: the model's
// nearest to what a stub logs; session 47 used Triton's whole compute spans, hand-off included, which are longer
// than the stubs'), to tell stretches that the model's GPU turn-taking makes from those it lacks. Session 47's lead
// (docs/VALIDATION.md, "Tried in session 47"; withdrawn in session 48). Run after `npm run build`:
//   node scripts/live-stretches.mjs MANIFEST LOG_DIR PROFILE
//   node scripts/live-stretches.mjs model PROFILE MAX_BATCH DELAY_US INSTANCES RATE...
// (LOG_DIR: the phase's exec-logs-<tag>.tar.xz unpacked; PROFILE: the start's profile file).
import { readdirSync, readFileSync } from "node:fs";
import { fitSlowStretches, parseExecLog } from "../dist/calibrate/slow-stretches.js";
import { poissonInferSpans } from "./lib/poisson-executions.mjs";

const report = (what, fit) => {
  const s = fit.stretches;
  return `${what}  stretches ${String(fit.count).padStart(3)}  ${(100 * s.timeFraction).toFixed(2)} % of the time  mean ${(s.meanDurationUs / 1000).toFixed(1)} ms  x${s.factor.toFixed(2)}`;
};

function modelStretches(profile, maxBatch, delayUs, instances, rates) {
  for (const rate of rates.map(Number)) {
    const byInstance = new Map();
    for (const x of poissonInferSpans(profile, maxBatch, delayUs, instances, rate, 5)) {
      (byInstance.get(x.instance) ?? byInstance.set(x.instance, []).get(x.instance)).push([x.startUs, x.endUs, x.batchSize]);
    }
    const parts = [...byInstance.values()].map((l) => ({
      startUs: Float64Array.from(l, (x) => x[0]),
      durationUs: Float64Array.from(l, (x) => x[1] - x[0]),
      samples: Int32Array.from(l, (x) => x[2]),
    }));
    console.log(report(`model ${String(rate).padStart(7)}/s`, fitSlowStretches(parts, `model ${rate}/s`)));
  }
}

const [manifest, dir, profile, ...more] = process.argv.slice(2);
if (manifest === "model" && more.length >= 3) {
  modelStretches(dir, profile, more[0], more[1], more.slice(2));
  process.exit(0);
}
if (profile === undefined || more.length > 0) {
  console.error("usage: node scripts/live-stretches.mjs MANIFEST LOG_DIR PROFILE | model PROFILE MAX_BATCH DELAY_US INSTANCES RATE...");
  process.exit(2);
}
const ss = JSON.parse(readFileSync(profile, "utf8")).slowStretches;
console.log(`profile: ${ss ? `${(100 * ss.timeFraction).toFixed(2)} % of the time, mean ${(ss.meanDurationUs / 1000).toFixed(1)} ms, x${ss.factor}` : "none"}`);
const logs = new Map();
const logOf = (f) => logs.get(f) ?? logs.set(f, parseExecLog(new Uint8Array(readFileSync(`${dir}/${f}`)), f)).get(f);
const logFiles = readdirSync(dir);
for (const line of readFileSync(manifest, "utf8").trim().split("\n").slice(1)) {
  const [, model, mode, level, , startNs, endNs] = line.split(",");
  const lo = Number(startNs) / 1000;
  const hi = Number(endNs) / 1000;
  const parts = [];
  for (const f of logFiles.filter((f) => f.startsWith(`${model}.${model}_0_`))) {
    const l = logOf(f);
    const idx = [];
    for (let i = 0; i < l.startUs.length; i++) if (l.startUs[i] >= lo && l.startUs[i] + l.durationUs[i] <= hi) idx.push(i);
    if (idx.length >= 200) {
      parts.push({ startUs: Float64Array.from(idx, (i) => l.startUs[i]), durationUs: Float64Array.from(idx, (i) => l.durationUs[i]), samples: Int32Array.from(idx, (i) => l.samples[i]) });
    }
  }
  if (parts.length === 0) continue;
  console.log(report(`${model.padEnd(22)} ${mode.padEnd(9)} ${level.padStart(7)}`, fitSlowStretches(parts, `${model} ${level}`)));
}
