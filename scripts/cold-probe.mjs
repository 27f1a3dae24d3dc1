// Session 20's tries at the cold first calibration probe (docs/VALIDATION.md, "Tried and not kept in
// session 20"): servesim loadgen's per-request costs taken (a) as each batch size's median over every
// model's probe, (b) batch 1 only from the 2- and 4-instance models' probes, (c) from loadgen's own
// composition run fitted like perf_analyzer's tool run. Each variant patches a copy of the repository's
// profiles and prints validate's headline (seed 1, median absolute %, throughput / p50 / p90 / p99), then
// the headline with only the light BERT-Base loadgen levels predicted on the first variant's costs.
// Run after `npm run build`: node scripts/cold-probe.mjs   (about 10 minutes on two cores)
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "simple-statistics";
import { copyRepo, fig, loadgenAsToolRun, ROOT, servesim } from "./lib/repo-copy.mjs";

const base = [["h100-bert-base-seq128-fp16", ["passes/probes-bert-base.pass1.json", "passes/probes-bert-base.pass2.json"], "passes/composition-bert-base.json"],
  ["h100-bert-base-seq128-fp16-x", ["passes/probes-bert-base.pass1.json", "passes/probes-bert-base.pass2.json"], "passes/composition-bert-base.json"],
  ["h100-bert-large-seq384-fp16", ["passes/probes-bert-large.pass1.json", "passes/probes-bert-large.pass2.json"], "passes/composition-bert-large.json"],
  ["h100-bert-base-seq128-fp16-onestart", ["passes-onestart/probes-bert-base.json"], "passes-onestart/composition-bert-base.json"],
  ["h100-bert-large-seq384-fp16-onestart", ["passes-onestart/probes-bert-large.json"], "passes-onestart/composition-bert-large.json"],
  ["h100-bert-large-seq384-fp16-fresh", ["passes-fresh-large/probes-bert-large.json"], "passes-fresh-large/composition-bert-large.json"],
  ["h100-bert-large-seq384-fp16-fresh2", ["passes-fresh-large2/probes-bert-large.json"], "passes-fresh-large2/composition-bert-large.json"]];
for (const k of [2, 3, 4, 5, 6, 7, 8]) base.push([`h100-bert-base-seq128-fp16-onestart${k}`, [`passes-onestart${k}/probes-bert-base.json`], `passes-onestart${k}/composition-bert-base.json`]);
for (const k of ["", 2, 3, 4, 5, 6]) base.push([`h100-bert-base-seq128-fp16-fresh${k}`, [`passes-fresh${k}/probes-bert-base.json`], `passes-fresh${k}/composition-bert-base.json`]);


/** Replace requestOverheads by the median over the chosen probes of each batch size. */
function patchProbes(dir, batch1Only) {
  for (const [name, files] of base) {
    const f = join(dir, "calibration/profiles", `${name}.json`);
    const p = JSON.parse(readFileSync(f, "utf8"));
    const probes = files.flatMap((x) => JSON.parse(readFileSync(join(dir, "calibration/profiles", x), "utf8")).probes);
    p.requestOverheads = p.requestOverheads.map((o) => {
      if (batch1Only && o.batchSize !== 1) return o;
      const ps = probes.filter((q) => q.batchSize === o.batchSize && !(batch1Only && /_i1$/.test(q.model)));
      if (ps.length === 0) return o;
      const g = (src) => ({ mean: +median(ps.map((q) => q[src].mean)).toFixed(1), sd: +median(ps.map((q) => q[src].sd)).toFixed(1) });
      return { ...o, clientSendUs: g("clientSendUs"), clientRecvUs: g("clientRecvUs"), networkUs: g("networkUs"), schedulingUs: g("queueUs") };
    });
    writeFileSync(f, `${JSON.stringify(p, null, 2)}\n`);
  }
}
/** servesim loadgen's entry refitted on its composition run as a tool run (compose-profile --tool-run). */
function patchToolRun(dir) {
  for (const [name, , comp] of base) loadgenAsToolRun(dir, name, comp);
}
const validated = {};
for (const [label, patch] of [["as committed", () => {}], ["median over all probes", (d) => patchProbes(d, false)], ["batch 1 from the 2-/4-instance probes", (d) => patchProbes(d, true)], ["loadgen as a tool run", patchToolRun]]) {
  const d = copyRepo("servesim-cold-probe");
  patch(d);
  const v = JSON.parse(servesim(d, ["validate", "--live", join(d, "calibration/live"), "--json", "--speed-margin", "0"]));
  validated[label] = v;
  console.log(`${label}: all ${fig(v.overall)}, held out ${fig(v.heldOut)}`);
  rmSync(d, { recursive: true, force: true });
}
// The most a fix of the light loadgen levels alone could buy: the first variant's predictions on the light
// loadgen levels (concurrency 1-2; BERT-Base only, then both networks), the committed ones everywhere else.
const key = (p) => `${p.run}|${p.load}`;
const warm = new Map(validated["median over all probes"].points.map((p) => [key(p), p]));
const medians = (pts) => ["throughput", "p50", "p90", "p99"].map((k) => median(pts.map((p) => Math.abs(p.errorPct[k]))).toFixed(2)).join(" / ");
for (const [which, net] of [["BERT-Base", (p) => !p.profile.includes("large")], ["BERT-Base and BERT-Large", () => true]]) {
  const light = (p) => p.tool === "servesim-loadgen" && p.mode === "concurrency" && p.load <= 2 && net(p);
  const counted = validated["as committed"].points.filter((p) => p.steady && p.stable);
  const mixed = counted.map((p) => (light(p) ? warm.get(key(p)) : p));
  console.log(`warm costs on the ${counted.filter(light).length} light ${which} loadgen levels only: all ${medians(mixed)}, held out ${medians(mixed.filter((p) => !p.inSample))}`);
}
