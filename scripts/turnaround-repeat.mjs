#!/usr/bin/env node
// Phases TA and TA2 (session 32; claims in calibration/device/runs/2026-11-27-h100-turnaround-repeat/README.md): on one
// start, four composition runs and two tool runs of base_cal_dyn in the order c1 p1 c2 c3 p2 c4. Prints each composition
// run's turnaround fit and its value at 16 requests, each run's back-to-back gap after 8 and 16 requests (the last six
// runs of the execution log), and the two claims' figures.
//
//   R=calibration/device/runs/2026-11-27-h100-turnaround-repeat; mkdir -p /tmp/ta && tar xJf $R/ta/exec-logs-ta.tar.xz -C /tmp/ta
//   npm run build && node scripts/turnaround-repeat.mjs $R/ta ta /tmp/ta/base_cal_dyn.base_cal_dyn_0_0.bin   (TA2: ta2)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { fitTurnaround } from "../dist/calibrate/turnaround.js";
import { gapsBySize } from "../dist/calibrate/turnaround-prior.js";
import { parseExecLog, segmentStarts } from "../dist/calibrate/slow-stretches.js";
import { parseLiveRun } from "../dist/calibrate/live-run.js";

const [dir, tag, logFile] = process.argv.slice(2);
if (!dir || !tag || !logFile) {
  console.error("usage: node scripts/turnaround-repeat.mjs DIR TAG EXEC_LOG");
  process.exit(2);
}
const PRIOR_T16 = 48.5 + 16 * 23.06;
const ORDER = ["c1", "p1", "c2", "c3", "p2", "c4"];
const sd = sampleStandardDeviation;

const t16 = [];
for (let k = 1; k <= 4; k++) {
  const f = join(dir, `composition-${tag}-${k}.json`);
  const fit = fitTurnaround(parseLiveRun(JSON.parse(readFileSync(f, "utf8")), f));
  const t = fit.turnaround.baseUs + 16 * fit.turnaround.perRequestUs;
  t16.push(t);
  const lv = fit.levels.filter((l) => l.saturated).map((l) => `${l.requestsPerExecution.toFixed(1)}:${(l.cycleUs - l.computeUs).toFixed(0)}`);
  console.log(`composition c${k}: ${fit.turnaround.baseUs} + ${fit.turnaround.perRequestUs} µs per request (rms ${fit.rmsUs.toFixed(0)}), t16 ${t.toFixed(0)} µs; saturated levels ${lv.join(" ")}`);
}
const log = parseExecLog(readFileSync(logFile), logFile);
const seg = segmentStarts(log, 1e6);
const runs = seg.length - 1;
if (runs < 6) throw new Error(`${logFile}: ${runs} runs, expected at least 6`);
const gaps = {};
for (let r = 0; r < 6; r++) {
  const g = gapsBySize(log, seg[runs - 6 + r], seg[runs - 5 + r], [8, 16]);
  gaps[ORDER[r]] = g;
  console.log(`${ORDER[r]}: ${seg[runs - 5 + r] - seg[runs - 6 + r]} executions, gap p25 after 8 requests ${g.get(8)?.toFixed(0) ?? "-"} µs, after 16 ${g.get(16)?.toFixed(0) ?? "-"} µs`);
}
const comp16 = ["c1", "c2", "c3", "c4"].map((k) => gaps[k].get(16)).filter((x) => x !== undefined);
const tool16 = ["p1", "p2"].map((k) => gaps[k].get(16)).filter((x) => x !== undefined);
const sdT16 = sd(t16.map(Math.log));
const sdGap = comp16.length >= 2 ? sd(comp16.map(Math.log)) : NaN;
console.log(`claim 1: sd of log t16 over the four composition runs ${sdT16.toFixed(3)}, of log gap after 16 ${sdGap.toFixed(3)} (claimed >= 0.10 each; both < 0.05 refutes)`);
const diff = mean(tool16.map(Math.log)) - mean(comp16.map(Math.log));
console.log(`claim 2: mean log gap after 16, tool runs minus composition runs ${diff.toFixed(4)} (claimed 0.02 to 0.30)`);
const dist1 = Math.abs(Math.log(t16[0] / PRIOR_T16));
const distMean = Math.abs(mean(t16.map(Math.log)) - Math.log(PRIOR_T16));
console.log(`diagnostic: |log(t16 / prior)| first run ${dist1.toFixed(3)}, mean of the four ${distMean.toFixed(3)} (prior t16 ${PRIOR_T16.toFixed(1)} µs)`);
