// Whose stalls does a profile carry? Four diagnostics for docs/VALIDATION.md ("Tried in session 47"). Run after
// `npm run build`.
//
//   node scripts/pa-stalls.mjs table
//     Per one-start folder (calibration/profiles/passes-*), the front-end stall fit (compose-profile's rule:
//     a wait between executions over the usual one for the size by more than 3 ms) on three logs of the same
//     start: perf_analyzer at concurrency 1 on the one-instance model (exec-<net>-c1.bin), the calibration
//     sweep by servesim calibrate (exec-cal-<net>-i1.bin) and the composition run by servesim loadgen
//     (exec-cal-<net>-caldyn.bin), the last two the logs the profiles' frontEndStalls come from. Stalls per
//     second and per 1000 executions.
//
//   node scripts/pa-stalls.mjs validate SEED OUT_JSON
//     In a throw-away copy of the repository (scripts/lib/repo-copy.mjs), every one-start profile's frontEndStalls
//     refitted on the start's perf_analyzer concurrency-1 log alone (removed where that log has none), then
//     `servesim validate --live calibration/live --json --seed SEED` there: the report goes to OUT_JSON and its
//     all / held-out medians to the terminal. Profiles without such a log (the pooled built-in) keep theirs.
//
//   node scripts/pa-stalls.mjs groups REPORT_JSON
//     A validate --json report's held-out p99 error (median absolute and signed, %) on its steady, stable points, by
//     host (the profile's calibration logs with or without recurring host episodes) and loop (closed / open).
//
//   node scripts/pa-stalls.mjs model PROFILE MAX_BATCH DELAY_US INSTANCES RATE...
//     The model's side of calibration/server/exec_idle_gaps.py: each Poisson rate simulated as perf_analyzer
//     loads it (60 s of requests after a warm-up, seed 1) on that configuration, and the joint idle gaps of its
//     instances beyond the same limit (the queue delay plus max(3 ms, 15 mean gaps)), per second.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "simple-statistics";
import { parseExecLog } from "../dist/calibrate/slow-stretches.js";
import { fitFrontEndStalls } from "../dist/calibrate/front-end-stalls.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { recurringHostEpisodes } from "../dist/compute/profile.js";
import { poissonExecutions } from "./lib/poisson-executions.mjs";
import { copyRepo, fig, ROOT, servesim } from "./lib/repo-copy.mjs";

const PROFILES = join(ROOT, "calibration/profiles");

/** profile name → [network, passes folder], from the one_start lines of scripts/rebuild-profiles.sh. */
function oneStartFolders() {
  const sh = readFileSync(join(ROOT, "scripts/rebuild-profiles.sh"), "utf8");
  const out = new Map();
  const add = (net, folder, tag, name) =>
    out.set(name ?? (net === "base" ? `h100-bert-base-seq128-fp16-${tag}` : `h100-bert-large-seq384-fp16-${tag}`), [net, folder]);
  for (const m of sh.matchAll(/^for k in ([^;]+); do one_start (base|large) (passes-[\w-]+)\$k (\w+)\$k; done/gm)) {
    for (const k of m[1].trim().split(/\s+/).map((s) => s.replace(/"/g, ""))) add(m[2], m[3] + k, m[4] + k);
  }
  for (const m of sh.matchAll(/^one_start (base|large) (passes-[\w-]+) (\w+)(?: ([\w-]+))?\s*$/gm)) add(m[1], m[2], m[3], m[4]);
  add("base", "passes-onestart", "onestart");
  add("large", "passes-onestart", "onestart");
  return out;
}

const log = (path) => parseExecLog(new Uint8Array(readFileSync(path)), path);

function table() {
  const cell = (path) => {
    if (!existsSync(path)) return "-";
    const l = log(path);
    const fit = fitFrontEndStalls([l], path);
    const n = fit?.count ?? 0;
    const rate = fit === null ? 0 : fit.stalls.ratePerS;
    return `${String(n).padStart(4)} ${rate.toFixed(2).padStart(5)}/s ${((1000 * n) / l.startUs.length).toFixed(2).padStart(5)}/1k`;
  };
  console.log(`${"folder".padEnd(22)} ${"perf_analyzer c1".padEnd(22)} ${"calibrate i1".padEnd(22)} loadgen caldyn`);
  for (const d of readdirSync(PROFILES).filter((d) => d.startsWith("passes-")).sort()) {
    for (const net of ["base", "large"]) {
      const c1 = `${PROFILES}/${d}/exec-${net}-c1.bin`;
      if (!existsSync(c1)) continue;
      console.log(`${(d + (net === "large" ? " (large)" : "")).padEnd(22)} ${cell(c1).padEnd(22)} ${cell(`${PROFILES}/${d}/exec-cal-${net}-i1.bin`).padEnd(22)} ${cell(`${PROFILES}/${d}/exec-cal-${net}-caldyn.bin`)}`);
    }
  }
}

/** In the repository copy `dir`: each one-start profile's stalls refitted on its perf_analyzer concurrency-1 log. */
function refitOnPerfAnalyzer(dir) {
  let n = 0;
  for (const [name, [net, folder]] of oneStartFolders()) {
    const pf = join(dir, "calibration/profiles", `${name}.json`);
    const c1 = `${PROFILES}/${folder}/exec-${net}-c1.bin`;
    if (!existsSync(pf) || !existsSync(c1)) continue;
    const p = JSON.parse(readFileSync(pf, "utf8"));
    const fit = fitFrontEndStalls([log(c1)], c1);
    delete p.frontEndStalls;
    if (fit !== null) p.frontEndStalls = { ...fit.stalls, ratePerS: Number(fit.stalls.ratePerS.toFixed(3)), meanDurationUs: Math.round(fit.stalls.meanDurationUs) };
    writeFileSync(pf, JSON.stringify(p, null, 2) + "\n");
    n++;
  }
  return n;
}

function validate(seed, out) {
  const dir = copyRepo("servesim-pa-stalls");
  try {
    const n = refitOnPerfAnalyzer(dir);
    const text = servesim(dir, ["validate", "--live", join(dir, "calibration/live"), "--json", "--seed", seed]);
    writeFileSync(out, text);
    const v = JSON.parse(text);
    console.log(`${n} profiles with perf_analyzer's own stalls, seed ${seed}: all ${fig(v.overall)}, held out ${fig(v.heldOut)} (report: ${out})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function groups(report) {
  const points = JSON.parse(readFileSync(report, "utf8")).points.filter((p) => !p.inSample && p.steady && p.stable && p.predictedStable !== false);
  const recurring = new Map();
  const recurs = (name) => recurring.get(name) ?? recurring.set(name, recurringHostEpisodes(loadProfile(name)) !== null).get(name);
  for (const host of [false, true]) {
    for (const mode of ["concurrency", "rate"]) {
      const e = points.filter((p) => recurs(p.profile) === host && p.mode === mode).map((p) => p.errorPct.p99);
      if (e.length === 0) continue;
      const abs = median(e.map(Math.abs)).toFixed(2);
      console.log(`${host ? "recurring episodes" : "quiet"}, ${mode === "rate" ? "open" : "closed"} loop: ${e.length} points, p99 ${abs} % (signed ${median(e).toFixed(2)} %)`);
    }
  }
}

function model(profile, maxBatch, delayUs, instances, rates) {
  for (const rate of rates.map(Number)) {
    const list = poissonExecutions(profile, maxBatch, delayUs, instances, rate, 60).map((x) => [x.startUs, x.endUs]);
    const seconds = (list.at(-1)[1] - list[0][0]) / 1e6;
    const limitMs = Number(delayUs) / 1000 + Math.max(3, 15000 / rate);
    let end = list[0][1];
    let stalls = 0;
    let sumMs = 0;
    for (const [s, e] of list.slice(1)) {
      const gapMs = (s - end) / 1000;
      if (gapMs > limitMs) {
        stalls++;
        sumMs += gapMs;
      }
      end = Math.max(end, e);
    }
    console.log(`${rate}/s: ${seconds.toFixed(1)} s, idle gaps over ${limitMs.toFixed(1)} ms ${stalls} (${(stalls / seconds).toFixed(2)}/s, mean ${stalls ? (sumMs / stalls).toFixed(1) : "-"} ms)`);
  }
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === "table" && rest.length === 0) table();
else if (cmd === "validate" && rest.length === 2) validate(rest[0], rest[1]);
else if (cmd === "groups" && rest.length === 1) groups(rest[0]);
else if (cmd === "model" && rest.length >= 5) model(rest[0], rest[1], rest[2], rest[3], rest.slice(4));
else {
  console.error("usage: node scripts/pa-stalls.mjs table | validate SEED OUT_JSON | groups REPORT_JSON | model PROFILE MAX_BATCH DELAY_US INSTANCES RATE...");
  process.exit(2);
}
