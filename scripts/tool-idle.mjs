// Session 22's look at the load generators' idle-dependent costs (docs/VALIDATION.md, "The load generators'
// own time grows with their wait"). Prints (1) phase TI (calibration/device/runs/2026-11-27-h100-tool-idle):
// per model and pass, each tool's own time per request at concurrency 1 (Client Send + Network+Server +
// Client Recv) against the time it waited (Network+Server + Triton's queue and compute), and the frozen
// claims' figures; (2) phase CF (…-cpu-idle): the same with the client's core, or every core, kept from
// halting, and Triton's compute; (2b) phase BP (…-busy-poll): loadgen with and without --busy-poll;
// (3) two what-ifs on validate's points (seed 1): perf_analyzer's rise (phase TI, mean of the passes)
// added to its concurrency-1 and -2 levels, and an optimistic bound for
// servesim loadgen (its concurrency-1 and -2 levels given the composition run's concurrency-1 own time plus
// the rise, every other point left as it is); (4) servesim loadgen as a model would have it: the built-in
// profiles' loadgen entries refitted on their composition runs as tool runs (session 20's variant, whose
// client costs are the concurrency-1 level's) and the rise added at concurrency 1 and 2. Nothing is fitted
// to the live runs.
// Run after `npm run build`: node scripts/tool-idle.mjs [--validate-json FILE]   (about 4 minutes on two
// cores; without the file it runs `servesim validate --live calibration/live --json` first)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { median } from "simple-statistics";
import { parsePerfAnalyzerCsv } from "../dist/metrics/csv.js";
import { copyRepo, fig, loadgenAsToolRun, ROOT, servesim } from "./lib/repo-copy.mjs";

const TI = join(ROOT, "calibration/device/runs/2026-11-27-h100-tool-idle/ti");
const CF = join(ROOT, "calibration/device/runs/2026-11-27-h100-cpu-idle/cf");
const DELAYS = [0, 500, 1000, 2000, 4000, 8000];

/** The first row of a perf_analyzer-style CSV: own time, the wait, Triton's compute infer, p50. */
function level(dir, name) {
  const f = join(dir, `${name}.csv`);
  const row = parsePerfAnalyzerCsv(readFileSync(f, "utf8"), f).rows[0];
  const at = (col) => row[col];
  const server = at("Server Queue") + at("Server Compute Input") + at("Server Compute Infer") + at("Server Compute Output");
  const own = at("Client Send") + at("Network+Server Send/Recv") + at("Client Recv");
  return { own, waitUs: at("Network+Server Send/Recv") + server, serverUs: server, infer: at("Server Compute Infer"), p50: at("p50 latency") };
}
const f0 = (x) => x.toFixed(0);
const sgn = (x) => (x >= 0 ? "+" : "") + x.toFixed(0);
const interp = (xs, ys, x) => {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  return ys[ys.length - 1];
};

// (1) phase TI
console.log("Phase TI: own time per request at concurrency 1, µs (the wait it sat through, µs)");
console.log("model            pass | servesim loadgen | perf_analyzer");
const ti = { lg: { a: [], b: [] }, pa: { a: [], b: [] } };
for (const pass of ["a", "b"]) {
  for (const m of [...DELAYS.map((d) => `base_cal_w${d}`), "large_cal_w0", "large_cal_w2000"]) {
    const lg = level(TI, `lg-${m}-conc1-${pass}`);
    const pa = level(TI, `pa-${m}-conc1-${pass}`);
    if (m.startsWith("base")) {
      ti.lg[pass].push(lg);
      ti.pa[pass].push(pa);
    }
    console.log(`${m.padEnd(16)} ${pass}    | ${f0(lg.own).padStart(5)} (${f0(lg.waitUs)}) | ${f0(pa.own).padStart(4)} (${f0(pa.waitUs)})`);
  }
}
for (const pass of ["a", "b"]) {
  const lg = ti.lg[pass];
  const pa = ti.pa[pass];
  const lgRise = lg[5].own - lg[0].own;
  const paRise = pa[5].own - pa[0].own;
  const onBase = (tool, m) => {
    const x = level(TI, `${tool}-${m}-conc1-${pass}`);
    const pts = [...ti[tool][pass]].sort((p, q) => p.serverUs - q.serverUs);
    return x.own - interp(pts.map((p) => p.serverUs), pts.map((p) => p.own), x.serverUs);
  };
  console.log(
    `pass ${pass}: claim 1 loadgen w4000 − w0 ${sgn(lg[4].own - lg[0].own)}, w8000 − w0 ${sgn(lgRise)} (≥ 150 each); ` +
      `claim 2 w0 < w1000 < w4000: ${lg[0].own < lg[2].own && lg[2].own < lg[4].own}; ` +
      `claim 3 perf_analyzer's rise ${sgn(paRise)} ≤ half of loadgen's (${f0(lgRise / 2)}): ${paRise <= lgRise / 2}; ` +
      `claim 4 large_cal_w0 off loadgen's BERT-Base curve by ${sgn(onBase("lg", "large_cal_w0"))} (within ±100); ` +
      `(large_cal_w2000: ${sgn(onBase("lg", "large_cal_w2000"))}, not claimed)`,
  );
}
/** The rise over the w0 level against the wait, mean of the two passes. */
const riseCurve = (tool) => ({
  xs: DELAYS.map((_, i) => (ti[tool].a[i].waitUs + ti[tool].b[i].waitUs) / 2),
  ys: DELAYS.map((_, i) => (ti[tool].a[i].own - ti[tool].a[0].own + ti[tool].b[i].own - ti[tool].b[0].own) / 2),
});
for (const tool of ["lg", "pa"]) {
  const c = riseCurve(tool);
  console.log(`${tool === "lg" ? "servesim loadgen" : "perf_analyzer"} rise over its w0 level (wait µs: rise µs): ${c.xs.map((x, i) => `${f0(x)}: ${sgn(c.ys[i])}`).join(", ")}`);
}

// (2) phase CF
console.log("\nPhase CF: own time per request at concurrency 1, µs; Triton's compute infer, µs");
const cf = (tool, v, m, pass) => level(CF, `${tool}-${v}-${m}-${pass}`);
// part 2 (plain against allspin): passes a2 and b2 since the name clash was fixed; the committed call's are a and b
const cf2 = (tool, v, m, pass) => (existsSync(join(CF, `${tool}-${v}-${m}-${pass}2.csv`)) ? cf(tool, v, m, `${pass}2`) : cf(tool, v, m, pass));
for (const pass of ["a", "b"]) {
  for (const v of ["plain", "spin", "pin"]) {
    const r = ["base_cal_w0", "base_cal_w2000", "base_cal_w8000"].map((m) => cf("lg", v, m, pass));
    console.log(`pass ${pass} loadgen ${v.padEnd(7)} w0 ${f0(r[0].own)}, w2000 ${f0(r[1].own)}, w8000 ${f0(r[2].own)}: rise ${sgn(r[2].own - r[0].own)}`);
  }
  for (const v of ["plain", "allspin"]) {
    const lg = [cf2("lg", v, "base_cal_w0", pass), cf2("lg", v, "base_cal_w8000", pass)];
    const pa = [cf2("pa", v, "base_cal_w0", pass), cf2("pa", v, "base_cal_w8000", pass)];
    console.log(
      `pass ${pass} ${v.padEnd(7)} loadgen own ${f0(lg[0].own)} → ${f0(lg[1].own)} (rise ${sgn(lg[1].own - lg[0].own)}); ` +
        `perf_analyzer own ${f0(pa[0].own)} → ${f0(pa[1].own)} (rise ${sgn(pa[1].own - pa[0].own)}); ` +
        `compute infer ${f0(pa[0].infer)} → ${f0(pa[1].infer)} (× ${(pa[1].infer / pa[0].infer).toFixed(3)}); perf_analyzer p50 at w0 ${f0(pa[0].p50)}`,
    );
  }
  const rise = (v, tool, at = cf) => at(tool, v, "base_cal_w8000", pass).own - at(tool, v, "base_cal_w0", pass).own;
  const stretch = (v) => cf2("pa", v, "base_cal_w8000", pass).infer / cf2("pa", v, "base_cal_w0", pass).infer - 1;
  console.log(
    `pass ${pass}: claim 1 spin's rise / plain's ${(rise("spin", "lg") / rise("plain", "lg")).toFixed(2)} (≤ 0.5 holds, ≥ 0.75 rejects); ` +
      `claim 2 pin's / plain's ${(rise("pin", "lg") / rise("plain", "lg")).toFixed(2)} (≥ 0.75); ` +
      `claim 3 plain's stretch ${stretch("plain").toFixed(3)} (≥ 0.10), allspin's / plain's ${(stretch("allspin") / stretch("plain")).toFixed(2)} (≤ 0.5 holds, ≥ 0.75 rejects); ` +
      `claim 4 allspin's rise / plain's: loadgen ${(rise("allspin", "lg", cf2) / rise("plain", "lg", cf2)).toFixed(2)}, perf_analyzer ${(rise("allspin", "pa", cf2) / rise("plain", "pa", cf2)).toFixed(2)} (≤ 0.5 each)`,
  );
}

// (2b) phase BP
const BP = join(ROOT, "calibration/device/runs/2026-11-27-h100-busy-poll/bp");
console.log("\nPhase BP: servesim loadgen's own time per request, µs, as always (plain) and with --busy-poll (busy)");
for (const pass of ["a", "b"]) {
  const bp = (v, lv) => level(BP, `lg-${v}-${lv}-${pass}`);
  for (const lv of ["base_cal_w0-conc1", "base_cal_w1000-conc1", "base_cal_w4000-conc1", "base_cal_w8000-conc1", "base_cal_w0-conc4", "base_cal_w0-rate500"]) {
    console.log(`pass ${pass} ${lv.padEnd(21)} plain ${f0(bp("plain", lv).own).padStart(5)}, busy ${f0(bp("busy", lv).own).padStart(5)}`);
  }
  const rise = (v) => bp(v, "base_cal_w8000-conc1").own - bp(v, "base_cal_w0-conc1").own;
  console.log(
    `pass ${pass}: claim 1 busy's rise ${sgn(rise("busy"))} / plain's ${sgn(rise("plain"))} = ${(rise("busy") / rise("plain")).toFixed(2)} (≤ 0.5 holds, ≥ 0.75 rejects); ` +
      `claim 2 busy at w0 ${f0(bp("busy", "base_cal_w0-conc1").own)} ≤ plain + 50 (${f0(bp("plain", "base_cal_w0-conc1").own + 50)})`,
  );
}

// (3) what-ifs on validate's points
const arg = process.argv.indexOf("--validate-json");
const json =
  arg > 0
    ? readFileSync(process.argv[arg + 1], "utf8")
    : execFileSync(process.execPath, [join(ROOT, "bin/servesim.js"), "validate", "--live", join(ROOT, "calibration/live"), "--json"], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
const points = JSON.parse(json).points.filter((p) => p.steady && p.stable);
const own = (b) => b.clientSend + b.networkServer + b.clientRecv;
const wait = (b) => b.networkServer + b.serverQueue + b.computeInput + b.computeInfer + b.computeOutput;
const light = (p, tool) => p.tool === tool && p.mode === "concurrency" && p.load <= 2;
const p50Err = (p, ownUs) => (100 * (p.predicted.p50Us - own(p.predicted.breakdownUs) + ownUs - p.measured.p50Us)) / p.measured.p50Us;
const headline = (label, err) => {
  const abs = (ps) => median(ps.map((p) => Math.abs(err(p))));
  const lg = points.filter((p) => p.tool === "servesim-loadgen");
  const lgLight = points.filter((p) => light(p, "servesim-loadgen"));
  const paLight = points.filter((p) => light(p, "perf_analyzer"));
  console.log(
    `${label}: p50 median abs % all ${abs(points).toFixed(2)}, held out ${abs(points.filter((p) => !p.inSample)).toFixed(2)}; ` +
      `loadgen ${abs(lg).toFixed(2)} (concurrency 1–2: ${abs(lgLight).toFixed(2)}, n ${lgLight.length}); perf_analyzer concurrency 1–2 ${abs(paLight).toFixed(2)} (n ${paLight.length})`,
  );
};
console.log("\nWhat-ifs on `validate --live calibration/live` (seed 1), p50 only");
headline("as it is", (p) => p.errorPct.p50);
const pa = riseCurve("pa");
headline("perf_analyzer's rise added at concurrency 1–2", (p) =>
  light(p, "perf_analyzer") ? p50Err(p, own(p.predicted.breakdownUs) + interp(pa.xs, pa.ys, wait(p.predicted.breakdownUs))) : p.errorPct.p50,
);
// loadgen: the built-in profiles' composition runs at concurrency 1 (their first level), own time and wait
const compositionC1 = (net) => level(join(ROOT, "calibration/profiles/passes"), `composition-${net}`);
const lg = riseCurve("lg");
const level1 = { base: compositionC1("bert-base"), large: compositionC1("bert-large") };
console.log(`composition runs at concurrency 1: BERT-Base own ${f0(level1.base.own)} µs (wait ${f0(level1.base.waitUs)}), BERT-Large ${f0(level1.large.own)} (${f0(level1.large.waitUs)})`);
headline("loadgen, optimistic bound", (p) => {
  if (!light(p, "servesim-loadgen")) return p.errorPct.p50;
  const l = p.model.includes("large") ? level1.large : level1.base;
  const at = (x) => interp(lg.xs, lg.ys, x);
  return p50Err(p, l.own + at(wait(p.predicted.breakdownUs)) - at(l.waitUs));
});

// (4) the tool-run variant (client costs from the composition run's concurrency-1 level, response gap and
// loaded wait refitted by simulation), with and without the rise at concurrency 1-2
const builtin = [
  ["h100-bert-base-seq128-fp16", "passes/composition-bert-base.json"],
  ["h100-bert-base-seq128-fp16-x", "passes/composition-bert-base.json"],
  ["h100-bert-large-seq384-fp16", "passes/composition-bert-large.json"],
];
const dir = copyRepo("servesim-tool-idle");
for (const [name, comp] of builtin) loadgenAsToolRun(dir, name, comp);
const toolRun = JSON.parse(servesim(dir, ["validate", "--live", join(dir, "calibration/live"), "--json"]));
rmSync(dir, { recursive: true, force: true });
const byKey = new Map(toolRun.points.map((p) => [`${p.run}|${p.load}`, p]));
const variant = (withRise) => (p) => {
  const q = byKey.get(`${p.run}|${p.load}`);
  if (q.tool !== "servesim-loadgen") return q.errorPct.p50;
  if (!withRise || !light(q, "servesim-loadgen")) return q.errorPct.p50;
  return p50Err(q, own(q.predicted.breakdownUs) + interp(lg.xs, lg.ys, wait(q.predicted.breakdownUs)));
};
headline("loadgen as a tool run (session 20)", variant(false));
headline("loadgen as a tool run, the rise added at concurrency 1–2", variant(true));
console.log(`(the tool-run variant's own headline, all four figures: all ${fig(toolRun.overall)}, held out ${fig(toolRun.heldOut)})`);
