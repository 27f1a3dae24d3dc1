// The shape of perf_analyzer's loaded wait (session 42): the gamma shape whose simulated batch-size mixes come
// closest to those Triton's traces measured on the one-instance calibration-only levels at several clients (phase
// ND's base_cal_dyn at eight on the H100 and the H200, phase EW's base_cal_d200_i1 at four and eight on the H200),
// each simulated on its GPU's profile with the tool's network drift and fitted mean loaded wait as they stand (seeds 1–3
// pooled).
// Summed total-variation distance per candidate shape; the least wins (ties: the smaller shape).
//   node scripts/loaded-wait-shape.mjs [--write PRIOR]   (after `npm run build`; PRIOR: servesim.loaded-wait-prior/v1,
//   for compose-profile --loaded-wait)
import { loadProfile } from "../dist/cli/profiles.js";
import { forTool } from "../dist/compute/load-generator.js";
import { measuredLevels, mix, simulatedLevel, tv } from "./lib/drift-levels.mjs";
import { writeArg, writePrior } from "./lib/write-prior.mjs";

const { writeTo, rest, ok } = writeArg(process.argv.slice(2));
if (!ok || rest.length > 0) {
  console.error("usage: node scripts/loaded-wait-shape.mjs [--write PRIOR]");
  process.exit(2);
}
const R = "calibration/device/runs";
const H200 = "calibration/profiles/h200-bert-base-seq128-fp16-hf.json";
const CASES = [
  { dir: `${R}/2026-11-28-h100-network-drift`, profile: "h100-bert-base-seq128-fp16", runs: ["nd-dyn-c8"] },
  { dir: `${R}/2026-11-28-h200-priors/network-drift`, profile: H200, runs: ["nd-dyn-c8"] },
  { dir: `${R}/2026-11-28-h200-exec-wake/exec-wake`, profile: H200, runs: ["ew-c4", "ew-c8"] },
];
const SHAPES = [1, 2, 3, 4, 6, 8, 16];
const SEEDS = ["1", "2", "3"]; // each level's simulated executions pooled over three seeds (one seed's mix moves by several %)

const levels = CASES.flatMap((c) => measuredLevels(c.dir).filter((l) => c.runs.includes(l.run)).map((l) => ({ ...l, case: c })));
const scores = SHAPES.map((shape) => {
  const parts = levels.map((l) => {
    const tool = forTool(loadProfile(l.case.profile), "perf_analyzer");
    const sim = { sizes: SEEDS.flatMap((seed) => simulatedLevel({ ...tool, loadedWaitShape: shape }, l.check, seed).sizes) };
    const max = Math.max(...l.sizes, ...sim.sizes, l.check.concurrency);
    return 100 * tv(mix(l.sizes, max), mix(sim.sizes, max));
  });
  const distancePct = Math.round(10 * parts.reduce((a, x) => a + x, 0)) / 10;
  console.log(`shape ${shape}: ${levels.map((l, i) => `${l.case.dir.split("/").pop()} ${l.run} ${parts[i].toFixed(1)} %`).join(", ")}; sum ${distancePct.toFixed(1)} %`);
  return { shape, distancePct };
});
const best = scores.reduce((a, s) => (s.distancePct < a.distancePct ? s : a));
console.log(`least summed distance: shape ${best.shape} (${best.distancePct} %)`);
if (writeTo !== undefined) {
  const prior = {
    schema: "servesim.loaded-wait-prior/v1",
    description: "The shape of the gamma perf_analyzer's loaded wait is drawn from (one draw per execution, the fitted mean kept): the candidate whose simulated batch-size mixes come closest to the traced one-instance calibration-only levels'.",
    tool: "perf_analyzer",
    shape: best.shape,
    scores,
    measuredFrom: `node scripts/loaded-wait-shape.mjs (${levels.map((l) => `${l.case.dir} ${l.run} on ${l.case.profile}`).join("; ")})`,
  };
  writePrior(writeTo, prior);
}
