// Session 20's try at a speed check (docs/VALIDATION.md, "Tried and not kept in session 20"): does a short
// run on a calibration model, taken on a machine start, tell how fast that start's live levels will run?
// Each BERT-Base start's check is perf_analyzer's concurrency-1 run of bert_base_i1 (passes-*/exec-base-c1,
// and phase EF's ef-c1). The check's speed is its measured compute (input + infer + output) over what the
// profile predicts for it, relative to the reference start's own check; the start's live runs are then
// predicted on the profile rescaled to that speed (validate's speed-conditioned table) beside the plain
// prediction. With --loaded, the check is instead perf_analyzer's closed loop on base_cal_dyn
// (client-pa-bert-base, concurrency 9 and up), the speed the one of a 0.90–1.40 grid whose simulation
// matches its throughput best, on the built-in profile. Prints median absolute % error (throughput / p50 /
// p90 / p99), plain and conditioned, the median signed p50 error and, on phase EF, how well the check's
// speed ranks the starts' p50.
// Run after `npm run build`:  node scripts/speed-check.mjs [--loaded]   (about 5 minutes on two cores)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, sampleCorrelation } from "simple-statistics";

const ROOT = join(import.meta.dirname, "..");
const LOADED = process.argv.includes("--loaded");
const T = mkdtempSync(join(tmpdir(), "servesim-speed-check-"));
const suffix = { onestart: "-v", onestart2: "-v5", onestart3: "-p99", onestart4: "-gt", onestart5: "-pv", onestart6: "-pv2", onestart7: "-pv3", onestart8: "-pv4", fresh: "-f", fresh2: "-f2", fresh3: "-f3", fresh4: "-f4", fresh5: "-f5", fresh6: "-f6" };
const EF = join(ROOT, "calibration/device/runs/2026-11-26-h100-forecast");
const PROFILE = LOADED ? "h100-bert-base-seq128-fp16" : "h100-bert-base-seq128-fp16-onestart";
const REF = LOADED ? null : "onestart"; // the start whose check is the profile's own

function servesim(args) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/servesim.js"), ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`servesim ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const copyRun = (from, dir, name) => { for (const ext of ["csv", "json"]) copyFileSync(`${from}.${ext}`, join(dir, `${name}.${ext}`)); };
const withSpeed = (j, ratio) => ({ ...j, serverSpeed: { measuredFrom: "speed check", levels: j.load.levels.map((level) => ({ level, ratio, executions: 100 })) } });
const compute = (b) => b.computeInput + b.computeInfer + b.computeOutput;

// One folder per start: its check and its live runs.
const starts = [];
for (const [tag, suf] of Object.entries(suffix)) {
  const d = join(T, tag);
  mkdirSync(join(d, "check"), { recursive: true });
  mkdirSync(join(d, "runs"));
  const P = join(ROOT, "calibration/profiles", `passes-${tag}`);
  copyRun(join(P, LOADED ? "client-pa-bert-base" : "exec-base-c1"), join(d, "check"), "check");
  const live = join(ROOT, "calibration/live");
  for (const f of readdirSync(live).filter((n) => n.startsWith("pa-base") && n.endsWith(`${suf}.json`))) copyRun(join(live, f.slice(0, -5)), join(d, "runs"), f.slice(0, -5));
  starts.push(tag);
}
if (!LOADED) {
  const template = JSON.parse(readFileSync(join(ROOT, "calibration/profiles/passes-fresh6/exec-base-c1.json"), "utf8"));
  for (let k = 1; k <= 18; k++) {
    const tag = `ef${k}`, d = join(T, tag);
    mkdirSync(join(d, "check"), { recursive: true });
    mkdirSync(join(d, "runs"));
    writeFileSync(join(d, "check/check.json"), JSON.stringify({ ...template, name: `check-${tag}` }));
    copyFileSync(join(EF, tag, "ef-c1.csv"), join(d, "check/check.csv"));
    copyRun(join(EF, tag, "ef-pick"), join(d, "runs"), "ef-pick");
    starts.push(tag);
  }
}

function c1Speed(tag) {
  const p = servesim(["validate", "--live", join(T, tag, "check"), "--profile", PROFILE, "--json", "--speed-margin", "0"]).points[0];
  return compute(p.measured.breakdownUs) / compute(p.predicted.breakdownUs);
}
function loadedSpeed(tag) {
  const d = join(T, tag, "check"), j = JSON.parse(readFileSync(join(d, "check.json"), "utf8"));
  for (let k = 0; k <= 25; k++) {
    const s = (0.9 + 0.02 * k).toFixed(2);
    writeFileSync(join(d, `chk-${s}.json`), JSON.stringify({ ...withSpeed(j, +s), name: `chk-${s}` }));
    copyFileSync(join(d, "check.csv"), join(d, `chk-${s}.csv`));
  }
  rmSync(join(d, "check.json"));
  rmSync(join(d, "check.csv"));
  const loss = new Map();
  for (const p of servesim(["validate", "--live", d, "--profile", PROFILE, "--json", "--speed-margin", "0"]).points) {
    if (p.load < 9 || p.speedConditioned === undefined) continue;
    const e = Math.log(p.speedConditioned.predicted.throughputPerS / p.measured.throughputPerS);
    loss.set(p.run, (loss.get(p.run) ?? 0) + e * e);
  }
  return +[...loss].sort((a, b) => a[1] - b[1])[0][0].slice(4);
}

const ref = REF === null ? 1 : c1Speed(REF);
const rows = [];
const efPairs = []; // phase EF: (check speed, the pick's median p50 over its steady levels)
for (const tag of starts) {
  if (tag === REF) continue;
  const speed = LOADED ? loadedSpeed(tag) : c1Speed(tag) / ref;
  const runs = join(T, tag, "runs");
  for (const f of readdirSync(runs).filter((n) => n.endsWith(".json"))) writeFileSync(join(runs, f), JSON.stringify(withSpeed(JSON.parse(readFileSync(join(runs, f), "utf8")), speed)));
  const p50s = [];
  for (const p of servesim(["validate", "--live", runs, "--profile", PROFILE, "--json", "--speed-margin", "0"]).points) {
    if (p.steady && p.stable && p.speedConditioned !== undefined) rows.push({ group: tag.replace(/\d+$/, ""), plain: p.errorPct, cond: p.speedConditioned.errorPct });
    if (p.steady && p.stable) p50s.push(p.measured.p50Us);
  }
  if (tag.startsWith("ef") && p50s.length > 0) efPairs.push([speed, median(p50s)]);
  console.log(`${tag}: speed ${speed.toFixed(3)}`);
}
const K = ["throughput", "p50", "p90", "p99"];
const line = (name, a) =>
  console.log(`${name} (${a.length} points): plain ${K.map((k) => median(a.map((r) => Math.abs(r.plain[k]))).toFixed(1)).join(" / ")}, ` +
    `conditioned ${K.map((k) => median(a.map((r) => Math.abs(r.cond[k]))).toFixed(1)).join(" / ")}; ` +
    `signed p50 ${median(a.map((r) => r.plain.p50)).toFixed(1)} → ${median(a.map((r) => r.cond.p50)).toFixed(1)}`);
console.log(`profile ${PROFILE}${REF === null ? "" : `, speeds relative to the ${REF} start's own check (its speed on the profile: ${ref.toFixed(3)})`}`);
line("all", rows);
for (const g of [...new Set(rows.map((r) => r.group))]) line(g, rows.filter((r) => r.group === g));
if (efPairs.length > 2) {
  const r = sampleCorrelation(efPairs.map((q) => q[0]), efPairs.map((q) => q[1]));
  console.log(`phase EF: correlation of a start's check speed with its pick's median p50, over ${efPairs.length} starts: ${r.toFixed(2)}`);
}
rmSync(T, { recursive: true, force: true });
