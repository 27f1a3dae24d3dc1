#!/usr/bin/env node
// The turnaround prior for one network on one GPU type (src/calibrate/turnaround-prior.ts): every committed
// calibration folder's composition run of that network's calibration-only model on that GPU gives one start's
// own turnaround fit; the folders whose calibration model logged its executions (exec-cal-<net>-caldyn.bin:
// the composition run, then perf_analyzer's tool run) give the gaps that set the weight.
//
//   npm run build && node scripts/turnaround-prior.mjs base H100 --exclude passes-fresh8 --exclude passes-fresh9 \
//     --exclude passes-fresh10 --exclude passes-fresh11 > calibration/profiles/priors/h100-bert-base-seq128-fp16-turnaround.json
//
// --exclude DIR (repeatable) leaves a folder out: passes-fresh8 to passes-fresh11 are the starts of phases F8 to F11, the
// fresh tests of steps 19, 21, 26 and 28 with the prior as frozen in session 32, so the prior stays as it was made.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fitTurnaround } from "../dist/calibrate/turnaround.js";
import { GAP_SIZES, gapPairs, persistentShare } from "../dist/calibrate/turnaround-prior.js";
import { parseExecLog } from "../dist/calibrate/slow-stretches.js";
import { parseLiveRun } from "../dist/calibrate/live-run.js";

const [net, gpu, ...rest] = process.argv.slice(2);
const exclude = new Set(rest.flatMap((a, i) => (rest[i - 1] === "--exclude" ? [a] : [])));
if (!["base", "large"].includes(net) || !gpu || rest.some((a, i) => a !== "--exclude" && rest[i - 1] !== "--exclude")) {
  console.error("usage: node scripts/turnaround-prior.mjs <base|large> <GPU name part, e.g. H100> [--exclude DIR]...");
  process.exit(2);
}
const file = net === "base" ? "bert-base" : "bert-large";
const root = "calibration/profiles";
const fits = [];
const pairs = [];
const logged = [];
// passes-pytriton: the first measurements, through PyTriton's relay to one Python process (another server)
for (const d of readdirSync(root).filter((d) => d.startsWith("passes") && d !== "passes-pytriton" && !exclude.has(d)).sort()) {
  const comp = join(root, d, `composition-${file}.json`);
  if (!existsSync(comp)) continue;
  const run = parseLiveRun(JSON.parse(readFileSync(comp, "utf8")), comp);
  if (run.model !== `${net}_cal_dyn` || !(run.metadata.gpu ?? "").includes(gpu)) continue;
  const t = fitTurnaround(run).turnaround;
  fits.push({ run: run.name, baseUs: t.baseUs, perRequestUs: t.perRequestUs });
  const log = join(root, d, `exec-cal-${net}-caldyn.bin`);
  if (!existsSync(log)) continue;
  const p = gapPairs(parseExecLog(readFileSync(log), log));
  if (p.length > 0) {
    pairs.push(p);
    logged.push(d);
  }
}
const weight = Number(persistentShare(pairs).toFixed(2));
const out = {
  schema: "servesim.turnaround-prior/v1",
  description: `instance turnaround of ${net}_cal_dyn's composition runs on ${gpu} starts (calibration/profiles/passes*), and how much of a start's own reading persists`,
  weight,
  weightFrom: `gaps between executions of ${GAP_SIZES.join(" and ")} requests (25th percentile) in the composition run and the tool run a minute later on ${pairs.length} starts (${logged.join(", ")}): covariance of their logs over the composition run's variance`,
  fits,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
