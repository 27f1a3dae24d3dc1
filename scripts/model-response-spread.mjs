// The model's side of calibration/server/response_spread.py (phase RS, docs/VALIDATION.md "Read in session 54"): the
// calibration-only model base_cal_dyn (max_batch_size 64, delay 0, one instance) in perf_analyzer's closed loop at 9, 17
// and 25 clients, as each profile whose name starts with PREFIX measures it with perf_analyzer (forTool; seed 1, 2000
// requests of warm-up, then 15 000), its responses' arrival times at their clients split into bursts as the script
// splits perf_analyzer's (a new one after more than 300 µs). Run after `npm run build`:
//
//   node scripts/model-response-spread.mjs PREFIX      (e.g. h200-bert-base)
//
// One line per profile and level: the bursts' mean size, the median span of those of 8 or more (µs) and the median
// gap within bursts (µs).
import { profilesFromArgs, simulateCalDyn } from "./lib/cal-dyn.mjs";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const profile of profilesFromArgs("model-response-spread.mjs")) {
  const cells = [9, 17, 25].map((concurrency) => {
    const ends = [];
    simulateCalDyn(profile, concurrency, { onRequestDone: (e) => ends.push(e.responseEndUs) });
    ends.sort((a, b) => a - b);
    const bursts = [];
    for (const t of ends) {
      if (bursts.length > 0 && t - bursts.at(-1).at(-1) <= 300) bursts.at(-1).push(t);
      else bursts.push([t]);
    }
    const big = bursts.filter((b) => b.length >= 8);
    const gaps = bursts.flatMap((b) => b.slice(1).map((t, i) => t - b[i]));
    const span = big.length > 0 ? median(big.map((b) => b.at(-1) - b[0])).toFixed(0) : "-";
    return `${concurrency}: mean ${(ends.length / bursts.length).toFixed(2)}, span ${span}, gap ${median(gaps).toFixed(1)}`;
  });
  console.log(`${profile.name.padEnd(40)} ${cells.join(" | ")}`);
}
