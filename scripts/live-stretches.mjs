// Slow stretches in a live phase's own execution logs, level by level: compose-profile's stretch rule
// (fitSlowStretches: a running median of duration over its batch size's median above 1.25) applied to each
// manifest level's executions of every instance of its model, beside the profile's slowStretches, which the
// calibration's logs gave. A lead of session 47 (docs/VALIDATION.md, "Tried in session 47"): on two or more
// instances the rule also flags executions lengthened by the other instances' turns, which the model has.
// Run after `npm run build`:
//   node scripts/live-stretches.mjs MANIFEST LOG_DIR PROFILE
// (LOG_DIR: the phase's exec-logs-<tag>.tar.xz unpacked; PROFILE: the start's profile file).
import { readdirSync, readFileSync } from "node:fs";
import { fitSlowStretches, parseExecLog } from "../dist/calibrate/slow-stretches.js";

const [manifest, dir, profile] = process.argv.slice(2);
if (profile === undefined) {
  console.error("usage: node scripts/live-stretches.mjs MANIFEST LOG_DIR PROFILE");
  process.exit(2);
}
const ss = JSON.parse(readFileSync(profile, "utf8")).slowStretches;
console.log(`profile: ${ss ? `${(100 * ss.timeFraction).toFixed(2)} % of the time, mean ${(ss.meanDurationUs / 1000).toFixed(1)} ms, x${ss.factor}` : "none"}`);
const logs = new Map();
const logOf = (f) => logs.get(f) ?? logs.set(f, parseExecLog(new Uint8Array(readFileSync(`${dir}/${f}`)), f)).get(f);
for (const line of readFileSync(manifest, "utf8").trim().split("\n").slice(1)) {
  const [, model, mode, level, , startNs, endNs] = line.split(",");
  const lo = Number(startNs) / 1000;
  const hi = Number(endNs) / 1000;
  const parts = [];
  for (const f of readdirSync(dir).filter((f) => f.startsWith(`${model}.${model}_0_`))) {
    const l = logOf(f);
    const idx = [];
    for (let i = 0; i < l.startUs.length; i++) if (l.startUs[i] >= lo && l.startUs[i] + l.durationUs[i] <= hi) idx.push(i);
    if (idx.length >= 200) {
      parts.push({ startUs: Float64Array.from(idx, (i) => l.startUs[i]), durationUs: Float64Array.from(idx, (i) => l.durationUs[i]), samples: Int32Array.from(idx, (i) => l.samples[i]) });
    }
  }
  if (parts.length === 0) continue;
  const fit = fitSlowStretches(parts, `${model} ${level}`);
  const s = fit.stretches;
  console.log(`${model.padEnd(22)} ${mode.padEnd(9)} ${level.padStart(7)}  stretches ${String(fit.count).padStart(3)}  ${(100 * s.timeFraction).toFixed(2)} % of the time  mean ${(s.meanDurationUs / 1000).toFixed(1)} ms  x${s.factor.toFixed(2)}`);
}
