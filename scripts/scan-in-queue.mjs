// Does the profiles' scheduling time hold the dynamic batcher's scan? (session 42.) The calibration probes measure
// Triton's queue time at one client on models without dynamic batching (default scheduler: no batcher thread to
// wake); the batcher's scan happens only with dynamic batching. Per GPU host, this prints the queue time at one
// client without dynamic batching (phase ND's one-client traces of bert_base_i1: QUEUE_START to COMPUTE_START) and
// with it, delay 0 (phase BL's base_cal_dyn level: perf_analyzer's Server Queue), and their difference, to set against
// the scan's mean (calibration/profiles/priors/h200-batcher-wake.json); on the H200 both come from one start (phase HP),
// on the H100 from two. Then, for the H100 starts whose live runs have
// a one-client level of a delay-0 model, the same against that start's calibration probe (the profile's scheduling
// time at batch 1). Last, phase SQ (session 42): the two models alternating at one client on one H200 start, four passes.
// It reads committed files only (after `npm run build`).
//   node scripts/scan-in-queue.mjs [--write PRIOR]   (PRIOR: servesim.scan-in-scheduling-prior/v1 for the H200 hosts, from
//   phase SQ: how much of the scan their probes' scheduling times hold, the scan's mean less SQ's median difference, not
//   below 0; compose-profile --scan-in-scheduling)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { QuantileTable } from "../dist/compute/jitter.js";
import { parsePerfAnalyzerCsv } from "../dist/metrics/csv.js";
import { levelRequests, readManifest, readReducedTrace } from "./lib/reduced-trace.mjs";
import { writeArg, writePrior } from "./lib/write-prior.mjs";

const { writeTo, rest, ok } = writeArg(process.argv.slice(2));
if (!ok || rest.length > 0) {
  console.error("usage: node scripts/scan-in-queue.mjs [--write PRIOR]");
  process.exit(2);
}
const R = "calibration/device/runs";
const HOSTS = [
  { gpu: "H100", nd: `${R}/2026-11-28-h100-network-drift`, bl: [`${R}/2026-11-27-h100-batcher-late/bl-d0-a.csv`, `${R}/2026-11-27-h100-batcher-late/bl-d0-b.csv`] },
  { gpu: "H200", nd: `${R}/2026-11-28-h200-priors/network-drift`, bl: [`${R}/2026-11-28-h200-priors/batcher-late/bl-d0-a.csv`, `${R}/2026-11-28-h200-priors/batcher-late/bl-d0-b.csv`] },
];
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};
/** A one-level perf_analyzer CSV's Server Queue (µs). */
const csvQueue = (f) => parsePerfAnalyzerCsv(readFileSync(f, "utf8"), f).rows[0]["Server Queue"];
const scan = JSON.parse(readFileSync("calibration/profiles/priors/h200-batcher-wake.json", "utf8"));
const scanMean = new QuantileTable(scan.probabilities, scan.us).meanUs;
console.log(`the scan's mean (h200-batcher-wake.json): ${scanMean.toFixed(1)} µs`);
for (const h of HOSTS) {
  const man = readManifest(h.nd);
  const trace = readReducedTrace(join(h.nd, "requests.csv.xz"));
  const waits = [];
  for (const [, model, , level, batch, a, b, rc] of man) {
    if (rc !== "0" || model !== "bert_base_i1" || level !== "1" || batch !== "1") continue;
    for (const r of levelRequests(trace, model, a, b)) if (r.queue !== null && r.computeStart !== null) waits.push(r.computeStart - r.queue);
  }
  const bl = h.bl.map((f) => csvQueue(f));
  const dyn = mean(bl);
  console.log(
    `${h.gpu}: without dynamic batching, one client: queue mean ${mean(waits).toFixed(1)} µs (median ${median(waits)}; ${waits.length} traced requests); ` +
      `with it, delay 0, one client: Server Queue ${bl.join(" and ")} µs; difference ${(dyn - mean(waits)).toFixed(1)} µs (median-based ${(dyn - median(waits)).toFixed(1)})`,
  );
}
for (const [profile, live] of [
  ["h100-bert-base-seq128-fp16-onestart", "calibration/live/pa-base-d0-i1-conc-v.csv"],
  ["h100-bert-base-seq128-fp16", "calibration/live/base-d0-i1-conc.csv"],
]) {
  const p = JSON.parse(readFileSync(`calibration/profiles/${profile}.json`, "utf8"));
  const s = p.requestOverheads.find((o) => o.batchSize === 1).schedulingUs.mean;
  const qd = csvQueue(live);
  console.log(`${profile}: probe's scheduling at batch 1 ${s.toFixed(1)} µs; ${live.split("/").pop()} one client (delay 0) Server Queue ${qd} µs; difference ${(qd - s).toFixed(1)} µs`);
}
const SQ = "calibration/device/runs/2026-11-28-h200-scan-in-queue";
const diffs = ["a", "b", "c", "d"].map((p) => csvQueue(`${SQ}/sq-dyn-${p}.csv`) - csvQueue(`${SQ}/sq-def-${p}.csv`));
console.log(`H200, phase SQ (interleaved, one start): with less without dynamic batching, passes a–d: ${diffs.join(", ")} µs; median ${median(diffs)} µs`);
if (writeTo !== undefined) {
  writePrior(writeTo, {
    schema: "servesim.scan-in-scheduling-prior/v1",
    description: "How much of the batcher's scan the H200 hosts' calibration probes' scheduling times hold: the scan's mean less how much longer one client queues with dynamic batching (delay 0) than without, the two interleaved on one start (phase SQ), not below 0.",
    inSchedulingUs: Math.max(0, Math.round(10 * (scanMean - median(diffs))) / 10),
    scanMeanUs: Math.round(10 * scanMean) / 10,
    differencesUs: diffs,
    measuredFrom: `node scripts/scan-in-queue.mjs (${SQ}: bert_base_i1 and base_cal_dyn at one client, passes a–d)`,
  });
}
