// Session 21's look at servesim loadgen's garbage collection (docs/VALIDATION.md, "servesim loadgen's
// garbage collection"). Prints (1) phase GC's measurements (calibration/device/runs/2026-11-26-h100-client-gc):
// per level and pass, perf_analyzer's, loadgen's and loadgen-with-a-64-MB-young-generation's p50 and p99
// and loadgen's GC pauses; (2) the pause model those give (pauses per request, mean pause); (3) validate's
// headline (seed 1, --speed-margin 0; median absolute %, throughput / p50 / p90 / p99) with every
// profile's servesim-loadgen entry as it is and with that pause model added (simulated: --tool-pauses),
// and the loadgen points by kind; (4) the same on the built-in BERT-Base profile's own calibration runs by loadgen (its composition
// run and its client run on base_cal_dyn), which no live run enters; (5) phases GL and GL2
// (calibration/device/runs/2026-11-26-h100-client-gc2 and -gc3): each start's loadgen and perf_analyzer
// levels on its own profile, whose loadgen entry carries the pauses its composition run recorded, simulated
// (--tool-pauses) and not, level by level, and the frozen claims' figures.
// Run after `npm run build`: node scripts/client-gc.mjs   (about 2 minutes on two cores)
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "simple-statistics";
import { copyRepo, fig, ROOT, servesim } from "./lib/repo-copy.mjs";

const GC = join(ROOT, "calibration/device/runs/2026-11-26-h100-client-gc/gc");
const LEVELS = ["base_d2000_i1-conc4", "base_d2000_i1-conc16", "base_d0_i2-conc16", "base_d500_i2-rate4975"];

function paRow(name) {
  const [head, row] = readFileSync(join(GC, `${name}.csv`), "utf8").trim().split("\n").map((l) => l.split(","));
  const at = (col) => Number(row[head.indexOf(col)]);
  return { thr: at("Inferences/Second"), p50: at("p50 latency"), p99: at("p99 latency") };
}
function lgRow(name) {
  const x = JSON.parse(readFileSync(join(GC, `${name}.json`), "utf8")).results[0];
  return { thr: x.summary.throughputPerS, p50: x.summary.latencyUs.p50, p99: x.summary.latencyUs.p99, gc: x.client.gcPauses };
}

console.log("Phase GC: p50 / p99 µs (pa = perf_analyzer, lg = servesim loadgen, lg64 = loadgen with --max-semi-space-size=64); GC pauses per second, mean ms, share of the time");
const perRequest = [];
let pauses = 0;
let pausedMs = 0;
for (const pass of ["a", "b"]) {
  for (const lv of LEVELS) {
    const pa = paRow(`pa-${lv}-${pass}`);
    const lg = lgRow(`lg-${lv}-${pass}`);
    const lg64 = lgRow(`lg64-${lv}-${pass}`);
    perRequest.push(lg.gc.perS / lg.thr);
    pauses += lg.gc.perS;
    pausedMs += lg.gc.perS * lg.gc.meanMs;
    const g = (r) => `${r.gc.perS.toFixed(1)}/s ${r.gc.meanMs.toFixed(2)} ms ${(100 * r.gc.fraction).toFixed(1)} %`;
    console.log(
      `  ${lv.padEnd(22)} ${pass}  pa ${pa.p50.toFixed(0)} / ${pa.p99.toFixed(0)}  lg ${lg.p50.toFixed(0)} / ${lg.p99.toFixed(0)} (p99 ${(lg.p99 - pa.p99 >= 0 ? "+" : "") + (lg.p99 - pa.p99).toFixed(0)}; ${g(lg)})  lg64 ${lg64.p50.toFixed(0)} / ${lg64.p99.toFixed(0)} (p99 ${(lg64.p99 - pa.p99 >= 0 ? "+" : "") + (lg64.p99 - pa.p99).toFixed(0)}; ${g(lg64)})`,
    );
  }
}
const model = { perRequest: +median(perRequest).toFixed(5), meanUs: Math.round((1000 * pausedMs) / pauses), measuredFrom: "phase GC (2026-11-26-h100-client-gc), servesim loadgen at four BERT-Base levels" };
console.log(`Pause model: ${(1000 * model.perRequest).toFixed(2)} pauses per 1000 requests, mean ${(model.meanUs / 1000).toFixed(2)} ms\n`);

const servesimJson = (dir, args) => JSON.parse(servesim(dir, args));
function addPauses(dir) {
  const pdir = join(dir, "calibration/profiles");
  for (const f of readdirSync(pdir).filter((x) => x.endsWith(".json"))) {
    const p = JSON.parse(readFileSync(join(pdir, f), "utf8"));
    if (!Array.isArray(p.loadGenerators)) continue;
    p.loadGenerators = p.loadGenerators.map((g) => (g.tool === "servesim-loadgen" ? { ...g, pauses: model } : g));
    writeFileSync(join(pdir, f), `${JSON.stringify(p, null, 2)}\n`);
  }
}
const med = (xs) => (xs.length === 0 ? NaN : median(xs.map(Math.abs)));
function loadgenGroups(v) {
  const pts = v.points.filter((p) => p.steady && p.stable && p.tool === "servesim-loadgen");
  const kinds = [
    ["BERT-Base dynamic batching (base_*)", (p) => p.model.startsWith("base_")],
    ["calibration models, no batcher (bert_*)", (p) => p.model.startsWith("bert_")],
    ["BERT-Large (large_*)", (p) => p.model.startsWith("large_")],
  ];
  return kinds.map(([name, f]) => {
    const s = pts.filter(f);
    return `${name}, ${s.length}: p50 ${med(s.map((p) => p.errorPct.p50)).toFixed(1)}, p90 ${med(s.map((p) => p.errorPct.p90)).toFixed(1)}, p99 ${med(s.map((p) => p.errorPct.p99)).toFixed(1)} (signed median ${median(s.map((p) => p.errorPct.p99)).toFixed(1)})`;
  });
}

const plain = copyRepo("servesim-client-gc");
const paused = copyRepo("servesim-client-gc");
addPauses(paused);
try {
  for (const [name, dir] of [["as built", plain], ["with the pause model", paused]]) {
    const v = servesimJson(dir, ["validate", "--live", "calibration/live", "--json", "--speed-margin", "0", "--tool-pauses"]);
    console.log(`validate, loadgen entries ${name}: all ${fig(v.overall)}; held out ${fig(v.heldOut)}`);
    for (const l of loadgenGroups(v)) console.log(`  loadgen points, ${l}`);
    const cal = join(dir, "calibration-runs");
    mkdirSync(cal);
    for (const f of ["composition-bert-base", "client-bert-base-conc"]) {
      for (const ext of ["json", "csv"]) cpSync(join(dir, "calibration/profiles/passes", `${f}.${ext}`), join(cal, `${f}.${ext}`));
    }
    const c = servesimJson(dir, ["validate", "--live", "calibration-runs", "--profile", "h100-bert-base-seq128-fp16", "--json", "--speed-margin", "0", "--tool-pauses"]);
    const loaded = c.points.filter((p) => p.load >= 4 && p.load <= 32);
    console.log(
      `  the built-in profile's own loadgen calibration runs on base_cal_dyn, concurrency 4-32 (${loaded.length} levels): p50 ${med(loaded.map((p) => p.errorPct.p50)).toFixed(1)}, p99 ${med(loaded.map((p) => p.errorPct.p99)).toFixed(1)} (signed median ${median(loaded.map((p) => p.errorPct.p99)).toFixed(1)})\n`,
    );
  }

  // (5) phases GL and GL2: each start's own profile with the pauses its calibration recorded, and without them
  for (const [phase, tag, dir] of [["GL", "gl", "2026-11-26-h100-client-gc2"], ["GL2", "gl2", "2026-11-26-h100-client-gc3"]]) {
    const gl = join(plain, tag);
    mkdirSync(join(gl, "runs"), { recursive: true });
    cpSync(join(ROOT, "calibration/device/runs", dir, "diag"), join(gl, "runs"), { recursive: true });
    const withPauses = join(ROOT, `calibration/profiles/h100-bert-base-seq128-fp16-${tag}.json`);
    const p = JSON.parse(readFileSync(withPauses, "utf8"));
    const lgEntry = p.loadGenerators.find((g) => g.tool === "servesim-loadgen");
    console.log(`Phase ${phase}: the start's loadgen entry: response gap ${lgEntry.responseGapUs} µs, pauses ${(1000 * lgEntry.pauses.perRequest).toFixed(2)} per 1000 requests of ${(lgEntry.pauses.meanUs / 1000).toFixed(2)} ms (${lgEntry.pauses.measuredFrom})`);
    const va = servesimJson(plain, ["validate", "--live", `${tag}/runs`, "--profile", withPauses, "--json", "--speed-margin", "0"]);
    const vb = servesimJson(plain, ["validate", "--live", `${tag}/runs`, "--profile", withPauses, "--json", "--speed-margin", "0", "--tool-pauses"]);
    const byKey = new Map(vb.points.map((q) => [`${q.run}@${q.load}`, q]));
    const sgn = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}`;
    const lg = [];
    for (const a of va.points) {
      const b = byKey.get(`${a.run}@${a.load}`);
      if (a.tool === "servesim-loadgen") lg.push([a, b]);
      console.log(
        `  ${a.run.padEnd(30)} ${String(a.load).padStart(5)} ${a.steady && a.stable ? "stable  " : "unstable"} p50 ${a.measured.p50Us.toFixed(0)} µs: ${sgn(a.errorPct.p50)} / ${sgn(b.errorPct.p50)} %   p99 ${a.measured.p99Us.toFixed(0)} µs: ${sgn(a.errorPct.p99)} / ${sgn(b.errorPct.p99)} %   (without / with pauses)`,
      );
    }
    const pa = new Map(va.points.filter((q) => q.tool === "perf_analyzer").map((q) => [`${q.model}@${q.load}`, q]));
    const pairs = lg.filter(([a]) => pa.has(`${a.model}@${a.load}`));
    const above = pairs.filter(([a]) => a.measured.p99Us > pa.get(`${a.model}@${a.load}`).measured.p99Us).length;
    const dyn = lg.filter(([a]) => a.model.startsWith("base_"));
    const cal = lg.filter(([a]) => a.model === "bert_base_i1");
    const m = (xs, i, k) => med(xs.map((x) => x[i].errorPct[k]));
    const st = lg.filter(([a]) => a.steady && a.stable);
    console.log(`  claim 2: loadgen's p99 above perf_analyzer's on ${above} of ${pairs.length} paired levels`);
    console.log(`  claim 3: ${dyn.length} dynamic-batching loadgen levels, median absolute p99 error ${m(dyn, 0, "p99").toFixed(1)} without, ${m(dyn, 1, "p99").toFixed(1)} with pauses (p50 ${m(dyn, 0, "p50").toFixed(1)} / ${m(dyn, 1, "p50").toFixed(1)})`);
    console.log(`  claim 4: bert_base_i1's ${cal.length} loadgen levels, p99 ${m(cal, 0, "p99").toFixed(1)} without, ${m(cal, 1, "p99").toFixed(1)} with (p50 ${m(cal, 0, "p50").toFixed(1)} / ${m(cal, 1, "p50").toFixed(1)})`);
    console.log(`  claim 5: all ${lg.length} loadgen levels, median absolute p50 error ${m(lg, 0, "p50").toFixed(1)} without, ${m(lg, 1, "p50").toFixed(1)} with (p99 ${m(lg, 0, "p99").toFixed(1)} / ${m(lg, 1, "p99").toFixed(1)})`);
    console.log(`  the ${st.length} steady, stable loadgen levels: p50 ${m(st, 0, "p50").toFixed(1)} / ${m(st, 1, "p50").toFixed(1)}, p99 ${m(st, 0, "p99").toFixed(1)} / ${m(st, 1, "p99").toFixed(1)} (without / with)\n`);
  }
} finally {
  rmSync(plain, { recursive: true, force: true });
  rmSync(paused, { recursive: true, force: true });
}
