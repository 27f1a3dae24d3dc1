// Which turns short executions overtake on a GPU of three or more instances (phases OV to OV4, sessions 38 and 39,
// docs/VALIDATION.md, "Executions overtaken on three and four instances"): on four instances of the H100, BERT-Base's
// executions of batch 3, 4 and 8 were overtaken by the single requests around them (2.9–3.0 times in the closed
// loop; batch 4 among batch 2 as well), batch 1 and 2 never; BERT-Large's batch 2 and 4 were (about 1.5 times among
// batch 1), its batch 1 not; on three instances the same sizes were overtaken less often, on two none. The line
// between short and long is put on each batch size's turn as the model takes it — the four-way contended execution
// over four, on the built-in profile those phases were validated against — as a ratio to a single request's turn:
// the midpoint between the longest short turn and the shortest long one, which both networks share.
//   node scripts/overtake-line.mjs [--write PRIOR]   (after `npm run build`; PRIOR: servesim.gpu-overtake-prior/v1,
//   for compose-profile --gpu-overtake)
import { ComputeTables } from "../dist/compute/compute-model.js";
import { loadProfile } from "../dist/cli/profiles.js";
import { writeArg, writePrior } from "./lib/write-prior.mjs";

const { writeTo, rest, ok } = writeArg(process.argv.slice(2));
if (!ok || rest.length > 0) {
  console.error("usage: node scripts/overtake-line.mjs [--write PRIOR]");
  process.exit(2);
}
const SEEN = [
  { profile: "h100-bert-base-seq128-fp16", short: [1, 2], long: [3, 4, 8] },
  { profile: "h100-bert-large-seq384-fp16", short: [1], long: [2, 4] },
];
const K = 4;
const round = (x) => Math.round(x * 1000) / 1000;
const turns = SEEN.flatMap(({ profile, short, long }) => {
  const tables = new ComputeTables(loadProfile(profile), 8, K);
  const one = tables.contendedExecutionUs(K, 1);
  const ratio = (b) => round(tables.contendedExecutionUs(K, b) / one);
  return [...short.map((b) => ({ profile, batchSize: b, ratio: ratio(b), overtaken: false })), ...long.map((b) => ({ profile, batchSize: b, ratio: ratio(b), overtaken: true }))];
});
for (const t of turns) console.log(`${t.profile} batch ${t.batchSize}: turn ${t.ratio} × a single request's, ${t.overtaken ? "overtaken" : "never overtaken"}`);
const shortMaxRatio = Math.max(...turns.filter((t) => !t.overtaken).map((t) => t.ratio));
const longMinRatio = Math.min(...turns.filter((t) => t.overtaken).map((t) => t.ratio));
if (!(shortMaxRatio < longMinRatio)) {
  console.error(`no line separates them: the longest short turn ${shortMaxRatio} ≥ the shortest long one ${longMinRatio}`);
  process.exit(1);
}
const shortTurnRatio = round((shortMaxRatio + longMinRatio) / 2);
console.log(`short turns up to ${shortMaxRatio}, long from ${longMinRatio}: line ${shortTurnRatio}`);
if (writeTo !== undefined) {
  writePrior(writeTo, {
    schema: "servesim.gpu-overtake-prior/v1",
    description: "which turns short executions overtake on a GPU of three or more instances, as a ratio to a single request's turn",
    fromInstances: 3,
    shortTurnRatio,
    shortMaxRatio,
    longMinRatio,
    measuredFrom:
      "phases OV to OV4 (calibration-only models of mixed batch sizes on two, three and four instances of H100 starts; calibration/device/runs/2026-11-28-h100-overtake*), turns of the built-in H100 profiles (scripts/overtake-line.mjs)",
    turns,
  });
}
