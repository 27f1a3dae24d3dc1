// perf_analyzer's own instance turnaround on each profile's tool run, against the profile's (docs/VALIDATION.md, "Read
// in session 55"; the reading is src/calibrate/tool-turnaround.ts). For each profile whose perf_analyzer entry names
// its tool run (client-pa-…) and whose folder keeps the calibration-only model's execution log
// (exec-cal-<net>-caldyn.bin, the composition run and then the tool run), the tool run's part of the log and its CSV
// give, level by level, the cycle per execution less Triton's compute per execution. Run after `npm run build`:
//
//   node scripts/tool-turnaround.mjs [NAME_PART]     (only profiles whose name contains NAME_PART)
//
// One line per profile: the factor on the profile's turnaround (least squares through the levels), then
// `concurrency: requests per execution, turnaround / the profile's (µs)` at each level read; "-" when none.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { lastRun, parseExecLog } from "../dist/calibrate/slow-stretches.js";
import { measureToolTurnaround } from "../dist/calibrate/tool-turnaround.js";
import { parsePerfAnalyzerCsv } from "../dist/metrics/csv.js";
import { toolRunOf, toolRuns } from "./lib/tool-runs.mjs";

const PROFILES = join(import.meta.dirname, "../calibration/profiles");

const only = process.argv[2] ?? "";
const runs = toolRuns(PROFILES);
for (const f of readdirSync(PROFILES).filter((f) => f.endsWith(".json")).sort()) {
  const profile = JSON.parse(readFileSync(join(PROFILES, f), "utf8"));
  if (!profile.name.includes(only) || profile.turnaround === undefined) continue;
  const path = toolRunOf(profile, runs)?.path;
  if (path === undefined) continue;
  const net = path.includes("bert-large") ? "large" : "base";
  const logPath = join(dirname(path), `exec-cal-${net}-caldyn.bin`);
  if (!existsSync(logPath)) continue;
  const csv = path.replace(/\.json$/, ".csv");
  const rows = parsePerfAnalyzerCsv(readFileSync(csv, "utf8"), csv).rows;
  const log = lastRun(parseExecLog(readFileSync(logPath), logPath), 3e6);
  const fit = measureToolTurnaround(log, rows, profile.turnaround, logPath);
  if (fit === null) {
    console.log(`${profile.name.padEnd(44)} -`);
    continue;
  }
  const at = fit.levels.map((l) => `${l.concurrency}: ${l.requestsPerExecution.toFixed(2)}, ${l.turnaroundUs.toFixed(0)} / ${l.profileUs.toFixed(0)}`);
  console.log(`${profile.name.padEnd(44)} ${fit.turnaroundFactor.toFixed(2)}  ${at.join("  ")}`);
}
